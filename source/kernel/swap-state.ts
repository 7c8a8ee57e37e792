// Swap-out and swap-in of pages: the role of mm/swap_state.c (add_to_swap, the swap cache), mm/vmscan.c's
// pageout() for swap-backed pages, mm/memory.c do_swap_page(), mm/shmem.c shmem_writeout/shmem_swapin_folio and
// mm/swapfile.c free_swap_and_cache().
// Life of a swapped page: slot allocated + page in the swap cache (SwapCached) -> PTE (or shmem entry) replaced by
// the swap entry (RssAnon -1, VmSwap +1) -> write queued on the disk (Writeback, pswpout) -> when the write
// completes the page is freed (MemFree +1). A fault on the entry takes the page back from the swap cache (minor)
// or reads it (major, pswpin, the read time charged to the task).
// Simplified: no swap readahead (page-cluster), a swap-cache page is treated as clean when reclaimed again, no
// fork so a slot has at most one page-table reference.
import { Kind, Lru, PG_REFERENCED, PG_WRITEBACK } from './page-frames.js';
import { allocPage, type SwapInResult } from './page-alloc.js';
import { installPte } from './pgtable.js';
import { CHUNK } from './sparse.js';
import { NO_FRAME } from './swapfile.js';
import { WB_SWAP } from './disk.js';
import { inodeOf, unmapAnonToSwap, unmapFilePage, anonMmOf } from './try-to-unmap.js';
import { addMemstall, syncSwapCounters, type PressureState } from './pressure-state.js';
import type { Inode, Mm, Task } from './state.js';

export type SwapOutOutcome = 'queued' | 'freed' | 'activate' | 'keep';

/**
 * Reclaim one unreferenced anonymous page from the inactive list. Needs a free slot unless the page already has
 * one (a page swapped in by a read fault keeps its slot): then it is unmapped and freed without I/O.
 */
export function swapOutAnon(ps: PressureState, fr: number, byKswapd: boolean): SwapOutOutcome {
  const k = ps.k, f = k.frames;
  const mm = anonMmOf(k, fr);
  if (!mm) return 'keep';
  const cachedSlot = f.swapSlot(fr);
  if (cachedSlot >= 0) {
    ps.swap.dup(cachedSlot);
    unmapAnonToSwap(k, mm, fr, cachedSlot);
    f.lruDel(fr);
    f.clearSwapCache(fr);
    ps.swap.dropCache(cachedSlot);
    f.free(fr);
    syncSwapCounters(ps);
    return 'freed';
  }
  const slot = ps.swap.allocFor(fr);
  if (slot === 0) return 'activate';
  f.lruDel(fr); // off the list before it gets its slot (page-frames.ts: then the slot needs no hash entry)
  f.setSwapCache(fr, slot);
  unmapAnonToSwap(k, mm, fr, slot);
  startSwapWrite(ps, fr, byKswapd);
  syncSwapCounters(ps);
  return 'queued';
}

/** shmem_writeout(): move a shmem page to swap; its inode entry becomes the swap entry. */
export function swapOutShmem(ps: PressureState, fr: number, byKswapd: boolean): SwapOutOutcome {
  const k = ps.k, f = k.frames;
  const ino = inodeOf(k, fr);
  if (!ino) return 'keep';
  if (!unmapFilePage(k, fr)) return 'activate';
  const slot = ps.swap.allocFor(fr);
  if (slot === 0) return 'activate';
  const index = f.index(fr);
  f.lruDel(fr); // as in swapOutAnon
  f.setSwapCache(fr, slot);
  ino.pages.set(index, -(slot + 1));
  ino.nrPages--;
  ino.nrSwapped++;
  startSwapWrite(ps, fr, byKswapd);
  syncSwapCounters(ps);
  return 'queued';
}

function startSwapWrite(ps: PressureState, fr: number, byKswapd: boolean): void {
  const k = ps.k;
  k.frames.lruDel(fr); // isolated while the write is in flight
  // A shmem page faulted back in (shmemSwapIn) while its first write was in flight: that write no longer counts.
  if (k.frames.hasFlag(fr, PG_WRITEBACK)) ps.disk.cancel(fr);
  k.frames.setWriteback(fr, true);
  ps.disk.submit(k.nowMs, fr, WB_SWAP, byKswapd);
  k.ev.pswpout++;
  k.ev.pgpgout += 4;
}

/**
 * The swap write of `fr` finished. An unmapped page is freed now (reclaim completes); a page faulted back in
 * meanwhile stays, mapped and in the swap cache. Returns true when the frame was freed.
 */
export function completeSwapWrite(ps: PressureState, fr: number): boolean {
  const k = ps.k, f = k.frames;
  if (!f.hasFlag(fr, PG_WRITEBACK)) return false;
  f.setWriteback(fr, false);
  const slot = f.swapSlot(fr);
  if (f.isMapped(fr) || slot < 0) return false;
  if (f.kindOf(fr) === Kind.SHMEM) {
    const ino = inodeOf(k, fr);
    // Faulted back into the object meanwhile: it is a cache page again.
    if (ino && ino.pages.get(f.index(fr)) === fr + 1) return false;
  }
  if (f.lruOf(fr) !== Lru.NONE) f.lruDel(fr);
  f.clearSwapCache(fr);
  ps.swap.dropCache(slot);
  f.free(fr);
  syncSwapCounters(ps);
  return true;
}

