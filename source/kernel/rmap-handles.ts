// The reverse-map key of a frame — struct page's `mapping` + `index` (include/linux/mm_types.h): which object
// owns the page (anon: the mm, standing in for the anon_vma; file, shmem, buffers: the inode's address_space)
// and the page's index in it (anon: virtual page number; file: page offset). Used by page-frames.ts.
//
// Stored as one 32-bit handle per frame instead of a 4-byte owner and a 5-byte index: pages of one owner come in
// runs (a 2 MiB page-table page maps 512 neighbours, readahead fills neighbouring file offsets), so a frame points
// at a *group* = (owner, index / 512), shared by the frames of that run, plus its offset in the group (9 bits).
// Groups live in small arrays indexed by group id and are recycled when their last frame goes; (owner, span) ->
// group id is an open-addressing table of ids over those arrays (a Map keyed by the 53-bit owner/span number was
// the top single cost of page allocation with many processes: number keys above 2^31 are hashed and stored as heap
// numbers, each set one more object for the GC). Group 0 is the
// permanent (owner 0, indices 0-511) group of kernel pages, so their handle is 0 and the frame's slot is never
// written. Limits (checked, RangeError): owner < 2^26, index < 2^36 (a 48-bit address space or file), fewer than
// 2^23 groups alive (8 M distinct 2 MiB runs with a resident page: more than a 128 GiB machine can hold with its
// page tables).

import { fillsHole } from './int-hash.js';

const GROUP_SHIFT = 9;
const GROUP = 1 << GROUP_SHIFT; // 512
const MAX_OWNER = 2 ** 26;
const MAX_INDEX = 2 ** 36;
const MAX_GROUPS = 2 ** 23;
/** Empty slot of the id table. */
const NONE = -1;
/** Entries of the per-owner lookup cache (a power of two; 16 KB, so it stays in the nearest CPU cache). */
const CACHE = 1024;

export class RmapGroups {
  /** Group id g: owner at [2g], span (index / 512) at [2g + 1] — side by side, as lookups read both. */
  private ownerSpan = new Int32Array(2 * 1024);
  /** Frames whose handle points at the group. */
  private refs = new Float64Array(1024);
  /** Open addressing, linear probing: group ids by hash of (owner, span), NONE = empty; at most half full. */
  private table = new Int32Array(1024).fill(NONE);
  private shift = 32 - 10;
  private alive = 0;
  private readonly freeIds: number[] = [];
  private nextId = 1;
  /**
   * The last group looked up per owner, direct-mapped by owner % CACHE: entry [4c] owner (NONE = empty), [4c + 1]
   * span, [4c + 2] id. Faults and readahead allocate runs of neighbouring pages of one owner, and with many
   * processes the runs interleave (each scheduler step faults for another process): a single last-group entry
   * missed at every step, each miss a table lookup far from the CPU.
   */
  private readonly cache = new Int32Array(4 * CACHE).fill(NONE);

  constructor() {
    this.insert(0); // group 0: owner 0, indices 0-511 (kernel pages), never released
  }

  /** Groups alive (for tests and audits). */
  get size(): number {
    return this.alive;
  }

  /** Take a reference on (owner, index)'s group; returns the frame's handle. */
  acquire(owner: number, index: number): number {
    // Checked before the key is formed: an out-of-range pair would alias another group's key.
    if (!(index >= 0 && index < MAX_INDEX && owner >= 0 && owner < MAX_OWNER)) {
      throw new RangeError(`rmap: owner ${owner} / index ${index} out of range`);
    }
    const span = Math.floor(index / GROUP);
    const c = 4 * (owner & (CACHE - 1)), cache = this.cache;
    let id: number;
    if (cache[c] === owner && cache[c + 1] === span) id = cache[c + 2];
    else {
      id = this.find(owner, span);
      if (id === NONE) id = this.create(owner, index, span);
      cache[c] = owner;
      cache[c + 1] = span;
      cache[c + 2] = id;
    }
    this.refs[id]++;
    // The offset as int32: index is often a page number above 2^31 (a double), and so would the handle be,
    // boxed anew by every operation of unoptimised callers (allocFresh's per-frame loop).
    return id * GROUP + ((index - span * GROUP) | 0);
  }

