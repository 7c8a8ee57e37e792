// The page allocator's decision path: the role of mm/page_alloc.c (__alloc_pages, get_page_from_freelist,
// __alloc_pages_slowpath, should_reclaim_retry) and the seams where reclaim, OOM and overcommit plug in.
// Simplified: one zone, order 0, no per-CPU lists, no compaction, no watermark boost here.
//
// PRESSURE (issue 3) provides the real reclaim/OOM/overcommit/swap/writeback by replacing members of
// `k.hooks` (see installPressure in its files and /work/coord/KERNEL-INTERNALS.md). The defaults below keep a
// kernel without them usable: no reclaim, and when memory runs out the allocating task dies with a log line.
import { Kind, Lru } from './page-frames.js';
import { KERN_ERR } from './printk.js';
import { printkLine, type Inode, type KState, type Mm, type Task, type Watermark } from './state.js';
import type { PsiLine } from './types.js';

/** MAX_RECLAIM_RETRIES (mm/internal.h): fruitless direct-reclaim rounds before the OOM killer. */
export const MAX_RECLAIM_RETRIES = 16;

export interface ReclaimResult {
  /** Pages freed by this reclaim attempt. */
  reclaimed: number;
  /** Simulated time the allocating task stalled in it, ms. */
  stallMs: number;
}

export interface SwapInResult {
  frame: number;
  major: boolean;
  stallMs: number;
}

/** Everything PRESSURE plugs into. All members are replaceable; defaults are in defaultHooks(). */
export interface PressureHooks {
  /** Fast path failed the low watermark (wakeup_kswapd). */
  wakeKswapd(k: KState): void;
  /** Free fell to min: the allocating task reclaims itself (try_to_free_pages). `task` null = kernel context. */
  directReclaim(k: KState, task: Task | null): ReclaimResult;
  /** Reclaim made no progress MAX_RECLAIM_RETRIES times: out_of_memory(). Return true when a victim was chosen
   *  (memory will come back, the allocator retries); false when nothing could be killed. */
  outOfMemory(k: KState, task: Task | null): boolean;
  /** __vm_enough_memory: charge `pages` to Committed_AS (k.committed) and return true, or leave it unchanged,
   *  log, and return false (ENOMEM). */
  vmEnoughMemory(k: KState, task: Task | null, pages: number, capSysAdmin: boolean): boolean;
  /** vm_unacct_memory. */
  vmUnacctMemory(k: KState, pages: number): void;
  /** Fault on a PTE holding a swap entry (do_swap_page): map a page at vpn (PTE, rss, swapents, LRU). null =
   *  could not get a page (task was killed). `write`: an exclusive write fault (the slot may be freed at once). */
  swapIn(k: KState, task: Task, mm: Mm, vpn: number, slot: number, write: boolean): SwapInResult | null;
  /** Fault on a shmem page that is in swap: bring it back into inode.pages[index] (the caller maps it). */
  shmemSwapIn(k: KState, task: Task | null, inode: Inode, index: number, slot: number, write: boolean): SwapInResult | null;
  /** A page under writeback is being removed from the page cache (truncate/unlink): drop it from the I/O queue. */
  writebackCancel?(k: KState, fr: number): void;
  /** A NEW page was inserted into a file's cache (workingset refault detection may activate it). */
  pageCacheAdded?(k: KState, inode: Inode, index: number, fr: number): void;
  /** Could pageCacheAdded do anything for a page added now? false: it returns at once for every page (no page was
   *  evicted yet, so there is no shadow entry to match), and a run of new pages skips the calls (filemap.ts
   *  insertRun: boot adds ~30,000). Absent: it could. */
  refaultsPossible?(k: KState): boolean;
  /** Drop one reference to a swap slot (swap_free / free_swap_and_cache) when a swap PTE is zapped. */
  swapFree(k: KState, slot: number): void;
  /** balance_dirty_pages after `task` dirtied `pages`: ms the writer must sleep. */
  balanceDirtyPages(k: KState, task: Task | null, pages: number): number;
  /** sync(2): write back every dirty page; returns ms the caller waits. */
  sync(k: KState, task: Task | null): number;
  /** Once per scheduler quantum, after programs ran: kswapd, flushers, oom_reaper, PSI averaging. */
  tick(k: KState, quantumMs: number): void;
  /** A vm.* sysctl was written (after range checks): recompute watermarks, run drop_caches, ... */
  sysctlWritten(k: KState, name: string, value: number, writer: Task | null): void;
  /** Current /proc/pressure/memory numbers. */
  psi(k: KState): { some: PsiLine; full: PsiLine };
  kswapdState(k: KState): 'sleeping' | 'reclaiming';
  /** vmstat nr_dirty_threshold / nr_dirty_background_threshold (pages). */
  dirtyThresholds(k: KState): { thresh: number; bgThresh: number };
}

const ZERO_PSI: PsiLine = { avg10: 0, avg60: 0, avg300: 0, total: 0 };

/** int_sqrt of lib/math/int_sqrt.c. */
export function intSqrt(x: number): number {
  return Math.floor(Math.sqrt(x));
}

/** calculate_min_free_kbytes(): clamp(int_sqrt(16 x lowmem kB), 128, 262144). */
export function defaultMinFreeKbytes(managedPages: number): number {
  const lowmemKb = managedPages * 4;
  return Math.min(262144, Math.max(128, intSqrt(lowmemKb * 16)));
}

/** __setup_per_zone_wmarks() for our single zone (§7.1). */
export function computeWatermarks(managedPages: number, minFreeKbytes: number, scaleFactor: number): Watermark {
  const min = Math.floor(minFreeKbytes / 4);
  const tmp = Math.max(Math.floor(min / 4), Math.floor((managedPages * scaleFactor) / 10000));
  const low = min + tmp, high = min + 2 * tmp;
  return { minFreeKbytes, min, low, high, totalreserve: Math.min(managedPages, high) };
}

