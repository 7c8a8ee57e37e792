// Watermarks and MemAvailable as the running kernel shows them (§6.2, §7.1), and the oom_reaper (§4.5).
import { describe, expect, it } from 'vitest';
import { calculateMinFreeKbytes, setupZoneWatermarks, siMemAvailable } from '../../../source/kernel/watermarks.js';
import { outOfMemory } from '../../../source/kernel/out-of-memory.js';
import { Lru } from '../../../source/kernel/page-frames.js';
import { reclaimableSlabPages } from '../../../source/kernel/slab.js';
import { GiB, MiB, boot, hog, meminfo, run, stepMs, dmesgText } from './harness.js';

describe('watermarks in the running kernel', () => {
  it('min_free_kbytes from MemTotal; min/low/high follow writes to vm.min_free_kbytes and vm.watermark_scale_factor', () => {
    const b = boot({ ramBytes: 4 * GiB, swapBytes: 0 });
    const m = meminfo(b);
    const s = b.kernel.snapshot();
    expect(s.watermarks.minFreeKbytes).toBe(calculateMinFreeKbytes(m.MemTotal));
    const w = setupZoneWatermarks(m.MemTotal / 4, s.watermarks.minFreeKbytes, 10);
    expect(s.watermarks).toEqual({ minFreeKbytes: s.watermarks.minFreeKbytes, minPages: w.minPages, lowPages: w.lowPages, highPages: w.highPages });
    expect(b.kernel.sysctlSet('vm.min_free_kbytes', 65536).ok).toBe(true);
    expect(b.kernel.snapshot().watermarks.minPages).toBe(16384);
    expect(b.kernel.sysctlSet('vm.watermark_scale_factor', 3001)).toEqual({ ok: false, errno: 'EINVAL' });
    expect(b.kernel.sysctlSet('vm.watermark_scale_factor', 0)).toEqual({ ok: false, errno: 'EINVAL' });
    expect(b.kernel.sysctlSet('vm.watermark_scale_factor', 1000).ok).toBe(true);
    const w2 = b.kernel.snapshot().watermarks;
    expect(w2.lowPages - w2.minPages).toBe(Math.floor(((m.MemTotal / 4) * 1000) / 10000));
    expect(w2.highPages - w2.lowPages).toBe(w2.lowPages - w2.minPages);
  });

  it('MemAvailable is si_mem_available() of the live counters', () => {
    const b = boot({ ramBytes: 1 * GiB, swapBytes: 0 });
    const pid = run(b, hog(100 * MiB, 100 * MiB));
    b.kernel.write(pid, '/var/tmp/f', 0, 64 * MiB);
    stepMs(b, 1500);
    const f = b.k.frames;
    const expected = siMemAvailable({
      freePages: f.nrFree, activeFilePages: f.lruSize[Lru.ACTIVE_FILE], inactiveFilePages: f.lruSize[Lru.INACTIVE_FILE],
      sReclaimablePages: reclaimableSlabPages(b.k), kernelMiscReclaimablePages: 0, lowWmarkPages: b.k.wmark.low,
      totalreservePages: b.k.wmark.totalreserve,
    });
    expect(meminfo(b).MemAvailable).toBe(expected * 4);
  });
});

describe('oom_reaper', () => {
  it('reaps a victim that still holds its mm 2 s after the kill (private mappings unmapped, page cache kept) and logs it', () => {
    const b = boot({ ramBytes: 512 * MiB, swapBytes: 0, sysctl: { 'vm.overcommit_memory': 1, 'vm.oom_kill_allocating_task': 1 } });
    const pid = run(b, hog(200 * MiB, 400 * MiB), 'stuck');
    stepMs(b, 1000);
    const t = b.k.tasks.get(pid)!;
    expect(t.mm!.rssAnon).toBeGreaterThan(40000);
    // Kill it while it is `current` (inside an allocation): its exit is deferred, as for a task stuck in the kernel.
    b.k.current = t;
    expect(outOfMemory(b.ps, t)).toBe(true);
    b.k.current = null;
    expect(t.oomKilled).toBe(true);
    expect(t.mm).not.toBeNull();
    stepMs(b, 1900);
    expect(t.mm!.rssAnon).toBeGreaterThan(40000);
    const cached = meminfo(b).Cached;
    stepMs(b, 200);
    // Every private mapping is unmapped (anonymous and the private text/data of files): both RSS counters drop to 0,
    // but the file pages stay in the page cache.
    expect(t.mm!.rssAnon).toBe(0);
    expect(t.mm!.rssFile).toBe(0);
    expect(meminfo(b).Cached).toBeGreaterThanOrEqual(cached - 1024);
    expect(dmesgText(b)).toContain(`oom_reaper: reaped process ${pid} (stuck), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB`);
    expect(b.ps.oomSkip.has(pid)).toBe(true);
  });
});
