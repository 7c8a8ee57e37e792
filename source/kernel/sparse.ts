// A sparse array of int32 entries in 512-entry chunks: the shape of a last-level page table (one 4 KiB PTE page
// maps 512 pages = 2 MiB, arch/x86/include/asm/pgtable_64_types.h) and of the page-cache xarray of a file
// (lib/xarray.c, simplified to one level of 512-slot nodes). 0 means "no entry" in both uses.
// Used by pgtable.ts (entries = frame+1 / swap entries / zero page) and by fs.ts (file page index -> frame+1).

export const CHUNK_SHIFT = 9;
export const CHUNK = 1 << CHUNK_SHIFT; // 512

/** Index, in a chunk's array, of the chunk's count of non-zero entries. The count lives in the chunk itself (one
 *  Int32Array of CHUNK + 1) rather than in a map beside it: a fault updates it once per call, and a map meant a
 *  second hash lookup on cold per-process memory. Entries are [0, CHUNK): loop to CHUNK, not to .length. */
export const USED = CHUNK;

/** Chunks given back by drop(), all zero (a chunk is dropped only once it holds no entry), for ensure() to reuse
 *  instead of allocating: processes that are killed and replaced under pressure free and rebuild their page
 *  tables all the time. Shared by every SparseChunks (a zeroed chunk carries nothing from its last owner);
 *  capped so that an idle process keeps little. */
const spare: Int32Array[] = [];
const SPARE_MAX = 2048; // 4 MiB

/** Chunks per directory node: 64, the PTE pages of 128 MiB of address space. Smaller than a PMD page's 512 on
 *  purpose: a process maps a few distant places (binary, libraries, stack, heap), each needs its own node, and
 *  at 1,000 processes 512-slot nodes would add ~10% to the page tables' memory. */
const NODE_SHIFT = 6;
const NODE = 1 << NODE_SHIFT;

export class SparseChunks {
  /** Every chunk by key: the set callers iterate (keys(), size). Lookups go through the directory below. */
  readonly chunks = new Map<number, Int32Array>();
  // A two-level directory, key -> chunk: nodes of NODE chunk slots, found by key >> NODE_SHIFT. A program's hot
  // chunks (the end of a growing heap, a random page it re-reads) mostly share one node, so the last node is
  // cached and a lookup is an array index, where the Map meant a hash lookup on most page faults. Nodes exist
  // only where chunks do (~0.3 KiB per 128 MiB of used range), never sized by the whole address space.
  // The last two nodes are cached: a heap of a few hundred MiB usually straddles a node boundary.
  private readonly nodes = new Map<number, (Int32Array | undefined)[]>();
  private lastNodeKey = -1;
  private lastNode: (Int32Array | undefined)[] | undefined;
  private otherNodeKey = -1;
  private otherNode: (Int32Array | undefined)[] | undefined;
  // And in front of it the two chunks looked up last: a program alternates between a few places (the end of a
  // growing heap, a random page it re-reads), and a hit here skips the node slot, a cache miss on cold memory.
  private lastKey = -1;
  private lastChunk: Int32Array | undefined;
  private otherKey = -1;
  private otherChunk: Int32Array | undefined;

  get(i: number): number {
    const c = this.chunk(Math.floor(i / CHUNK));
    return c === undefined ? 0 : c[i % CHUNK];
  }

  /** The chunk holding entries [key*512, key*512+512), if allocated. */
  chunk(key: number): Int32Array | undefined {
    if (key === this.lastKey) return this.lastChunk;
    const c = key === this.otherKey ? this.otherChunk : this.lookup(key);
    this.otherKey = this.lastKey;
    this.otherChunk = this.lastChunk;
    this.lastKey = key;
    this.lastChunk = c;
    return c;
  }

  private lookup(key: number): Int32Array | undefined {
    const nk = Math.floor(key / NODE);
    if (nk !== this.lastNodeKey) {
      const node = nk === this.otherNodeKey ? this.otherNode : this.nodes.get(nk);
      this.otherNodeKey = this.lastNodeKey;
      this.otherNode = this.lastNode;
      this.lastNodeKey = nk;
      this.lastNode = node;
    }
    return this.lastNode === undefined ? undefined : this.lastNode[key - nk * NODE];
  }

