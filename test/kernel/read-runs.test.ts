// read(2) a run at a time (filemap.ts fileRead with markAccessedRun, readIntoCache with SparseChunks.skip) must
// leave exactly the state of the page-by-page loops they replace, kept here as the reference: frames, LRU order,
// flags, page-map entries and lookup caches, counters, stall time. Two identical machines take the same reads, one
// through each, with and without memory pressure (reclaim, refaults, activations in the middle of a read).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addRunToPageCache, fileRead, findPage, markPageAccessed, pagesOf, readCostMs, readIntoCache, READAHEAD_PAGES,
  READ_WINDOW_PAGES } from '../../source/kernel/filemap.js';
import type { Inode, KState, Task } from '../../source/kernel/state.js';
import { boot, deepHash, MiB } from './helpers.js';

function refReadIntoCache(k: KState, ino: Inode, index: number, count: number, task: Task | null): number {
  const end = Math.min(index + count, pagesOf(ino.sizeBytes));
  let read = 0;
  for (let i = index; i < end; i++) {
    if (ino.pages.get(i) !== 0) continue;
    let run = 1;
    while (i + run < end && ino.pages.get(i + run) === 0) run++;
    const added = addRunToPageCache(k, ino, i, run, 1, task);
    read += added;
    if (added < run) { charge(k, read); return -1; }
    i += run - 1;
  }
  charge(k, read);
  return read;
}

function charge(k: KState, pages: number): void {
  if (pages === 0) return;
  k.ev.pgpgin += pages * 4;
  k.stallMs += readCostMs(k, pages);
}

function refFileRead(k: KState, task: Task | null, ino: Inode, offset: number, length: number): number {
  if (offset >= ino.sizeBytes || length <= 0) return 0;
  const bytes = Math.min(length, ino.sizeBytes - offset);
  const first = Math.floor(offset / 4096), last = Math.floor((offset + bytes - 1) / 4096);
  for (let i = first; i <= last; i++) {
    let fr = findPage(ino, i);
    if (fr < 0) {
      if (ino.shmem) continue;
      const want = Math.min(Math.max(READAHEAD_PAGES, last - i + 1), READ_WINDOW_PAGES);
      if (refReadIntoCache(k, ino, i, want, task) < 0) return Math.max(0, (i - first) * 4096);
      fr = findPage(ino, i);
      if (fr < 0) continue;
    }
    markPageAccessed(k, fr);
  }
  return bytes;
}

type Op = { kind: 'read' | 'ahead'; page: number; pages: number };

const FILE = '/srv/dataset.bin'; // 8 GiB, not cached at boot

function run(ramMb: number, ops: Op[]): KState {
  const make = () => (boot({ ramBytes: ramMb * MiB, swapBytes: 0 }) as unknown as { k: KState }).k;
  const a = make(), b = make();
  for (const op of ops) {
    const ia = a.paths.get(FILE)!, ib = b.paths.get(FILE)!;
    if (op.kind === 'read') {
      expect(fileRead(b, null, ib, op.page * 4096, op.pages * 4096))
        .toBe(refFileRead(a, null, ia, op.page * 4096, op.pages * 4096));
    } else expect(readIntoCache(b, ib, op.page, op.pages, null)).toBe(refReadIntoCache(a, ia, op.page, op.pages, null));
    expect(deepHash({ ...b, hooks: null, rng: null, makeContext: null }))
      .toBe(deepHash({ ...a, hooks: null, rng: null, makeContext: null }));
  }
  return b;
}

const opArb = (maxPage: number, maxPages: number) => fc.record({
  kind: fc.constantFrom('read' as const, 'read' as const, 'ahead' as const),
  page: fc.integer({ min: 0, max: maxPage }),
  pages: fc.integer({ min: 1, max: maxPages }),
});

describe('fileRead and readIntoCache a run at a time', () => {
  it('reads, re-reads and readahead over a partly cached file', () => {
    fc.assert(fc.property(fc.array(opArb(3000, 1200), { minLength: 1, maxLength: 6 }), (ops) => { run(256, ops); }),
      { numRuns: 12 });
  });

  it('reads bigger than memory (reclaim and refaults inside a read)', () => {
    const k = run(256, [{ kind: 'read', page: 0, pages: 40_000 }, { kind: 'read', page: 100, pages: 30_000 },
      { kind: 'read', page: 0, pages: 2_000 }, { kind: 'ahead', page: 10, pages: 600 },
      { kind: 'read', page: 0, pages: 45_000 }]);
    expect(k.ev.workingset_refault_file).toBeGreaterThan(0);
    expect(k.ev.pgactivate).toBeGreaterThan(0);
  });

  it('crosses chunks of the page map and the end of the file', () => {
    run(256, [{ kind: 'read', page: 500, pages: 30 }, { kind: 'ahead', page: 505, pages: 20 },
      { kind: 'read', page: 490, pages: 600 }, { kind: 'read', page: 2_097_100, pages: 400 },
      { kind: 'ahead', page: 2_097_000, pages: 300 }]);
  });
});
