// memory.ts touchFileReadRun: the read of a file range a page-table page at a time (exec's start-up reads, boot)
// must leave exactly the state touchRange leaves: every frame, PTE, page-cache entry, LRU link, counter and lookup
// cache. Two identical machines take the same reads, one through each path, and are compared object by object.
import { describe, expect, it } from 'vitest';
import { touchFileReadRun, touchRange } from '../../source/kernel/memory.js';
import { doMmap } from '../../source/kernel/mmap.js';
import { MAP_FIXED, MAP_PRIVATE, MAP_SHARED, PROT_READ } from '../../source/kernel/types.js';
import type { KState } from '../../source/kernel/state.js';
import { boot, deepHash, idle, MiB } from './helpers.js';

const LIB = '/usr/lib/x86_64-linux-gnu/libcrypto.so.3'; // 4,600 KiB: 1,150 pages, two page-cache chunks

/** A machine with an idle task that maps LIB at `atPage` (MAP_FIXED), page-cache state warmed by `warm`. */
function machine(atPage: number, shared: boolean, warm: Array<[number, number]>, otherWarm: Array<[number, number]> = []) {
  const kernel = boot({ ramBytes: 512 * MiB, swapBytes: 0 });
  const k = (kernel as unknown as { k: KState }).k;
  if (otherWarm.length > 0) { // another process maps the file first: its pages get mapcounts of 2 below
    const o = k.tasks.get(idle(kernel))!;
    const m = doMmap(k, o, { length: 4600 * 1024, prot: PROT_READ, flags: MAP_PRIVATE, path: LIB });
    if (!m.ok) throw new Error('mmap');
    for (const [p, n] of otherWarm) touchRange(k, o, m.value + p * 4096, n * 4096, false);
  }
  const pid = idle(kernel);
  const t = k.tasks.get(pid)!;
  const addr = atPage * 4096;
  const m = doMmap(k, t, { addr, length: 4600 * 1024, prot: PROT_READ, flags: (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_FIXED, path: LIB });
  if (!m.ok || m.value !== addr) throw new Error(`mmap: ${JSON.stringify(m)}`);
  for (const [p, n] of warm) touchRange(k, t, addr + p * 4096, n * 4096, false); // pages cached (and mapped) before
  return { kernel, k, t, addr };
}

type M = ReturnType<typeof machine>;

/** What a read can change, by value: the frame table, the mapping's PTEs and the file's page cache (entries and
 *  the two lookup caches' keys), the fault counters, Committed_AS, stall time, the VMA cache and hint, /proc. */
function state({ kernel, k, t, addr }: M): string {
  const mm = t.mm!;
  const ino = k.paths.get(LIB)!;
  const s = addr / 4096;
  const keys = (sc: unknown) => ['lastKey', 'otherKey', 'lastNodeKey', 'otherNodeKey'].map((f) => (sc as Record<string, number>)[f]);
  const ptes = Array.from({ length: 1200 + 512 }, (_, i) => mm.pt.get(s - 256 + i));
  const cache = Array.from({ length: 1200 }, (_, i) => ino.pages.get(i));
  return [deepHash(k.frames), deepHash(k.ev), JSON.stringify(kernel.snapshot()), ptes.join(','), cache.join(','),
    keys(mm.pt).join(','), keys(ino.pages).join(','), t.minFlt, t.majFlt, mm.rssFile, mm.ptPages, k.stallMs, k.committed,
    ino.nrPages, mm.vmas.indexOf(mm.vmaCache!), mm.vmaHint, k.frames.nrFree].join('|');
}

describe('touchFileReadRun', () => {
  // VMA starts: page-table aligned, 5 pages below a 512-page boundary (fault-around windows cross into the next
  // page-table page), unaligned; ranges: from the start, from the middle, across both file chunks, one page.
  const starts = [0x7f0000000, 0x7f0000200 - 5, 0x7f0000123];
  const reads: Array<[number, number]> = [[0, 300], [37, 600], [500, 650], [1149, 1], [3, 17]];
  /** Each of `reads` by touchRange on a and by touchFileReadRun on b: the machines stay identical after each. */
  const readBoth = (a: ReturnType<typeof machine>, b: ReturnType<typeof machine>): void => {
    for (const [p, n] of reads) {
      touchRange(a.k, a.t, a.addr + p * 4096, n * 4096, false);
      const s = b.addr / 4096 + p;
      expect(touchFileReadRun(b.k, b.t, s, s + n)).toBe(true);
      expect(state(b)).toBe(state(a));
    }
  };
  for (const start of starts) for (const shared of [false, true]) for (const [warmFrom, warmN] of [[0, 0], [40, 90]]) {
    it(`reads like touchRange (VMA at ${start.toString(16)}, ${shared ? 'shared' : 'private'}, warm ${warmN})`, () => {
      const a = machine(start, shared, warmN ? [[warmFrom, warmN]] : []);
      const b = machine(start, shared, warmN ? [[warmFrom, warmN]] : []);
      expect(state(b)).toBe(state(a));
      readBoth(a, b);
    });
  }

  it('reads like touchRange where another process maps some of the pages (mapcount 2)', () => {
    const other: Array<[number, number]> = [[0, 20], [100, 300], [700, 5], [1000, 150]];
    const a = machine(0x7f0000123, false, [[40, 90]], other);
    const b = machine(0x7f0000123, false, [[40, 90]], other);
    readBoth(a, b);
  });

  it('declines what it does not model (beyond the VMA, unmapped), changing no more than touchRange then does', () => {
    const a = machine(0x7f0000000, false, []);
    const b = machine(0x7f0000000, false, []);
    const s = b.addr / 4096;
    for (const [from, to] of [[s + 1100, s + 1200], [s - 10, s]]) {
      expect(touchFileReadRun(b.k, b.t, from, to)).toBe(false);
      touchRange(b.k, b.t, from * 4096, (to - from) * 4096, false); // what its caller then does
      touchRange(a.k, a.t, from * 4096, (to - from) * 4096, false);
      expect(state(b)).toBe(state(a));
    }
  });
});
