// memory.ts faultAnonRange's fresh runs (boot's heaps: write faults on empty entries take never-used frames as one
// allocFresh run) must leave exactly the state of the per-page faults: two identical machines take the same
// touches, one with the run path switched off (FrameTable.freshOnly answering false), and are compared whole.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { touchRange } from '../../source/kernel/memory.js';
import { doMmap } from '../../source/kernel/mmap.js';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_NORESERVE, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../source/kernel/types.js';
import type { KState } from '../../source/kernel/state.js';
import { boot, deepHash, idle, MiB } from './helpers.js';

type Touch = [page: number, pages: number, write: boolean];

const AT = 0x7f00001f0; // 16 pages below a page-table boundary: runs end at chunk ends

function machine(ramMb: number, regionPages: number) {
  const kernel = boot({ ramBytes: ramMb * MiB, swapBytes: 512 * MiB });
  const k = (kernel as unknown as { k: KState }).k;
  const t = k.tasks.get(idle(kernel))!;
  const m = doMmap(k, t, { addr: AT * 4096, length: regionPages * 4096, prot: PROT_READ | PROT_WRITE,
    flags: MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE });
  if (!m.ok) throw new Error('mmap');
  return { k, t };
}

function compare(ramMb: number, regionPages: number, touches: Touch[]): KState {
  const a = machine(ramMb, regionPages), b = machine(ramMb, regionPages);
  const per = a.k.frames as unknown as { freshOnly: () => boolean };
  for (const [page, pages, write] of touches) {
    per.freshOnly = () => false; // the per-page faults
    const ra = touchRange(a.k, a.t, (AT + page) * 4096, pages * 4096, write);
    delete (per as { freshOnly?: unknown }).freshOnly;
    const rb = touchRange(b.k, b.t, (AT + page) * 4096, pages * 4096, write);
    expect(rb).toEqual(ra);
    expect(deepHash({ ...b.k, hooks: null })).toBe(deepHash({ ...a.k, hooks: null }));
  }
  return b.k;
}

describe('faultAnonRange with fresh runs', () => {
  it('writes, reads (zero page) and rewrites like page-by-page faults', () => {
    const touch = fc.tuple(fc.integer({ min: 0, max: 1400 }), fc.integer({ min: 1, max: 700 }), fc.boolean());
    fc.assert(fc.property(fc.array(touch, { minLength: 1, maxLength: 5 }), (ts) => {
      compare(512, 2100, ts.map(([p, n, w]) => [p, Math.min(n, 2100 - p), w] as Touch));
    }), { numRuns: 10 });
  });

  it('stops at the low watermark: the rest goes page by page through reclaim', () => {
    const k = compare(256, 70_000, [[0, 3000, true], [5000, 60_000, true], [100, 20_000, true]]);
    expect(k.ev.pgsteal_kswapd + k.ev.pgsteal_direct).toBeGreaterThan(0);
  });
});
