// The page cache: the role of mm/filemap.c (filemap_get_folio, filemap_add_folio, __filemap_remove_folio,
// filemap_read, generic_perform_write), mm/readahead.c (page_cache_ra_order, reduced to a fixed window),
// mm/swap.c (folio_mark_accessed: referenced -> active) and mm/truncate.c (truncate_inode_pages).
// Simplified: no page contents, reads of uncached pages cost size / diskReadBps of the task's time, a partial
// page write does not read the old page first. shmem (tmpfs) pages are handled in shmem.ts.
import { Kind, Lru, PG_REFERENCED, PG_WRITEBACK } from './page-frames.js';
import { allocPage } from './page-alloc.js';
import type { Inode, KState, Task } from './state.js';
import { CHUNK, segBase, USED } from './sparse.js';

/** Default readahead window: read_ahead_kb = 128 (VM_READAHEAD_PAGES). */
export const READAHEAD_PAGES = 32;
/** Largest chunk one read(2) brings in at once (a 1 MiB request, like the block layer's max request size). */
export const READ_WINDOW_PAGES = 256;

export function pagesOf(bytes: number): number {
  return Math.ceil(bytes / 4096);
}

/** Frame caching page `index` of the file, or -1. Swapped-out shmem entries (negative) also give -1. */
export function findPage(ino: Inode, index: number): number {
  const e = ino.pages.get(index);
  return e > 0 ? e - 1 : -1;
}

function frameKindFor(ino: Inode): Kind {
  return ino.shmem ? Kind.SHMEM : ino.blockdev ? Kind.BUFFERS : Kind.FILE;
}

/** Allocate a page for ino[index] and insert it (new page-cache pages start on the inactive list). -1 on OOM. */
export function addToPageCache(k: KState, ino: Inode, index: number, task: Task | null): number {
  const fr = allocPage(k, frameKindFor(ino), ino.id, index, task);
  if (fr < 0) return -1;
  insertFrame(k, ino, index, fr);
  return fr;
}

/**
 * addToPageCache for pages index, index + stride, ... (`count` of them, none cached yet), in that order. While
 * the allocator would hand every one of them out from its fast path (free stays above the low watermark) and
 * has never-used frames, they are taken as one run (page-frames.ts allocFresh: the same frames, counters and
 * reverse map as one allocPage each): boot fills tens of thousands of page-cache pages before the dashboard's
 * first frame. Returns the pages added; fewer than `count` when an allocation failed (the task is being killed).
 */
export function addRunToPageCache(k: KState, ino: Inode, index: number, count: number, stride: number,
  task: Task | null): number {
  const first = k.frames.nrFree - count >= k.wmark.low
    ? k.frames.allocFresh(frameKindFor(ino), count, ino.id, index, stride) : -1;
  if (first >= 0) {
    insertRun(k, ino, index, count, stride, first);
    return count;
  }
  for (let i = 0; i < count; i++) if (addToPageCache(k, ino, index + i * stride, task) < 0) return i;
  return count;
}

/** insertFrame(k, ino, index + i * stride, first + i) for i = 0..count-1 (no page cached at those indices yet;
 *  frames fresh from allocFresh), writing each 512-index chunk of the file's page map directly: the same entries,
 *  counts, LRU order, hook calls and chunk lookups (per chunk instead of per page, which made the same lookups
 *  again). While the refault hook has nothing to do the pages join their list as one run (page-frames.ts
 *  lruAddFreshRun). */
function insertRun(k: KState, ino: Inode, index: number, count: number, stride: number, first: number): void {
  const list = ino.shmem ? Lru.INACTIVE_ANON : Lru.INACTIVE_FILE;
  if (k.hooks.pageCacheAdded !== undefined && k.hooks.refaultsPossible?.(k) !== false) {
    insertRunPerPage(k, ino, index, count, stride, first, list);
    return;
  }
  fillPageMap(ino, index, count, stride, first);
  ino.nrPages += count;
  k.frames.lruAddFreshRun(first, count, list);
}

/** Page-map entries index + i * stride = first + i + 1 for i = 0..count-1 (all 0 before), chunk by chunk. */
function fillPageMap(ino: Inode, index: number, count: number, stride: number, first: number): void {
  let key = Math.floor(index / CHUNK), o = index - key * CHUNK; // index = key * CHUNK + o, o < CHUNK
  for (let i = 0; i < count;) {
    ino.pages.ensure(key);
    const h = ino.pages.find(key), chunk = ino.pages.segData(h), b = segBase(h); // entry o is chunk[b + o]
    const n = Math.min(count - i, Math.ceil((CHUNK - o) / stride)); // the pages of this chunk
    for (let j = 0, v = first + i + 1, at = b + o; j < n; j++, v++, at += stride) chunk[at] = v;
    chunk[b + USED] += n;
    i += n;
    o += n * stride - CHUNK;
    key++;
    if (o >= CHUNK) { const skip = Math.floor(o / CHUNK); key += skip; o -= skip * CHUNK; }
  }
}

