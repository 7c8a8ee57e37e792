// Watermarks, MemAvailable, CommitLimit / __vm_enough_memory, dirty limits, get_scan_count, drop_caches
// parsing, the swap map and PSI: the pure formulas of linux-mm-model.md §3, §6.2, §7, §8, §9, §10, §11.1.
import { describe, expect, it } from 'vitest';
import { calculateMinFreeKbytes, setupZoneWatermarks, siMemAvailable, totalreservePages, zoneWatermarkOk } from '../../../source/kernel/watermarks.js';
import { CommitAccounting, defaultAdminReserveKbytes, defaultUserReserveKbytes, mmapIsCharged, vmCommitLimit } from '../../../source/kernel/overcommit.js';
import { MAP_ANONYMOUS, MAP_NORESERVE, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from '../../../source/kernel/types.js';
import { domainDirtyLimits, dirtyFreerunCeiling, dirtyThrottlePauseMs, globalDirtyableMemory, posRatio } from '../../../source/kernel/page-writeback.js';
import { getScanCount, inactiveRatio, pressureBalance } from '../../../source/kernel/vmscan-policy.js';
import { DropCachesState, pageIsDroppable, parseDropCaches } from '../../../source/kernel/drop-caches.js';
import { SwapArea } from '../../../source/kernel/swapfile.js';
import { PsiMemory, calcLoad } from '../../../source/kernel/psi.js';
import { Ratelimit, intSqrt } from '../../../source/kernel/ratelimit.js';

describe('min_free_kbytes and watermarks (§7.1)', () => {
  it('defaults from lowmem: 1 GiB 4096, 4 GiB 8192, 16 GiB 16384, 64 GiB 32768, 256 GiB 65536; clamped', () => {
    const gib = 1048576;
    expect([1, 4, 16, 64, 256].map((g) => calculateMinFreeKbytes(g * gib))).toEqual([4096, 8192, 16384, 32768, 65536]);
    expect(calculateMinFreeKbytes(512)).toBe(128);
    expect(calculateMinFreeKbytes(64 * 1024 * gib)).toBe(262144);
    expect(intSqrt(16 * 1000000)).toBe(4000);
  });
  it('min/low/high for 4 GiB managed: scale factor 10 dominates min/4', () => {
    const w = setupZoneWatermarks(1048576, 8192, 10);
    // min 2048; tmp = max(512, 1048576*10/10000 = 1048) = 1048.
    expect(w).toEqual({ minPages: 2048, lowPages: 3096, highPages: 4144 });
    expect(totalreservePages(1048576, w.highPages)).toBe(4144);
  });
  it('small machine: min/4 dominates; scale factor 3000 gives 30 % gaps', () => {
    expect(setupZoneWatermarks(32768, 1024, 10)).toEqual({ minPages: 256, lowPages: 320, highPages: 384 });
    expect(setupZoneWatermarks(262144, 4096, 3000)).toEqual({ minPages: 1024, lowPages: 1024 + 78643, highPages: 1024 + 2 * 78643 });
  });
  it('order-0 watermark check is free > mark; __GFP_HIGH halves min', () => {
    expect(zoneWatermarkOk(101, 100)).toBe(true);
    expect(zoneWatermarkOk(100, 100)).toBe(false);
    expect(zoneWatermarkOk(51, 100, { high: true })).toBe(true);
  });
  it('MemAvailable (si_mem_available)', () => {
    const avail = siMemAvailable({
      freePages: 100000, activeFilePages: 30000, inactiveFilePages: 10000, sReclaimablePages: 5000,
      kernelMiscReclaimablePages: 0, lowWmarkPages: 3096, totalreservePages: 4144,
    });
    // 100000-4144 + (40000-3096) + (5000-2500)
    expect(avail).toBe(95856 + 36904 + 2500);
    expect(siMemAvailable({ freePages: 10, activeFilePages: 0, inactiveFilePages: 0, sReclaimablePages: 0, kernelMiscReclaimablePages: 0, lowWmarkPages: 50, totalreservePages: 100 })).toBe(0);
  });
});

describe('overcommit (§3)', () => {
  const sysctls = { overcommitMemory: 2, overcommitRatio: 50, overcommitKbytes: 0, adminReserveKbytes: 8192, userReserveKbytes: 131072 };
  it('CommitLimit of the verified machine: MemTotal 24684092 kB, ratio 50, no swap = 12342044 kB', () => {
    expect(vmCommitLimit(6171023, 0, sysctls) * 4).toBe(12342044);
    expect(vmCommitLimit(6171023, 1000, { ...sysctls, overcommitKbytes: 4000 })).toBe(2000);
  });
  it('reserve defaults: min(free/32, 8192) and min(free/32, 131072)', () => {
    expect(defaultAdminReserveKbytes(3212960)).toBe(8192);
    expect(defaultUserReserveKbytes(3212960)).toBe(100405);
    expect(defaultUserReserveKbytes(64 * 1048576)).toBe(131072);
  });
  it('mode 2: a request past CommitLimit - Committed_AS - reserves fails ENOMEM with the 6.18 line; below succeeds', () => {
    const s = { ...sysctls };
    const acct = new CommitAccounting(() => ({ totalramPages: 262144, totalswapPages: 0 }), () => s);
    expect(acct.commitLimitPages()).toBe(131072);
    acct.account(10000);
    const caller = { pid: 42, comm: 'hog', capSysAdmin: false, totalVmPages: 3200 };
    // allowed = 131072 - 2048 (admin) - min(3200/32, 32768) = 128924; needs Committed_AS + pages < allowed.
    const tooBig = acct.enoughMemory(118924, caller, 0);
    expect(tooBig).toEqual({
      ok: false, suppressed: undefined,
      warning: '__vm_enough_memory: pid: 42, comm: hog, bytes: 487112704 not enough memory for the allocation',
    });
    expect(acct.committedPages).toBe(10000);
    expect(acct.enoughMemory(118923, caller, 0)).toEqual({ ok: true });
    expect(acct.committedPages).toBe(128923);
  });
  it('mode 1 grants 100 GiB; mode 0 refuses only a single request larger than RAM + swap', () => {
    const s = { ...sysctls, overcommitMemory: 1 };
    const acct = new CommitAccounting(() => ({ totalramPages: 262144, totalswapPages: 1000 }), () => s);
    expect(acct.enoughMemory(100 * 262144, { pid: 1, comm: 'x', capSysAdmin: false }, 0).ok).toBe(true);
    s.overcommitMemory = 0;
    expect(acct.enoughMemory(263144, { pid: 1, comm: 'x', capSysAdmin: false }, 0).ok).toBe(true);
    expect(acct.enoughMemory(263145, { pid: 1, comm: 'x', capSysAdmin: false }, 0).ok).toBe(false);
    expect(acct.committedPages).toBe(100 * 262144 + 263144);
  });
  it('the refusal warning is rate limited: 10 per 5 s, then "callbacks suppressed"', () => {
    const s = { ...sysctls, overcommitMemory: 0 };
    const acct = new CommitAccounting(() => ({ totalramPages: 10, totalswapPages: 0 }), () => s);
    const caller = { pid: 1, comm: 'x', capSysAdmin: false };
    const warnings = Array.from({ length: 13 }, () => acct.enoughMemory(11, caller, 100)).filter((v) => !v.ok && v.warning);
    expect(warnings).toHaveLength(10);
    const later = acct.enoughMemory(11, caller, 5200);
    expect(later).toMatchObject({ ok: false, suppressed: '__vm_enough_memory: 3 callbacks suppressed' });
    expect(new Ratelimit('f', 5000, 10).check(0).print).toBe(true);
  });
  it('which mappings are charged (§3.3)', () => {
    const priv = MAP_PRIVATE | MAP_ANONYMOUS;
    expect(mmapIsCharged({ prot: PROT_READ | PROT_WRITE, flags: priv, file: false }, 0)).toBe(true);
    expect(mmapIsCharged({ prot: PROT_READ, flags: priv, file: false }, 0)).toBe(false);
    expect(mmapIsCharged({ prot: PROT_READ | PROT_WRITE, flags: priv | MAP_NORESERVE, file: false }, 0)).toBe(false);
    expect(mmapIsCharged({ prot: PROT_READ | PROT_WRITE, flags: priv | MAP_NORESERVE, file: false }, 2)).toBe(true);
    expect(mmapIsCharged({ prot: PROT_READ, flags: MAP_SHARED | MAP_ANONYMOUS, file: false }, 0)).toBe(true);
    expect(mmapIsCharged({ prot: PROT_READ | PROT_WRITE, flags: MAP_SHARED, file: true }, 0)).toBe(false);
    expect(mmapIsCharged({ prot: PROT_READ | PROT_WRITE, flags: MAP_PRIVATE, file: true }, 0)).toBe(true);
    expect(mmapIsCharged({ prot: PROT_READ, flags: MAP_PRIVATE, file: true }, 0)).toBe(false);
  });
});

describe('dirty limits (§8)', () => {
  const defaults = { dirtyRatio: 20, dirtyBackgroundRatio: 10, dirtyBytes: 0, dirtyBackgroundBytes: 0 };
  it('thresholds from dirtyable memory with per-4096 ratios (819 and 409)', () => {
    const dirtyable = globalDirtyableMemory(500000, 4144, 100000, 50000);
    expect(dirtyable).toBe(500000 - 4144 + 150000 + 1);
    expect(domainDirtyLimits(dirtyable, defaults)).toEqual({
      thresh: Math.floor((819 * dirtyable) / 4096), bgThresh: Math.floor((409 * dirtyable) / 4096),
    });
    expect(globalDirtyableMemory(100, 4144, 0, 0)).toBe(1);
  });
  it('bytes override ratios (rounded up to pages); bg >= thresh halves bg', () => {
    expect(domainDirtyLimits(1000000, { ...defaults, dirtyBytes: 10000, dirtyBackgroundBytes: 4097 })).toEqual({ thresh: 3, bgThresh: 2 });
    expect(domainDirtyLimits(1000000, { ...defaults, dirtyBackgroundRatio: 30 })).toEqual({ thresh: 199951, bgThresh: 99975 });
  });
  it('writers run free up to (thresh + bg) / 2, are slowed above it and held at the limit', () => {
    const l = { thresh: 2000, bgThresh: 1000 };
    expect(dirtyFreerunCeiling(l)).toBe(1500);
    expect(dirtyThrottlePauseMs(1500, 32, l, 25600)).toBe(0);
    expect(posRatio(1750, l)).toBe(1024);
    // at the setpoint the task may dirty at the device's bandwidth: 32 pages at 25600 pages/s = 1.25 ms.
    expect(dirtyThrottlePauseMs(1750, 32, l, 25600)).toBeCloseTo(1.25, 6);
    expect(dirtyThrottlePauseMs(1990, 32, l, 25600)).toBeGreaterThan(1.25);
    expect(dirtyThrottlePauseMs(2000, 32, l, 25600)).toBe(200);
  });
});

describe('get_scan_count and inactive_is_low (§7.3, §7.4)', () => {
  it('inactive ratio: 1 below 1 GB, 3 at 1 GB, 10 at 10 GB, 31 at 100 GB', () => {
    const gb = 262144;
    expect([0.5, 1, 10, 100].map((g) => inactiveRatio(0, g * gb))).toEqual([1, 3, 10, 31]);
  });
  it('pressure balance with equal costs: swappiness 60 -> 60:140, 100 equal, 200 anon only', () => {
    const share = (sw: number) => { const { ap, fp } = pressureBalance(sw, 0, 0); return ap / (ap + fp); };
    expect(share(60)).toBeCloseTo(0.3, 2);
    expect(share(100)).toBeCloseTo(0.5, 5);
    expect(share(200)).toBe(1);
    expect(share(0)).toBe(0);
  });
  const base = {
    lru: { inactiveAnon: 400000, activeAnon: 100000, inactiveFile: 200000, activeFile: 100000 },
    freePages: 1000, totalHighWmark: 4000, swappiness: 60, priority: 12, canSwap: true, anonCost: 0, fileCost: 0,
  };
  it('no swap -> file only; plenty of inactive file -> cache trim (file only)', () => {
    expect(getScanCount({ ...base, canSwap: false }).balance).toBe('file');
    const c = getScanCount(base);
    expect(c.balance).toBe('file');
    expect(c.inactiveFile).toBe(200000 >> 12);
    expect(c.inactiveAnon).toBe(0);
  });
  it('inactive file low -> proportional by swappiness; swappiness 0 scans no anon', () => {
    const lru = { inactiveAnon: 400000, activeAnon: 100000, inactiveFile: 20000, activeFile: 200000 };
    const c = getScanCount({ ...base, lru });
    expect(c.balance).toBe('fract');
    expect(c.inactiveAnon).toBe(Math.floor((97 * 60) / 200));
    expect(getScanCount({ ...base, lru, swappiness: 0 }).inactiveAnon).toBe(0);
  });
  it('file_is_tiny forces anon even at swappiness 0; priority 0 scans both equally', () => {
    const lru = { inactiveAnon: 400000, activeAnon: 100000, inactiveFile: 1000, activeFile: 500 };
    const c = getScanCount({ ...base, lru, swappiness: 0, freePages: 1000, totalHighWmark: 4000 });
    expect(c.fileIsTiny).toBe(true);
    expect(c.balance).toBe('anon');
    expect(getScanCount({ ...base, priority: 0 }).balance).toBe('equal');
    expect(getScanCount({ ...base, priority: 0, swappiness: 0 }).balance).toBe('file');
  });
});

describe('drop_caches (§9)', () => {
  it('accepts 1..4 only; 4 silences later lines after its own', () => {
    expect(['0', '5', '-1', 'x', '3abc'].map(parseDropCaches)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(parseDropCaches('3\n')).toEqual({ value: 3, pagecache: true, slab: true, silence: false });
    const st = new DropCachesState();
    expect(st.logFor(parseDropCaches('1')!, 'bash', 8844)).toBe('bash (8844): drop_caches: 1');
    expect(st.logFor(parseDropCaches('4')!, 'bash', 8844)).toBe('bash (8844): drop_caches: 4');
    expect(st.logFor(parseDropCaches('3')!, 'bash', 8844)).toBeUndefined();
  });
  it('only clean, unmapped, non-shmem pages are droppable', () => {
    const clean = { dirty: false, writeback: false, mapped: false, locked: false, shmem: false, mlocked: false };
    expect(pageIsDroppable(clean)).toBe(true);
    for (const k of ['dirty', 'writeback', 'mapped', 'shmem', 'mlocked'] as const) expect(pageIsDroppable({ ...clean, [k]: true })).toBe(false);
  });
});

describe('swap area (§10)', () => {
  it('1 GiB swap has 262143 usable slots (header page); a slot lives while referenced or cached', () => {
    const s = new SwapArea(1 << 30);
    expect(s.totalSlots).toBe(262143);
    const a = s.alloc(), b = s.alloc();
    expect([a, b]).toEqual([1, 2]);
    s.dup(a);
    s.addToCache(b, 77);
    expect(s.swapCachedPages).toBe(1);
    s.put(a);
    expect(s.freeSlots).toBe(262141);
    s.put(a);
    expect(s.freeSlots).toBe(262142);
    // b: the PTE reference goes (swap-in by a read fault) but the swap cache still holds the slot.
    s.put(b);
    expect(s.freeSlots).toBe(262142);
    expect(s.cachedFrame(b)).toBe(77);
    s.dropCache(b);
    expect(s.swapCachedPages).toBe(0);
    expect(s.freeSlots).toBe(262143);
    expect(() => s.put(b)).toThrow();
    const tiny = new SwapArea(8192);
    expect(tiny.alloc()).toBe(1);
    expect(tiny.alloc()).toBe(0);
  });
});

describe('PSI averages (§11.1)', () => {
  it('calc_load steps with the fixed-point constants', () => {
    // 100 % for one period: avg10 = ceil(100*2048*(2048-1677)/2048) = 37100 / 2048 = 18.11 %
    expect(calcLoad(0, 1677, 100 * 2048)).toBe(Math.floor((100 * 2048 * 371 + 2047) / 2048));
  });
  it('full stall for 10 s then idle: averages rise then decay; total in microseconds', () => {
    const psi = new PsiMemory();
    for (let t = 100; t <= 10000; t += 100) { psi.record(100, 100); psi.update(t); }
    const l = psi.line('some');
    expect(l.total).toBe(10_000_000);
    expect(l.avg10).toBeGreaterThan(60);
    expect(l.avg10).toBeLessThan(70);
    expect(l.avg60).toBeLessThan(l.avg10);
    for (let t = 10100; t <= 70000; t += 100) psi.update(t);
    expect(psi.line('some').avg10).toBeLessThan(1);
    expect(psi.text()).toMatch(/^some avg10=\d+\.\d\d avg60=\d+\.\d\d avg300=\d+\.\d\d total=10000000\nfull avg10=/);
  });
  it('idle system prints zeros', () => {
    expect(new PsiMemory().text()).toBe('some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n');
  });
});
