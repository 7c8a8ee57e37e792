// Shared helpers of the kernel tests: boot a machine, start an idle process, read numbers from /proc texts.
import { createHash } from 'node:crypto';
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

/** Every reachable object, typed array, Map and Set in iteration order (functions as a mark), hashed. */
export function deepHash(root: unknown): string {
  const h = createHash('sha256');
  const seen = new Map<object, number>();
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object') { h.update(typeof v === 'function' ? 'F;' : `${typeof v}:${String(v)};`); return; }
    const id = seen.get(v);
    if (id !== undefined) { h.update(`@${id};`); return; }
    seen.set(v, seen.size);
    if (ArrayBuffer.isView(v)) { h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)); return; }
    if (v instanceof Map) { h.update(`M${v.size}`); for (const [a, b] of v) { walk(a); walk(b); } return; }
    if (v instanceof Set) { h.update(`S${v.size}`); for (const a of v) walk(a); return; }
    for (const key of Object.keys(v)) { h.update(key); walk((v as Record<string, unknown>)[key]); }
  };
  walk(root);
  return h.digest('hex');
}
