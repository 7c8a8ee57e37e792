// Boot's bulk paths for runs of fresh frames must leave exactly the state of the per-page paths they replace:
// FrameTable.lruAddFreshRun (one run linked at a list's head) against one lruAdd per frame, and filemap.ts's
// insertRun without the refault hook's per-page calls against the per-page loop. Compared object by object.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addRunToPageCache } from '../../source/kernel/filemap.js';
import { createFile } from '../../source/kernel/fs.js';
import { FrameTable, Kind, Lru } from '../../source/kernel/page-frames.js';
import type { KState } from '../../source/kernel/state.js';
import { boot, deepHash, MiB } from './helpers.js';

const LISTS = [Lru.INACTIVE_ANON, Lru.ACTIVE_ANON, Lru.INACTIVE_FILE, Lru.ACTIVE_FILE, Lru.UNEVICTABLE];

interface Case {
  wide: boolean;
  /** Kernel frames taken first: where the run starts (near 65,536 the links' high parts change inside it). */
  skip: number;
  /** Pages put on lists before the run (list index into LISTS), and pending rotations. */
  before: number[];
  rotate: Array<[number, number]>;
  list: number;
  count: number;
}

/** A table in the state of `c` with the run allocated, linked by `bulk` or page by page. */
function table(c: Case, bulk: boolean): FrameTable {
  const f = new FrameTable(66_000, c.wide);
  if (c.skip > 0) f.allocFresh(Kind.KERNEL, c.skip, 0, 0, 0);
  c.before.forEach((l, i) => f.lruAdd(f.alloc(Kind.FILE, 3, i), LISTS[l]));
  for (const [l, n] of c.rotate) f.lruRotate(LISTS[l], n);
  const first = f.allocFresh(Kind.FILE, c.count, 7, 100, 1);
  expect(first).toBeGreaterThanOrEqual(0);
  if (bulk) f.lruAddFreshRun(first, c.count, LISTS[c.list]);
  else for (let i = 0; i < c.count; i++) f.lruAdd(first + i, LISTS[c.list]);
  return f;
}

/** Each list from its tail by the public walk (what reclaim sees). */
function lists(f: FrameTable): number[][] {
  return LISTS.map((l) => {
    const out: number[] = [];
    for (let fr = f.lruOldest(l); fr >= 0; fr = f.lruNewerThan(fr)) out.push(fr);
    return out;
  });
}

const caseArb = fc.record({
  wide: fc.boolean(),
  skip: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 65_300, max: 65_540 })),
  before: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 30 }),
  rotate: fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 5 })), { maxLength: 3 }),
  list: fc.integer({ min: 0, max: 4 }),
  count: fc.integer({ min: 1, max: 400 }),
});

describe('FrameTable.lruAddFreshRun', () => {
  it('links a fresh run like one lruAdd per frame', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const a = table(c, false), b = table(c, true);
      expect(lists(b)).toEqual(lists(a));
      expect(deepHash(b)).toBe(deepHash(a));
    }), { numRuns: 150 });
  });

  it('crosses a 65,536-frame boundary of the links inside the run', () => {
    for (const wide of [false, true]) {
      for (const skip of [65_530, 65_534, 65_535, 65_536]) {
        const c: Case = { wide, skip, before: [2, 2, 3], rotate: [], list: 2, count: 20 };
        expect(deepHash(table(c, true))).toBe(deepHash(table(c, false)));
      }
    }
  });

  it('refuses a frame that is already on a list', () => {
    const f = new FrameTable(16);
    const fr = f.alloc(Kind.FILE, 1, 0);
    f.lruAdd(fr, Lru.INACTIVE_FILE);
    expect(() => f.lruAddFreshRun(fr, 1, Lru.INACTIVE_FILE)).toThrow(/not fresh/);
  });
});

describe('filemap insertRun without per-page refault calls', () => {
  /** A machine after addRunToPageCache(file, index, count, stride); `perPage`: the refault hook is called for
   *  every page, as when reclaim has left shadow entries. */
  function machine(path: string, index: number, count: number, stride: number, perPage: boolean): KState {
    const kernel = boot({ ramBytes: 512 * MiB, swapBytes: 0 });
    const k = (kernel as unknown as { k: KState }).k;
    if (perPage) k.hooks.refaultsPossible = () => true;
    const ino = k.paths.get(path) ?? createFile(k, path, 64 * MiB);
    for (let i = 0; i < count; i++) expect(ino.pages.get(index + i * stride)).toBe(0); // insertRun's precondition
    const fresh = k.frames.fresh;
    expect(addRunToPageCache(k, ino, index, count, stride, null)).toBe(count);
    expect(k.frames.fresh).toBe(fresh + count); // the run came from allocFresh
    return k;
  }

  for (const [path, index, count, stride] of [
    ['/srv/dataset.bin', 0, 1, 1], ['/srv/dataset.bin', 511, 2, 1], ['/srv/dataset.bin', 300, 1500, 1],
    ['/dev/sda1', 30_005, 900, 7], ['/dev/sda1', 31_000, 40, 600], ['/dev/sda1', 40_960, 300, 512],
    ['/dev/shm/seg', 17, 700, 1], ['/srv/dataset.bin', 2_000_000, 256, 3],
  ] as const) {
    it(`${path} [${index}, +${count}) stride ${stride}`, () => {
      const a = machine(path, index, count, stride, true), b = machine(path, index, count, stride, false);
      const ino = (k: KState) => k.paths.get(path)!;
      expect(b.hooks.refaultsPossible!(b)).toBe(false); // nothing evicted at boot
      expect(deepHash(b.frames)).toBe(deepHash(a.frames));
      expect(deepHash(ino(b))).toBe(deepHash(ino(a)));
      expect(deepHash({ ...b, hooks: null })).toBe(deepHash({ ...a, hooks: null }));
    });
  }
});
