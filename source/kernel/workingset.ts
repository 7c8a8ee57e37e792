// Refault detection for file pages: the role of mm/workingset.c. When reclaim evicts a page it leaves a shadow
// entry (workingset_eviction); when the page is read back soon enough (workingset_refault), it was part of the
// working set and goes straight to the active list.
// Simplified: file pages only (anon refaults are just counted, swap-state.ts); one global eviction clock.
import { Lru } from './page-frames.js';
import { SWAP_CLUSTER_MAX } from './vmscan-policy.js';
import { noteCost, type PressureState, type ShadowTable } from './pressure-state.js';
import type { Inode } from './state.js';

/**
 * Shadow entries as a direct-mapped table (key -> eviction counter): O(1) and no garbage. A newer eviction that
 * hashes to the same slot replaces the older entry, like the kernel dropping shadow nodes under memory pressure.
 */
const SHADOW_BITS = 16;

function shadowTable(ps: PressureState): ShadowTable {
  return ps.shadow ??= { keys: new Float64Array(1 << SHADOW_BITS).fill(-1), when: new Float64Array(1 << SHADOW_BITS) };
}

function shadowSlot(inoId: number, index: number): number {
  return (Math.imul(inoId, 0x9e3779b1) ^ Math.imul(index, 0x85ebca6b)) >>> (32 - SHADOW_BITS);
}

/** workingset_eviction(): remember when this file page left memory. */
export function recordShadow(ps: PressureState, ino: Inode, index: number): void {
  const t = shadowTable(ps);
  const i = shadowSlot(ino.id, index);
  t.keys[i] = ino.id * 2 ** 32 + index;
  t.when[i] = ++ps.evictions;
}

/** Can fileRefault match anything? Not before the first eviction: it returns at once while there is no table. */
export function refaultsPossible(ps: PressureState): boolean {
  return ps.shadow !== undefined;
}

/**
 * workingset_refault() for a page just added to the page cache: a page evicted less than "active list" pages
 * ago was part of the working set and goes straight to the active list.
 */
export function fileRefault(ps: PressureState, ino: Inode, index: number, fr: number): void {
  const t = ps.shadow;
  if (t === undefined) return; // nothing evicted yet: no shadow entry to match
  const i = shadowSlot(ino.id, index);
  if (t.keys[i] !== ino.id * 2 ** 32 + index) return;
  t.keys[i] = -1;
  const evictedAt = t.when[i];
  const k = ps.k, f = k.frames;
  k.ev.workingset_refault_file++;
  noteCost(ps, true, SWAP_CLUSTER_MAX);
  const distance = ps.evictions - evictedAt;
  // workingset_test_recent() for a file page: the active file list, plus all anon pages when swap is usable.
  let workingset = f.lruSize[Lru.ACTIVE_FILE];
  if (ps.swap.freeSlots > 0) workingset += f.lruSize[Lru.ACTIVE_ANON] + f.lruSize[Lru.INACTIVE_ANON];
  if (distance <= workingset && f.lruOf(fr) === Lru.INACTIVE_FILE) {
    f.lruMove(fr, Lru.ACTIVE_FILE);
    k.ev.workingset_activate_file++;
    k.ev.pgactivate++;
  }
}
