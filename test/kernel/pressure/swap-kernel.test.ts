// Swap accounting, swap-in as a major fault, the swap cache and slot release (§10), and PSI (§11.1).
import { describe, expect, it } from 'vitest';
import { boot, MiB, hog, meminfo, run, stepMs } from './harness.js';
import { directReclaim } from '../../../source/kernel/vmscan.js';

describe('swap', () => {
  it('an idle process is swapped out under pressure; touching it again is major faults + pswpin; munmap frees the slots', () => {
    const b = boot({ ramBytes: 512 * MiB, swapBytes: 512 * MiB, sysctl: { 'vm.overcommit_memory': 1 } });
    const where = { base: -1 };
    const idleHog = run(b, hog(128 * MiB, 256 * MiB, undefined, where), 'holder');
    stepMs(b, 1000);
    const pusher = run(b, hog(420 * MiB, 100 * MiB), 'pusher');
    stepMs(b, 8000);
    const holder = b.kernel.process(idleHog)!;
    expect(holder.vmSwapKb).toBeGreaterThan(32 * 1024);
    const m = meminfo(b);
    const swapOfAll = b.kernel.snapshot().processes.reduce((a, p) => a + p.vmSwapKb, 0);
    // Used swap = the PTE swap entries (VmSwap) + shmem pages in swap + slots only the swap cache holds.
    const shmemSwapKb = [...b.k.inodes.values()].reduce((a, i) => a + i.nrSwapped * 4, 0);
    expect(m.SwapTotal - m.SwapFree).toBeGreaterThanOrEqual(swapOfAll + shmemSwapKb);
    expect(m.SwapTotal - m.SwapFree).toBeLessThanOrEqual(swapOfAll + shmemSwapKb + m.SwapCached);
    const v0 = b.kernel.snapshot().vmstat;
    expect(v0.pswpout).toBeGreaterThanOrEqual(swapOfAll / 4);

    expect(b.kernel.kill(pusher, 'SIGKILL').ok).toBe(true);
    stepMs(b, 100);
    // Read the swapped memory back: major faults, one pswpin per page, pages stay in the swap cache.
    const swapped = b.kernel.process(idleHog)!.vmSwapKb / 4;
    const r = b.kernel.touch(idleHog, where.base, 128 * MiB, false);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // Pages whose swap write was still in flight come from the swap cache: minor faults, no read.
    expect(r.value.major).toBeGreaterThan(swapped * 0.9);
    expect(r.value.major).toBeLessThanOrEqual(swapped);
    // 4 KiB per major fault at the default 200 MiB/s read bandwidth.
    expect(r.value.stallMs).toBeCloseTo((r.value.major * 4096 * 1000) / (200 * MiB), 3);
    const v1 = b.kernel.snapshot().vmstat;
    expect(v1.pswpin - v0.pswpin).toBe(r.value.major);
    expect(v1.pgmajfault - v0.pgmajfault).toBe(r.value.major);
    // What is left in swap is outside the touched region (a few pages of stack and .data).
    expect(b.kernel.process(idleHog)!.vmSwapKb).toBeLessThan(256);
    // Read faults keep the slot: the pages are in the swap cache (SwapCached) and the slots stay in use.
    expect(meminfo(b).SwapCached).toBeGreaterThanOrEqual(r.value.major * 4);
    // A write to those pages no longer needs the swap copy... but the slot stays until reclaim or exit here;
    // munmap drops everything at once.
    expect(b.kernel.munmap(idleHog, where.base, 128 * MiB).ok).toBe(true);
    stepMs(b, 2000); // swap writes still in flight (the killed pusher's) complete and leave the swap cache
    const m2 = meminfo(b);
    expect(m2.SwapCached).toBe(0);
    const shmemSwap2 = [...b.k.inodes.values()].reduce((a, i) => a + i.nrSwapped * 4, 0);
    expect(m2.SwapFree).toBe(m2.SwapTotal - shmemSwap2 - b.kernel.snapshot().processes.reduce((a, p) => a + p.vmSwapKb, 0));
  });

  it('without swap, anonymous memory is never reclaimed: only page cache goes', () => {
    const b = boot({ ramBytes: 512 * MiB, swapBytes: 0, sysctl: { 'vm.overcommit_memory': 1 } });
    // Ask for all free memory and half of the page cache: the cache has to give way, anon never moves.
    const m = meminfo(b);
    run(b, hog((m.MemFree + (m['Inactive(file)'] + m['Active(file)']) / 2) * 1024, 100 * MiB));
    stepMs(b, 5000);
    const v = b.kernel.snapshot().vmstat;
    expect(v.pswpout).toBe(0);
    expect(v.pgscan_anon).toBe(0);
    expect(v.pgsteal_file).toBeGreaterThan(0);
  });
});

describe('PSI', () => {
  it('an idle machine shows zeros; a thrashing one shows some pressure with the kernel\'s text format', () => {
    const b = boot({ ramBytes: 512 * MiB, swapBytes: 512 * MiB, sysctl: { 'vm.overcommit_memory': 1 } });
    stepMs(b, 4000);
    expect(b.kernel.readProc('/proc/pressure/memory')).toEqual({
      ok: true, value: 'some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n',
    });
    run(b, hog(800 * MiB, 200 * MiB));
    stepMs(b, 10000);
    const p = b.kernel.snapshot().psi;
    expect(p.some.avg10).toBeGreaterThan(10);
    expect(p.some.total).toBeGreaterThan(1_000_000);
    expect(p.full.total).toBeLessThanOrEqual(p.some.total);
    const text = b.kernel.readProc('/proc/pressure/memory');
    expect(text.ok && text.value).toMatch(/^some avg10=\d+\.\d\d avg60=\d+\.\d\d avg300=\d+\.\d\d total=\d+\nfull avg10=\d+\.\d\d avg60=\d+\.\d\d avg300=\d+\.\d\d total=\d+\n$/);
  });
});

describe('reclaim with every swap slot taken (get_scan_count / can_reclaim_anon_pages)', () => {
  it('scans no anon page while no slot is free, even with pages in the swap cache', () => {
    const b = boot({ ramBytes: 512 * MiB, swapBytes: 32 * MiB, sysctl: { 'vm.overcommit_memory': 1 } });
    run(b, hog(160 * MiB, 400 * MiB), 'holder');
    stepMs(b, 1000);
    run(b, hog(700 * MiB, 200 * MiB), 'pusher');
    // Swap fills while swap-outs are still being written: those pages sit in the swap cache holding their slots.
    let steps = 0;
    while (!(b.ps.swap.freeSlots === 0 && b.ps.swap.swapCachedPages > 0) && steps++ < 2000) stepMs(b, 10);
    expect(b.ps.swap.freeSlots).toBe(0);
    expect(b.ps.swap.swapCachedPages).toBeGreaterThan(0);
    const anonPages = meminfo(b)['Inactive(anon)'] / 4;
    expect(anonPages).toBeGreaterThan(1000);
    const ev = b.k.ev;
    const anon0 = ev.pgscan_anon, file0 = ev.pgscan_file;
    directReclaim(b.ps, null);
    expect(ev.pgscan_anon - anon0).toBe(0);
    expect(ev.pgscan_file - file0).toBeGreaterThan(0);
  });
});
