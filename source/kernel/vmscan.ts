// Page reclaim: the role of linux mm/vmscan.c — shrink_inactive_list / shrink_folio_list (what happens to each
// page taken from an inactive tail), shrink_active_list (aging), shrink_lruvec (batches of SWAP_CLUSTER_MAX over
// the four lists), do_try_to_free_pages (direct reclaim, priority 12 -> 0), balance_pgdat / kswapd (background
// reclaim between the low and high watermarks). Shadow entries of evicted file pages: workingset.ts.
// Which lists and how much: get_scan_count in vmscan-policy.ts. Swap-out/in: swap-state.ts. Writeback: fs-writeback.ts.
// Simplified: no slab shrinkers here, no memcg, no MGLRU; CPU cost of scanning is a fixed time per page; a call
// examines at most a budget of pages; pages whose swap write is in flight are off the LRU.
import { Kind, Lru, PG_REFERENCED, PG_SWAPCACHE, PG_WRITEBACK } from './page-frames.js';
import { deleteFromPageCache } from './filemap.js';
import { WB_SWAP } from './disk.js';
import { LruRun } from './lru-run.js';
import { inactiveIsLow, newScanCount, scanCountInto, DEF_PRIORITY, SWAP_CLUSTER_MAX } from './vmscan-policy.js';
import { swapOutAnon, swapOutShmem, completeSwapWrite } from './swap-state.js';
import { completeFileWrite, kickFlusherNow } from './fs-writeback.js';
import { execTextState, inodeOf, inodeTextState, testClearYoung, unmapFilePage } from './try-to-unmap.js';
import { PG_ACTIVE_REF, PG_RECLAIM, addMemstall, noteCost, type PressureState } from './pressure-state.js';
import { recordShadow } from './workingset.js';
import type { KState, Task } from './state.js';

/** CPU time to examine one page, ms (about 0.5 µs: reclaim scans a few GB per second). */
export const SCAN_COST_MS = 0.0005;
/** Pages kswapd can examine per ms of simulated time. */
export const KSWAPD_PAGES_PER_MS = 512;
/** Most pages one direct-reclaim call examines (bounds the CPU time of a hopeless scan). */
export const DIRECT_SCAN_BUDGET = 1 << 16;
/** reclaim_throttle(VMSCAN_THROTTLE_WRITEBACK): a direct reclaimer waits at most HZ/10 for writeback. */
export const THROTTLE_MS = 100;
/** Swap-outs are not queued while the disk has more than this much work queued (congestion), ms. */
export const SWAP_BACKLOG_LIMIT_MS = 1000;

export interface ScanControl {
  isKswapd: boolean;
  nrToReclaim: number;
  nrReclaimed: number;
  nrScanned: number;
  /** Pages this call may still examine. */
  budget: number;
  priority: number;
  dirtySeen: number;
  /**
   * Pages of the active file list rotated in a row, each executable text of a running task, with nothing else
   * touching that list or those pages since (this pass only). Once it covers the whole list, another round
   * would find every page the same way (young bits already cleared, text state fixed for this instant): the
   * rest of a scan is a plain rotation (see shrinkActive). A later pass at the same instant resumes the streak
   * when the list has not changed since (shrinkActiveFile).
   */
  fileRotStreak: number;
}

type Outcome = 'freed' | 'activate' | 'keep' | 'queued';

/** shrink_folio_list() for one file page (page cache of a regular file or block device). */
function reclaimFilePage(ps: PressureState, sc: ScanControl, fr: number): Outcome {
  const k = ps.k, f = k.frames;
  if (f.hasFlag(fr, PG_WRITEBACK)) {
    f.setFlag(fr, PG_RECLAIM);
    return 'activate';
  }
  const mapped = f.isMapped(fr);
  const text = mapped ? execTextState(k, fr) : 0;
  const young = testClearYoung(k, fr) || text === 2;
  // folio_test_clear_referenced: for mapped pages our second-chance bit, for unmapped ones mark_page_accessed's.
  const refMask = mapped ? PG_ACTIVE_REF : PG_ACTIVE_REF | PG_REFERENCED;
  const referencedFolio = f.hasFlag(fr, refMask);
  f.clearFlag(fr, refMask);
  if (young) {
    f.setFlag(fr, PG_ACTIVE_REF);
    if (referencedFolio || f.mapCount(fr) > 1 || text !== 0) return 'activate';
    return 'keep';
  }
  if (mapped && !unmapFilePage(k, fr)) return 'activate';
  if (f.isDirty(fr)) {
    if (referencedFolio) return 'keep'; // FOLIOREF_RECLAIM_CLEAN: only clean pages go
    f.setFlag(fr, PG_RECLAIM);
    k.ev.nr_vmscan_immediate_reclaim++;
    sc.dirtySeen++;
    return 'activate';
  }
  const ino = inodeOf(k, fr);
  if (!ino) return 'keep';
  const index = f.index(fr);
  recordShadow(ps, ino, index);
  deleteFromPageCache(k, ino, index, fr);
  return 'freed';
}

