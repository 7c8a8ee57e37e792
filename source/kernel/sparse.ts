// A sparse array of int32 entries in 512-entry chunks: the shape of a last-level page table (one 4 KiB PTE page
// maps 512 pages = 2 MiB, arch/x86/include/asm/pgtable_64_types.h) and of the page-cache xarray of a file
// (lib/xarray.c, simplified to one level of 512-slot nodes). 0 means "no entry" in both uses.
// Used by pgtable.ts (entries = frame+1 / swap entries / zero page) and by fs.ts (file page index -> frame+1).
//
// Storage: chunks are fixed-size segments of a few big Int32Arrays shared by one kernel's tables (ChunkStore,
// segment-pool.ts), not one typed array each. At 64 GiB with 1,000 processes there are ~39,000 chunks: as separate Int32Arrays each cost a malloc'd
// backing store, a BackingStore record and two V8 objects (~10 MiB beyond the 76 MiB of entries, plus malloc
// fragmentation), and reading an entry went chunk object -> backing store, two dependent cache misses.
import { POOL_MASK, POOL_SHIFT, SegmentPool } from './segment-pool.js';

export const CHUNK_SHIFT = 9;
export const CHUNK = 1 << CHUNK_SHIFT; // 512

/** Offset, in a chunk's segment, of the chunk's count of non-zero entries: entries are a[b + 0 .. b + CHUNK),
 *  the count a[b + USED]. Kept in the segment rather than in a map beside it: a fault updates it once per call,
 *  next to the entries it just wrote. */
export const USED = CHUNK;
/** Offset of one more int per chunk that belongs to the user (pgtable.ts: the frame of the PTE page). */
const AUX = CHUNK + 1;

/** A chunk's segment: CHUNK entries, the use count, AUX. */
const STRIDE = CHUNK + 2;

/** The offset of segment h's entry 0 in its table's segData(h). */
export const segBase = (h: number): number => (h & POOL_MASK) * STRIDE;

/** Chunks per directory node: 64, the PTE pages of 128 MiB of address space. Smaller than a PMD page's 512 on
 *  purpose: a process maps a few distant places (binary, libraries, stack, heap), each needs its own node, and
 *  at 1,000 processes 512-slot nodes would add ~10% to the page tables' memory. A node slot holds the chunk's
 *  segment handle + 1 (0: no chunk); nodes are segments of their own pool. */
const NODE_SHIFT = 6;
const NODE = 1 << NODE_SHIFT;

/**
 * The pools every SparseChunks of one kernel takes its chunks and directory nodes from (KState.chunkStore). A
 * dropped chunk is zeroed and its segment reused by the next ensure() of any table of that kernel: processes
 * killed and replaced under pressure free and rebuild their page tables all the time. One store per kernel, not
 * per process: pools are never shrunk, so a store shared by every kernel of a process (a recording of many
 * scenarios, a test run) would keep each discarded kernel's page tables for good.
 */
export class ChunkStore {
  readonly chunks = new SegmentPool(STRIDE);
  readonly nodes = new SegmentPool(NODE);
}

export class SparseChunks {
  // The pools' arrays are read directly rather than through SegmentPool.data()/base(): boot's page-cache fills
  // and exec mappings set ~50,000 entries in interpreted code, where every call layer costs hundreds of
  // instructions.
  private readonly pools: Int32Array[];
  private readonly nodePools: Int32Array[];
  /** Keys of the chunks in the order they were allocated: zapRange and drop_caches visit them in that order
   *  (the order frames return to the free list), so it is part of what the simulation does. */
  private readonly order: number[] = [];
  // A two-level directory, key -> chunk: nodes of NODE chunk slots, found by key >> NODE_SHIFT. A program's hot
  // chunks (the end of a growing heap, a random page it re-reads) mostly share one node, so the last node is
  // cached and a lookup is an array index, where a Map meant a hash lookup on most page faults. Nodes exist
  // only where chunks do (256 B per 128 MiB of used range), never sized by the whole address space.
  // The last two nodes are cached: a heap of a few hundred MiB usually straddles a node boundary.
  private readonly nodes = new Map<number, number>();
  private lastNodeKey = -1;
  private lastNode = -1;
  private otherNodeKey = -1;
  private otherNode = -1;
  // And in front of it the two chunks looked up last: a program alternates between a few places (the end of a
  // growing heap, a random page it re-reads), and a hit here skips the node slot, a cache miss on cold memory.
  private lastKey = -1;
  private lastSeg = -1;
  private otherKey = -1;
  private otherSeg = -1;

