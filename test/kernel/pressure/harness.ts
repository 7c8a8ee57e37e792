// Boots a kernel with the pressure machinery installed and gives tests small programs to drive it.
import { SimKernel } from '../../../source/kernel/kernel.js';
import { installPressure, pressureOf } from '../../../source/kernel/pressure.js';
import type { PressureState } from '../../../source/kernel/pressure-state.js';
import type { KState } from '../../../source/kernel/state.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE, type MachineConfig, type Program } from '../../../source/kernel/types.js';

export const MiB = 1024 * 1024, GiB = 1024 * MiB;

export interface Booted {
  kernel: SimKernel;
  k: KState;
  ps: PressureState;
}

export function boot(cfg: Partial<MachineConfig> = {}): Booted {
  const kernel = new SimKernel(cfg);
  const k = kernel.k;
  const ps = pressureOf(k) ?? installPressure(k);
  return { kernel, k, ps };
}

/** A program that maps `totalBytes` of private anonymous memory and writes it at `rateBps`, then sleeps.
 *  `where.base` receives the mapping's address. */
export function hog(totalBytes: number, rateBps: number, onDone?: () => void, where: { base: number } = { base: -1 }): Program {
  let base = -1;
  let done = 0;
  return {
    comm: 'hog',
    step(ctx) {
      const kernel = ctx.kernel;
      if (base < 0) {
        const r = kernel.mmap(ctx.pid, { length: totalBytes, prot: PROT_READ | PROT_WRITE, flags: MAP_PRIVATE | MAP_ANONYMOUS });
        if (!r.ok) { ctx.exit(1); return; }
        base = r.value;
        where.base = base;
      }
      if (done >= totalBytes) { onDone?.(); return; }
      const n = Math.min(totalBytes - done, Math.max(4096, Math.floor((rateBps * ctx.quantumMs) / 1000 / 4096) * 4096));
      kernel.touch(ctx.pid, base + done, n, true);
      done += n;
    },
  };
}

/** Spawn a program as a root child of init and return its pid. */
export function run(b: Booted, program: Program, comm = program.comm, oomScoreAdj?: number): number {
  const r = b.kernel.spawn({ comm, path: '/usr/bin/hog', program, ppid: 1, uid: 0, oomScoreAdj });
  if (!r.ok) throw new Error(`spawn ${comm}: ${r.errno}`);
  return r.value;
}

export function meminfo(b: Booted): Record<string, number> {
  return b.kernel.snapshot().meminfo as Record<string, number>;
}

/** A process that does nothing (a shell waiting for input): something to make syscalls as. */
export function idle(comm = 'idle'): Program {
  return { comm, step() {} };
}

/** Pages <-> kB helpers for meminfo numbers. */
export const kbOfPages = (p: number): number => p * 4;

/** Run the kernel `ms` forward one quantum at a time, calling `each` after every quantum. */
export function stepMs(b: Booted, ms: number, each?: () => void): void {
  for (let t = 0; t < ms; t += 10) {
    b.kernel.tick(10);
    each?.();
  }
}

export function dmesgText(b: Booted): string[] {
  return b.kernel.dmesg().map((l) => l.text);
}
