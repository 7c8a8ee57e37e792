// Properties under random pressure (fast-check): frames and swap slots conserved, free never below zero, the OOM
// killer only when reclaim cannot progress, a victim's memory really freed.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Kind, Lru, PG_WRITEBACK } from '../../../source/kernel/page-frames.js';
import { MiB, boot, hog, idle, run, type Booted } from './harness.js';

type Op =
  | { t: 'hog'; mb: number; rate: number }
  | { t: 'kill'; which: number }
  | { t: 'write'; mb: number; shm: boolean }
  | { t: 'read' }
  | { t: 'sync' }
  | { t: 'drop'; v: number }
  | { t: 'swappiness'; v: number }
  | { t: 'tick'; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('hog' as const), mb: fc.integer({ min: 8, max: 320 }), rate: fc.integer({ min: 20, max: 600 }) }),
  fc.record({ t: fc.constant('kill' as const), which: fc.nat(20) }),
  fc.record({ t: fc.constant('write' as const), mb: fc.integer({ min: 1, max: 64 }), shm: fc.boolean() }),
  fc.record({ t: fc.constant('read' as const) }),
  fc.record({ t: fc.constant('sync' as const) }),
  fc.record({ t: fc.constant('drop' as const), v: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ t: fc.constant('swappiness' as const), v: fc.integer({ min: 0, max: 200 }) }),
  fc.record({ t: fc.constant('tick' as const), ms: fc.integer({ min: 10, max: 800 }) }),
);

/** Frames and swap slots add up; nothing is negative. */
function checkConservation(b: Booted): void {
  const f = b.k.frames;
  let sum = 0;
  for (let i = 0; i < f.nrKind.length; i++) { expect(f.nrKind[i]).toBeGreaterThanOrEqual(0); sum += f.nrKind[i]; }
  expect(sum).toBe(f.total);
  expect(f.nrFree).toBe(f.nrKind[Kind.FREE]);
  expect(f.nrFree).toBeGreaterThanOrEqual(0);
  const swap = b.ps.swap;
  let refs = 0;
  for (let s = 1; s <= swap.totalSlots; s++) refs += swap.refs(s);
  let entries = 0;
  for (const mm of b.k.mms.values()) entries += mm.swapents;
  for (const ino of b.k.inodes.values()) entries += ino.nrSwapped;
  expect(refs).toBe(entries);
  expect(swap.freeSlots + swap.usedSlots).toBe(swap.totalSlots);
  expect(swap.usedSlots).toBeGreaterThanOrEqual(refs > 0 ? 1 : 0);
  expect(b.k.swap.freePages).toBe(swap.freeSlots);
  expect(f.nrSwapCache).toBe(swap.swapCachedPages);
}

/** Clean, unmapped file pages reclaim could free at once (what must be gone when the OOM killer runs). */
function cleanUnmappedFilePages(b: Booted): number {
  const f = b.k.frames;
  let n = 0;
  for (const list of [Lru.INACTIVE_FILE, Lru.ACTIVE_FILE]) {
    for (let fr = f.lruOldest(list); fr >= 0; fr = f.lruNewerThan(fr)) {
      if (!f.isDirty(fr) && !f.hasFlag(fr, PG_WRITEBACK) && !f.isMapped(fr)) n++;
    }
  }
  return n;
}

describe('pressure properties', () => {
  let totalOoms = 0;
  it('hold under random sequences of hogs, kills, file I/O, sync, drop_caches and swappiness changes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 96 }), fc.array(opArb, { minLength: 4, maxLength: 14 }), (swapMb, ops) => {
        const b = boot({ ramBytes: 256 * MiB, swapBytes: swapMb * MiB, sysctl: { 'vm.overcommit_memory': 1 } });
        const shell = run(b, idle('bash'));
        const pids: number[] = [];
        const oomChecks: string[] = [];
        const realOom = b.k.hooks.outOfMemory;
        b.k.hooks.outOfMemory = (k, task) => {
          // Reclaim had 16 fruitless rounds: no clean unmapped page cache is left, and anon cannot go to swap.
          const cache = cleanUnmappedFilePages(b);
          if (cache > 64) oomChecks.push(`OOM with ${cache} clean unmapped file pages`);
          const anon = k.frames.lruSize[Lru.INACTIVE_ANON] + k.frames.lruSize[Lru.ACTIVE_ANON];
          if (b.ps.swap.freeSlots > 64 && anon > 64 && b.ps.disk.backlogMs(k.nowMs) === 0) {
            oomChecks.push(`OOM with ${b.ps.swap.freeSlots} free swap slots and ${anon} anon pages`);
          }
          ooms++;
          return realOom(k, task);
        };
        let files = 0;
        let ooms = 0;
        const tick = (ms: number) => {
          for (let t = 0; t < ms; t += 10) {
            const kills = b.kernel.snapshot().vmstat.oom_kill;
            b.kernel.tick(10);
            checkConservation(b);
            if (b.kernel.snapshot().vmstat.oom_kill > kills) {
              // The victim's anonymous memory and swap are gone (exit_mmap, or the reaper within 2 s).
              for (const task of b.k.tasks.values()) {
                if (task.oomKilled && task.mm) expect(b.ps.oomVictims.has(task.pid)).toBe(true);
                if (task.oomKilled && !task.mm) expect(task.state).toBe('X');
              }
            }
            if (b.k.panicked) return;
          }
        };
        for (const op of ops) {
          if (b.k.panicked) break;
          switch (op.t) {
            case 'hog': pids.push(run(b, hog(op.mb * MiB, op.rate * MiB))); break;
            case 'kill': if (pids.length) b.kernel.kill(pids[op.which % pids.length], 'SIGKILL'); break;
            case 'write': b.kernel.write(shell, op.shm ? `/dev/shm/f${files++}` : `/var/tmp/f${files++}`, 0, op.mb * MiB); break;
            case 'read': if (files) b.kernel.read(shell, `/var/tmp/f${files - 1}`, 0, 64 * MiB); break;
            case 'sync': b.kernel.sync(shell); break;
            case 'drop': b.kernel.writeProc('/proc/sys/vm/drop_caches', String(op.v), shell); break;
            case 'swappiness': b.kernel.sysctlSet('vm.swappiness', op.v); break;
            case 'tick': tick(op.ms); break;
          }
          checkConservation(b);
        }
        tick(2500);
        expect(oomChecks).toEqual([]);
        totalOoms += ooms;
        // Every OOM victim is gone: no mm, no swap entries left behind.
        for (const task of b.k.tasks.values()) if (task.oomKilled) expect(task.mm).toBeNull();
      }),
      { numRuns: 10, seed: 20251125 },
    );
    // The seeded runs do reach the OOM killer (so its property is not vacuous).
    expect(totalOoms).toBeGreaterThan(0);
  }, 300_000);
});
