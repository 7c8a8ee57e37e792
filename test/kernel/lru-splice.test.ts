// FrameTable.lruMoveOldest and LruRun, the splice reclaim uses for runs of pages: it must leave every list exactly as
// moving the same pages one by one with lruMove would (order, sizes, list ids), for rotations and moves alike.
import { describe, expect, it } from 'vitest';
import { LruRun } from '../../source/kernel/lru-run.js';
import { FrameTable, Kind, Lru } from '../../source/kernel/page-frames.js';

function listOf(f: FrameTable, list: Lru): number[] {
  const out: number[] = [];
  for (let fr = f.lruOldest(list); fr >= 0; fr = f.lruNewerThan(fr)) {
    expect(f.lruOf(fr)).toBe(list);
    out.push(fr);
  }
  expect(out.length).toBe(f.lruSize[list]);
  return out;
}

/** Two identical tables with pages spread over two lists by a seeded pseudo-random sequence. */
function twins(seed: number): [FrameTable, FrameTable] {
  const make = () => {
    let s = seed;
    const f = new FrameTable(64);
    for (let i = 0; i < 40; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const fr = f.alloc(Kind.ANON, 1, i);
      f.lruAdd(fr, (s >>> 16) % 3 === 0 ? Lru.ACTIVE_ANON : Lru.INACTIVE_ANON);
    }
    return f;
  };
  return [make(), make()];
}

describe('FrameTable.lruMoveOldest', () => {
  for (const [from, to] of [[Lru.INACTIVE_ANON, Lru.ACTIVE_ANON], [Lru.INACTIVE_ANON, Lru.INACTIVE_ANON],
    [Lru.ACTIVE_ANON, Lru.INACTIVE_ANON], [Lru.ACTIVE_ANON, Lru.ACTIVE_ANON]] as const) {
    it(`moves runs from list ${from} to list ${to} like one lruMove per page`, () => {
      for (let seed = 1; seed < 30; seed++) {
        const [a, b] = twins(seed);
        const size = a.lruSize[from];
        for (const count of [1, 2, Math.max(1, size >> 1), Math.max(1, size - 1), size]) {
          if (count > a.lruSize[from] || count === 0) continue;
          for (let i = 0; i < count; i++) a.lruMove(a.lruOldest(from), to);
          let newest = b.lruOldest(from);
          for (let i = 1; i < count; i++) newest = b.lruNewerThan(newest);
          b.lruMoveOldest(from, newest, count, to);
          expect(listOf(b, from)).toEqual(listOf(a, from));
          expect(listOf(b, to)).toEqual(listOf(a, to));
        }
      }
    });
  }

  it('empties a list and fills an empty one', () => {
    const [a, b] = twins(7);
    const n = a.lruSize[Lru.ACTIVE_ANON];
    while (a.lruSize[Lru.INACTIVE_ANON] > 0) a.lruDel(a.lruOldest(Lru.INACTIVE_ANON));
    while (b.lruSize[Lru.INACTIVE_ANON] > 0) b.lruDel(b.lruOldest(Lru.INACTIVE_ANON));
    for (let i = 0; i < n; i++) a.lruMove(a.lruOldest(Lru.ACTIVE_ANON), Lru.INACTIVE_ANON);
    b.lruMoveOldest(Lru.ACTIVE_ANON, b.lruHead[Lru.ACTIVE_ANON], n, Lru.INACTIVE_ANON);
    expect(listOf(b, Lru.ACTIVE_ANON)).toEqual([]);
    expect(listOf(b, Lru.INACTIVE_ANON)).toEqual(listOf(a, Lru.INACTIVE_ANON));
  });
});

describe('LruRun', () => {
  it('scanning a list from its oldest end, rotating some pages and moving others, ends like one lruMove per page', () => {
    for (let seed = 1; seed < 30; seed++) {
      const [a, b] = twins(seed);
      const from = Lru.INACTIVE_ANON;
      // Each scanned page keeps its place in the scan order (rotated: back to the head of `from`) or moves.
      const dests = Array.from({ length: a.lruSize[from] + 5 }, (_, i) => ((seed * 7 + i * 13) % 5 < 2 ? from : Lru.ACTIVE_ANON));
      for (const dest of dests) {
        const fr = a.lruOldest(from);
        if (fr < 0) break;
        a.lruMove(fr, dest);
      }
      const run = new LruRun().start(b, from);
      let fr = b.lruOldest(from), scanned = 0;
      for (const dest of dests) {
        // A run ending at the newest page has gone round the whole list: it moves and scanning starts again.
        if (fr < 0 && (fr = run.restart()) < 0) break;
        const next = b.lruNewerThan(fr);
        run.add(fr, dest);
        fr = next;
        scanned++;
      }
      run.flush();
      expect(scanned).toBeGreaterThan(0);
      expect(listOf(b, from)).toEqual(listOf(a, from));
      expect(listOf(b, Lru.ACTIVE_ANON)).toEqual(listOf(a, Lru.ACTIVE_ANON));
    }
  });
});