export function defaultHooks(): PressureHooks {
  return {
    wakeKswapd() {},
    directReclaim: () => ({ reclaimed: 0, stallMs: 0 }),
    outOfMemory: () => false,
    vmEnoughMemory(k, _task, pages) {
      // Mode-0 rule of __vm_enough_memory (§3.2): only a single request larger than RAM + swap fails.
      const totalram = k.frames.total, totalswap = k.swap.totalPages;
      k.committed += pages;
      if (k.sysctl.value('vm.overcommit_memory') === 1) return true;
      if (pages > totalram + totalswap) { k.committed -= pages; return false; }
      return true;
    },
    vmUnacctMemory(k, pages) { k.committed -= pages; },
    swapIn: () => null,
    shmemSwapIn: () => null,
    swapFree() {},
    balanceDirtyPages: () => 0,
    sync(k) {
      // Without a writeback model: every dirty page is clean at once; the caller waits for the disk.
      let pages = 0;
      for (const ino of k.inodes.values()) {
        if (ino.nrDirty === 0) continue;
        ino.pages.forEachIn(0, Math.ceil(ino.sizeBytes / 4096), (_i, e) => {
          if (e > 0 && k.frames.clearDirty(e - 1)) { pages++; ino.nrDirty--; }
        });
        ino.dirtiedWhenMs = -1;
      }
      k.ev.pgpgout += pages * 4;
      return (pages * 4096 * 1000) / k.config.diskWriteBps;
    },
    tick() {},
    sysctlWritten(k, name) {
      if (name === 'vm.min_free_kbytes' || name === 'vm.watermark_scale_factor') {
        k.wmark = computeWatermarks(k.frames.total, k.sysctl.value('vm.min_free_kbytes'),
          k.sysctl.value('vm.watermark_scale_factor'));
      }
    },
    psi: () => ({ some: ZERO_PSI, full: ZERO_PSI }),
    kswapdState: () => 'sleeping',
    dirtyThresholds(k) {
      const f = k.frames;
      const dirtyable = f.nrFree - Math.min(f.nrFree, k.wmark.totalreserve) + f.lruSize[Lru.INACTIVE_FILE] + f.lruSize[Lru.ACTIVE_FILE] + 1;
      const thresh = Math.floor((Math.floor((k.sysctl.value('vm.dirty_ratio') * 4096) / 100) * dirtyable) / 4096);
      let bg = Math.floor((Math.floor((k.sysctl.value('vm.dirty_background_ratio') * 4096) / 100) * dirtyable) / 4096);
      if (bg >= thresh) bg = Math.floor(thresh / 2);
      return { thresh, bgThresh: bg };
    },
  };
}

/** Task is being killed: it may use the reserves below min to exit (ALLOC_OOM). */
function mayUseReserves(task: Task | null): boolean {
  return task !== null && (task.exiting || task.oomKilled);
}

/**
 * Allocate one frame for `task` (null = kernel). Returns the frame, or -1 when the allocation failed — then
 * the task has been killed (or is a kernel caller that must cope). Stall time goes to k.stallMs.
 */
export function allocPage(k: KState, kind: Kind, owner: number, index: number, task: Task | null): number {
  const f = k.frames;
  // Fast path (get_page_from_freelist at the low watermark).
  if (f.nrFree > k.wmark.low) return f.alloc(kind, owner, index);
  return allocSlowpath(k, kind, owner, index, task);
}

function allocSlowpath(k: KState, kind: Kind, owner: number, index: number, task: Task | null): number {
  const f = k.frames;
  k.hooks.wakeKswapd(k);
  let noProgress = 0;
  for (;;) {
    if (f.nrFree > k.wmark.min) return f.alloc(kind, owner, index);
    if (mayUseReserves(task) && f.nrFree > 0) return f.alloc(kind, owner, index);
    if (task !== null && task.exiting) return -1;
    const r = k.hooks.directReclaim(k, task);
    k.stallMs += r.stallMs;
    if (f.nrFree > k.wmark.min) return f.alloc(kind, owner, index);
    noProgress = r.reclaimed > 0 ? 0 : noProgress + 1;
    if (noProgress <= MAX_RECLAIM_RETRIES) continue;
    // One last try at the high watermark happened above (free > min is weaker); then the OOM killer.
    if (k.panicked) return -1;
    const killed = k.hooks.outOfMemory(k, task);
    if (task !== null && (task.exiting || task.oomKilled)) {
      // We are the victim: allocate from the reserves if anything is left, else give up.
      return f.nrFree > 0 ? f.alloc(kind, owner, index) : -1;
    }
    if (!killed) return outOfFrames(k, task);
    noProgress = 0;
  }
}

/** Default end of the road: nothing reclaimable, nobody killed. The allocating task dies (see memory.ts). */
function outOfFrames(k: KState, task: Task | null): number {
  if (task !== null) {
    printkLine(k, KERN_ERR, `Out of memory: page allocation failed for ${task.comm} (${task.pid}), order:0`);
    task.exiting = true;
  }
  return -1;
}

/** Allocate a kernel page that is never reclaimed (slab, page tables, kernel stacks) and may use reserves. */
export function allocKernelPage(k: KState, kind: Kind, task: Task | null): number {
  const f = k.frames;
  if (f.nrFree > k.wmark.min) return f.alloc(kind, 0, 0);
  const got = allocPage(k, kind, 0, 0, task);
  if (got >= 0) return got;
  return f.nrFree > 0 ? f.alloc(kind, 0, 0) : -1;
}
