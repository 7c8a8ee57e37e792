// Dirty pages, the flusher, sync and drop_caches (§8, §9) with the 256 MiB file.
import { describe, expect, it } from 'vitest';
import { boot, GiB, MiB, idle, meminfo, run, stepMs, dmesgText } from './harness.js';

describe('writeback and drop_caches', () => {
  it('256 MiB written: drop_caches 1 leaves the dirty pages; sync (Writeback visible, the task blocked) then drop_caches 1 frees them', () => {
    // 4 GiB: bg_thresh (10 % of dirtyable, ~390 MiB) is above 256 MiB, so nothing is written back on its own.
    const b = boot({ ramBytes: 4 * GiB, swapBytes: 0 });
    const pid = run(b, idle('bash'));
    const m0 = meminfo(b);
    expect(b.kernel.write(pid, '/var/tmp/big.bin', 0, 256 * MiB)).toEqual({ ok: true, value: 256 * MiB });
    const m1 = meminfo(b);
    expect(m1.Dirty).toBe(262144);
    expect(m1.Cached - m0.Cached).toBe(262144);
    expect(b.kernel.snapshot().vmstat.nr_dirty_background_threshold).toBeGreaterThan(65536);

    expect(b.kernel.writeProc('/proc/sys/vm/drop_caches', '1', pid).ok).toBe(true);
    const m2 = meminfo(b);
    expect(m2.Dirty).toBe(262144);
    expect(m2.Cached).toBeGreaterThanOrEqual(262144);
    expect(dmesgText(b).at(-1)).toBe(`bash (${pid}): drop_caches: 1`);

    stepMs(b, 1000);
    expect(meminfo(b).Dirty).toBe(262144); // far below bg_thresh and younger than dirty_expire: stays dirty

    expect(b.kernel.sync(pid).ok).toBe(true);
    const task = b.k.tasks.get(pid)!;
    // 256 MiB at the default 100 MiB/s disk: the syncing task waits about 2.56 s.
    expect(task.chargedMs).toBeGreaterThan(2500);
    expect(task.chargedMs).toBeLessThan(2700);
    expect(meminfo(b).Dirty).toBe(0);
    expect(meminfo(b).Writeback).toBe(262144);
    stepMs(b, 1000);
    const mid = meminfo(b).Writeback;
    expect(mid).toBeGreaterThan(0);
    expect(mid).toBeLessThan(262144 - 90 * 1024);
    stepMs(b, 2000);
    expect(meminfo(b).Writeback).toBe(0);

    const freeBefore = meminfo(b).MemFree;
    expect(b.kernel.writeProc('/proc/sys/vm/drop_caches', '1', pid).ok).toBe(true);
    const m3 = meminfo(b);
    expect(m3.MemFree - freeBefore).toBeGreaterThanOrEqual(262144);
    expect(b.kernel.snapshot().vmstat.drop_pagecache).toBe(2);
    expect(b.kernel.stat('/var/tmp/big.bin').ok && (b.kernel.stat('/var/tmp/big.bin') as { value: { cachedPages: number } }).value.cachedPages).toBe(0);
  });

  it('the periodic flusher writes back pages older than dirty_expire_centisecs (30 s), within one 5 s interval', () => {
    const b = boot({ ramBytes: 4 * GiB, swapBytes: 0 });
    const pid = run(b, idle('bash'));
    b.kernel.write(pid, '/var/tmp/small.bin', 0, 16 * MiB);
    stepMs(b, 29000);
    expect(meminfo(b).Dirty).toBe(16384);
    stepMs(b, 6500);
    expect(meminfo(b).Dirty).toBe(0);
    expect(b.kernel.snapshot().vmstat.nr_written).toBeGreaterThanOrEqual(4096);
  });

  it('above dirty_background_ratio the flusher starts at once; a writer above the freerun ceiling is throttled', () => {
    const b = boot({ ramBytes: 1 * GiB, swapBytes: 0 });
    const pid = run(b, idle('dd'));
    const s0 = b.kernel.snapshot().vmstat;
    const bg = s0.nr_dirty_background_threshold, thresh = s0.nr_dirty_threshold;
    expect(b.kernel.write(pid, '/var/tmp/a', 0, (bg + 1000) * 4096).ok).toBe(true);
    stepMs(b, 10);
    expect(meminfo(b).Writeback).toBeGreaterThan(0);
    stepMs(b, 1000);
    // Background writeback stops once Dirty is back under the background threshold.
    expect(meminfo(b).Dirty / 4).toBeLessThanOrEqual(bg);
    expect(meminfo(b).Dirty / 4).toBeGreaterThan(bg - 2000);
    // Far above the limit: the write returns but the task sleeps until the disk catches up.
    const t = b.k.tasks.get(pid)!;
    t.chargedMs = 0;
    expect(b.kernel.write(pid, '/var/tmp/b', 0, (thresh + 5000) * 4096).ok).toBe(true);
    expect(t.chargedMs).toBeGreaterThan(1000);
  });

  it('drop_caches: 0 and 5 are EINVAL; 2 shrinks SReclaimable; 3 leaves tmpfs and mapped pages; 4 silences later lines', () => {
    const b = boot({ ramBytes: 1 * GiB, swapBytes: 0 });
    const pid = run(b, idle('bash'));
    expect(b.kernel.writeProc('/proc/sys/vm/drop_caches', '0', pid)).toEqual({ ok: false, errno: 'EINVAL' });
    expect(b.kernel.writeProc('/proc/sys/vm/drop_caches', '5', pid)).toEqual({ ok: false, errno: 'EINVAL' });
    expect(b.kernel.readProc('/proc/sys/vm/drop_caches').ok).toBe(false);
    b.kernel.write(pid, '/dev/shm/s', 0, 64 * MiB);
    const m0 = meminfo(b);
    expect(b.kernel.writeProc('/proc/sys/vm/drop_caches', '2', pid).ok).toBe(true);
    const m1 = meminfo(b);
    expect(m1.SReclaimable).toBeLessThan(m0.SReclaimable);
    expect(m1.SUnreclaim).toBe(m0.SUnreclaim);
    expect(b.kernel.writeProc('/proc/sys/vm/drop_caches', '3', pid).ok).toBe(true);
    const m2 = meminfo(b);
    expect(m2.Shmem).toBe(m0.Shmem);
    expect(m2.Mapped).toBe(m0.Mapped); // the running programs' mapped text stays
    expect(m2['Inactive(file)'] + m2['Active(file)']).toBeLessThan(m0['Inactive(file)'] + m0['Active(file)']);
    expect(b.kernel.writeProc('/proc/sys/vm/drop_caches', '4', pid).ok).toBe(true);
    const n = b.kernel.snapshot().dmesgNextSeq;
    expect(dmesgText(b).at(-1)).toBe(`bash (${pid}): drop_caches: 4`);
    expect(b.kernel.writeProc('/proc/sys/vm/drop_caches', '1', pid).ok).toBe(true);
    expect(b.kernel.snapshot().dmesgNextSeq).toBe(n);
    const v = b.kernel.snapshot().vmstat;
    expect([v.drop_pagecache, v.drop_slab]).toEqual([2, 2]);
    expect(v.pgsteal_kswapd + v.pgsteal_direct).toBe(0); // not reclaim
  });
});