/** shrink_folio_list() for a swap-backed page (private anon or shmem) from the inactive anon list. */
function reclaimAnonPage(ps: PressureState, sc: ScanControl, fr: number): Outcome {
  const k = ps.k, f = k.frames;
  if (testClearYoung(k, fr)) return 'activate';
  if (!f.hasFlag(fr, PG_SWAPCACHE) && ps.disk.backlogMs(k.nowMs) > SWAP_BACKLOG_LIMIT_MS) return 'keep';
  return f.kindOf(fr) === Kind.SHMEM ? swapOutShmem(ps, fr, sc.isKswapd) : swapOutAnon(ps, fr, sc.isKswapd);
}

/** The run of the scan in progress (shrinkInactive and shrinkActive never nest; each ends with a flush). */
const lruRun = new LruRun();

/** Verdicts known without touching any list or page table (the page only moves): the bulk of a scan. */
const NEEDS_WORK = 0, ACTIVATE = 1, KEEP = 2;

/**
 * The part of reclaimAnonPage decided by flags and counters alone: a young page is activated; a page without a
 * swap slot is kept while the swap device is congested; with swap full, swapOutAnon could only say 'keep' (no
 * mapper) or 'activate' (add_to_swap failed), and an anon page has its mapper exactly when its mapcount is non-zero
 * (the one-mapper rmap invariant audit.ts checks) - the common case once swap has filled up, when reclaim keeps
 * cycling the anon lists. NEEDS_WORK: nothing was changed, reclaimAnonPage decides.
 */
function anonVerdict(ps: PressureState, fr: number): number {
  const f = ps.k.frames;
  // Flags, kind and whether the page is mapped are one state word: a page decided here cost one load (each
  // per-frame array read is a likely cache miss: the scan follows the LRU, not frame order).
  const flags = f.flagsOf(fr);
  if ((flags & PG_REFERENCED) !== 0 && f.isMapped(fr)) {
    f.clearFlag(fr, PG_REFERENCED); // testClearYoung
    return ACTIVATE;
  }
  if ((flags & PG_SWAPCACHE) !== 0) return NEEDS_WORK; // swapSlot(fr) >= 0
  if (ps.disk.busyUntilMs - ps.k.nowMs > SWAP_BACKLOG_LIMIT_MS) return KEEP;
  if (ps.swap.freeSlots === 0 && f.kindOf(fr) === Kind.ANON) return f.isMapped(fr) ? ACTIVATE : KEEP;
  return NEEDS_WORK;
}

/**
 * shrink_inactive_list(): take up to `nr` pages from the tail of an inactive list. Pages whose verdict only moves
 * them (activate, keep) are collected in runs and spliced at once (LruRun), which gives the same lists as
 * moving them one by one; any other page is handled by reclaim{File,Anon}Page after the run before it has moved.
 */
function shrinkInactive(ps: PressureState, sc: ScanControl, file: boolean, nr: number): void {
  const k = ps.k, f = k.frames;
  const list = file ? Lru.INACTIVE_FILE : Lru.INACTIVE_ANON;
  const active = file ? Lru.ACTIVE_FILE : Lru.ACTIVE_ANON;
  const n = Math.min(nr, sc.budget);
  let scanned = 0, reclaimed = 0, pageouts = 0, activated = 0;
  const run = lruRun.start(f, list);
  let fr = f.lruOldest(list);
  for (; scanned < n; scanned++) {
    if (fr < 0 && (fr = run.restart()) < 0) break;
    const verdict = file ? NEEDS_WORK : anonVerdict(ps, fr);
    if (verdict !== NEEDS_WORK) {
      if (verdict === ACTIVATE) activated++;
      run.add(fr, verdict === ACTIVATE ? active : list);
      fr = f.lruNewerThan(fr);
      continue;
    }
    run.flush();
    const outcome = file ? reclaimFilePage(ps, sc, fr) : reclaimAnonPage(ps, sc, fr);
    if (outcome === 'freed') reclaimed++;
    else if (outcome === 'queued') pageouts++;
    else if (outcome === 'activate') { f.lruMove(fr, active); activated++; }
    else f.lruMove(fr, list);
    fr = f.lruOldest(list);
  }
  run.flush();
  if (file && scanned > 0) sc.fileRotStreak = 0; // activations add to the active file list
  sc.budget -= scanned;
  sc.nrScanned += scanned;
  sc.nrReclaimed += reclaimed;
  if (sc.isKswapd) { k.ev.pgscan_kswapd += scanned; k.ev.pgsteal_kswapd += reclaimed; }
  else { k.ev.pgscan_direct += scanned; k.ev.pgsteal_direct += reclaimed; }
  if (file) { k.ev.pgscan_file += scanned; k.ev.pgsteal_file += reclaimed; }
  else { k.ev.pgscan_anon += scanned; k.ev.pgsteal_anon += reclaimed; }
  k.ev.pgactivate += activated;
  noteCost(ps, file, pageouts * SWAP_CLUSTER_MAX + (scanned - reclaimed - pageouts));
}