/** insertRun with the refault hook called after each page, as insertFrame does. */
function insertRunPerPage(k: KState, ino: Inode, index: number, count: number, stride: number, first: number,
  list: Lru): void {
  const f = k.frames;
  let key = Math.floor(index / CHUNK), o = index - key * CHUNK; // index = key * CHUNK + o, o < CHUNK
  ino.pages.ensure(key);
  let h = ino.pages.find(key), chunk = ino.pages.segData(h), b = segBase(h); // entry o of the chunk is chunk[b + o]
  for (let i = 0; i < count; i++, o += stride) {
    if (o >= CHUNK) {
      const skip = Math.floor(o / CHUNK);
      key += skip;
      o -= skip * CHUNK;
      ino.pages.ensure(key);
      h = ino.pages.find(key);
      chunk = ino.pages.segData(h);
      b = segBase(h);
    }
    const fr = first + i;
    if (chunk[b + o] === 0) chunk[b + USED]++;
    chunk[b + o] = fr + 1;
    ino.nrPages++;
    f.lruAdd(fr, list);
    k.hooks.pageCacheAdded?.(k, ino, key * CHUNK + o, fr);
  }
}

/** Put an already allocated frame into the file's cache and on its LRU (shmem: anon LRU, it is swap-backed). */
export function insertFrame(k: KState, ino: Inode, index: number, fr: number): void {
  const key = Math.floor(index / CHUNK);
  ino.pages.ensure(key);
  ino.pages.set(index, fr + 1);
  ino.nrPages++;
  k.frames.lruAdd(fr, ino.shmem ? Lru.INACTIVE_ANON : Lru.INACTIVE_FILE);
  k.hooks.pageCacheAdded?.(k, ino, index, fr);
}

/** Remove an unmapped page from the cache and free it (__filemap_remove_folio + free). */
export function deleteFromPageCache(k: KState, ino: Inode, index: number, fr: number): void {
  const f = k.frames;
  if (f.isMapped(fr)) throw new Error(`removing mapped page ${fr} of ${ino.path}`);
  if (f.isDirty(fr)) clearPageDirty(k, ino, fr);
  if (f.hasFlag(fr, PG_WRITEBACK)) { k.hooks.writebackCancel?.(k, fr); f.setWriteback(fr, false); }
  f.lruDel(fr);
  ino.pages.set(index, 0);
  ino.nrPages--;
  if (ino.shmem && ino.path !== '') k.hooks.vmUnacctMemory(k, 1); // tmpfs pages were charged one by one
  f.free(fr);
}

/** folio_mark_dirty for a regular file page: Dirty +1, the inode remembers when it first became dirty. */
export function markPageDirty(k: KState, ino: Inode, fr: number): boolean {
  if (ino.shmem) return false; // shmem: noop_dirty_folio, never counted in Dirty
  if (!k.frames.setDirty(fr)) return false;
  if (ino.nrDirty++ === 0) ino.dirtiedWhenMs = k.nowMs;
  k.ev.nr_dirtied++;
  return true;
}

/** Writeback finished (or the page was dropped): Dirty -1. PRESSURE's flushers call this. */
export function clearPageDirty(k: KState, ino: Inode, fr: number): boolean {
  if (!k.frames.clearDirty(fr)) return false;
  if (--ino.nrDirty === 0) ino.dirtiedWhenMs = -1;
  return true;
}

/** folio_mark_accessed: first access sets referenced, a second one on the inactive list activates. */
export function markPageAccessed(k: KState, fr: number): void {
  const f = k.frames;
  if (f.setFlagRun(fr, 1, PG_REFERENCED, true) === 1) return; // it was not referenced: now it is
  const list = f.lruOf(fr);
  if (list === Lru.INACTIVE_FILE || list === Lru.INACTIVE_ANON) {
    f.lruMove(fr, list === Lru.INACTIVE_FILE ? Lru.ACTIVE_FILE : Lru.ACTIVE_ANON);
    f.clearFlag(fr, PG_REFERENCED);
    k.ev.pgactivate++;
  }
}

/** ms the disk needs to read `pages` pages. */
export function readCostMs(k: KState, pages: number): number {
  return (pages * 4096 * 1000) / k.config.diskReadBps;
}

