// A hash map from non-negative int32 keys to int32 values in one typed array: the role of the small radix trees
// and xarrays the kernel keeps beside struct page for state only a few pages have at a time (here: the swap slot
// of a swap-cache page, page-frames.ts). Open addressing with linear probing, Fibonacci hashing, backward-shift
// deletion (no tombstones, so a long run of set/delete churn never degrades), doubled at 50% load, never shrunk
// (the live set is bounded, e.g. by the pages under swap writeback). About 20 ns per operation, no allocation per
// entry, unlike a JS Map whose set/delete churn costs several hundred ns and garbage.
// Key and value sit side by side in one array (key at an even index, its value just after): the keys come from
// all over the frame table, so nearly every lookup misses the nearest CPU caches, and one line fetched per entry
// instead of one per array took a quarter of the L1 misses off a swap-cache-like churn (cachegrind).

const EMPTY = -1;

/**
 * Backward-shift deletion with linear probing: may the entry at slot `at`, whose home slot is `home`, move back
 * into the hole at slot `hole`? Yes unless its home lies in the cyclic range (hole, at] — then moving it would
 * put it before its home, where a lookup would never find it. Shared with rmap-handles.ts's group table.
 */
export function fillsHole(hole: number, at: number, home: number): boolean {
  return hole <= at ? home <= hole || home > at : home <= hole && home > at;
}

export class IntHash {
  /** Entry e: key at 2e (EMPTY when free), value at 2e + 1. Probing walks the even indices. */
  private slots: Int32Array;
  /** 2 x entries - 2: wraps an even index. */
  private mask: number;
  private shift: number;
  private count = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.slots = IntHash.table(cap);
    this.mask = 2 * cap - 2;
    this.shift = 32 - Math.log2(cap);
  }

  private static table(entries: number): Int32Array {
    const t = new Int32Array(2 * entries); // a power of two
    // Every entry is (EMPTY, 0): the first one written, then doubled natively - not a loop per entry, which in
    // code V8 has not optimised yet cost boot ~1% (mapShared grows to 16,384 entries before the first frame).
    t[0] = EMPTY;
    for (let n = 2; n < t.length; n *= 2) t.copyWithin(n, 0, n);
    return t;
  }

  get size(): number {
    return this.count;
  }

  /** Index of the key of a key's home entry (even). */
  private slotOf(key: number): number {
    return (Math.imul(key, 0x9e3779b1) >>> this.shift) << 1;
  }

  /** The value of key, or `missing`. */
  get(key: number, missing = -1): number {
    const t = this.slots;
    for (let i = this.slotOf(key); ; i = (i + 2) & this.mask) {
      const k = t[i];
      if (k === key) return t[i + 1];
      if (k === EMPTY) return missing;
    }
  }

  set(key: number, value: number): void {
    if (key < 0 || key > 0x7fffffff) throw new RangeError(`IntHash: key ${key}`);
    const t = this.slots;
    let i = this.slotOf(key);
    for (; ; i = (i + 2) & this.mask) {
      const k = t[i];
      if (k === key) { t[i + 1] = value; return; }
      if (k === EMPTY) break;
    }
    t[i] = key;
    t[i + 1] = value;
    if (++this.count * 4 > this.mask + 2) this.grow();
  }

  /** Remove key (no-op when absent). */
  delete(key: number): void {
    const t = this.slots, mask = this.mask;
    let i = this.slotOf(key);
    for (; ; i = (i + 2) & mask) {
      const k = t[i];
      if (k === key) break;
      if (k === EMPTY) return;
    }
    // Backward shift: pull later entries of the probe run into the hole when their home slot allows it.
    for (let j = (i + 2) & mask; ; j = (j + 2) & mask) {
      const k = t[j];
      if (k === EMPTY) break;
      if (fillsHole(i, j, this.slotOf(k))) {
        t[i] = k;
        t[i + 1] = t[j + 1];
        i = j;
      }
    }
    t[i] = EMPTY;
    this.count--;
  }

  private grow(): void {
    const old = this.slots;
    const cap = this.mask + 2;
    this.slots = IntHash.table(cap);
    this.mask = 2 * cap - 2;
    this.shift--;
    this.count = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== EMPTY) this.set(old[i], old[i + 1]);
  }
}
