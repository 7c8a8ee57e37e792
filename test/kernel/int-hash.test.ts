// IntHash (int-hash.ts) against a Map under random set/get/delete churn, through growth and clustered keys.
import { describe, expect, it } from 'vitest';
import { IntHash } from '../../source/kernel/int-hash.js';

describe('IntHash', () => {
  it('agrees with a Map under random churn', () => {
    const h = new IntHash(16), m = new Map<number, number>();
    let seed = 12345;
    const rnd = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed; };
    for (let step = 0; step < 200_000; step++) {
      const r = rnd();
      // Clustered keys (neighbouring frames) and a wide range, to exercise long probe runs and wrap-around.
      const key = r & 1 ? (r >>> 8) % 4096 : (r >>> 1) % 0x7fffffff;
      const op = (r >>> 4) % 3;
      if (op === 0) { h.set(key, step); m.set(key, step); }
      else if (op === 1) { h.delete(key); m.delete(key); }
      expect(h.get(key)).toBe(m.get(key) ?? -1);
      if (step % 20_000 === 0) for (const [k, v] of m) expect(h.get(k)).toBe(v);
    }
    expect(h.size).toBe(m.size);
    for (const [k, v] of m) expect(h.get(k)).toBe(v);
    for (const k of [...m.keys()]) h.delete(k);
    expect(h.size).toBe(0);
    expect(h.get(7, -5)).toBe(-5);
    expect(() => h.set(-1, 0)).toThrow(RangeError);
  });

  it('starts every table (new and grown) as (EMPTY, 0) pairs, the layout the frame hashes see', () => {
    for (const cap of [1, 16, 17, 256, 1024, 65536]) {
      const h = new IntHash(cap);
      const slots = () => (h as unknown as { slots: Int32Array }).slots;
      const expected = (n: number) => Int32Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1 : 0));
      expect(slots()).toEqual(expected(slots().length));
      const before = slots().length;
      for (let k = 0; slots().length === before; k++) h.set(k * 7919, k);
      for (let i = 0; i < slots().length; i += 2) if (slots()[i] === -1) expect(slots()[i + 1]).toBe(0);
    }
  });
});
