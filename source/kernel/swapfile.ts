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
  /** swap_map: number of page-table (or shmem) references per slot; slot 0 is the header. */
  private readonly count: Uint32Array;
  /** Swap cache: the page frame holding the slot's data plus one, 0 for none. */
  private readonly cacheFrame1: Int32Array;
  /** Freed slots, the next one to hand out on top. Slots never handed out yet are not in it: they are
   *  nextFresh..totalSlots, handed out in order once the stack is empty (the order a stack filled with every
   *  slot, lowest on top, would give). */
  private readonly freeStack: Int32Array;
  private freeTop = 0;
  private nextFresh = 1;
  /** 1 while the slot is handed out (not free). */
  private readonly taken: Uint8Array;
  private cachedCount = 0;

  constructor(swapBytes: number) {
    const pages = Math.floor(swapBytes / 4096);
    this.totalSlots = Math.max(pages - 1, 0);
    this.count = new Uint32Array(this.totalSlots + 1);
    this.cacheFrame1 = new Int32Array(this.totalSlots + 1);
    this.freeStack = new Int32Array(this.totalSlots);
    this.taken = new Uint8Array(this.totalSlots + 1);
    this.taken[0] = 1; // the header: never free
  }

  get freeSlots(): number {
    return this.freeTop + this.totalSlots + 1 - this.nextFresh;
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
    if (this.freeTop > 0) slot = this.freeStack[--this.freeTop];
    else if (this.nextFresh <= this.totalSlots) slot = this.nextFresh++;
    else return 0;
    this.taken[slot] = 1;
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
    if (this.cacheFrame1[slot] === 0) this.cachedCount++;
    this.cacheFrame1[slot] = frame + 1;
  }

  /** delete_from_swap_cache(): the frame no longer caches the slot (SwapCached -1); may free the slot. */
  dropCache(slot: number): void {
    if (this.cacheFrame1[slot] === 0) return;
    this.cacheFrame1[slot] = 0;
    this.cachedCount--;
    this.releaseIfUnused(slot);
  }

  /** A slot is in use while referenced or cached (the kernel's nonzero swap_map[] entry). */
  inUse(slot: number): boolean {
    return slot > 0 && slot <= this.totalSlots && (this.count[slot] > 0 || this.cacheFrame1[slot] !== 0);
  }

  private releaseIfUnused(slot: number): void {
    if (this.count[slot] === 0 && this.cacheFrame1[slot] === 0 && this.taken[slot]) {
      this.taken[slot] = 0;
      this.freeStack[this.freeTop++] = slot;
    }
  }

  cachedFrame(slot: number): number {
    return this.cacheFrame1[slot] - 1; // NO_FRAME (-1) when none
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