/**
 * shrink_active_list(): move up to `nr` pages from an active tail to the inactive list. Every verdict only moves
 * the page, so the pages go in runs (see shrinkInactive).
 */
function shrinkActive(ps: PressureState, sc: ScanControl, file: boolean, nr: number): void {
  const k = ps.k, f = k.frames;
  const list = file ? Lru.ACTIVE_FILE : Lru.ACTIVE_ANON;
  const inactive = file ? Lru.INACTIVE_FILE : Lru.INACTIVE_ANON;
  const n = Math.min(nr, sc.budget);
  if (file && n > 0 && sc.fileRotStreak >= f.lruSize[list] && f.lruSize[list] > 0) {
    const size = f.lruSize[list];
    f.lruRotate(list, n < size ? n : n % size); // no fmod call in the common case
    sc.fileRotStreak += n;
    sc.budget -= n;
    sc.nrScanned += n;
    k.ev.pgrefill += n;
    return;
  }
  let scanned = 0, deactivated = 0;
  const run = lruRun.start(f, list);
  let fr = f.lruOldest(list);
  for (; scanned < n; scanned++) {
    if (fr < 0 && (fr = run.restart()) < 0) break;
    // folio_referenced(): test and clear the young bit of a mapped page (testClearYoung, inlined).
    const mapped = f.isMapped(fr);
    const pteYoung = mapped && f.hasFlag(fr, PG_REFERENCED);
    if (pteYoung) f.clearFlag(fr, PG_REFERENCED);
    // Referenced executable file pages get another trip around the active list.
    let dest = inactive;
    if (file && mapped) {
      const text = inodeTextState(k, f.ownerOf(fr));
      if (text === 2 || (pteYoung && text === 1)) dest = list;
      sc.fileRotStreak = text === 2 ? sc.fileRotStreak + 1 : 0;
    } else if (file) sc.fileRotStreak = 0;
    if (dest === inactive) deactivated++;
    run.add(fr, dest);
    fr = f.lruNewerThan(fr);
  }
  run.flush();
  sc.budget -= scanned;
  sc.nrScanned += scanned;
  k.ev.pgrefill += scanned;
  k.ev.pgdeactivate += deactivated;
}

/**
 * shrinkActive of the active file list, resuming the rotation streak of an earlier pass at this instant when the
 * list is unchanged since (same lruVersion: no page joined, left, moved, was referenced, mapped or unmapped):
 * those pages would be found exactly as that pass left them, and the text state is fixed per instant. Direct
 * reclaim runs several passes per allocation stall (each priority, each retry), and each used to walk the whole
 * list of running executables' text again before its own streak covered it (most of pgrefill under pressure).
 */
function shrinkActiveFile(ps: PressureState, sc: ScanControl, nr: number): void {
  const f = ps.k.frames, mem = ps.fileRot;
  if (mem.atMs === ps.k.nowMs && mem.version === f.lruVersion[Lru.ACTIVE_FILE]) sc.fileRotStreak = mem.streak;
  shrinkActive(ps, sc, true, nr);
  mem.streak = sc.fileRotStreak;
  mem.version = f.lruVersion[Lru.ACTIVE_FILE];
  mem.atMs = ps.k.nowMs;
}

/**
 * can_reclaim_anon_pages(): a free swap slot exists (get_nr_swap_pages() > 0) — and the swap device is not
 * congested (with more than SWAP_BACKLOG_LIMIT_MS of writes queued, reclaim leaves anon alone and waits for the
 * writes instead). Pages already in the swap cache do not count: with every slot taken, Linux scans file pages
 * only (get_scan_count's SCAN_FILE) even though a clean swap-cache page could be dropped without a new slot.
 */
