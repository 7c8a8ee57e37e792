// kswapd between the watermarks, direct reclaim below min, and vm.swappiness: §7 with real numbers.
import { describe, expect, it } from 'vitest';
import { boot, GiB, MiB, hog, idle, meminfo, run, stepMs, type Booted } from './harness.js';

/** Write a file, sync it and let the disk finish: `mb` MiB of clean, inactive page cache. */
function cleanCache(b: Booted, path: string, mb: number): number {
  const pid = run(b, idle('writer'));
  expect(b.kernel.write(pid, path, 0, mb * MiB).ok).toBe(true);
  expect(b.kernel.sync(pid).ok).toBe(true);
  stepMs(b, Math.ceil((mb / 100) * 1000) + 500);
  expect(meminfo(b).Dirty).toBe(0);
  expect(meminfo(b).Writeback).toBe(0);
  return pid;
}

const filePages = (b: Booted) => (meminfo(b)['Active(file)'] + meminfo(b)['Inactive(file)']) / 4;

describe('kswapd', () => {
  it('wakes below low, reclaims page cache until free is above high, then sleeps; no direct reclaim needed', () => {
    const b = boot({ ramBytes: 1 * GiB, swapBytes: 512 * MiB, sysctl: { 'vm.watermark_scale_factor': 200 } });
    const w = b.kernel.snapshot().watermarks;
    // scale factor 200 = 2 % of the zone between min and low, and between low and high.
    expect(w.lowPages - w.minPages).toBe(Math.floor((b.k.frames.total * 200) / 10000));
    cleanCache(b, '/var/tmp/cache.bin', 400);
    run(b, hog(600 * MiB, 50 * MiB));
    let runs = 0, steal = 0;
    const stall0 = b.kernel.snapshot().vmstat.allocstall_normal;
    stepMs(b, 14000, () => {
      const s = b.kernel.snapshot();
      const free = s.meminfo.MemFree / 4;
      if (s.kswapd.state === 'sleeping') {
        // Asleep, free is above low (else the last allocation would have woken it) ...
        expect(free).toBeGreaterThan(w.lowPages);
        // ... and when it reclaimed in this quantum and went back to sleep, free reached high.
        if (s.vmstat.pgsteal_kswapd > steal) { runs++; expect(free).toBeGreaterThanOrEqual(w.highPages); }
      }
      steal = s.vmstat.pgsteal_kswapd;
    });
    const v = b.kernel.snapshot().vmstat;
    expect(runs).toBeGreaterThan(5);
    expect(v.pageoutrun).toBeGreaterThan(5);
    expect(v.pgscan_kswapd).toBeGreaterThan(0);
    expect(v.pgsteal_kswapd).toBeGreaterThan(100 * 256);
    expect(v.allocstall_normal).toBe(stall0);
  });

  it('an allocation faster than kswapd drives free below min: direct reclaim (allocstall) stalls the task', () => {
    const b = boot({ ramBytes: 1 * GiB, swapBytes: 512 * MiB });
    cleanCache(b, '/var/tmp/cache.bin', 300);
    const pid = run(b, hog(900 * MiB, 2 * GiB));
    stepMs(b, 3000);
    const s = b.kernel.snapshot();
    expect(s.vmstat.allocstall_normal).toBeGreaterThan(0);
    expect(s.vmstat.pgscan_direct).toBeGreaterThan(0);
    expect(s.vmstat.pgsteal_direct).toBeGreaterThan(0);
    const t = b.k.tasks.get(pid)!;
    expect(t.majFlt + t.minFlt).toBeGreaterThan(0);
    expect(s.psi.some.total).toBeGreaterThan(0);
  });
});

describe('vm.swappiness', () => {
  function firstSwapOut(swappiness: number, activateFile: boolean): { fileAtFirstSwap: number; fileBefore: number; high: number } {
    const b = boot({ ramBytes: 1 * GiB, swapBytes: 512 * MiB, sysctl: { 'vm.swappiness': swappiness } });
    const pid = cleanCache(b, '/var/tmp/cache.bin', 400);
    if (activateFile) {
      // A second read of cached pages promotes them to the active list (mark_page_accessed twice).
      expect(b.kernel.read(pid, '/var/tmp/cache.bin', 0, 400 * MiB).ok).toBe(true);
      expect(b.kernel.read(pid, '/var/tmp/cache.bin', 0, 400 * MiB).ok).toBe(true);
    }
    const fileBefore = filePages(b);
    run(b, hog(900 * MiB, 100 * MiB));
    let fileAtFirstSwap = -1;
    stepMs(b, 12000, () => {
      if (fileAtFirstSwap < 0 && b.kernel.snapshot().vmstat.pswpout > 0) fileAtFirstSwap = filePages(b);
    });
    return { fileAtFirstSwap, fileBefore, high: b.kernel.snapshot().watermarks.highPages };
  }

  it('swappiness 0: file pages are reclaimed before any anon page while file pages remain (file_is_tiny)', () => {
    const r = firstSwapOut(0, true);
    expect(r.fileBefore).toBeGreaterThan(100000);
    expect(r.fileAtFirstSwap).toBeGreaterThanOrEqual(0);
    // Swap-out starts only once file LRU + free fell to the high watermark.
    expect(r.fileAtFirstSwap).toBeLessThanOrEqual(r.high);
  });

  it('swappiness 200 with a hot (active) page cache swaps anon while the cache is still large', () => {
    const r = firstSwapOut(200, true);
    expect(r.fileAtFirstSwap).toBeGreaterThan(r.fileBefore / 2);
  });
});

describe('workingset', () => {
  it('a file page read again soon after eviction is a refault (workingset_refault_file), activated when recent', () => {
    const b = boot({ ramBytes: 512 * MiB, swapBytes: 256 * MiB, sysctl: { 'vm.overcommit_memory': 1 } });
    const pid = cleanCache(b, '/var/tmp/ws.bin', 200);
    run(b, hog(330 * MiB, 200 * MiB));
    stepMs(b, 3000);
    const before = b.kernel.snapshot().vmstat;
    expect(before.pgsteal_file).toBeGreaterThan(0);
    // The start of the file was evicted first (oldest on the inactive list): read it again.
    expect(b.kernel.read(pid, '/var/tmp/ws.bin', 0, 8 * MiB).ok).toBe(true);
    const after = b.kernel.snapshot().vmstat;
    expect(after.workingset_refault_file).toBeGreaterThan(before.workingset_refault_file);
    expect(after.workingset_activate_file).toBeGreaterThan(0);
  });
});
