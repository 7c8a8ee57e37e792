// Unit tests of the small building blocks: frame table (struct page + LRU), sparse chunks, printk ring, sysctl table.
import { describe, expect, it } from 'vitest';
import { FrameTable, Kind, Lru, PG_DIRTY } from '../../source/kernel/page-frames.js';
import { ChunkStore, CHUNK, segBase, SparseChunks } from '../../source/kernel/sparse.js';
import { SimKernel } from '../../source/kernel/kernel.js';
import { formatLogTime, LOG_RING_LINES, PrintkRing } from '../../source/kernel/printk.js';
import { SysctlTable } from '../../source/kernel/sysctl.js';
import { computeWatermarks, defaultMinFreeKbytes } from '../../source/kernel/page-alloc.js';

describe('FrameTable', () => {
  it('allocates lazily, frees LIFO, keeps every counter exact', () => {
    const f = new FrameTable(1000);
    const a = f.alloc(Kind.ANON, 7, 2 ** 34 + 5);
    const b = f.alloc(Kind.FILE, 3, 12);
    expect([a, b]).toEqual([0, 1]);
    expect(f.index(a)).toBe(2 ** 34 + 5); // virtual page numbers beyond 32 bits survive
    expect(f.nrFree).toBe(998);
    expect(f.nrKind[Kind.ANON]).toBe(1);
    f.lruAdd(a, Lru.INACTIVE_ANON);
    f.mapInc(a);
    expect(f.nrAnonMapped).toBe(1);
    f.setDirty(b);
    f.setDirty(b);
    expect(f.nrDirty).toBe(1);
    f.mapDec(a);
    f.lruDel(a);
    f.free(a);
    expect(f.alloc(Kind.SHMEM, 1, 0)).toBe(a); // hot frame reused first
    expect(() => f.free(b + 5)).toThrow(/double free/);
    f.free(b);
    expect(f.nrDirty).toBe(0);
    expect(f.hasFlag(b, PG_DIRTY)).toBe(false);
    expect(f.nrFree + f.nrKind[Kind.SHMEM]).toBe(1000);
  });

  it('keeps LRU lists ordered: head = newest, tail = oldest, moves in O(1)', () => {
    const f = new FrameTable(10);
    const fr = [0, 1, 2, 3].map(() => f.alloc(Kind.FILE, 0, 0));
    for (const x of fr) f.lruAdd(x, Lru.INACTIVE_FILE);
    expect(f.lruOldest(Lru.INACTIVE_FILE)).toBe(0);
    f.lruMove(0, Lru.ACTIVE_FILE);
    expect(f.lruOldest(Lru.INACTIVE_FILE)).toBe(1);
    expect(f.lruNewerThan(1)).toBe(2);
    expect([f.lruSize[Lru.INACTIVE_FILE], f.lruSize[Lru.ACTIVE_FILE]]).toEqual([3, 1]);
    f.lruDel(2);
    expect(f.lruNewerThan(1)).toBe(3);
    f.lruAddTail(2, Lru.INACTIVE_FILE);
    expect(f.lruOldest(Lru.INACTIVE_FILE)).toBe(2);
    expect(() => f.lruAdd(2, Lru.INACTIVE_FILE)).toThrow(/already on LRU/);
    expect(() => f.free(3)).toThrow(/still on LRU/);
  });
});

