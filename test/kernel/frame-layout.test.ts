// The dense frame table (page-frames.ts): what is stored outside the per-frame arrays must read back exactly —
// the mapcount of a page mapped more than once (shared-library pages mapped by hundreds of processes) and the swap
// slot of a swap-cache page. The counters stay exact through every transition.
import { describe, expect, it } from 'vitest';
import { FrameTable, Kind, Lru, PG_SWAPCACHE } from '../../source/kernel/page-frames.js';

describe('FrameTable dense layout', () => {
  it('counts shared mappings exactly and keeps Mapped moving only on 0 <-> 1', () => {
    const f = new FrameTable(16);
    const fr = f.alloc(Kind.FILE, 3, 0);
    for (let i = 0; i < 1000; i++) f.mapInc(fr);
    expect(f.mapCount(fr)).toBe(1000);
    expect(f.isMapped(fr)).toBe(true);
    expect(f.nrFileMapped).toBe(1);
    for (let i = 0; i < 746; i++) f.mapDec(fr);
    expect(f.mapCount(fr)).toBe(254);
    expect(f.isMapped(fr)).toBe(true);
    f.mapInc(fr);
    f.mapInc(fr);
    expect(f.mapCount(fr)).toBe(256);
    for (let i = 0; i < 255; i++) f.mapDec(fr);
    expect([f.mapCount(fr), f.nrFileMapped]).toEqual([1, 1]);
    f.mapDec(fr);
    expect([f.mapCount(fr), f.isMapped(fr), f.nrFileMapped]).toEqual([0, false, 0]);
    expect(() => f.mapDec(fr)).toThrow(/negative mapcount/);
    f.free(fr);
  });

  it('counts anonymous pages mapped more than once too, across a change of kind', () => {
    const f = new FrameTable(16);
    const a = f.alloc(Kind.ANON, 1, 0), b = f.alloc(Kind.ANON, 1, 1);
    f.mapInc(a);
    f.mapInc(b);
    f.mapInc(b);
    f.mapInc(b);
    expect([f.mapCount(a), f.mapCount(b), f.nrAnonMapped]).toEqual([1, 3, 2]);
    f.setKind(b, Kind.SHMEM);
    expect([f.mapCount(a), f.mapCount(b), f.nrAnonMapped, f.nrFileMapped]).toEqual([1, 3, 1, 1]);
    f.setKind(b, Kind.ANON);
    f.mapDec(b);
    f.mapDec(a);
    expect([f.mapCount(a), f.mapCount(b), f.nrAnonMapped]).toEqual([0, 2, 1]);
    f.mapDec(b);
    f.mapDec(b);
    expect([f.mapCount(b), f.isMapped(b), f.nrAnonMapped]).toEqual([0, false, 0]);
  });

  it('remembers the swap slot of a swap-cache page until it leaves the cache or is freed', () => {
    const f = new FrameTable(16);
    const a = f.alloc(Kind.ANON, 7, 2 ** 35 - 1);
    const b = f.alloc(Kind.SHMEM, 2, 9);
    expect(f.swapSlot(a)).toBe(-1);
    f.setSwapCache(a, 0);
    f.setSwapCache(b, 1_048_575);
    expect([f.swapSlot(a), f.swapSlot(b), f.nrSwapCache]).toEqual([0, 1_048_575, 2]);
    f.clearSwapCache(a);
    f.clearSwapCache(a);
    expect([f.swapSlot(a), f.nrSwapCache, f.hasFlag(a, PG_SWAPCACHE)]).toEqual([-1, 1, false]);
    f.free(b);
    expect([f.nrSwapCache, f.alloc(Kind.ANON, 1, 0)]).toEqual([0, b]);
    expect(f.swapSlot(b)).toBe(-1);
    expect(f.index(a)).toBe(2 ** 35 - 1);
  });

  it('keeps the swap slot as a swap-cache page joins, moves along and leaves LRU lists (parked off the lists)', () => {
    const f = new FrameTable(16);
    const [a, b, c] = [0, 1, 2].map((i) => f.alloc(Kind.ANON, 1, i));
    f.lruAdd(b, Lru.INACTIVE_ANON);
    const big = 2 ** 26 - 1; // the last slot of a 256 GiB swap area: wider than a link
    f.setSwapCache(a, big); // off the lists: parked in the links
    f.lruAdd(a, Lru.INACTIVE_ANON); // on a list: in the hash
    f.lruAddTail(c, Lru.INACTIVE_ANON);
    f.setSwapCache(c, 5);
    expect([f.swapSlot(a), f.swapSlot(b), f.swapSlot(c)]).toEqual([big, -1, 5]);
    f.lruMove(a, Lru.ACTIVE_ANON);
    f.lruMoveOldest(Lru.INACTIVE_ANON, b, 2, Lru.ACTIVE_ANON);
    expect([f.swapSlot(a), f.swapSlot(c), f.lruSize[Lru.ACTIVE_ANON]]).toEqual([big, 5, 3]);
    f.lruDel(a);
    f.lruDel(c);
    expect([f.swapSlot(a), f.swapSlot(c)]).toEqual([big, 5]);
    expect([f.lruOldest(Lru.ACTIVE_ANON), f.lruNewerThan(b)]).toEqual([b, -1]); // the lists are intact
    f.lruAddTail(c, Lru.INACTIVE_FILE);
    f.setSwapCache(c, 7);
    f.lruDel(c);
    expect(f.swapSlot(c)).toBe(7);
    f.clearSwapCache(c);
    f.free(c);
    f.free(a);
    expect([f.nrSwapCache, f.swapSlot(a), f.alloc(Kind.ANON, 1, 0)]).toEqual([0, -1, a]);
  });
});

