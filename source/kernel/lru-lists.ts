// The LRU lists of linux mm/swap.c and include/linux/mmzone.h (lruvec->lists): intrusive doubly linked lists
// through per-frame links, head = newest, tail = oldest. The base class of FrameTable (page-frames.ts), which adds
// everything else of `struct page`; the list id of a frame is 3 bits (LRU_BITS) of its state word. The links also
// carry the free list (through `next`) and a parked swap slot (page-frames.ts swapSlot). A base class, not a
// member: boot links ~50,000 pages in code V8 has not optimised yet, where every extra call layer costs.
// Links are stored as frame+1 (0 = none, so fresh memory needs no fill) in 16 + 8 bits: 3 bytes a link instead of
// 4 below 2^24 - 1 frames (a 64 GiB machine has 16.5 M); 16 + 16 above.

export const NIL = -1;
/** Where the list id sits in a frame's state word. */
export const LRU_SHIFT = 8, LRU_BITS = 7 << LRU_SHIFT;

export class LruLists {
  readonly lruSize: Float64Array;
  readonly lruHead: Int32Array; // newest
  readonly lruTail: Int32Array; // oldest: reclaim scans from here
  /**
   * Per list, a count of changes that could change what a scan of it finds: a page joins, leaves or moves, or a
   * page on it gets or loses a flag, its first or last mapping, or a new owner (not: a kind change, a mapcount
   * staying non-zero; FrameTable counts those). Equal counts = nothing a scan reads has changed (vmscan.ts
   * remembers a rotation by it).
   */
  readonly lruVersion: Float64Array;
  /** Rotations asked for (rotate) and not yet made, pages, per list: made in one walk when the list is next read
   *  or changed (settle). */
  private readonly pendingRotation: Float64Array;
  private readonly prevLo: Uint16Array;
  private readonly prevHi: Uint8Array | Uint16Array;
  private readonly nextLo: Uint16Array;
  private readonly nextHi: Uint8Array | Uint16Array;

  /** `state`: the frames' state words (list id in LRU_BITS); lists 1..nrLists-1 (0 = on none). */
  constructor(protected readonly state: Uint16Array, nrLists: number, wide: boolean) {
    const n = state.length;
    this.lruSize = new Float64Array(nrLists);
    this.lruHead = new Int32Array(nrLists).fill(NIL);
    this.lruTail = new Int32Array(nrLists).fill(NIL);
    this.lruVersion = new Float64Array(nrLists);
    this.pendingRotation = new Float64Array(nrLists);
    this.prevLo = new Uint16Array(n);
    this.nextLo = new Uint16Array(n);
    this.prevHi = wide ? new Uint16Array(n) : new Uint8Array(n);
    this.nextHi = wide ? new Uint16Array(n) : new Uint8Array(n);
  }

  protected prev(f: number): number {
    return ((this.prevHi[f] << 16) | this.prevLo[f]) - 1;
  }
  protected next(f: number): number {
    return ((this.nextHi[f] << 16) | this.nextLo[f]) - 1;
  }
  protected setPrev(f: number, v: number): void {
    const w = v + 1;
    this.prevLo[f] = w;
    this.prevHi[f] = w >>> 16;
  }
  protected setNext(f: number, v: number): void {
    const w = v + 1;
    this.nextLo[f] = w;
    this.nextHi[f] = w >>> 16;
  }
  /** A swap slot kept in the links of a frame on no list (prevLo + nextLo: 32 bits, any slot of a 256 GiB area). */
  protected park(f: number, slot: number): void {
    this.prevLo[f] = slot & 0xffff;
    this.nextLo[f] = slot >>> 16;
  }
  protected parked(f: number): number {
    return this.prevLo[f] | (this.nextLo[f] << 16);
  }

