// The LRU lists of linux mm/swap.c and include/linux/mmzone.h (lruvec->lists): intrusive doubly linked lists
// through per-frame links, head = newest, tail = oldest. The list half of FrameTable (page-frames.ts), which owns
// the frames' state word (the list id of a frame is 3 bits of it: LRU_BITS) and keeps the public API; the links
// also carry the free list (through `next`) and a parked swap slot (page-frames.ts swapSlot).
// Links are stored as frame+1 (0 = none, so fresh memory needs no fill) in 16 + 8 bits: 3 bytes a link instead of
// 4 below 2^24 - 1 frames (a 64 GiB machine has 16.5 M); 16 + 16 above.

export const NIL = -1;
/** Where the list id sits in a frame's state word. */
export const LRU_SHIFT = 8, LRU_BITS = 7 << LRU_SHIFT;

export class LruLists {
  readonly size: Float64Array;
  readonly head: Int32Array; // newest
  readonly tail: Int32Array; // oldest: reclaim scans from here
  /** Per list, a count of changes that could change what a scan of it finds (see FrameTable.lruVersion). */
  readonly version: Float64Array;
  /** Rotations asked for (rotate) and not yet made, pages, per list: made in one walk when the list is next read
   *  or changed (settle). */
  private readonly pendingRotation: Float64Array;
  private readonly prevLo: Uint16Array;
  private readonly prevHi: Uint8Array | Uint16Array;
  private readonly nextLo: Uint16Array;
  private readonly nextHi: Uint8Array | Uint16Array;

  /** `state`: FrameTable's state words (list id in LRU_BITS); lists 1..nrLists-1 (0 = on none). */
  constructor(private readonly state: Uint16Array, nrLists: number, wide: boolean) {
    const n = state.length;
    this.size = new Float64Array(nrLists);
    this.head = new Int32Array(nrLists).fill(NIL);
    this.tail = new Int32Array(nrLists).fill(NIL);
    this.version = new Float64Array(nrLists);
    this.pendingRotation = new Float64Array(nrLists);
    this.prevLo = new Uint16Array(n);
    this.nextLo = new Uint16Array(n);
    this.prevHi = wide ? new Uint16Array(n) : new Uint8Array(n);
    this.nextHi = wide ? new Uint16Array(n) : new Uint8Array(n);
  }

  prev(f: number): number {
    return ((this.prevHi[f] << 16) | this.prevLo[f]) - 1;
  }
  next(f: number): number {
    return ((this.nextHi[f] << 16) | this.nextLo[f]) - 1;
  }
  setPrev(f: number, v: number): void {
    const w = v + 1;
    this.prevLo[f] = w;
    this.prevHi[f] = w >>> 16;
  }
  setNext(f: number, v: number): void {
    const w = v + 1;
    this.nextLo[f] = w;
    this.nextHi[f] = w >>> 16;
  }
  /** A swap slot kept in the links of a frame on no list (prevLo + nextLo: 32 bits, any slot of a 256 GiB area). */
  park(f: number, slot: number): void {
    this.prevLo[f] = slot & 0xffff;
    this.nextLo[f] = slot >>> 16;
  }
  parked(f: number): number {
    return this.prevLo[f] | (this.nextLo[f] << 16);
  }

  /** Set f's list id in its state word without linking it (LruRun: a page of a pending splice). */
  relabel(f: number, list: number): void {
    this.state[f] = (this.state[f] & ~LRU_BITS) | (list << LRU_SHIFT);
  }
  linkHead(f: number, list: number): void {
    this.settle(list);
    const head = this.head[list];
    this.setPrev(f, NIL);
    this.setNext(f, head);
    if (head !== NIL) this.setPrev(head, f); else this.tail[list] = f;
    this.head[list] = f;
    this.relabel(f, list);
    this.size[list]++;
    this.version[list]++;
  }
  linkTail(f: number, list: number): void {
    this.settle(list);
    const tail = this.tail[list];
    this.setNext(f, NIL);
    this.setPrev(f, tail);
    if (tail !== NIL) this.setNext(tail, f); else this.head[list] = f;
    this.tail[list] = f;
    this.relabel(f, list);
    this.size[list]++;
    this.version[list]++;
  }
  /** Take f off its list (it must be on one). */
  unlink(f: number): void {
    const list = (this.state[f] & LRU_BITS) >>> LRU_SHIFT;
    this.settle(list);
    const p = this.prev(f), n = this.next(f);
    if (p !== NIL) this.setNext(p, n); else this.head[list] = n;
    if (n !== NIL) this.setPrev(n, p); else this.tail[list] = p;
    this.state[f] &= ~LRU_BITS;
    this.size[list]--;
    this.version[list]++;
  }
  /** FrameTable.lruMoveOldest. */
  moveOldest(list: number, newest: number, count: number, dest: number, relabelled: boolean): void {
    if (count <= 0) return;
    this.settle(list); // no-op when `newest` was found by a walk from oldest() (which settles)
    this.settle(dest);
    const tail = this.tail[list];
    const before = this.prev(newest);
    if (before !== NIL) this.setNext(before, NIL); else this.head[list] = NIL;
    this.tail[list] = before;
    this.size[list] -= count;
    if (dest !== list && !relabelled) for (let x = newest; x !== NIL; x = this.next(x)) this.relabel(x, dest);
    const head = this.head[dest];
    this.setPrev(newest, NIL);
    this.setNext(tail, head);
    if (head !== NIL) this.setPrev(head, tail); else this.tail[dest] = tail;
    this.head[dest] = newest;
    this.size[dest] += count;
    this.version[list]++;
    this.version[dest]++;
  }
  oldest(list: number): number {
    this.settle(list);
    return this.tail[list];
  }

  /** FrameTable.lruRotate: rotations add up modulo the size; settle() makes them in one walk. */
  rotate(list: number, count: number): void {
    const size = this.size[list];
    if (count <= 0 || size === 0) return;
    this.pendingRotation[list] = (this.pendingRotation[list] + count) % size;
    this.version[list]++;
  }
  settleAll(): void {
    for (let l = 1; l < this.size.length; l++) this.settle(l);
  }
  private settle(list: number): void {
    const count = this.pendingRotation[list];
    if (count === 0) return;
    this.pendingRotation[list] = 0;
    let newest = this.tail[list];
    for (let i = 1; i < count; i++) newest = this.prev(newest);
    this.moveOldest(list, newest, count, list, false);
  }
}