describe('FrameTable.lruMoveOldest', () => {
  const order = (f: FrameTable, list: Lru): number[] => {
    const out: number[] = [];
    for (let x = f.lruOldest(list); x !== -1; x = f.lruNewerThan(x)) out.push(x);
    return out;
  };
  const setUp = () => {
    const f = new FrameTable(32);
    for (let i = 0; i < 6; i++) f.lruAdd(f.alloc(Kind.ANON, 1, i), Lru.INACTIVE_ANON); // oldest 0 .. newest 5
    for (let i = 0; i < 2; i++) f.lruAdd(f.alloc(Kind.ANON, 1, 10 + i), Lru.ACTIVE_ANON); // 6, 7
    return f;
  };
  it('lruRotate gives the list count x lruMove(lruOldest(list), list) gives, made when next read or changed', () => {
    for (const steps of [[1], [3, 4], [5, 5, 5], [2, 3, 1]]) {
      const a = setUp(), b = setUp();
      for (const count of steps) {
        for (let i = 0; i < count; i++) a.lruMove(a.lruOldest(Lru.INACTIVE_ANON), Lru.INACTIVE_ANON);
        b.lruRotate(Lru.INACTIVE_ANON, count);
      }
      expect(order(b, Lru.INACTIVE_ANON)).toEqual(order(a, Lru.INACTIVE_ANON));
    }
    const a = setUp(), b = setUp();
    for (let i = 0; i < 4; i++) a.lruMove(a.lruOldest(Lru.INACTIVE_ANON), Lru.INACTIVE_ANON);
    b.lruRotate(Lru.INACTIVE_ANON, 4);
    for (const f of [a, b]) { f.lruDel(2); f.lruAdd(f.alloc(Kind.ANON, 1, 20), Lru.INACTIVE_ANON); f.lruMove(0, Lru.ACTIVE_ANON); }
    for (const l of [Lru.INACTIVE_ANON, Lru.ACTIVE_ANON]) expect(order(b, l)).toEqual(order(a, l));
  });

  it('gives the same lists as count x lruMove(lruOldest(list), dest)', () => {
    for (const [count, dest] of [[1, Lru.ACTIVE_ANON], [3, Lru.ACTIVE_ANON], [6, Lru.ACTIVE_ANON], [2, Lru.INACTIVE_ANON], [6, Lru.INACTIVE_ANON]] as const) {
      const a = setUp(), b = setUp();
      for (let i = 0; i < count; i++) a.lruMove(a.lruOldest(Lru.INACTIVE_ANON), dest);
      let newest = b.lruOldest(Lru.INACTIVE_ANON);
      for (let i = 1; i < count; i++) newest = b.lruNewerThan(newest);
      b.lruMoveOldest(Lru.INACTIVE_ANON, newest, count, dest);
      for (const l of [Lru.INACTIVE_ANON, Lru.ACTIVE_ANON]) {
        expect(order(b, l)).toEqual(order(a, l));
        expect(b.lruSize[l]).toBe(a.lruSize[l]);
      }
      for (let fr = 0; fr < 8; fr++) expect(b.lruOf(fr)).toBe(a.lruOf(fr));
    }
  });
  it('moves into an empty list', () => {
    const f = setUp();
    f.lruMoveOldest(Lru.INACTIVE_ANON, 1, 2, Lru.INACTIVE_FILE);
    expect(order(f, Lru.INACTIVE_FILE)).toEqual([0, 1]);
    expect(order(f, Lru.INACTIVE_ANON)).toEqual([2, 3, 4, 5]);
    expect([f.lruSize[Lru.INACTIVE_FILE], f.lruSize[Lru.INACTIVE_ANON]]).toEqual([2, 4]);
  });
});

