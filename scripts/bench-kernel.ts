// Kernel workloads of the benchmark: faulting in anonymous memory, and many processes under continuous
// memory pressure (kswapd, swap, OOM kills). They drive the simulated kernel through its public API only
// (source/kernel/types.ts), like the shell's programs do.
import {
  MAP_ANONYMOUS, MAP_NORESERVE, MAP_PRIVATE, PROT_READ, PROT_WRITE,
  type Kernel, type MachineConfig, type Program, type ProgramContext,
} from '../source/kernel/types.js';
import { bootKernel } from '../source/kernel/index.js';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

export type BootKernel = (cfg?: Partial<MachineConfig>) => Kernel;

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** The kernel's entry point (kept behind a function: rows used to report n/a before the kernel existed). */
export async function loadBootKernel(): Promise<BootKernel | null> {
  return bootKernel;
}

function ok<T>(result: { ok: true; value: T } | { ok: false; errno: string }, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.errno}`);
  return result.value;
}

export interface FaultRun {
  bootMs: number;
  faultMs: number;
  pages: number;
}

/** Boots a machine of ramGiB and write-faults touchGiB of one private anonymous mapping, 64 MiB per call. */
export function faultIn(boot: BootKernel, ramGiB: number, touchGiB: number): FaultRun {
  const t0 = performance.now();
  const kernel = boot({ ramBytes: ramGiB * GiB, swapBytes: 0 });
  const t1 = performance.now();
  const pid = ok(kernel.spawn({ comm: 'memhog' }), 'spawn');
  const length = touchGiB * GiB;
  const addr = ok(kernel.mmap(pid, { length, prot: PROT_READ | PROT_WRITE, flags: MAP_PRIVATE | MAP_ANONYMOUS }), 'mmap');
  const t2 = performance.now();
  const chunk = 64 * MiB;
  for (let off = 0; off < length; off += chunk) ok(kernel.touch(pid, addr + off, chunk, true), 'touch');
  const t3 = performance.now();
  return { bootMs: t1 - t0, faultMs: t3 - t2, pages: length / 4096 };
}

export interface PressureConfig {
  ramGiB: number;
  swapGiB: number;
  processes: number;
  /** Memory each process already holds when the measurement starts. */
  prefillMiB: number;
  /** Each process then keeps growing at this rate until it is OOM-killed (a replacement starts empty). */
  growBytesPerSec: number;
  /** ...and re-reads this much of its own memory per second at random places (swap-ins of what was swapped). */
  retouchBytesPerSec: number;
}

export const PRESSURE_16G: PressureConfig = {
  ramGiB: 16, swapGiB: 4, processes: 200, prefillMiB: 90, growBytesPerSec: 512 * 1024, retouchBytesPerSec: 256 * 1024,
};
export const PRESSURE_64G: PressureConfig = {
  ramGiB: 64, swapGiB: 4, processes: 1000, prefillMiB: 64, growBytesPerSec: 256 * 1024, retouchBytesPerSec: 256 * 1024,
};

/** Simulated ms a worker sleeps between two batches of work (nanosleep): like a real program allocating a
 *  little at a time, it is not runnable in between, so it costs the scheduler nothing. */
const WORKER_PERIOD_MS = 100;

/** A process that grows its heap at a steady rate and keeps re-reading random parts of it. */
class GrowingProgram implements Program {
  readonly comm = 'stress';
  private addr = -1;
  private touched = 0;
  private lastMs = -1;
  private carryGrow = 0;
  private carryRetouch = 0;
  private seed: number;

  constructor(private readonly cfg: PressureConfig, private readonly reserve: number, private readonly prefill: number, seed: number) {
    this.seed = seed || 1;
  }

  private random(): number {
    this.seed = (Math.imul(this.seed, 1103515245) + 12345) >>> 0;
    return this.seed / 0x100000000;
  }

  step(ctx: ProgramContext): void {
    const k = ctx.kernel;
    if (this.addr < 0) {
      const r = k.mmap(ctx.pid, { length: this.reserve, prot: PROT_READ | PROT_WRITE, flags: MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE });
      if (!r.ok) return ctx.exit(1);
      this.addr = r.value;
      if (this.prefill > 0 && !this.touchRange(ctx, 0, this.prefill)) return;
      this.touched = this.prefill;
      this.lastMs = ctx.nowMs;
      ctx.sleep?.(WORKER_PERIOD_MS);
      return;
    }
    // Work in proportion to the simulated time since the last batch (a quantum when sleep is not available).
    const elapsed = Math.max(ctx.quantumMs, ctx.nowMs - this.lastMs);
    this.lastMs = ctx.nowMs;
    this.carryGrow += (this.cfg.growBytesPerSec * elapsed) / 1000;
    const grow = Math.floor(this.carryGrow / 4096) * 4096;
    if (grow > 0 && this.touched + grow <= this.reserve) {
      this.carryGrow -= grow;
      if (!this.touchRange(ctx, this.touched, grow)) return;
      this.touched += grow;
    }
    this.carryRetouch += (this.cfg.retouchBytesPerSec * elapsed) / 1000;
    const again = Math.floor(this.carryRetouch / 4096) * 4096;
    if (again > 0 && this.touched >= again) {
      this.carryRetouch -= again;
      const pages = (this.touched - again) / 4096;
      const at = Math.floor(this.random() * (pages + 1)) * 4096;
      k.touch(ctx.pid, this.addr + at, again, false);
    }
    ctx.sleep?.(WORKER_PERIOD_MS);
  }

  /** False when the task died while faulting (it was the OOM victim). */
  private touchRange(ctx: ProgramContext, offset: number, length: number): boolean {
    const r = ctx.kernel.touch(ctx.pid, this.addr + offset, length, true);
    return !(r.ok && r.value.killed);
  }
}

/** Longest warm-up, simulated seconds. */
const WARMUP_LIMIT_SEC = 60;

export interface PressureRun {
  /** Simulated seconds of warm-up before the timed window. */
  warmupSec: number;
  simulatedMs: number;
  wallMs: number;
  /** CPU time of this process in the timed window: on a loaded machine wall time also counts waiting for a CPU. */
  cpuMs: number;
  oomKills: number;
  swapOutPages: number;
  kswapdScanned: number;
  /** End state, to see at a glance whether the workload really pressed the machine. */
  memFreeMiB: number;
  swapUsedMiB: number;
  processes: number;
}

/**
 * Boots the machine, starts the processes (prefilled, not timed), then times `simulatedSec` of ticks.
 * afterSecond (not timed separately) runs after every simulated second, e.g. to draw a dashboard frame.
 */
export async function runPressure(
  boot: BootKernel, cfg: PressureConfig, simulatedSec: number,
  afterSecond?: (kernel: Kernel) => void | Promise<void>,
): Promise<PressureRun> {
  const kernel = boot({ ramBytes: cfg.ramGiB * GiB, swapBytes: cfg.swapGiB * GiB });
  const reserve = 1024 * MiB;
  let started = 0;
  let respawnDue = 0;
  const start = (prefillMiB: number) => {
    started += 1;
    const r = kernel.spawn({
      comm: 'stress',
      program: new GrowingProgram(cfg, reserve, prefillMiB * MiB, started),
      onExit: () => { respawnDue += 1; },
    });
    if (!r.ok) throw new Error(`spawn: ${r.errno}`);
  };
  const second = () => {
    // Keep the population constant: a killed process is replaced by a new, empty one.
    while (respawnDue > 0) { respawnDue -= 1; start(0); }
    kernel.tick(1000);
  };
  for (let i = 0; i < cfg.processes; i++) start(cfg.prefillMiB);
  // Warm-up, not timed: until the machine is under full pressure (an OOM kill happened and swap is half full).
  let warmupSec = 0;
  for (; warmupSec < WARMUP_LIMIT_SEC; warmupSec++) {
    second();
    const m = kernel.snapshot();
    const swapUsed = (m.meminfo.SwapTotal ?? 0) - (m.meminfo.SwapFree ?? 0);
    if ((m.vmstat.oom_kill ?? 0) > 0 && swapUsed >= (m.meminfo.SwapTotal ?? 0) / 2) break;
  }
  const before = kernel.snapshot().vmstat;
  const profiler = startProfile();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let s = 0; s < simulatedSec; s++) {
    second();
    if (afterSecond) await afterSecond(kernel);
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  profiler.stop();
  const end = kernel.snapshot();
  const after = end.vmstat;
  const delta = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
  return {
    warmupSec: warmupSec + 1,
    simulatedMs: simulatedSec * 1000,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    oomKills: delta('oom_kill'),
    swapOutPages: delta('pswpout'),
    kswapdScanned: delta('pgscan_kswapd'),
    memFreeMiB: (end.meminfo.MemFree ?? 0) / 1024,
    swapUsedMiB: ((end.meminfo.SwapTotal ?? 0) - (end.meminfo.SwapFree ?? 0)) / 1024,
    processes: end.processes.filter((p) => p.comm === 'stress' && p.state !== 'X' && p.state !== 'Z').length,
  };
}

/**
 * MEMSIM_BENCH_PROFILE=FILE.cpuprofile profiles only the timed part of a pressure run (the set-up would
 * dominate a whole-process `node --cpu-prof`). Open the file in Chrome DevTools or speedscope. Build with
 * MEMSIM_READABLE_BUILD=1 for readable names.
 */
function startProfile(): { stop(): void } {
  const file = process.env.MEMSIM_BENCH_PROFILE;
  if (!file) return { stop() {} };
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  return {
    stop() {
      session.post('Profiler.stop', (error, result) => {
        if (!error) writeFileSync(file, JSON.stringify(result.profile));
        session.disconnect();
      });
    },
  };
}