describe('SparseChunks', () => {
  it('counts used entries per 512-entry chunk and visits only allocated chunks', () => {
    const s = new SparseChunks(new ChunkStore());
    s.ensure(0);
    s.ensure(2 ** 26 - 1); // the chunk of vpn 2^35 - 1 (the top of a 47-bit address space)
    s.set(5, 9);
    s.set(2 ** 35 - 1, -3);
    s.set(5, 10);
    expect(s.usedIn(0)).toBe(1);
    const seen: Array<[number, number]> = [];
    s.forEachIn(0, 2 ** 35, (i, v) => seen.push([i, v]));
    expect(seen).toEqual([[5, 10], [2 ** 35 - 1, -3]]);
    s.set(5, 0);
    expect(s.usedIn(0)).toBe(0);
    expect(() => s.set(600, 1)).toThrow(/without chunk/);
  });

  it('drops only empty chunks; a dropped chunk is reused by any SparseChunks, empty and with count 0', () => {
    const store = new ChunkStore(); // one kernel's pools: b reuses what a dropped
    const a = new SparseChunks(store), b = new SparseChunks(store);
    a.ensure(3);
    for (let i = 0; i < CHUNK; i++) a.set(3 * CHUNK + i, i + 1);
    a.addUsed(3, 0);
    expect(a.usedIn(3)).toBe(CHUNK);
    expect(() => a.drop(3)).toThrow(/holding 512 entries/);
    for (let i = 0; i < CHUNK; i++) a.set(3 * CHUNK + i, 0);
    const old = a.find(3);
    a.drop(3);
    expect(a.find(3)).toBe(-1);
    expect(a.usedIn(3)).toBe(0);
    b.ensure(7);
    expect(b.find(7)).toBe(old); // recycled, not allocated
    expect(b.usedIn(7)).toBe(0);
    const seg = b.segData(old), at = segBase(old);
    expect(seg.subarray(at, at + CHUNK).every((e) => e === 0)).toBe(true);
    b.set(7 * CHUNK + 1, 5);
    expect([b.usedIn(7), b.get(7 * CHUNK + 1)]).toEqual([1, 5]);
  });

  it('finds chunks through its directory and caches in any order of lookups, drops and re-allocations', () => {
    // Keys in four directory nodes (64 chunks each), looked up in turn so that every cache level misses;
    // a stale cached chunk or node after drop/ensure would return the wrong array or a dropped one.
    const s = new SparseChunks(new ChunkStore());
    const keys = [1, 511, 512, 513, 5 * 512 + 7];
    for (const key of keys) { s.ensure(key); s.set(key * CHUNK + 3, key + 1); }
    for (let round = 0; round < 3; round++) {
      for (const key of [...keys].reverse()) expect(s.get(key * CHUNK + 3)).toBe(key + 1);
    }
    expect(s.ensure(513)).toBe(false);
    s.set(512 * CHUNK + 3, 0);
    s.drop(512); // its node (chunks 512-575) keeps 513
    expect([s.find(512), s.get(513 * CHUNK + 3)]).toEqual([-1, 514]);
    s.set(513 * CHUNK + 3, 0);
    expect(s.get(5 * 512 * CHUNK + 7 * CHUNK + 3)).toBe(5 * 512 + 8);
    s.drop(513); // that node is now empty and goes
    expect(s.find(513)).toBe(-1);
    expect(s.get(511 * CHUNK + 3)).toBe(512); // another node in between: the missing one is still cached
    expect(s.ensure(513)).toBe(true); // the node comes back with a zeroed chunk
    expect([s.get(513 * CHUNK + 3), s.find(512), s.get(511 * CHUNK + 3)]).toEqual([0, -1, 512]);
    s.set(513 * CHUNK + 4, 9);
    expect([s.usedIn(513), s.get(513 * CHUNK + 4)]).toEqual([1, 9]);
    expect(s.ensure(514)).toBe(true); // found through the re-created node, not a stale cached one
    s.set(514 * CHUNK, 7);
    expect([s.get(514 * CHUNK), s.get(513 * CHUNK + 4)]).toEqual([7, 9]);
    s.set(514 * CHUNK, 0);
    s.drop(514);
    const seen: number[] = [];
    s.forEachIn(0, 6 * 512 * CHUNK, (i) => seen.push(i));
    expect(seen).toEqual([CHUNK + 3, 511 * CHUNK + 3, 513 * CHUNK + 4, (5 * 512 + 7) * CHUNK + 3]);
  });
});

