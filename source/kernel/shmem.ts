// Shared memory objects: the role of mm/shmem.c (shmem_get_folio_gfp, shmem_zero_setup, shmem_acct_blocks).
// A tmpfs file (/dev/shm, /run) and the object behind a MAP_SHARED|MAP_ANONYMOUS mapping are both inodes whose
// pages are SHMEM frames on the anon LRU (swap-backed): they count in Shmem and Cached, never in AnonPages, are
// never dirty-accounted, never dropped by drop_caches, and live as long as the object (file until unlink, shared
// anon object until its last mapping goes). Simplified: no huge pages, no size limit on the tmpfs mount.
import { Kind } from './page-frames.js';
import { allocPage } from './page-alloc.js';
import { insertFrame } from './filemap.js';
import type { Inode, KState, Task } from './state.js';

export type ShmemPage =
  | { ok: true; frame: number; allocated: boolean; major: boolean }
  | { ok: false; reason: 'nomem' | 'nospace' };

/**
 * The page at `index` of a shmem object, allocating a zeroed page when there is none (a tmpfs page is charged
 * to Committed_AS one page at a time; a shared anonymous object was charged whole at mmap). Swapped-out pages
 * come back through PRESSURE's shmemSwapIn hook.
 */
export function shmemGetPage(k: KState, task: Task | null, ino: Inode, index: number, write = true): ShmemPage {
  const e = ino.pages.get(index);
  if (e > 0) return { ok: true, frame: e - 1, allocated: false, major: false };
  if (e < 0) {
    const r = k.hooks.shmemSwapIn(k, task, ino, index, -e - 1, write);
    if (r === null) return { ok: false, reason: 'nomem' };
    k.stallMs += r.stallMs;
    return { ok: true, frame: r.frame, allocated: false, major: r.major };
  }
  const isTmpfsFile = ino.path !== '';
  if (isTmpfsFile && !k.hooks.vmEnoughMemory(k, task, 1, task?.uid === 0)) return { ok: false, reason: 'nospace' };
  const fr = allocPage(k, Kind.SHMEM, ino.id, index, task);
  if (fr < 0) {
    if (isTmpfsFile) k.hooks.vmUnacctMemory(k, 1);
    return { ok: false, reason: 'nomem' };
  }
  insertFrame(k, ino, index, fr);
  return { ok: true, frame: fr, allocated: true, major: false };
}