  /** Allocate a chunk (returns true when it was new). */
  ensure(key: number): boolean {
    if (this.lookup(key) !== undefined) return false;
    const c = spare.pop() ?? new Int32Array(CHUNK + 1);
    this.chunks.set(key, c);
    const nk = Math.floor(key / NODE);
    let node = this.nodes.get(nk);
    if (node === undefined) {
      node = new Array<Int32Array | undefined>(NODE).fill(undefined); // packed, not holey: faster to index
      this.nodes.set(nk, node);
      this.lastNode = node; // lookup() above made nk the last node looked up
    }
    node[key - nk * NODE] = c;
    if (key === this.lastKey) this.lastChunk = c;
    if (key === this.otherKey) this.otherChunk = c;
    return true;
  }

  /** Set entry i; keeps the per-chunk use count. The chunk must exist when value != 0. */
  set(i: number, value: number): void {
    const key = Math.floor(i / CHUNK);
    const c = this.chunk(key);
    if (c === undefined) {
      if (value === 0) return;
      throw new Error(`sparse set without chunk ${key}`);
    }
    const off = i % CHUNK;
    const old = c[off];
    if ((old === 0) !== (value === 0)) c[USED] += value === 0 ? -1 : 1;
    c[off] = value;
  }

  /** Adjust the use count of a chunk directly (hot loops write the Int32Array themselves). */
  addUsed(key: number, delta: number): void {
    const c = this.chunk(key);
    if (c !== undefined) c[USED] += delta;
    else if (delta !== 0) throw new Error(`sparse addUsed without chunk ${key}`);
  }

  usedIn(key: number): number {
    const c = this.chunk(key);
    return c === undefined ? 0 : c[USED];
  }

  /** Remove an empty chunk (it must hold no entry). */
  drop(key: number): void {
    const c = this.chunks.get(key);
    if (c === undefined) return;
    if (c[USED] !== 0) throw new Error(`sparse drop of chunk ${key} holding ${c[USED]} entries`);
    this.chunks.delete(key);
    const nk = Math.floor(key / NODE);
    const node = this.nodes.get(nk)!;
    node[key - nk * NODE] = undefined;
    if (key === this.lastKey) this.lastChunk = undefined;
    if (key === this.otherKey) this.otherChunk = undefined;
    if (node.every((x) => x === undefined)) {
      this.nodes.delete(nk);
      if (nk === this.lastNodeKey) this.lastNode = undefined;
      if (nk === this.otherNodeKey) this.otherNode = undefined;
    }
    if (spare.length < SPARE_MAX) {
      c.fill(0); // zero by the count already; made certain, as the chunk may go to another process's table
      spare.push(c);
    }
  }

  /** Visit every non-zero entry in [from, to) in order. */
  forEachIn(from: number, to: number, fn: (i: number, value: number) => void): void {
    if (to <= from) return;
    const k0 = Math.floor(from / CHUNK), k1 = Math.floor((to - 1) / CHUNK);
    if (k1 - k0 + 1 > this.chunks.size * 4) {
      // Sparse over a huge range: visit only allocated chunks.
      const keys = [...this.chunks.keys()].filter((k) => k >= k0 && k <= k1).sort((a, b) => a - b);
      for (const k of keys) this.visitChunk(k, from, to, fn);
      return;
    }
    for (let k = k0; k <= k1; k++) this.visitChunk(k, from, to, fn);
  }

  private visitChunk(k: number, from: number, to: number, fn: (i: number, value: number) => void): void {
    const c = this.lookup(k);
    if (c === undefined || c[USED] === 0) return;
    const base = k * CHUNK;
    const s = Math.max(from, base) - base, e = Math.min(to, base + CHUNK) - base;
    for (let o = s; o < e; o++) if (c[o] !== 0) fn(base + o, c[o]);
  }
}
