// Models linux mm/swapfile.c (the swap_map of one swap area: slot allocation, reference counts,
// SWAP_HAS_CACHE) and the slot -> page index of mm/swap_state.c (the swap cache).
// Simplified: one swap device; slots are handed out lowest-first from a free stack (O(1)) instead of the
// kernel's per-CPU clusters; the header page (slot 0) is never used, so SwapTotal = (pages - 1) * 4 kB like a
// mkswap'ed area.

export const NO_FRAME = -1;

export class SwapArea {
  /** Usable slots (SwapTotal / 4 kB). */
  readonly totalSlots: number;
  /** swap_map: number of page-table (or shmem) references per slot; slot 0 is the header. */
  private readonly count: Uint32Array;
  /** Swap cache: the page frame holding the slot's data, or NO_FRAME. */
  private readonly cacheFrame: Int32Array;
  /** Free slots, the next one to hand out on top. */
  private readonly freeStack: Int32Array;
  /** 1 while the slot sits in the free stack. */
  private readonly isFree: Uint8Array;
  private freeTop: number;
  private cachedCount = 0;

  constructor(swapBytes: number) {
    const pages = Math.floor(swapBytes / 4096);
    this.totalSlots = Math.max(pages - 1, 0);
    this.count = new Uint32Array(this.totalSlots + 1);
    this.cacheFrame = new Int32Array(this.totalSlots + 1).fill(NO_FRAME);
    this.freeStack = new Int32Array(this.totalSlots);
    this.isFree = new Uint8Array(this.totalSlots + 1).fill(1);
    this.isFree[0] = 0;
    // Highest slot at the bottom so that slot 1 comes out first.
    for (let i = 0; i < this.totalSlots; i++) this.freeStack[i] = this.totalSlots - i;
    this.freeTop = this.totalSlots;
  }

  get freeSlots(): number {
    return this.freeTop;
  }

  get usedSlots(): number {
    return this.totalSlots - this.freeTop;
  }

  /** Pages in the swap cache (SwapCached). */
  get swapCachedPages(): number {
    return this.cachedCount;
  }

  /** get_swap_pages(): a free slot with one reference, or 0 when swap is full (0 is never a usable slot). */
  alloc(): number {
    if (this.freeTop === 0) return 0;
    const slot = this.freeStack[--this.freeTop];
    this.isFree[slot] = 0;
    this.count[slot] = 1;
    return slot;
  }

  /** swap_duplicate(): one more page-table reference (reclaim unmapping a swap-cache page, or fork). */
  dup(slot: number): void {
    this.assertUsed(slot);
    this.count[slot]++;
  }

  refs(slot: number): number {
    return this.count[slot];
  }

  /**
   * swap_free(): drop one page-table (or shmem) reference. The slot returns to the free pool once nothing
   * references it and no swap-cache page holds it (SWAP_HAS_CACHE), exactly like the kernel's swap_map.
   */
  put(slot: number): void {
    if (!this.inUse(slot) || this.count[slot] === 0) throw new Error(`swap: put of unreferenced slot ${slot}`);
    this.count[slot]--;
    this.releaseIfUnused(slot);
  }

  /** add_to_swap_cache(): the frame now holds this slot's data (SwapCached +1). */
  addToCache(slot: number, frame: number): void {
    this.assertUsed(slot);
    if (this.cacheFrame[slot] === NO_FRAME) this.cachedCount++;
    this.cacheFrame[slot] = frame;
  }

  /** delete_from_swap_cache(): the frame no longer caches the slot (SwapCached -1); may free the slot. */
  dropCache(slot: number): void {
    if (this.cacheFrame[slot] === NO_FRAME) return;
    this.cacheFrame[slot] = NO_FRAME;
    this.cachedCount--;
    this.releaseIfUnused(slot);
  }

  /** A slot is in use while referenced or cached (the kernel's nonzero swap_map[] entry). */
  inUse(slot: number): boolean {
    return slot > 0 && slot <= this.totalSlots && (this.count[slot] > 0 || this.cacheFrame[slot] !== NO_FRAME);
  }

  private releaseIfUnused(slot: number): void {
    if (this.count[slot] === 0 && this.cacheFrame[slot] === NO_FRAME && !this.isFree[slot]) {
      this.isFree[slot] = 1;
      this.freeStack[this.freeTop++] = slot;
    }
  }

  cachedFrame(slot: number): number {
    return this.cacheFrame[slot];
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