function canSwap(ps: PressureState): boolean {
  if (ps.disk.backlogMs(ps.k.nowMs) > SWAP_BACKLOG_LIMIT_MS) return false;
  return ps.swap.freeSlots > 0;
}

/** The scan targets of the shrinkNode in progress (reused: shrinkNode is not re-entered). */
const scanCount = newScanCount();

/** shrink_node() + shrink_lruvec() at sc.priority. */
export function shrinkNode(ps: PressureState, sc: ScanControl): void {
  const k = ps.k, f = k.frames;
  const swappable = canSwap(ps);
  const c = scanCountInto(scanCount, f.lruSize[Lru.INACTIVE_ANON], f.lruSize[Lru.ACTIVE_ANON], f.lruSize[Lru.INACTIVE_FILE],
    f.lruSize[Lru.ACTIVE_FILE], f.nrFree, k.wmark.high, k.sysctl.value('vm.swappiness'), sc.priority, swappable,
    ps.anonCost, ps.fileCost);
  let nr0 = c.inactiveAnon, nr1 = c.activeAnon, nr2 = c.inactiveFile, nr3 = c.activeFile;
  const mayDeactivateAnon = c.mayDeactivateAnon, mayDeactivateFile = c.mayDeactivateFile;
  // Batches of SWAP_CLUSTER_MAX over the four lists in turn (shrink_lruvec), until the targets or the budget run out.
  while ((nr0 > 0 || nr2 > 0 || nr3 > 0) && sc.budget > 0) {
    if (nr0 > 0) { const n = Math.min(nr0, SWAP_CLUSTER_MAX); nr0 -= n; shrinkInactive(ps, sc, false, n); }
    if (nr1 > 0) { const n = Math.min(nr1, SWAP_CLUSTER_MAX); nr1 -= n; if (mayDeactivateAnon) shrinkActive(ps, sc, false, n); }
    if (nr2 > 0) { const n = Math.min(nr2, SWAP_CLUSTER_MAX); nr2 -= n; shrinkInactive(ps, sc, true, n); }
    if (nr3 > 0) { const n = Math.min(nr3, SWAP_CLUSTER_MAX); nr3 -= n; if (mayDeactivateFile) shrinkActiveFile(ps, sc, n); }
    if (sc.nrReclaimed >= sc.nrToReclaim) break;
  }
  // Keep the anon lists aged even when only file pages were scanned (shrink_lruvec's tail).
  if (swappable && inactiveIsLow(f.lruSize[Lru.INACTIVE_ANON], f.lruSize[Lru.ACTIVE_ANON])) {
    shrinkActive(ps, sc, false, SWAP_CLUSTER_MAX);
  }
  if (sc.dirtySeen > 0) { kickFlusherNow(ps); sc.fileRotStreak = 0; }
}

/** do_try_to_free_pages(): priority 12 -> 0 until enough is reclaimed. */
function tryToFreePages(ps: PressureState, sc: ScanControl): void {
  for (sc.priority = DEF_PRIORITY; sc.priority >= 0 && sc.budget > 0; sc.priority--) {
    shrinkNode(ps, sc);
    if (sc.nrReclaimed >= sc.nrToReclaim) break;
  }
}

const popped = { kind: 0, byKswapd: false, doneMs: 0 };

/**
 * Process disk writes completed by `untilMs`: swap-outs free their page, file pages wanted by reclaim rotate
 * (or, for a waiting direct reclaimer, are freed at once). Stops after `maxFreed` frees. Returns the pages freed
 * and the completion time of the last write processed.
 */
export function completeWrites(ps: PressureState, untilMs: number, maxFreed: number, direct: boolean): { freed: number; lastMs: number } {
  const ev = ps.k.ev;
  let freed = 0;
  let lastMs = ps.k.nowMs;
  while (freed < maxFreed) {
    const fr = ps.disk.popDone(untilMs, popped);
    if (fr === -1) break;
    if (fr === -2) continue;
    lastMs = Math.max(lastMs, popped.doneMs);
    const isFile = popped.kind !== WB_SWAP;
    const ok = isFile ? completeFileWrite(ps, fr, direct) : completeSwapWrite(ps, fr);
    if (!ok) continue;
    freed++;
    if (!direct && (isFile || popped.byKswapd)) ev.pgsteal_kswapd++; else ev.pgsteal_direct++;
    if (isFile) ev.pgsteal_file++; else ev.pgsteal_anon++;
  }
  return { freed, lastMs };
}

/**
 * try_to_free_pages() for an allocating task: 32 pages, then — if short and writes are in flight — wait up to
 * THROTTLE_MS for them. The stall (scan time + wait) is the task's and counts as a memory stall.
 */
