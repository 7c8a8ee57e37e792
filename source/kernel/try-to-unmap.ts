// Reverse mapping for reclaim: the role of mm/rmap.c (try_to_unmap, folio_referenced) for the two kinds of
// pages reclaim unmaps. A private anonymous page has one mapper (no fork in this model): frame.owner is the mm
// id and frame.index the virtual page, so its PTE is found in O(1). A file or shmem page is found through the
// i_mmap set of its inode (every VMA mapping the file), as rmap_walk_file does.
// Simplified: no anon_vma chains (no fork), no KSM, no mlock; the PTE young bit is the frame's PG_REFERENCED.
import { Kind, PG_REFERENCED } from './page-frames.js';
import { PROT_EXEC } from './types.js';
import { rssAdd, swapPte, updateHiwater } from './pgtable.js';
import type { Inode, KState, Mm } from './state.js';

/** One-entry cache of the last owner looked up: reclaim meets long runs of one process's pages. mm ids are
 *  never reused, and the PTE check below rejects a frame whose mapping went away (an exited mm's tables). */
let lastOwner = -1;
let lastMm: Mm | undefined;
let lastK: KState | undefined;

/** The mm mapping a private anonymous frame, when the frame is really mapped there. */
export function anonMmOf(k: KState, fr: number): Mm | undefined {
  const owner = k.frames.ownerOf(fr);
  let mm: Mm | undefined;
  if (owner === lastOwner && k === lastK) mm = lastMm;
  else {
    mm = k.mms.get(owner);
    lastOwner = owner; lastMm = mm; lastK = k;
  }
  if (!mm) return undefined;
  return mm.pt.get(k.frames.index(fr)) === fr + 1 ? mm : undefined;
}

/**
 * Replace the PTE of an anonymous frame, mapped in `mm`, by a swap entry for `slot` (try_to_unmap_one with a
 * swap-cache page): RssAnon -1, VmSwap +1, the frame loses its mapping.
 */
export function unmapAnonToSwap(k: KState, mm: Mm, fr: number, slot: number): void {
  updateHiwater(mm);
  mm.pt.set(k.frames.index(fr), swapPte(slot));
  mm.rssAnon--;
  mm.swapents++;
  k.frames.mapDec(fr);
}

/** The inode whose page cache (or shmem object) holds a file/shmem frame. */
export function inodeOf(k: KState, fr: number): Inode | undefined {
  return k.inodes.get(k.frames.ownerOf(fr));
}

/**
 * Clear every PTE mapping a file or shmem frame (try_to_unmap over i_mmap). The PTE becomes empty: a later
 * access faults the page back in from the page cache, the file or swap. Returns true when no mapping is left.
 */
export function unmapFilePage(k: KState, fr: number): boolean {
  const f = k.frames;
  if (!f.isMapped(fr)) return true;
  const ino = inodeOf(k, fr);
  if (!ino) return false;
  const index = f.index(fr);
  for (const v of ino.mmaps) {
    const vpn = v.start + (index - v.pgoff);
    if (vpn < v.start || vpn >= v.end) continue;
    if (v.mm.pt.get(vpn) !== fr + 1) continue; // a private COW copy, or not faulted in there
    updateHiwater(v.mm);
    v.mm.pt.set(vpn, 0);
    rssAdd(v.mm, f.kindOf(fr), -1);
    f.mapDec(fr);
    if (!f.isMapped(fr)) break;
  }
  return !f.isMapped(fr);
}

/** Per-inode answers of the two questions below, valid for one instant of simulated time (one reclaim pass asks
 *  them for thousands of pages of the same few libraries): typed arrays indexed by inode id, so the hot path of
 *  shrink_active_list costs no Map lookup. textAt[id] is the instant of the answer, textVal[id] the answer. */
let textK: KState | undefined;
let textAt = new Float64Array(0);
let textVal = new Uint8Array(0);

function computeText(k: KState, ino: Inode): 0 | 1 | 2 {
  let exec = false;
  for (const v of ino.mmaps) {
    if (!(v.prot & PROT_EXEC)) continue;
    exec = true;
    const t = k.tasks.get(v.mm.ownerPid);
    if (t && t.program && !t.stopped && !t.exiting && !(t.chargedMs > 0 && t.waitState === 'S')) return 2;
  }
  return exec ? 1 : 0;
}

/** 0: inode `id` is not mapped executable; 1: mapped executable (VM_EXEC); 2: and some task is running that code. */
export function inodeTextState(k: KState, id: number): 0 | 1 | 2 {
  if (k !== textK || id >= textAt.length) {
    if (k !== textK) { textK = k; textAt = new Float64Array(0); }
    const grown = new Float64Array(Math.max(64, id + 1, textAt.length * 2)).fill(NaN);
    grown.set(textAt);
    const vals = new Uint8Array(grown.length);
    vals.set(textVal.subarray(0, Math.min(textVal.length, vals.length)));
    textAt = grown;
    textVal = vals;
  }
  if (textAt[id] === k.nowMs) return textVal[id] as 0 | 1 | 2;
  const ino = k.inodes.get(id);
  const v = ino === undefined ? 0 : computeText(k, ino);
  textAt[id] = k.nowMs;
  textVal[id] = v;
  return v;
}

/** 0: not mapped executable; 1: mapped executable (VM_EXEC); 2: and some task running that code. */
export function execTextState(k: KState, fr: number): 0 | 1 | 2 {
  if (!k.frames.isMapped(fr)) return 0;
  return inodeTextState(k, k.frames.ownerOf(fr));
}

/** Is the file page mapped executable somewhere (VM_EXEC: such pages get an extra round on the active list)? */
export function mappedExecutable(k: KState, fr: number): boolean {
  if (!k.frames.isMapped(fr)) return false;
  return inodeTextState(k, k.frames.ownerOf(fr)) !== 0;
}

/**
 * Is this file page part of the code of a task that is running (or waiting in the kernel)? Executing code keeps
 * setting the accessed bit of its text pages; the simulator has no instruction fetches, so a page mapped
 * executable by a non-sleeping task counts as young.
 */
export function textOfRunningTask(k: KState, fr: number): boolean {
  if (!k.frames.isMapped(fr)) return false;
  return inodeTextState(k, k.frames.ownerOf(fr)) === 2;
}

/** folio_referenced(): test and clear the young bit of a mapped page. */
export function testClearYoung(k: KState, fr: number): boolean {
  const f = k.frames;
  if (!f.isMapped(fr) || !f.hasFlag(fr, PG_REFERENCED)) return false;
  f.clearFlag(fr, PG_REFERENCED);
  return true;
}

export function isFileKind(kind: number): boolean {
  return kind === Kind.FILE || kind === Kind.BUFFERS;
}
