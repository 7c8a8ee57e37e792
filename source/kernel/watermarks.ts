// Models the watermark part of linux mm/page_alloc.c: `calculate_min_free_kbytes`, `__setup_per_zone_wmarks`,
// `calculate_totalreserve_pages`, and `si_mem_available` (mm/show_mem.c), plus the sysctl ranges of
// vm.min_free_kbytes and vm.watermark_scale_factor.
// Simplified: one node with one zone (Normal), so there is no lowmem_reserve and totalreserve = min(managed,
// high); no watermark boost (no migrate-type fragmentation is simulated); THP's khugepaged raise is not modelled.
import { intSqrt, multFrac } from './ratelimit.js';

export const MIN_FREE_KBYTES_FLOOR = 128;
export const MIN_FREE_KBYTES_CEILING = 262144;
export const WATERMARK_SCALE_FACTOR_DEFAULT = 10;
export const WATERMARK_SCALE_FACTOR_MIN = 1;
export const WATERMARK_SCALE_FACTOR_MAX = 3000;

/**
 * calculate_min_free_kbytes(): clamp(int_sqrt(16 * lowmem_kB), 128, 262144), lowmem = the managed pages
 * of the zones up to Normal at boot (1 GiB -> 4096, 16 GiB -> 16384).
 */
export function calculateMinFreeKbytes(lowmemKb: number): number {
  const v = intSqrt(lowmemKb * 16);
  return Math.min(Math.max(v, MIN_FREE_KBYTES_FLOOR), MIN_FREE_KBYTES_CEILING);
}

export interface ZoneWatermarks {
  minPages: number;
  lowPages: number;
  highPages: number;
}

/**
 * __setup_per_zone_wmarks() for one zone holding all lowmem: min = min_free_kbytes / 4 pages;
 * tmp = max(min / 4, managed * watermark_scale_factor / 10000); low = min + tmp; high = low + tmp.
 */
export function setupZoneWatermarks(managedPages: number, minFreeKbytes: number, scaleFactor: number): ZoneWatermarks {
  const pagesMin = minFreeKbytes >> 2;
  // tmp = pages_min * managed / lowmem_pages: exact for a single zone.
  const min = managedPages > 0 ? Math.floor((pagesMin * managedPages) / managedPages) : 0;
  const tmp = Math.max(min >> 2, multFrac(managedPages, scaleFactor, 10000));
  return { minPages: min, lowPages: min + tmp, highPages: min + 2 * tmp };
}

/** calculate_totalreserve_pages(): per zone min(managed, high + max lowmem_reserve); one zone, no reserve. */
export function totalreservePages(managedPages: number, highPages: number): number {
  return Math.min(managedPages, highPages);
}

export interface MemAvailableInput {
  freePages: number;
  activeFilePages: number;
  inactiveFilePages: number;
  sReclaimablePages: number;
  /** NR_KERNEL_MISC_RECLAIMABLE (0 here unless a caller models it). */
  kernelMiscReclaimablePages: number;
  lowWmarkPages: number;
  totalreservePages: number;
}

/** si_mem_available() in pages: free - totalreserve + file LRU and reclaimable slab minus what reclaim keeps. */
export function siMemAvailable(m: MemAvailableInput): number {
  let available = m.freePages - m.totalreservePages;
  let pagecache = m.activeFilePages + m.inactiveFilePages;
  pagecache -= Math.min(Math.floor(pagecache / 2), m.lowWmarkPages);
  available += pagecache;
  let reclaimable = m.sReclaimablePages + m.kernelMiscReclaimablePages;
  reclaimable -= Math.min(Math.floor(reclaimable / 2), m.lowWmarkPages);
  available += reclaimable;
  return Math.max(available, 0);
}

/** Where free memory sits relative to the watermarks: what the allocator and kswapd decide on. */
export type WatermarkLevel = 'above-high' | 'low-to-high' | 'min-to-low' | 'below-min';

export function watermarkLevel(freePages: number, w: ZoneWatermarks): WatermarkLevel {
  if (freePages >= w.highPages) return 'above-high';
  if (freePages >= w.lowPages) return 'low-to-high';
  if (freePages >= w.minPages) return 'min-to-low';
  return 'below-min';
}

/**
 * __zone_watermark_ok() for order 0 without lowmem_reserve: the page may be taken while free > mark.
 * ALLOC_HIGH (__GFP_HIGH) lowers min by half, ALLOC_OOM (an OOM victim) by a further half (§7.2).
 */
export function zoneWatermarkOk(freePages: number, markPages: number, alloc: { high?: boolean; oomVictim?: boolean } = {}): boolean {
  let min = markPages;
  if (alloc.high) min -= Math.floor(min / 2);
  if (alloc.oomVictim) min -= Math.floor(min / 2);
  return freePages > min;
}