export function directReclaim(ps: PressureState, task: Task | null): { reclaimed: number; stallMs: number } {
  const k = ps.k;
  k.ev.allocstall_normal++;
  const sc: ScanControl = {
    isKswapd: false, nrToReclaim: SWAP_CLUSTER_MAX, nrReclaimed: 0, nrScanned: 0, budget: DIRECT_SCAN_BUDGET,
    priority: DEF_PRIORITY, dirtySeen: 0, fileRotStreak: 0,
  };
  tryToFreePages(ps, sc);
  let waited = 0;
  // The task's own clock: a task already throttled in this quantum is asleep until its stall ends, so its next
  // reclaim_throttle waits for the writes after that (the global clock only moves between quanta). Without this
  // every retry would look at the same 100 ms window, find it used up, and count as no progress: an OOM kill
  // with swap still free while the disk was merely slower than the allocator.
  const taskNow = Math.max(k.nowMs, task ? ps.memstall.endOf(task.pid) : 0);
  if (sc.nrReclaimed < sc.nrToReclaim && ps.disk.length > 0 && ps.disk.nextDoneMs() <= taskNow + THROTTLE_MS) {
    const r = completeWrites(ps, taskNow + THROTTLE_MS, sc.nrToReclaim - sc.nrReclaimed, true);
    sc.nrReclaimed += r.freed;
    waited = Math.max(0, r.lastMs - taskNow);
  }
  if (sc.nrReclaimed > 0) ps.kswapd.failures = 0; // a successful direct reclaim revives a hopeless kswapd
  const stallMs = sc.nrScanned * SCAN_COST_MS + waited;
  addMemstall(ps, task?.pid, stallMs);
  return { reclaimed: sc.nrReclaimed, stallMs };
}

/** wakeup_kswapd(): below the low watermark. A hopeless kswapd (16 failed runs) is not woken. */
export function wakeKswapd(ps: PressureState): void {
  const k = ps.k, ks = ps.kswapd;
  if (ks.awake || ks.failures >= 16 || k.frames.nrFree >= k.wmark.high) return;
  ks.awake = true;
  ks.reclaimedThisRun = 0;
  k.ev.pageoutrun++;
  if (k.nowMs - ks.sleptAtMs < 100) k.ev.kswapd_low_wmark_hit_quickly++;
}

/** One quantum of kswapd (balance_pgdat): reclaim toward the high watermark, then sleep. */
export function kswapdTick(ps: PressureState, quantumMs: number, freedByWrites: number): void {
  const k = ps.k, ks = ps.kswapd, f = k.frames;
  ks.busyMs = 0;
  if (!ks.awake) return;
  ks.reclaimedThisRun += freedByWrites;
  if (f.nrFree >= k.wmark.high) { kswapdSleep(ps); return; }
  const sc: ScanControl = {
    isKswapd: true, nrToReclaim: Math.max(SWAP_CLUSTER_MAX, k.wmark.high - f.nrFree), nrReclaimed: 0,
    nrScanned: 0, budget: Math.floor(KSWAPD_PAGES_PER_MS * quantumMs), priority: DEF_PRIORITY, dirtySeen: 0,
    fileRotStreak: 0,
  };
  tryToFreePages(ps, sc);
  ks.reclaimedThisRun += sc.nrReclaimed;
  const progress = sc.nrReclaimed + freedByWrites > 0 || ps.disk.length > 0;
  ks.failures = progress ? 0 : ks.failures + 1;
  if (f.nrFree >= k.wmark.high || ks.failures >= 16) {
    kswapdSleep(ps);
    ks.busyMs = Math.min(quantumMs, sc.nrScanned / KSWAPD_PAGES_PER_MS);
  } else {
    // Still below high: kswapd stays in balance_pgdat (scanning or throttled on writeback), a memory stall
    // for the whole quantum (psi_memstall_enter around balance_pgdat).
    ks.busyMs = quantumMs;
  }
}

function kswapdSleep(ps: PressureState): void {
  ps.kswapd.awake = false;
  ps.kswapd.sleptAtMs = ps.k.nowMs;
}

/** Used by tests and the OOM decision: could reclaim free anything at all right now? */
export function reclaimablePages(k: KState, swapFree: number): number {
  const f = k.frames;
  const file = f.lruSize[Lru.INACTIVE_FILE] + f.lruSize[Lru.ACTIVE_FILE];
  const anon = f.lruSize[Lru.INACTIVE_ANON] + f.lruSize[Lru.ACTIVE_ANON];
  return file + Math.min(anon, swapFree);
}

