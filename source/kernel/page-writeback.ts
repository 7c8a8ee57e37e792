// Models linux mm/page-writeback.c: `global_dirtyable_memory`, `domain_dirty_limits`,
// `dirty_freerun_ceiling`, the global `pos_ratio_polynom` and the pause computed by `balance_dirty_pages`,
// and the sysctl pairing of ratio/bytes knobs (`dirty_ratio_handler`, `dirty_bytes_handler`).
// Simplified: no per-bdi/per-wb limits (one disk), no highmem, the dirty rate limit equals the device's write
// bandwidth (one dirtier), no real-time task boost.
import { divRoundUp } from './ratelimit.js';

/** MAX_PAUSE: HZ/5. */
export const MAX_PAUSE_MS = 200;
/** Writers are checked after dirtying this many pages (ratelimit_pages is at least 32 pages). */
export const DIRTY_CHECK_PAGES = 32;
const RATELIMIT_CALC_SHIFT = 10;

export interface DirtySysctls {
  dirtyRatio: number;
  dirtyBackgroundRatio: number;
  dirtyBytes: number;
  dirtyBackgroundBytes: number;
}

/** global_dirtyable_memory(): free (minus the kernel's reserve) + file LRU + 1, pages. */
export function globalDirtyableMemory(freePages: number, totalreservePages: number, activeFile: number, inactiveFile: number): number {
  let x = freePages;
  x -= Math.min(x, totalreservePages);
  x += inactiveFile + activeFile;
  return x + 1;
}

export interface DirtyLimits {
  /** nr_dirty_threshold: writers are held at this many dirty + writeback pages. */
  thresh: number;
  /** nr_dirty_background_threshold: flushers start background writeback above it. */
  bgThresh: number;
}

/** domain_dirty_limits() for the global domain. Ratios are converted to per-4096 first, as the kernel does. */
export function domainDirtyLimits(dirtyablePages: number, s: DirtySysctls): DirtyLimits {
  const ratio = Math.floor((s.dirtyRatio * 4096) / 100);
  const bgRatio = Math.floor((s.dirtyBackgroundRatio * 4096) / 100);
  const thresh = s.dirtyBytes ? divRoundUp(s.dirtyBytes, 4096) : Math.floor((ratio * dirtyablePages) / 4096);
  let bgThresh = s.dirtyBackgroundBytes
    ? divRoundUp(s.dirtyBackgroundBytes, 4096)
    : Math.floor((bgRatio * dirtyablePages) / 4096);
  if (bgThresh >= thresh) bgThresh = Math.floor(thresh / 2);
  return { thresh, bgThresh };
}

/** dirty_freerun_ceiling(): below it a writer is never slowed down. */
export function dirtyFreerunCeiling(l: DirtyLimits): number {
  return Math.floor((l.thresh + l.bgThresh) / 2);
}

/**
 * pos_ratio_polynom(): 1 + ((setpoint - dirty) / (limit - setpoint))^3 in fixed point (1 << 10 = 1.0),
 * clamped to [0, 2]; setpoint = (freerun + limit) / 2. Reaches 0 at the limit.
 */
export function posRatio(dirty: number, l: DirtyLimits): number {
  const freerun = dirtyFreerunCeiling(l);
  const limit = l.thresh;
  const setpoint = Math.floor((freerun + limit) / 2);
  const x = Math.trunc(((setpoint - dirty) * (1 << RATELIMIT_CALC_SHIFT)) / ((limit - setpoint) | 1));
  let pos = x;
  pos = Math.floor((pos * x) / (1 << RATELIMIT_CALC_SHIFT));
  pos = Math.floor((pos * x) / (1 << RATELIMIT_CALC_SHIFT));
  pos += 1 << RATELIMIT_CALC_SHIFT;
  return Math.min(Math.max(pos, 0), 2 << RATELIMIT_CALC_SHIFT);
}

/**
 * balance_dirty_pages(): how long a task that just dirtied `pagesDirtied` pages sleeps, ms.
 * 0 while dirty + writeback <= freerun; otherwise its dirtying rate is cut to write bandwidth x pos_ratio,
 * capped at MAX_PAUSE per sleep; at or above the limit it sleeps MAX_PAUSE and is checked again.
 */
export function dirtyThrottlePauseMs(
  dirtyPlusWriteback: number,
  pagesDirtied: number,
  l: DirtyLimits,
  writeBandwidthPagesPerSec: number,
): number {
  if (dirtyPlusWriteback <= dirtyFreerunCeiling(l)) return 0;
  if (dirtyPlusWriteback >= l.thresh) return MAX_PAUSE_MS;
  const taskRatelimit = (writeBandwidthPagesPerSec * posRatio(dirtyPlusWriteback, l)) / (1 << RATELIMIT_CALC_SHIFT);
  if (taskRatelimit <= 0) return MAX_PAUSE_MS;
  return Math.min((pagesDirtied * 1000) / taskRatelimit, MAX_PAUSE_MS);
}

/** Writing one knob of a ratio/bytes pair zeroes its twin (dirty_ratio_handler & co). */
export const DIRTY_TWINS: Readonly<Record<string, string>> = {
  'vm.dirty_ratio': 'vm.dirty_bytes',
  'vm.dirty_bytes': 'vm.dirty_ratio',
  'vm.dirty_background_ratio': 'vm.dirty_background_bytes',
  'vm.dirty_background_bytes': 'vm.dirty_background_ratio',
};