  /**
   * acquire(owner, index + i * step) for i = 0..n-1 in one step, where n = runLength(index, count, step): the
   * indices of the run that share index's group. Returns the first handle; the i-th is first + i * step. Boot
   * hands out tens of thousands of frames in runs (page-frames.ts allocFresh), and one call per frame in code V8
   * has not optimised yet was a fifth of the boot.
   */
  acquireRun(owner: number, index: number, count: number, step: number): number {
    const first = this.acquire(owner, index); // checks the pair, makes the group the last one looked up
    this.refs[first >>> GROUP_SHIFT] += this.runLength(index, count, step) - 1;
    return first;
  }

  /** How many of the indices index, index + step, ... (at most count) lie in index's group (count > 0). */
  runLength(index: number, count: number, step: number): number {
    if (step === 0) return count;
    const groupEnd = (Math.floor(index / GROUP) + 1) * GROUP;
    return Math.min(count, Math.ceil((groupEnd - index) / step));
  }

  /** Drop a frame's reference; the group is recycled when it was the last one. */
  release(handle: number): void {
    const id = handle >>> GROUP_SHIFT;
    if (--this.refs[id] !== 0 || id === 0) return;
    this.remove(id);
    this.freeIds.push(id);
    // The id will be reused for another group: forget it in the cache (it can only sit in its owner's entry).
    const c = 4 * (this.ownerSpan[2 * id] & (CACHE - 1));
    if (this.cache[c + 2] === id && this.cache[c] !== NONE) this.cache[c] = NONE;
  }

  ownerOf(handle: number): number {
    return this.ownerSpan[2 * (handle >>> GROUP_SHIFT)];
  }

  indexOf(handle: number): number {
    return this.ownerSpan[2 * (handle >>> GROUP_SHIFT) + 1] * GROUP + (handle & (GROUP - 1));
  }

  private create(owner: number, index: number, span: number): number {
    if (!Number.isInteger(index) || !Number.isInteger(owner)) throw new RangeError(`rmap: owner ${owner} / index ${index} not integers`);
    let id = this.freeIds.pop();
    if (id === undefined) {
      if (this.nextId >= MAX_GROUPS) throw new RangeError('rmap: more than 2^23 page groups alive');
      id = this.nextId++;
      if (id >= this.refs.length) this.grow();
    }
    this.ownerSpan[2 * id] = owner;
    this.ownerSpan[2 * id + 1] = span;
    this.refs[id] = 0;
    this.insert(id);
    return id;
  }

  /** Home slot of (owner, span) in the id table. */
  private home(owner: number, span: number): number {
    return Math.imul(Math.imul(owner, 0x9e3779b1) ^ span, 0x85ebca6b) >>> this.shift;
  }

  private find(owner: number, span: number): number {
    const t = this.table, os = this.ownerSpan, mask = t.length - 1;
    for (let i = this.home(owner, span); ; i = (i + 1) & mask) {
      const id = t[i];
      if (id === NONE) return NONE;
      if (os[2 * id] === owner && os[2 * id + 1] === span) return id;
    }
  }

  /** Put group `id` (owner and span already set, not in the table) into the id table. */
  private insert(id: number): void {
    if (2 * (this.alive + 1) > this.table.length) this.rehash(2 * this.table.length);
    const t = this.table, mask = t.length - 1;
    let i = this.home(this.ownerSpan[2 * id], this.ownerSpan[2 * id + 1]);
    while (t[i] !== NONE) i = (i + 1) & mask;
    t[i] = id;
    this.alive++;
  }

  /** Take group `id` out of the id table (backward-shift deletion: no tombstones, see int-hash.ts). */
  private remove(id: number): void {
    const t = this.table, os = this.ownerSpan, mask = t.length - 1;
    let i = this.home(os[2 * id], os[2 * id + 1]);
    while (t[i] !== id) i = (i + 1) & mask;
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const g = t[j];
      if (g === NONE) break;
      if (fillsHole(i, j, this.home(os[2 * g], os[2 * g + 1]))) {
        t[i] = g;
        i = j;
      }
    }
    t[i] = NONE;
    this.alive--;
  }

  private rehash(size: number): void {
    const old = this.table;
    this.table = new Int32Array(size).fill(NONE);
    this.shift = 32 - Math.log2(size);
    this.alive = 0;
    for (let i = 0; i < old.length; i++) if (old[i] !== NONE) this.insert(old[i]);
  }

  private grow(): void {
    const n = this.refs.length * 2;
    const ownerSpan = new Int32Array(2 * n), refs = new Float64Array(n);
    ownerSpan.set(this.ownerSpan);
    refs.set(this.refs);
    this.ownerSpan = ownerSpan;
    this.refs = refs;
  }
}
