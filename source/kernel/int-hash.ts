// A hash map from non-negative int32 keys to int32 values in two typed arrays: the role of the small radix trees
// and xarrays the kernel keeps beside struct page for state only a few pages have at a time (here: the swap slot
// of a swap-cache page, page-frames.ts). Open addressing with linear probing, Fibonacci hashing, backward-shift
// deletion (no tombstones, so a long run of set/delete churn never degrades), doubled at 50% load, never shrunk
// (the live set is bounded, e.g. by the pages under swap writeback). About 20 ns per operation, no allocation per
// entry, unlike a JS Map whose set/delete churn costs several hundred ns and garbage.

const EMPTY = -1;

export class IntHash {
  private keys: Int32Array;
  private vals: Int32Array;
  private mask: number;
  private shift: number;
  private count = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.keys = new Int32Array(cap).fill(EMPTY);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
  }

  get size(): number {
    return this.count;
  }

  private slotOf(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  /** The value of key, or `missing`. */
  get(key: number, missing = -1): number {
    const keys = this.keys;
    for (let i = this.slotOf(key); ; i = (i + 1) & this.mask) {
      const k = keys[i];
      if (k === key) return this.vals[i];
      if (k === EMPTY) return missing;
    }
  }

  set(key: number, value: number): void {
    if (key < 0 || key > 0x7fffffff) throw new RangeError(`IntHash: key ${key}`);
    const keys = this.keys;
    let i = this.slotOf(key);
    for (; ; i = (i + 1) & this.mask) {
      const k = keys[i];
      if (k === key) { this.vals[i] = value; return; }
      if (k === EMPTY) break;
    }
    keys[i] = key;
    this.vals[i] = value;
    if (++this.count * 2 > keys.length) this.grow();
  }

  /** Remove key (no-op when absent). */
  delete(key: number): void {
    const keys = this.keys, vals = this.vals, mask = this.mask;
    let i = this.slotOf(key);
    for (; ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === key) break;
      if (k === EMPTY) return;
    }
    // Backward shift: pull later entries of the probe run into the hole when their home slot allows it.
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const k = keys[j];
      if (k === EMPTY) break;
      const home = this.slotOf(k);
      // Entry j may move to i when its home is not in the cyclic range (i, j].
      const inRange = i <= j ? home > i && home <= j : home > i || home <= j;
      if (!inRange) {
        keys[i] = k;
        vals[i] = vals[j];
        i = j;
      }
    }
    keys[i] = EMPTY;
    this.count--;
  }

  private grow(): void {
    const oldKeys = this.keys, oldVals = this.vals;
    const cap = oldKeys.length * 2;
    this.keys = new Int32Array(cap).fill(EMPTY);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    this.shift--;
    this.count = 0;
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i] !== EMPTY) this.set(oldKeys[i], oldVals[i]);
  }
}
