// Models the decision part of linux mm/vmscan.c: `inactive_is_low`, the file_is_tiny / cache_trim_mode /
// may_deactivate setup of `prepare_scan_control`, and `get_scan_count` with `calculate_pressure_balance`.
// Simplified: global reclaim only (no cgroup), one node, one zone; anon_cost/file_cost are given by the caller
// as decaying per-type tallies. Scanning itself is in vmscan.ts.
import { intSqrt } from './ratelimit.js';

export const DEF_PRIORITY = 12;
export const SWAP_CLUSTER_MAX = 32;
export const MAX_SWAPPINESS = 200;

/** Sizes of the four evictable LRU lists, pages. */
export interface LruSizes {
  inactiveAnon: number;
  activeAnon: number;
  inactiveFile: number;
  activeFile: number;
}

/**
 * inactive_is_low(): the inactive list is low when inactive * ratio < active, ratio = int_sqrt(10 * GB of
 * that type) (1 below 1 GB): 1 GB -> 3, 10 GB -> 10, 100 GB -> 31.
 */
export function inactiveRatio(inactive: number, active: number): number {
  const gb = Math.floor((inactive + active) / 262144); // >> (30 - PAGE_SHIFT)
  return gb ? intSqrt(10 * gb) : 1;
}

export function inactiveIsLow(inactive: number, active: number): boolean {
  return inactive * inactiveRatio(inactive, active) < active;
}

export type ScanBalance = 'equal' | 'fract' | 'anon' | 'file';

export interface ScanControlInput {
  lru: LruSizes;
  freePages: number;
  /** Sum of the high watermarks of the node's zones. */
  totalHighWmark: number;
  swappiness: number;
  priority: number;
  /** can_reclaim_anon_pages(): a free swap slot exists (and may_swap). */
  canSwap: boolean;
  /** Decaying reclaim/refault cost tallies per type. */
  anonCost: number;
  fileCost: number;
  /** Refaults since the last reclaim run force deactivation of that type (workingset_activate_*). */
  anonRefaulted?: boolean;
  fileRefaulted?: boolean;
}

export interface ScanCount {
  balance: ScanBalance;
  /** Pages to scan from each list this pass. */
  inactiveAnon: number;
  activeAnon: number;
  inactiveFile: number;
  activeFile: number;
  /** Whether shrink_list may age (deactivate) the active list of each type. */
  mayDeactivateAnon: boolean;
  mayDeactivateFile: boolean;
  fileIsTiny: boolean;
  cacheTrimMode: boolean;
}

/** calculate_pressure_balance(): fractions of the scan target for anon and file. */
export function pressureBalance(swappiness: number, anonCostIn: number, fileCostIn: number): { ap: number; fp: number } {
  let total = anonCostIn + fileCostIn;
  const anonCost = total + anonCostIn;
  const fileCost = total + fileCostIn;
  total = anonCost + fileCost;
  const ap = Math.floor((swappiness * (total + 1)) / (anonCost + 1));
  const fp = Math.floor(((MAX_SWAPPINESS - swappiness) * (total + 1)) / (fileCost + 1));
  return { ap, fp };
}

/** prepare_scan_control() + get_scan_count() for global reclaim at one priority. */
export function getScanCount(c: ScanControlInput): ScanCount {
  const { lru, priority, swappiness } = c;
  const mayDeactivateAnon = !!c.anonRefaulted || inactiveIsLow(lru.inactiveAnon, lru.activeAnon);
  const mayDeactivateFile = !!c.fileRefaulted || inactiveIsLow(lru.inactiveFile, lru.activeFile);
  const cacheTrimMode = Math.floor(lru.inactiveFile / 2 ** priority) > 0 && !mayDeactivateFile;
  const file = lru.activeFile + lru.inactiveFile;
  const fileIsTiny =
    file + c.freePages <= c.totalHighWmark && !mayDeactivateAnon && Math.floor(lru.inactiveAnon / 2 ** priority) > 0;

  let balance: ScanBalance;
  let ap = 0, fp = 0;
  if (!c.canSwap) balance = 'file';
  else if (priority === 0 && swappiness > 0) balance = 'equal';
  else if (fileIsTiny) balance = 'anon';
  else if (cacheTrimMode) balance = 'file';
  else {
    balance = 'fract';
    ({ ap, fp } = pressureBalance(swappiness, c.anonCost, c.fileCost));
  }
  const denominator = ap + fp;
  const share = (size: number, isFile: boolean): number => {
    const scan = Math.floor(size / 2 ** priority);
    switch (balance) {
      case 'equal':
        return scan;
      case 'fract':
        return denominator === 0 ? 0 : Math.floor((scan * (isFile ? fp : ap)) / denominator);
      case 'file':
        return isFile ? scan : 0;
      case 'anon':
        return isFile ? 0 : scan;
    }
  };
  return {
    balance,
    inactiveAnon: share(lru.inactiveAnon, false),
    activeAnon: share(lru.activeAnon, false),
    inactiveFile: share(lru.inactiveFile, true),
    activeFile: share(lru.activeFile, true),
    mayDeactivateAnon,
    mayDeactivateFile,
    fileIsTiny,
    cacheTrimMode,
  };
}
