// The swap map (swapfile.ts) keeps its per-slot state in one compact typed array; this test drives it against a
// plain reference model, so a layout change cannot alter which slot is handed out next.
import { describe, expect, it } from 'vitest';
import { SwapArea } from '../../../source/kernel/swapfile.js';

describe('SwapArea under churn', () => {
  it('hands out exactly the slots a reference swap_map would, each once while in use', () => {
    const slots = 300;
    const s = new SwapArea((slots + 1) * 4096);
    // Reference: refs and cache per slot, free slots as a stack (last freed first), never-used slots in order.
    const refs = new Map<number, number>(), cache = new Map<number, number>();
    const stack: number[] = [];
    let fresh = 1;
    let seed = 7;
    const rnd = (n: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % n; };
    const inUse = () => [...new Set([...refs.keys(), ...cache.keys()])];
    const releaseIfFree = (x: number) => { if (!refs.get(x) && !cache.has(x)) { refs.delete(x); stack.push(x); } };
    for (let step = 0; step < 50_000; step++) {
      const live = inUse();
      const op = rnd(5);
      if (op === 0 || live.length === 0) {
        const want = stack.length ? stack.pop()! : fresh <= slots ? fresh++ : 0;
        const got = s.alloc();
        expect(got).toBe(want);
        if (got) { expect(live).not.toContain(got); refs.set(got, 1); }
        continue;
      }
      const x = live[rnd(live.length)];
      if (op === 1) { s.dup(x); refs.set(x, (refs.get(x) ?? 0) + 1); }
      else if (op === 2 && refs.get(x)) { s.put(x); refs.set(x, refs.get(x)! - 1); releaseIfFree(x); }
      else if (op === 3) { s.addToCache(x, 1000 + x); cache.set(x, 1000 + x); }
      else if (op === 4 && cache.has(x)) { s.dropCache(x); cache.delete(x); releaseIfFree(x); }
      expect(s.refs(x)).toBe(refs.get(x) ?? 0);
      expect(s.cachedFrame(x)).toBe(cache.get(x) ?? -1);
      expect(s.inUse(x)).toBe(refs.has(x) || cache.has(x));
      expect(s.freeSlots).toBe(stack.length + slots + 1 - fresh);
      expect(s.swapCachedPages).toBe(cache.size);
    }
  });
});