/**
 * Bring [index, index+count) of a regular file into the cache (clamped to EOF): the pages not cached are read
 * from disk. Returns pages read, or -1 when an allocation failed (the task is being killed).
 */
export function readIntoCache(k: KState, ino: Inode, index: number, count: number, task: Task | null): number {
  const end = Math.min(index + count, pagesOf(ino.sizeBytes));
  let read = 0;
  for (let i = ino.pages.skip(index, end, false); i < end; i = ino.pages.skip(i, end, false)) {
    const run = ino.pages.skip(i + 1, end, true) - i; // the uncached pages from i on, added as one run
    const added = addRunToPageCache(k, ino, i, run, 1, task);
    read += added;
    if (added < run) { chargeRead(k, read); return -1; }
    i += run;
  }
  chargeRead(k, read);
  return read;
}

function chargeRead(k: KState, pages: number): void {
  if (pages === 0) return;
  k.ev.pgpgin += pages * 4;
  k.stallMs += readCostMs(k, pages);
}

/** read(2) on a regular file: returns bytes read; uncached pages are read (with readahead) and cost time. */
export function fileRead(k: KState, task: Task | null, ino: Inode, offset: number, length: number): number {
  if (offset >= ino.sizeBytes || length <= 0) return 0;
  const bytes = Math.min(length, ino.sizeBytes - offset);
  const first = Math.floor(offset / 4096), last = Math.floor((offset + bytes - 1) / 4096);
  for (let i = first; i <= last;) {
    let fr = findPage(ino, i);
    if (fr < 0) {
      // A hole (or swapped page) of a tmpfs file reads as zeros here.
      if (ino.shmem) { i++; continue; }
      // Read a bounded window (never the whole rest of a big read): under pressure reclaim may evict the pages
      // just read before the copy loop reaches them; a window keeps each page read once (no O(n^2) re-reads).
      const want = Math.min(Math.max(READAHEAD_PAGES, last - i + 1), READ_WINDOW_PAGES);
      if (readIntoCache(k, ino, i, want, task) < 0) return Math.max(0, (i - first) * 4096);
      fr = findPage(ino, i);
      if (fr < 0) { i++; continue; } // read and already reclaimed again: the data was copied, move on
    }
    i += markAccessedRun(k, ino, i, last + 1, fr);
  }
  return bytes;
}

/**
 * markPageAccessed for page i (frame fr, just found by findPage) and the pages after it, before `end` and in i's
 * chunk of the page map, whose frames follow fr (pages read in one run): the same flags, activations and page-map
 * lookups (the chunk is i's, looked up last) as findPage + markPageAccessed per page. Returns the pages done (>= 1).
 */
function markAccessedRun(k: KState, ino: Inode, i: number, end: number, fr: number): number {
  const key = Math.floor(i / CHUNK), h = ino.pages.find(key), chunk = ino.pages.segData(h);
  const at = segBase(h) - key * CHUNK, stop = Math.min(end, (key + 1) * CHUNK); // chunk[at + j]: page j's entry
  let j = i + 1;
  while (j < stop && chunk[at + j] === fr + 1 + (j - i)) j++;
  const set = k.frames.setFlagRun(fr, j - i, PG_REFERENCED, true);
  if (set === j - i) return set;
  markPageAccessed(k, fr + set); // referenced already: the second access activates it
  return set + 1;
}

/**
 * Drop every page at index >= from that nobody maps (truncate_inode_pages_range; mapped pages of an unlinked
 * file stay until unmapped). Shmem swap entries release their slots.
 */
export function truncatePages(k: KState, ino: Inode, from: number): void {
  ino.pages.forEachIn(from, lastChunkEnd(ino), (i, e) => {
    if (e < 0) {
      ino.pages.set(i, 0);
      ino.nrSwapped--;
      if (ino.path !== '') k.hooks.vmUnacctMemory(k, 1);
      k.hooks.swapFree(k, -e - 1);
      return;
    }
    const fr = e - 1;
    if (!k.frames.isMapped(fr)) deleteFromPageCache(k, ino, i, fr);
  });
}

function lastChunkEnd(ino: Inode): number {
  let max = 0;
  for (const key of ino.pages.keys()) max = Math.max(max, (key + 1) * CHUNK);
  return max;
}

/** Forget an inode entirely once it is unlinked, unmapped and empty. */
export function maybeReleaseInode(k: KState, ino: Inode): void {
  if (!ino.unlinked || ino.mmaps.size > 0) return;
  truncatePages(k, ino, 0);
  if (ino.nrPages === 0 && ino.nrSwapped === 0) k.inodes.delete(ino.id);
}
