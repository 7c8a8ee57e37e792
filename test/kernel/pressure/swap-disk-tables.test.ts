// The swap map (swapfile.ts) and the disk write queue (disk.ts) keep their per-slot and per-write state in compact
// typed arrays / hashes; these tests drive them against plain reference models, so a layout change cannot alter
// which slot is handed out next or which queued write still counts.
import { describe, expect, it } from 'vitest';
import { SwapArea } from '../../../source/kernel/swapfile.js';
import { DiskWriteQueue, WB_FILE, WB_SWAP } from '../../../source/kernel/disk.js';

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

describe('SwapArea counts and cache in one word', () => {
  it('keeps counts beyond the word\'s count field exact (continuation) and frees the slot after the last put', () => {
    const s = new SwapArea(16 * 4096);
    const slot = s.allocFor(123_456);
    for (let i = 0; i < 99; i++) s.dup(slot);
    expect(s.refs(slot)).toBe(100);
    expect(s.cachedFrame(slot)).toBe(123_456);
    s.dropCache(slot);
    expect(s.cachedFrame(slot)).toBe(-1);
    for (let i = 0; i < 99; i++) s.put(slot);
    expect([s.refs(slot), s.inUse(slot)]).toEqual([1, true]);
    s.put(slot);
    expect([s.refs(slot), s.inUse(slot), s.usedSlots]).toEqual([0, false, 0]);
    expect(s.alloc()).toBe(slot); // back on the free list, handed out first
  });

  it('holds the largest frame a machine can have next to a count', () => {
    const s = new SwapArea(16 * 4096);
    const big = 128 * 1024 * 256 - 1; // the last frame of 128 GiB
    const slot = s.allocFor(big);
    s.dup(slot);
    expect([s.cachedFrame(slot), s.refs(slot), s.swapCachedPages]).toEqual([big, 2, 1]);
  });
});

describe('DiskWriteQueue', () => {
  const out = { kind: -1, byKswapd: false, doneMs: 0 };

  it('completes writes in order at the disk rate and skips cancelled ones (freed, or written again)', () => {
    const q = new DiskWriteQueue(2); // 2 ms per page
    expect(q.submit(0, 10, WB_SWAP, true)).toBe(2);
    expect(q.submit(0, 11, WB_FILE, false)).toBe(4);
    expect(q.submit(0, 12, WB_FILE, false)).toBe(6);
    q.cancel(11); // truncated under writeback
    q.cancel(12); // written again (below): the older entry of 12 no longer counts
    expect(q.submit(1, 12, WB_FILE, false)).toBe(8);
    expect(q.submit(1, 11, WB_SWAP, false)).toBe(10); // frame 11 reused and written: only the new entry counts
    expect(q.length).toBe(5);
    expect(q.popDone(1, out)).toBe(-1); // nothing done yet
    expect(q.popDone(100, out)).toBe(10);
    expect(out).toEqual({ kind: WB_SWAP, byKswapd: true, doneMs: 2 });
    expect(q.popDone(100, out)).toBe(-2); // 11's cancelled write
    expect(q.popDone(100, out)).toBe(-2); // 12's superseded write
    expect(q.popDone(100, out)).toBe(12);
    expect(out.doneMs).toBe(8);
    expect(q.popDone(100, out)).toBe(11);
    expect(out).toEqual({ kind: WB_SWAP, byKswapd: false, doneMs: 10 });
    expect(q.popDone(100, out)).toBe(-1);
    // Nothing stale is left over: the next write of 11 and 12 counts.
    q.submit(100, 11, WB_FILE, false);
    q.submit(100, 12, WB_FILE, false);
    expect([q.popDone(200, out), q.popDone(200, out)]).toEqual([11, 12]);
  });

  it('keeps every live write through ring growth and heavy churn', () => {
    const q = new DiskWriteQueue(1);
    const live = new Map<number, number>(); // frame -> completion time of its live write
    const expected: number[] = [];
    let seed = 3;
    const rnd = (n: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % n; };
    for (let i = 0; i < 5000; i++) {
      const fr = rnd(3000);
      // cancel() is for a frame with a write queued: before freeing it, or before writing it again.
      if (live.has(fr)) q.cancel(fr);
      if (rnd(10) === 0) { live.delete(fr); continue; }
      live.set(fr, q.submit(0, fr, WB_FILE, false));
    }
    for (const [fr, done] of [...live].sort((a, b) => a[1] - b[1])) expected.push(fr, done);
    const got: number[] = [];
    for (let fr; (fr = q.popDone(Infinity, out)) !== -1; ) if (fr >= 0) got.push(fr, out.doneMs);
    expect(got).toEqual(expected);
    expect(q.length).toBe(0);
  });
});