describe('FrameTable reverse map handles', () => {
  it('reads back owner and index for every kind, shares and recycles 512-page groups', () => {
    const f = new FrameTable(4096);
    const k = f.alloc(Kind.KERNEL, 0, 0);
    expect([f.ownerOf(k), f.index(k)]).toEqual([0, 0]);
    const base = 2 ** 35 - 1024; // top of a 47-bit address space, vpn beyond 32 bits
    const anon = Array.from({ length: 1024 }, (_, i) => f.alloc(Kind.ANON, 5, base + i));
    expect(f.rmapGroups).toBe(3); // kernel group + two 512-page groups
    anon.forEach((fr, i) => expect([f.ownerOf(fr), f.index(fr)]).toEqual([5, base + i]));
    const file = f.alloc(Kind.FILE, 2 ** 26 - 1, 2 ** 36 - 1);
    expect([f.ownerOf(file), f.index(file)]).toEqual([2 ** 26 - 1, 2 ** 36 - 1]);
    f.setRmap(anon[0], 9, 77);
    expect([f.ownerOf(anon[0]), f.index(anon[0])]).toEqual([9, 77]);
    f.setIndex(anon[1], base + 1 + 2 ** 33);
    f.setOwner(anon[1], 6);
    expect([f.ownerOf(anon[1]), f.index(anon[1])]).toEqual([6, base + 1 + 2 ** 33]);
    for (const fr of anon.slice(2)) f.free(fr);
    f.free(anon[0]);
    f.free(anon[1]);
    f.free(file);
    expect(f.rmapGroups).toBe(1); // only the permanent kernel group is left
    const again = f.alloc(Kind.SHMEM, 3, 1000);
    expect([f.ownerOf(again), f.index(again)]).toEqual([3, 1000]);
    expect(() => f.alloc(Kind.ANON, 1, 2 ** 36)).toThrow(RangeError);
    expect(() => f.alloc(Kind.ANON, 2 ** 26, 0)).toThrow(RangeError);
    expect(() => f.alloc(Kind.ANON, 1, -1)).toThrow(RangeError);
    expect(f.nrFree).toBe(4096 - 2); // a refused allocation takes no frame
  });
});

describe('FrameTable packed LRU links', () => {
  for (const wide of [false, true]) {
    it(`keeps lists and the free list exact across 16-bit boundaries (${wide ? '16+16' : '16+8'}-bit links)`, () => {
      const n = 200_000;
      const f = new FrameTable(n, wide);
      for (let i = 0; i < n; i++) f.alloc(Kind.ANON, 1, i);
      expect(f.alloc(Kind.ANON, 1, 0)).toBe(-1);
      const picks = [65535, 0, 65536, 131071, 131072, n - 1, 1];
      for (const x of picks) f.lruAdd(x, Lru.INACTIVE_ANON);
      f.lruAddTail(65534, Lru.INACTIVE_ANON);
      const walk: number[] = [];
      for (let x = f.lruOldest(Lru.INACTIVE_ANON); x !== -1; x = f.lruNewerThan(x)) walk.push(x);
      expect(walk).toEqual([65534, ...picks]);
      const back: number[] = [];
      for (let x = f.lruHead[Lru.INACTIVE_ANON]; x !== -1; x = f.lruOlderThan(x)) back.push(x);
      expect(back).toEqual([...walk].reverse());
      f.lruDel(131072);
      f.lruMove(65536, Lru.ACTIVE_ANON);
      expect(f.lruNewerThan(131071)).toBe(n - 1);
      expect(f.lruOlderThan(131071)).toBe(0);
      expect([f.lruHead[Lru.ACTIVE_ANON], f.lruTail[Lru.ACTIVE_ANON]]).toEqual([65536, 65536]);
      // Free list through the packed next links: LIFO over high frame numbers.
      for (const x of [131072, n - 2, 70000]) f.free(x);
      expect([f.alloc(Kind.FILE, 2, 0), f.alloc(Kind.FILE, 2, 1), f.alloc(Kind.FILE, 2, 2), f.alloc(Kind.FILE, 2, 3)])
        .toEqual([70000, n - 2, 131072, -1]);
    });
  }
});