  constructor(private readonly store: ChunkStore) {
    this.pools = store.chunks.pools;
    this.nodePools = store.nodes.pools;
  }

  /** The Int32Array holding chunk segment h (from find()); entry o of the chunk is this.segData(h)[segBase(h) + o]. */
  segData(h: number): Int32Array {
    return this.pools[h >> POOL_SHIFT];
  }

  /** Number of chunks allocated. */
  get size(): number {
    return this.order.length;
  }

  /** Keys of the allocated chunks, in allocation order (a copy: callers may drop while iterating). */
  keys(): number[] {
    return this.order.slice();
  }

  get(i: number): number {
    const key = Math.floor(i / CHUNK);
    const h = key === this.lastKey ? this.lastSeg : this.find(key);
    return h < 0 ? 0 : this.pools[h >> POOL_SHIFT][(h & POOL_MASK) * STRIDE + (i - key * CHUNK)];
  }

  /**
   * The first j in [i, end) whose entry is non-zero (zeros: skipping zero entries) or zero (!zeros), else end,
   * with the lookups of get(i), get(i + 1), ..., get(j) (a chunk lookup per chunk, the caches left as they would
   * be): readahead scans windows of up to 256 pages for what is not cached yet, in code boot runs cold.
   */
  skip(i: number, end: number, zeros: boolean): number {
    while (i < end) {
      const key = Math.floor(i / CHUNK), h = this.find(key), stop = Math.min(end, (key + 1) * CHUNK);
      if (h < 0) {
        if (!zeros) return i;
        i = stop;
        continue;
      }
      const a = this.pools[h >> POOL_SHIFT], at = (h & POOL_MASK) * STRIDE - key * CHUNK; // a[at + i]: entry i
      if (zeros) while (i < stop && a[at + i] === 0) i++;
      else while (i < stop && a[at + i] !== 0) i++;
      if (i < stop) return i;
    }
    return end;
  }

  /** The segment handle of the chunk holding entries [key*512, key*512+512), or -1 when not allocated.
   *  Entry o is this.segData(h)[segBase(h) + o]; a handle stays valid until its chunk is dropped. */
  find(key: number): number {
    if (key === this.lastKey) return this.lastSeg;
    const h = key === this.otherKey ? this.otherSeg : this.lookup(key);
    this.otherKey = this.lastKey;
    this.otherSeg = this.lastSeg;
    this.lastKey = key;
    this.lastSeg = h;
    return h;
  }

  private lookup(key: number): number {
    const nk = Math.floor(key / NODE);
    if (nk !== this.lastNodeKey) {
      const node = nk === this.otherNodeKey ? this.otherNode : (this.nodes.get(nk) ?? -1);
      this.otherNodeKey = this.lastNodeKey;
      this.otherNode = this.lastNode;
      this.lastNodeKey = nk;
      this.lastNode = node;
    }
    const n = this.lastNode;
    return n < 0 ? -1 : this.nodePools[n >> POOL_SHIFT][(n & POOL_MASK) * NODE + key - nk * NODE] - 1;
  }

  /** Allocate a chunk (returns true when it was new). */
  ensure(key: number): boolean {
    // Page-cache fills call ensure() before every set(): the chunk set last is the usual answer.
    if (key === this.lastKey && this.lastSeg >= 0) return false;
    if (this.lookup(key) >= 0) return false;
    const h = this.store.chunks.alloc();
    this.order.push(key);
    const nk = Math.floor(key / NODE);
    if (this.lastNode < 0) {
      this.lastNode = this.store.nodes.alloc();
      this.nodes.set(nk, this.lastNode); // lookup() above made nk the last node looked up
    }
    this.store.nodes.data(this.lastNode)[this.store.nodes.base(this.lastNode) + key - nk * NODE] = h + 1;
    if (key === this.lastKey) this.lastSeg = h;
    if (key === this.otherKey) this.otherSeg = h;
    return true;
  }

