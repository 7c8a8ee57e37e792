// Models the decision part of linux mm/vmscan.c: `inactive_is_low`, the file_is_tiny / cache_trim_mode /
// may_deactivate setup of `prepare_scan_control`, and `get_scan_count` with `calculate_pressure_balance`.
// Simplified: global reclaim only (no cgroup), one node, one zone; anon_cost/file_cost are given by the caller
// as decaying per-type tallies. Scanning itself is in vmscan.ts.
import { intSqrt } from './ratelimit.js';

export const DEF_PRIORITY = 12;
export const SWAP_CLUSTER_MAX = 32;
export const MAX_SWAPPINESS = 200;

/** 2 ** priority for the priorities reclaim uses: `2 ** p` with a variable p is a call to Math.pow in V8, and
 *  scanCountInto runs once per priority of every reclaim pass (the same values, looked up). */
const POW2 = Array.from({ length: DEF_PRIORITY + 1 }, (_, p) => 2 ** p);
function scaleOf(priority: number): number {
  return priority >= 0 && priority <= DEF_PRIORITY ? POW2[priority] : 2 ** priority;
}

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
  const { lru } = c;
  return scanCountInto(newScanCount(), lru.inactiveAnon, lru.activeAnon, lru.inactiveFile, lru.activeFile, c.freePages,
    c.totalHighWmark, c.swappiness, c.priority, c.canSwap, c.anonCost, c.fileCost, !!c.anonRefaulted, !!c.fileRefaulted);
}

export function newScanCount(): ScanCount {
  return { balance: 'equal', inactiveAnon: 0, activeAnon: 0, inactiveFile: 0, activeFile: 0, mayDeactivateAnon: false,
    mayDeactivateFile: false, fileIsTiny: false, cacheTrimMode: false };
}

/** getScanCount written into `out` (reclaim asks thousands of times per simulated second: no allocation). */
export function scanCountInto(out: ScanCount, inactiveAnon: number, activeAnon: number, inactiveFile: number,
  activeFile: number, freePages: number, totalHighWmark: number, swappiness: number, priority: number, canSwap: boolean,
  anonCostIn: number, fileCostIn: number, anonRefaulted = false, fileRefaulted = false): ScanCount {
  const mayDeactivateAnon = anonRefaulted || inactiveIsLow(inactiveAnon, activeAnon);
  const mayDeactivateFile = fileRefaulted || inactiveIsLow(inactiveFile, activeFile);
  const scale = scaleOf(priority);
  const cacheTrimMode = Math.floor(inactiveFile / scale) > 0 && !mayDeactivateFile;
  const file = activeFile + inactiveFile;
  const fileIsTiny =
    file + freePages <= totalHighWmark && !mayDeactivateAnon && Math.floor(inactiveAnon / scale) > 0;

  let balance: ScanBalance;
  let ap = 0, fp = 0;
  if (!canSwap) balance = 'file';
  else if (priority === 0 && swappiness > 0) balance = 'equal';
  else if (fileIsTiny) balance = 'anon';
  else if (cacheTrimMode) balance = 'file';
  else {
    balance = 'fract';
    // calculate_pressure_balance (pressureBalance, inlined: no object per call)
    let total = anonCostIn + fileCostIn;
    const anonCost = total + anonCostIn;
    const fileCost = total + fileCostIn;
    total = anonCost + fileCost;
    ap = Math.floor((swappiness * (total + 1)) / (anonCost + 1));
    fp = Math.floor(((MAX_SWAPPINESS - swappiness) * (total + 1)) / (fileCost + 1));
  }
  out.balance = balance;
  out.inactiveAnon = share(balance, inactiveAnon, false, priority, ap, fp);
  out.activeAnon = share(balance, activeAnon, false, priority, ap, fp);
  out.inactiveFile = share(balance, inactiveFile, true, priority, ap, fp);
  out.activeFile = share(balance, activeFile, true, priority, ap, fp);
  out.mayDeactivateAnon = mayDeactivateAnon;
  out.mayDeactivateFile = mayDeactivateFile;
  out.fileIsTiny = fileIsTiny;
  out.cacheTrimMode = cacheTrimMode;
  return out;
}

/** The pages of one list to scan at this priority under the chosen balance. */
function share(balance: ScanBalance, size: number, isFile: boolean, priority: number, ap: number, fp: number): number {
  const scan = Math.floor(size / scaleOf(priority));
  switch (balance) {
    case 'equal':
      return scan;
    case 'fract': {
      const denominator = ap + fp;
      return denominator === 0 ? 0 : Math.floor((scan * (isFile ? fp : ap)) / denominator);
    }
    case 'file':
      return isFile ? scan : 0;
    case 'anon':
      return isFile ? 0 : scan;
  }
}