/** Count a refault of a page we evicted (workingset_refault_*). */
function noteAnonRefault(ps: PressureState): void {
  ps.k.ev.workingset_refault_anon++;
}

/**
 * do_swap_page(): the PTE of `vpn` holds a swap entry for `slot`. The page comes from the swap cache (minor
 * fault) or is read from the swap device (major fault: pswpin, pgmajfault, the read time as a memory stall).
 * A write fault, or swap more than half full, frees the slot at once; otherwise the page stays in the swap
 * cache with its slot (SwapCached), so reclaiming it again costs no I/O.
 */
export function swapIn(ps: PressureState, task: Task, mm: Mm, vpn: number, slot: number, write: boolean): SwapInResult | null {
  const k = ps.k, f = k.frames;
  let fr = ps.swap.cachedFrame(slot);
  let major = false;
  let stallMs = 0;
  if (fr === NO_FRAME) {
    fr = allocPage(k, Kind.ANON, mm.id, vpn, task);
    if (fr < 0) return null;
    // Allocation may have reclaimed, killed or let the owner exit: the entry must still be ours.
    if (task.mm !== mm || mm.pt.get(vpn) !== -(slot + 1)) {
      f.free(fr);
      return null;
    }
    ps.swap.addToCache(slot, fr);
    f.setSwapCache(fr, slot);
    major = true;
    stallMs = ps.readMsPerPage;
    k.ev.pswpin++;
    k.ev.pgpgin += 4;
    noteAnonRefault(ps);
    addMemstall(ps, task.pid, stallMs);
  } else {
    f.setRmap(fr, mm.id, vpn);
  }
  mm.pt.set(vpn, 0);
  mm.swapents--;
  installPte(k, mm, vpn, fr);
  ps.swap.put(slot);
  if ((write || ps.swap.isMoreThanHalfFull()) && !f.hasFlag(fr, PG_WRITEBACK)) {
    f.clearSwapCache(fr);
    ps.swap.dropCache(slot);
  }
  // After the swap cache is settled: a page added to a list in the swap cache moves its slot to a hash entry.
  if (f.lruOf(fr) === Lru.NONE) f.lruAdd(fr, Lru.INACTIVE_ANON);
  f.setFlag(fr, PG_REFERENCED);
  syncSwapCounters(ps);
  return { frame: fr, major, stallMs };
}

/** shmem_swapin_folio(): bring page `index` of a shmem object back; the slot is always freed. */
export function shmemSwapIn(ps: PressureState, task: Task | null, ino: Inode, index: number, slot: number): SwapInResult | null {
  const k = ps.k, f = k.frames;
  let fr = ps.swap.cachedFrame(slot);
  let major = false;
  let stallMs = 0;
  if (fr === NO_FRAME) {
    fr = allocPage(k, Kind.SHMEM, ino.id, index, task);
    if (fr < 0) return null;
    if (ino.pages.get(index) !== -(slot + 1)) {
      f.free(fr);
      return null;
    }
    major = true;
    stallMs = ps.readMsPerPage;
    k.ev.pswpin++;
    k.ev.pgpgin += 4;
    noteAnonRefault(ps);
    addMemstall(ps, task?.pid, stallMs);
  } else {
    f.clearSwapCache(fr);
    ps.swap.dropCache(slot);
  }
  ino.pages.ensure(Math.floor(index / CHUNK));
  ino.pages.set(index, fr + 1);
  ino.nrPages++;
  ino.nrSwapped--;
  if (f.lruOf(fr) === Lru.NONE) f.lruAdd(fr, Lru.INACTIVE_ANON);
  f.setFlag(fr, PG_REFERENCED);
  ps.swap.put(slot);
  syncSwapCounters(ps);
  return { frame: fr, major, stallMs };
}

/**
 * free_swap_and_cache(): a swap entry was zapped (exit, munmap, truncate), or the core is freeing a swap-cache
 * frame it owns (then the slot has no page-table reference left). A cache page nobody maps is freed too, unless
 * its write is still in flight (the completion frees it).
 */
export function swapFree(ps: PressureState, slot: number): void {
  const k = ps.k, f = k.frames;
  if (!ps.swap.inUse(slot)) return;
  const fr = ps.swap.cachedFrame(slot);
  if (ps.swap.refs(slot) === 0) {
    // The core is freeing the swap-cache frame itself (freeAnonFrame): just let go of the slot.
    if (fr !== NO_FRAME) {
      if (f.hasFlag(fr, PG_WRITEBACK)) ps.disk.cancel(fr);
      ps.swap.dropCache(slot);
    }
    syncSwapCounters(ps);
    return;
  }
  ps.swap.put(slot);
  if (ps.swap.refs(slot) === 0 && fr !== NO_FRAME && !f.isMapped(fr) && !f.hasFlag(fr, PG_WRITEBACK)) {
    const shmemLive = f.kindOf(fr) === Kind.SHMEM && inodeOf(k, fr)?.pages.get(f.index(fr)) === fr + 1;
    if (!shmemLive) {
      if (f.lruOf(fr) !== Lru.NONE) f.lruDel(fr);
      f.clearSwapCache(fr);
      ps.swap.dropCache(slot);
      f.free(fr);
    }
  }
  syncSwapCounters(ps);
}