  /** Set entry i; keeps the per-chunk use count. The chunk must exist when value != 0. */
  set(i: number, value: number): void {
    const key = Math.floor(i / CHUNK);
    const h = key === this.lastKey ? this.lastSeg : this.find(key);
    if (h < 0) {
      if (value === 0) return;
      throw new Error(`sparse set without chunk ${key}`);
    }
    const a = this.pools[h >> POOL_SHIFT], b = (h & POOL_MASK) * STRIDE, at = b + (i - key * CHUNK);
    const old = a[at];
    if ((old === 0) !== (value === 0)) a[b + USED] += value === 0 ? -1 : 1;
    a[at] = value;
  }

  /** Adjust the use count of a chunk directly (hot loops write the entries themselves). */
  addUsed(key: number, delta: number): void {
    const h = this.find(key);
    if (h >= 0) this.segData(h)[segBase(h) + USED] += delta;
    else if (delta !== 0) throw new Error(`sparse addUsed without chunk ${key}`);
  }

  usedIn(key: number): number {
    const h = this.find(key);
    return h < 0 ? 0 : this.segData(h)[segBase(h) + USED];
  }

  /** The user's int of chunk `key` (0 when set by nobody); the chunk must exist. */
  aux(key: number): number {
    const h = this.find(key);
    if (h < 0) throw new Error(`sparse aux without chunk ${key}`);
    return this.segData(h)[segBase(h) + AUX];
  }

  setAux(key: number, value: number): void {
    const h = this.find(key);
    if (h < 0) throw new Error(`sparse setAux without chunk ${key}`);
    this.segData(h)[segBase(h) + AUX] = value;
  }

  /** Remove an empty chunk (it must hold no entry). */
  drop(key: number): void {
    const h = this.lookup(key);
    if (h < 0) return;
    const used = this.segData(h)[segBase(h) + USED];
    if (used !== 0) throw new Error(`sparse drop of chunk ${key} holding ${used} entries`);
    this.order.splice(this.order.indexOf(key), 1);
    const nk = Math.floor(key / NODE), n = this.lastNode; // lookup() above made nk the last node
    const nd = this.store.nodes.data(n), nb = this.store.nodes.base(n);
    nd[nb + key - nk * NODE] = 0;
    if (key === this.lastKey) this.lastSeg = -1;
    if (key === this.otherKey) this.otherSeg = -1;
    let left = 0;
    for (let o = 0; o < NODE; o++) left |= nd[nb + o];
    if (left === 0) {
      this.nodes.delete(nk);
      this.store.nodes.release(n);
      this.lastNode = -1; // nk === lastNodeKey
      if (nk === this.otherNodeKey) this.otherNode = -1;
    }
    this.store.chunks.release(h); // zeroed there: the segment may go to another process's table
  }

  /** Visit every non-zero entry in [from, to) in order. */
  forEachIn(from: number, to: number, fn: (i: number, value: number) => void): void {
    if (to <= from) return;
    const k0 = Math.floor(from / CHUNK), k1 = Math.floor((to - 1) / CHUNK);
    if (k1 - k0 + 1 > this.order.length * 4) {
      // Sparse over a huge range: visit only allocated chunks.
      const keys = this.order.filter((k) => k >= k0 && k <= k1).sort((a, b) => a - b);
      for (const k of keys) this.visitChunk(k, from, to, fn);
      return;
    }
    for (let k = k0; k <= k1; k++) this.visitChunk(k, from, to, fn);
  }

  private visitChunk(k: number, from: number, to: number, fn: (i: number, value: number) => void): void {
    const h = this.lookup(k);
    if (h < 0) return;
    const a = this.segData(h), b = segBase(h);
    if (a[b + USED] === 0) return;
    const base = k * CHUNK;
    const s = Math.max(from, base) - base, e = Math.min(to, base + CHUNK) - base;
    for (let o = s; o < e; o++) if (a[b + o] !== 0) fn(base + o, a[b + o]);
  }
}
