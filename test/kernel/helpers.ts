// Shared helpers of the kernel tests: boot a machine, start an idle process, read numbers from /proc texts.
import { bootKernel } from '../../source/kernel/index.js';
import type { Kernel, MachineConfig } from '../../source/kernel/types.js';
import { auditKernel } from '../../source/kernel/audit.js';

export const KiB = 1024, MiB = 1024 * KiB, GiB = 1024 * MiB;

export function boot(cfg: Partial<MachineConfig> = {}): Kernel {
  return bootKernel(cfg);
}

/** An idle process (no Program) started by the login bash. */
export function idle(k: Kernel, comm = 'hog'): number {
  const r = k.spawn({ comm, ppid: k.pidof('bash')[0] });
  if (!r.ok) throw new Error(`spawn ${comm}: ${r.errno}`);
  return r.value;
}

export function meminfo(k: Kernel): Record<string, number> {
  return { ...k.snapshot().meminfo };
}

export function ok<T>(r: { ok: true; value: T } | { ok: false; errno: string }): T {
  if (!r.ok) throw new Error(`unexpected ${r.errno}`);
  return r.value;
}

/** Status field in kB from /proc/PID/status text. */
export function statusKb(k: Kernel, pid: number, field: string): number {
  const text = ok(k.readProc(`/proc/${pid}/status`));
  const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(text);
  if (!m) throw new Error(`no ${field} in status`);
  return Number(m[1]);
}

export function expectConsistent(k: Kernel): void {
  const problems = auditKernel(k);
  if (problems.length > 0) throw new Error(`kernel audit failed:\n${problems.join('\n')}`);
}
