// Models linux mm/swapfile.c (the swap_map of one swap area: slot allocation, reference counts,
// SWAP_HAS_CACHE) and the slot -> page index of mm/swap_state.c (the swap cache).
// Simplified: one swap device; slots are handed out lowest-first from a free stack (O(1)) instead of the
// kernel's per-CPU clusters; the header page (slot 0) is never used, so SwapTotal = (pages - 1) * 4 kB like a
// mkswap'ed area. Every array starts all-zero and nothing is filled at swapon: a large swap area costs no
// memory (and no boot time) until its slots are used.

export const NO_FRAME = -1;

export class SwapArea {
  /** Usable slots (SwapTotal / 4 kB). */
  readonly totalSlots: number;
  /**
   * Per slot s: at [2s] the swap_map count (page-table or shmem references), at [2s + 1] the swap-cache frame
   * plus one (0 = none). Side by side because a swap-out or a completed write reads both of a slot that is
   * usually not in the CPU cache (slots come back freed in any order). Slot 0 is the header.
   */
  private readonly map: Int32Array;
  /** Freed slots, a LIFO list threaded through their own count field: a free slot's map[2s] is -next (0: the
   *  end; a count is never negative, so refs() and inUse() still read free slots right), no array of its own (4 MiB
   *  for 4 GiB of swap). freeHead: the slot to hand out next, 0 when none. Slots never handed out yet are not on
   *  it: they are nextFresh..totalSlots, handed out in order once the list is empty (the order a stack filled with
   *  every slot, lowest on top, would give). */
  private freeHead = 0;
  private freeCount = 0;
  private nextFresh = 1;
  private cachedCount = 0;

  constructor(swapBytes: number) {
    const pages = Math.floor(swapBytes / 4096);
    this.totalSlots = Math.max(pages - 1, 0);
    this.map = new Int32Array(2 * (this.totalSlots + 1));
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
      this.freeHead = -this.map[2 * slot];
      this.freeCount--;
    } else if (this.nextFresh <= this.totalSlots) slot = this.nextFresh++;
    else return 0;
    this.map[2 * slot] = 1;
    return slot;
  }

  /**
   * alloc() + addToCache(slot, frame) for a page being swapped out (add_to_swap): 0 when swap is full. A free
   * slot's cache entry is known to be zero: it is written, not read.
   */
  allocFor(frame: number): number {
    const slot = this.alloc();
    if (slot === 0) return 0;
    this.map[2 * slot + 1] = frame + 1;
    this.cachedCount++;
    return slot;
  }

  /** swap_duplicate(): one more page-table reference (reclaim unmapping a swap-cache page, or fork). */
  dup(slot: number): void {
    this.assertUsed(slot);
    this.map[2 * slot]++;
  }

  refs(slot: number): number {
    const r = this.map[2 * slot];
    return r > 0 ? r : 0; // a free slot's field links the free list
  }

  /**
   * swap_free(): drop one page-table (or shmem) reference. The slot returns to the free pool once nothing
   * references it and no swap-cache page holds it (SWAP_HAS_CACHE), exactly like the kernel's swap_map.
   */
  put(slot: number): void {
    if (!this.inUse(slot) || this.map[2 * slot] === 0) throw new Error(`swap: put of unreferenced slot ${slot}`);
    if (--this.map[2 * slot] === 0 && this.map[2 * slot + 1] === 0) this.release(slot);
  }

  /** add_to_swap_cache(): the frame now holds this slot's data (SwapCached +1). */
  addToCache(slot: number, frame: number): void {
    this.assertUsed(slot);
    if (this.map[2 * slot + 1] === 0) this.cachedCount++;
    this.map[2 * slot + 1] = frame + 1;
  }

  /** delete_from_swap_cache(): the frame no longer caches the slot (SwapCached -1); may free the slot. */
  dropCache(slot: number): void {
    if (this.map[2 * slot + 1] === 0) return;
    this.map[2 * slot + 1] = 0;
    this.cachedCount--;
    if (this.map[2 * slot] === 0) this.release(slot);
  }

  /** A slot is in use while referenced or cached (the kernel's nonzero swap_map[] entry). */
  inUse(slot: number): boolean {
    return slot > 0 && slot <= this.totalSlots && (this.map[2 * slot] > 0 || this.map[2 * slot + 1] !== 0);
  }

  /** The slot's last reference or its cache page just went (put and dropCache act only on that transition, so a
   *  slot is pushed once per allocation): it is free again. */
  private release(slot: number): void {
    this.map[2 * slot] = -this.freeHead;
    this.freeHead = slot;
    this.freeCount++;
  }

  cachedFrame(slot: number): number {
    return this.map[2 * slot + 1] - 1; // NO_FRAME (-1) when none
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
