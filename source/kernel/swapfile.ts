// Models linux mm/swapfile.c (the swap_map of one swap area: slot allocation, reference counts,
// SWAP_HAS_CACHE) and the slot -> page index of mm/swap_state.c (the swap cache).
// Simplified: one swap device; slots are handed out lowest-first from a free stack (O(1)) instead of the
// kernel's per-CPU clusters; the header page (slot 0) is never used, so SwapTotal = (pages - 1) * 4 kB like a
// mkswap'ed area. Every array starts all-zero and nothing is filled at swapon: a large swap area costs no
// memory (and no boot time) until its slots are used.

export const NO_FRAME = -1;

/** Low bits of a slot's word: its reference count (swap_map's count byte). Counts from COUNT_MAX up continue in
 *  a small map, like the kernel's COUNT_CONTINUED pages: without fork a slot has one reference, so it stays empty. */
const COUNT_BITS = 5;
const COUNT_MAX = (1 << COUNT_BITS) - 1;
/** The swap-cache frame + 1 sits above the count: 26 bits, frames below 2^26 - 1 (256 GiB; RAM is at most 128). */
const MAX_FRAME = (1 << (31 - COUNT_BITS)) - 2;

export class SwapArea {
  /** Usable slots (SwapTotal / 4 kB). */
  readonly totalSlots: number;
  /**
   * One int32 per slot s (slot 0 is the header): (swap-cache frame + 1) << COUNT_BITS | reference count (page
   * tables or shmem), positive while the slot is in use. One word rather than two side by side: a swap-out or a
   * completed write reads both of a slot that is usually not in the CPU cache (slots come back freed in any
   * order), and the area costs 4 bytes a slot (4 MiB for 4 GiB of swap) instead of 8.
   */
  private readonly map: Int32Array;
  /** References beyond COUNT_MAX, by slot (swap_count_continued). */
  private readonly moreRefs = new Map<number, number>();
  /** Freed slots, a LIFO list threaded through their own word: a free slot's map[s] is -next (0: the end; an
   *  in-use word is positive, so refs(), cachedFrame() and inUse() still read free slots right), no array of its
   *  own. freeHead: the slot to hand out next, 0 when none. Slots never handed out yet are not on it: they are
   *  nextFresh..totalSlots, handed out in order once the list is empty (the order a stack filled with every
   *  slot, lowest on top, would give). */
  private freeHead = 0;
  private freeCount = 0;
  private nextFresh = 1;
  private cachedCount = 0;

  constructor(swapBytes: number) {
    const pages = Math.floor(swapBytes / 4096);
    this.totalSlots = Math.max(pages - 1, 0);
    this.map = new Int32Array(this.totalSlots + 1);
  }

  get freeSlots(): number {
    return this.freeCount + this.totalSlots + 1 - this.nextFresh;
  }

  get usedSlots(): number {
    return this.totalSlots - this.freeSlots;
  }

  /** Pages in the swap cache (SwapCached). */
  get swapCachedPages(): number {
    return this.cachedCount;
  }

  /** get_swap_pages(): a free slot with one reference, or 0 when swap is full (0 is never a usable slot). */
  alloc(): number {
    let slot: number;
    if (this.freeHead !== 0) {
      slot = this.freeHead;
      this.freeHead = -this.map[slot];
      this.freeCount--;
    } else if (this.nextFresh <= this.totalSlots) slot = this.nextFresh++;
    else return 0;
    this.map[slot] = 1;
    return slot;
  }

  /**
   * alloc() + addToCache(slot, frame) for a page being swapped out (add_to_swap): 0 when swap is full. A fresh
   * slot's word is known: it is written, not read.
   */
  allocFor(frame: number): number {
    const slot = this.alloc();
    if (slot === 0) return 0;
    this.map[slot] = (cacheField(frame) << COUNT_BITS) | 1;
    this.cachedCount++;
    return slot;
  }

  /** swap_duplicate(): one more page-table reference (reclaim unmapping a swap-cache page, or fork). */
  dup(slot: number): void {
    this.assertUsed(slot);
    const v = this.map[slot];
    if ((v & COUNT_MAX) === COUNT_MAX) this.moreRefs.set(slot, (this.moreRefs.get(slot) ?? 0) + 1);
    else this.map[slot] = v + 1;
  }

  refs(slot: number): number {
    const v = this.map[slot];
    if (v <= 0) return 0; // a free slot's word links the free list
    const r = v & COUNT_MAX;
    return r === COUNT_MAX ? r + (this.moreRefs.get(slot) ?? 0) : r;
  }

  /**
   * swap_free(): drop one page-table (or shmem) reference. The slot returns to the free pool once nothing
   * references it and no swap-cache page holds it (SWAP_HAS_CACHE), exactly like the kernel's swap_map.
   */
  put(slot: number): void {
    const v = this.map[slot];
    if (!this.inUse(slot) || (v & COUNT_MAX) === 0) throw new Error(`swap: put of unreferenced slot ${slot}`);
    if ((v & COUNT_MAX) === COUNT_MAX && this.moreRefs.has(slot)) {
      const more = this.moreRefs.get(slot)! - 1;
      if (more === 0) this.moreRefs.delete(slot);
      else this.moreRefs.set(slot, more);
      return;
    }
    this.map[slot] = v - 1;
    if (v === 1) this.release(slot); // no reference left and no cache page
  }

  /** add_to_swap_cache(): the frame now holds this slot's data (SwapCached +1). */
  addToCache(slot: number, frame: number): void {
    this.assertUsed(slot);
    const v = this.map[slot];
    if (v >>> COUNT_BITS === 0) this.cachedCount++;
    this.map[slot] = (cacheField(frame) << COUNT_BITS) | (v & COUNT_MAX);
  }

  /** delete_from_swap_cache(): the frame no longer caches the slot (SwapCached -1); may free the slot. */
  dropCache(slot: number): void {
    const v = this.map[slot];
    if (v <= 0 || v >>> COUNT_BITS === 0) return;
    this.map[slot] = v & COUNT_MAX;
    this.cachedCount--;
    if ((v & COUNT_MAX) === 0) this.release(slot);
  }

  /** A slot is in use while referenced or cached (the kernel's nonzero swap_map[] entry). */
  inUse(slot: number): boolean {
    return slot > 0 && slot <= this.totalSlots && this.map[slot] > 0;
  }

  /** The slot's last reference or its cache page just went (put and dropCache act only on that transition, so a
   *  slot is pushed once per allocation): it is free again. */
  private release(slot: number): void {
    this.map[slot] = -this.freeHead;
    this.freeHead = slot;
    this.freeCount++;
  }

  cachedFrame(slot: number): number {
    const v = this.map[slot];
    return v > 0 ? (v >>> COUNT_BITS) - 1 : NO_FRAME;
  }

  /** mem_cgroup_swap_full()/vm_swap_full(): more than half of swap in use (swap-in then frees the slot). */
  isMoreThanHalfFull(): boolean {
    return this.usedSlots * 2 > this.totalSlots;
  }

  private assertUsed(slot: number): void {
    if (!this.inUse(slot)) {
      throw new Error(`swap: bad slot ${slot}`);
    }
  }
}

/** A frame's value in a slot's cache field (frame + 1: 0 means no cache page). */
function cacheField(frame: number): number {
  if (frame < 0 || frame > MAX_FRAME) throw new RangeError(`swap: frame ${frame} out of range`);
  return frame + 1;
}
