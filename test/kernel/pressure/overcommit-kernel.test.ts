// Overcommit through the kernel's mmap: the §3 rules with the numbers.
import { describe, expect, it } from 'vitest';
import { MAP_ANONYMOUS, MAP_NORESERVE, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from '../../../source/kernel/types.js';
import { boot, GiB, idle, meminfo, run, dmesgText } from './harness.js';

const RW = PROT_READ | PROT_WRITE;
const PRIV = MAP_PRIVATE | MAP_ANONYMOUS;

function user(b: ReturnType<typeof boot>) {
  const r = b.kernel.spawn({ comm: 'app', path: '/usr/bin/hog', program: idle('app'), ppid: 1, uid: 1000 });
  if (!r.ok) throw new Error(r.errno);
  return r.value;
}

describe('vm.overcommit_memory=2 with 1 GiB RAM, no swap, ratio 50', () => {
  it('an mmap past CommitLimit - Committed_AS fails with ENOMEM and logs; one below succeeds', () => {
    const b = boot({ ramBytes: 1 * GiB, swapBytes: 0, sysctl: { 'vm.overcommit_memory': 2, 'vm.overcommit_ratio': 50 } });
    const pid = user(b);
    const m = meminfo(b);
    expect(m.CommitLimit).toBe(Math.floor((m.MemTotal / 4) * 50 / 100) * 4);
    const gapKb = m.CommitLimit - m.Committed_AS;
    const past = b.kernel.mmap(pid, { length: (gapKb + 4) * 1024, prot: RW, flags: PRIV });
    expect(past).toEqual({ ok: false, errno: 'ENOMEM' });
    expect(dmesgText(b).at(-1)).toBe(
      `__vm_enough_memory: pid: ${pid}, comm: app, bytes: ${(gapKb + 4) * 1024} not enough memory for the allocation`,
    );
    expect(meminfo(b).Committed_AS).toBe(m.Committed_AS);
    // Below: leave room for the admin reserve (8 MiB, a non-root caller) and the user reserve (total_vm / 32).
    const below = b.kernel.mmap(pid, { length: (gapKb - 8192 - 4096) * 1024, prot: RW, flags: PRIV });
    expect(below.ok).toBe(true);
    expect(meminfo(b).Committed_AS).toBe(m.Committed_AS + gapKb - 8192 - 4096);
  });

  it('mode 2 ignores MAP_NORESERVE; read-only private mappings are not charged', () => {
    const b = boot({ ramBytes: 1 * GiB, swapBytes: 0, sysctl: { 'vm.overcommit_memory': 2 } });
    const pid = user(b);
    const c0 = meminfo(b).Committed_AS;
    expect(b.kernel.mmap(pid, { length: 64 << 20, prot: RW, flags: PRIV | MAP_NORESERVE }).ok).toBe(true);
    expect(meminfo(b).Committed_AS).toBe(c0 + 65536);
    expect(b.kernel.mmap(pid, { length: 2 * GiB, prot: PROT_READ, flags: PRIV }).ok).toBe(true);
    expect(meminfo(b).Committed_AS).toBe(c0 + 65536);
  });
});

describe('modes 0 and 1', () => {
  it('mode 1 grants a 100 GiB mapping', () => {
    const b = boot({ ramBytes: 1 * GiB, swapBytes: 0, sysctl: { 'vm.overcommit_memory': 1 } });
    const pid = user(b);
    const c0 = meminfo(b).Committed_AS;
    expect(b.kernel.mmap(pid, { length: 100 * GiB, prot: RW, flags: PRIV }).ok).toBe(true);
    expect(meminfo(b).Committed_AS).toBe(c0 + 100 * 1024 * 1024);
  });

  it('mode 0 refuses one mapping larger than RAM + swap, but not two of 0.75 x RAM', () => {
    const b = boot({ ramBytes: 1 * GiB, swapBytes: 512 << 20 });
    const pid = user(b);
    const m = meminfo(b);
    const ramPlusSwapBytes = (m.MemTotal + m.SwapTotal) * 1024;
    expect(b.kernel.mmap(pid, { length: ramPlusSwapBytes + 4096, prot: RW, flags: PRIV })).toEqual({ ok: false, errno: 'ENOMEM' });
    expect(b.kernel.mmap(pid, { length: ramPlusSwapBytes, prot: RW, flags: PRIV }).ok).toBe(true);
    const big = Math.floor(m.MemTotal * 0.75) * 1024;
    expect(b.kernel.mmap(pid, { length: big, prot: RW, flags: PRIV }).ok).toBe(true);
    expect(meminfo(b).Committed_AS).toBeGreaterThan(meminfo(b).CommitLimit);
    // MAP_NORESERVE is honoured in mode 0: not charged.
    const c = meminfo(b).Committed_AS;
    expect(b.kernel.mmap(pid, { length: 1 << 30, prot: RW, flags: PRIV | MAP_NORESERVE }).ok).toBe(true);
    expect(meminfo(b).Committed_AS).toBe(c);
    // Shared anonymous memory is charged at mmap.
    expect(b.kernel.mmap(pid, { length: 1 << 20, prot: PROT_READ, flags: MAP_SHARED | MAP_ANONYMOUS }).ok).toBe(true);
    expect(meminfo(b).Committed_AS).toBe(c + 1024);
  });

  it('switching to mode 2 keeps existing reservations and refuses the next one', () => {
    const b = boot({ ramBytes: 1 * GiB, swapBytes: 0, sysctl: { 'vm.overcommit_memory': 1 } });
    const pid = run(b, idle());
    expect(b.kernel.mmap(pid, { length: 2 * GiB, prot: RW, flags: PRIV }).ok).toBe(true);
    expect(b.kernel.sysctlSet('vm.overcommit_memory', 2).ok).toBe(true);
    const m = meminfo(b);
    expect(m.Committed_AS).toBeGreaterThan(2 * 1024 * 1024);
    expect(b.kernel.mmap(pid, { length: 1 << 20, prot: RW, flags: PRIV })).toEqual({ ok: false, errno: 'ENOMEM' });
    expect(meminfo(b).Committed_AS).toBe(m.Committed_AS);
    expect(b.kernel.sysctlSet('vm.overcommit_memory', 3)).toEqual({ ok: false, errno: 'EINVAL' });
    expect(b.kernel.sysctlGet('vm.overcommit_memory')).toEqual({ ok: true, value: 2 });
  });
});