  /** Set f's Lru id without linking it: only for LruRun (a page of a pending splice), see lruMoveOldest. */
  relabel(f: number, list: number): void {
    this.state[f] = (this.state[f] & ~LRU_BITS) | (list << LRU_SHIFT);
  }
  protected linkHead(f: number, list: number): void {
    this.settle(list);
    const head = this.lruHead[list];
    this.setPrev(f, NIL);
    this.setNext(f, head);
    if (head !== NIL) this.setPrev(head, f); else this.lruTail[list] = f;
    this.lruHead[list] = f;
    this.relabel(f, list);
    this.lruSize[list]++;
    this.lruVersion[list]++;
  }
  /**
   * linkHead(f, list) for f = first, first + 1, ..., first + count - 1 in that order, for a run of frames on no
   * list whose state words are all equal (a run page-frames.ts allocFresh just handed out). Why: boot puts ~50,000
   * fresh pages on the lists in code V8 has not optimised, where the per-page calls were a third of the boot. In
   * the result the links are arithmetic sequences, next(f) = f - 1 and prev(f) = f + 1 inside the run, written in
   * one tight loop (the 16-bit stores keep the low bits) with the high parts filled per 65,536 frames.
   */
  protected linkHeadRun(first: number, count: number, list: number): void {
    if (count <= 0) return;
    this.settle(list);
    const last = first + count - 1, head = this.lruHead[list];
    const nextLo = this.nextLo, prevLo = this.prevLo;
    for (let f = first; f < last; f++) { // stored as value + 1: next(f + 1) = f, prev(f) = f + 1
      nextLo[f + 1] = f + 1;
      prevLo[f] = f + 2;
    }
    fillHigh(this.nextHi, first + 1, last + 1, 0);
    fillHigh(this.prevHi, first, last, 2);
    this.setNext(first, head);
    this.setPrev(last, NIL);
    if (head !== NIL) this.setPrev(head, first); else this.lruTail[list] = first;
    this.lruHead[list] = last;
    this.state.fill((this.state[first] & ~LRU_BITS) | (list << LRU_SHIFT), first, last + 1);
    this.lruSize[list] += count;
    this.lruVersion[list] += count;
  }
  protected linkTail(f: number, list: number): void {
    this.settle(list);
    const tail = this.lruTail[list];
    this.setNext(f, NIL);
    this.setPrev(f, tail);
    if (tail !== NIL) this.setNext(tail, f); else this.lruHead[list] = f;
    this.lruTail[list] = f;
    this.relabel(f, list);
    this.lruSize[list]++;
    this.lruVersion[list]++;
  }
  /** Take f off its list (it must be on one). */
  protected unlink(f: number): void {
    const list = (this.state[f] & LRU_BITS) >>> LRU_SHIFT;
    this.settle(list);
    const p = this.prev(f), n = this.next(f);
    if (p !== NIL) this.setNext(p, n); else this.lruHead[list] = n;
    if (n !== NIL) this.setPrev(n, p); else this.lruTail[list] = p;
    this.state[f] &= ~LRU_BITS;
    this.lruSize[list]--;
    this.lruVersion[list]++;
  }
  /**
   * Move the `count` oldest frames of `list` — the segment from `newest` to the tail — to the head of `dest` in one
   * splice, keeping their order: the same lists as `count` times lruMove(lruOldest(list), dest), in O(1) when
   * dest === list (a rotation) and O(count) otherwise (each frame's list id changes). `newest` must be the
   * count-th frame from the tail. `relabelled`: the caller already set the Lru id of every frame of the segment to
   * `dest` while it walked them (LruRun), so the segment is not walked again: that walk follows the `next` links,
   * which a scan toward newer pages never reads, so it was cache misses of its own.
   */
  lruMoveOldest(list: number, newest: number, count: number, dest: number, relabelled = false): void {
    if (count <= 0) return;
    this.settle(list); // no-op when `newest` was found by a walk from lruOldest (which settles)
    this.settle(dest);
    const tail = this.lruTail[list];
    const before = this.prev(newest);
    if (before !== NIL) this.setNext(before, NIL); else this.lruHead[list] = NIL;
    this.lruTail[list] = before;
    this.lruSize[list] -= count;
    if (dest !== list && !relabelled) for (let x = newest; x !== NIL; x = this.next(x)) this.relabel(x, dest);
    const head = this.lruHead[dest];
    this.setPrev(newest, NIL);
    this.setNext(tail, head);
    if (head !== NIL) this.setPrev(head, tail); else this.lruTail[dest] = tail;
    this.lruHead[dest] = newest;
    this.lruSize[dest] += count;
    this.lruVersion[list]++;
    this.lruVersion[dest]++;
  }
  /** Oldest frame of a list, or -1. Walk towards newer ones with lruNewerThan. */
  lruOldest(list: number): number {
    this.settle(list);
    return this.lruTail[list];
  }
  /** Walk from a page found by lruOldest (or a change of the list) since the list's last lruRotate. */
  lruNewerThan(f: number): number { return this.prev(f); }
  /** The next older frame on f's list (toward the tail), or -1. */
  lruOlderThan(f: number): number { return this.next(f); }

  /**
   * Move the `count` oldest pages of `list` to its head, keeping their order (count < size): what `count` times
   * lruMove(lruOldest(list), list) does. Made lazily: reclaim rotates the active file list (the running
   * executables' text) tens of thousands of pages per simulated second in slices of 32, and each slice had to walk
   * its pages to find where to cut; rotations add up (modulo the size) and one walk settles them when the list is
   * next read (lruOldest) or changed.
   */
  lruRotate(list: number, count: number): void {
    const size = this.lruSize[list];
    if (count <= 0 || size === 0) return;
    // Integers in doubles: % would be a call to fmod; count < size from vmscan, so one subtraction suffices.
    let r = this.pendingRotation[list] + count;
    if (r >= size) r = r < 2 * size ? r - size : r % size;
    this.pendingRotation[list] = r;
    this.lruVersion[list]++;
  }
  /** Make the pending rotations of every list (for readers of lruHead/lruTail, e.g. audit.ts). */
  lruSettle(): void {
    for (let l = 1; l < this.lruSize.length; l++) this.settle(l);
  }
  private settle(list: number): void {
    const count = this.pendingRotation[list];
    if (count === 0) return;
    this.pendingRotation[list] = 0;
    let newest = this.lruTail[list];
    for (let i = 1; i < count; i++) newest = this.prev(newest);
    this.lruMoveOldest(list, newest, count, list);
  }
}

/** hi[f] = (f + add) >>> 16 for f in [from, to): one fill per 65,536 frames. */
function fillHigh(hi: Uint8Array | Uint16Array, from: number, to: number, add: number): void {
  while (from < to) {
    const w = from + add, end = Math.min(to, from + 0x10000 - (w & 0xffff));
    hi.fill(w >>> 16, from, end);
    from = end;
  }
}