describe('page-table pools', () => {
  it('belong to one kernel: a machine booted after another starts from empty pools and keeps nothing of it', () => {
    const first = new SimKernel({}), second = new SimKernel({});
    const a = first.k.chunkStore.chunks, b = second.k.chunkStore.chunks;
    expect(a).not.toBe(b);
    // The same boot takes the same segments; with pools shared by the process the second would start after the first.
    expect(a.inUse).toBeGreaterThan(100);
    expect([b.inUse, b.pools.length]).toEqual([a.inUse, a.pools.length]);
  });
});

describe('printk', () => {
  it('keeps the newest 4096 lines with monotonic sequence numbers', () => {
    const r = new PrintkRing();
    for (let i = 0; i < LOG_RING_LINES + 10; i++) r.log(i, 6, `line ${i}`);
    const all = r.read();
    expect(all).toHaveLength(4096);
    expect(all[0]).toMatchObject({ seq: 10, text: 'line 10' });
    expect(r.read(4100).map((l) => l.seq)).toEqual([4100, 4101, 4102, 4103, 4104, 4105]);
    expect(formatLogTime(100000 * 1000 + 0.5)).toBe('[100000.000500]');
  });

  it('formats a lazy line once, when first read, and never one overwritten unread', () => {
    const r = new PrintkRing();
    const formatted: number[] = [];
    const row = (n: number) => { formatted.push(n); return `row ${n}`; };
    for (let i = 0; i < LOG_RING_LINES + 5; i++) {
      if (i % 2 === 0) r.logLazy(i, 6, row, i); else r.log(i, 4, `line ${i}`);
    }
    expect(formatted).toEqual([]);
    expect(r.read(LOG_RING_LINES + 2).map((l) => [l.seq, l.level, l.text])).toEqual([
      [4098, 6, 'row 4098'], [4099, 4, 'line 4099'], [4100, 6, 'row 4100']]);
    expect(formatted).toEqual([4098, 4100]);
    const all = r.read();
    expect(all).toHaveLength(LOG_RING_LINES);
    expect(all[0]).toEqual({ seq: 5, timeMs: 5, level: 4, text: 'line 5' });
    expect(all[1]).toEqual({ seq: 6, timeMs: 6, level: 6, text: 'row 6' });
    expect(formatted).toHaveLength(2051 - 3); // 2051 rows (even seqs to 4100); 0, 2, 4 were overwritten unread
    expect(formatted.slice(0, 3)).toEqual([4098, 4100, 6]);
    r.read();
    expect(formatted).toHaveLength(2048); // already text: not formatted again
  });
});

describe('sysctl and watermark formulas', () => {
  it('min_free_kbytes defaults per §7.1 and watermarks from it', () => {
    expect(defaultMinFreeKbytes(262144)).toBe(4096); // 1 GiB
    expect(defaultMinFreeKbytes(1048576)).toBe(8192); // 4 GiB
    expect(defaultMinFreeKbytes(16777216)).toBe(32768); // 64 GiB
    expect(defaultMinFreeKbytes(16)).toBe(128); // clamp low
    expect(computeWatermarks(262144, 4096, 10)).toEqual({ minFreeKbytes: 4096, min: 1024, low: 1286, high: 1548, totalreserve: 1548 });
  });

  it('validates ranges and write-only entries', () => {
    const t = new SysctlTable();
    expect(t.check('vm.watermark_scale_factor', 0)).toBe('EINVAL');
    expect(t.check('vm.watermark_scale_factor', 3000)).toBeUndefined();
    expect(t.check('vm.dirty_bytes', 0)).toBe('EINVAL'); // two pages minimum
    expect(t.check('vm.percpu_pagelist_high_fraction', 4)).toBe('EINVAL');
    expect(t.check('vm.swappiness', 1.5)).toBe('EINVAL');
    expect(t.get('vm.drop_caches')).toEqual({ ok: false, errno: 'EACCES' });
    t.apply('vm.dirty_background_bytes', 4096 * 100);
    expect(t.value('vm.dirty_background_ratio')).toBe(0);
  });
});
