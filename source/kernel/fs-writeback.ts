// The flusher: the role of fs/fs-writeback.c (wb_writeback for background, periodic "kupdate" and vmscan work,
// the writeback_index cursor of write_cache_pages), fs/sync.c (sync(2)), mm/page-writeback.c
// (balance_dirty_pages as a hook) and folio_end_writeback / folio_rotate_reclaimable (mm/filemap.c, mm/swap.c).
// Writing a dirty page: Dirty -1, Writeback +1 at submission; Writeback -1 when the disk finishes it.
// Simplified: one flusher for the one disk; background/periodic/vmscan writeback keeps at most MAX_BACKLOG_MS
// of work queued on the disk (so Writeback stays a realistic size), sync queues everything at once.
import { Lru, PG_WRITEBACK } from './page-frames.js';
import { clearPageDirty, deleteFromPageCache, pagesOf } from './filemap.js';
import { WB_FILE } from './disk.js';
import { CHUNK, segBase } from './sparse.js';
import { PG_RECLAIM, type PressureState } from './pressure-state.js';
import { dirtyFreerunCeiling, dirtyThrottlePauseMs, domainDirtyLimits, globalDirtyableMemory,
  type DirtyLimits } from './page-writeback.js';
import type { Inode, KState } from './state.js';

/** How far ahead the background flusher fills the disk queue, ms. */
export const MAX_BACKLOG_MS = 500;

/** nr_dirty_threshold / nr_dirty_background_threshold from the current counters and sysctls. */
export function dirtyLimits(k: KState): DirtyLimits {
  const f = k.frames;
  const dirtyable = globalDirtyableMemory(f.nrFree, k.wmark.totalreserve, f.lruSize[Lru.ACTIVE_FILE], f.lruSize[Lru.INACTIVE_FILE]);
  return domainDirtyLimits(dirtyable, {
    dirtyRatio: k.sysctl.value('vm.dirty_ratio'),
    dirtyBackgroundRatio: k.sysctl.value('vm.dirty_background_ratio'),
    dirtyBytes: k.sysctl.value('vm.dirty_bytes'),
    dirtyBackgroundBytes: k.sysctl.value('vm.dirty_background_bytes'),
  });
}

/** Submit one dirty page for writeback. */
function writePage(ps: PressureState, ino: Inode, fr: number): void {
  const k = ps.k;
  clearPageDirty(k, ino, fr);
  // Dirtied again while its last write was in flight: that write no longer counts, this one does.
  if (k.frames.hasFlag(fr, PG_WRITEBACK)) ps.disk.cancel(fr);
  k.frames.setWriteback(fr, true);
  ps.disk.submit(k.nowMs, fr, WB_FILE, false);
  k.ev.pgpgout += 4;
}

/**
 * write_cache_pages() for one inode from its cursor, cyclically: submit up to `max` dirty pages.
 * Returns pages submitted.
 */
function writeInode(ps: PressureState, ino: Inode, max: number): number {
  const f = ps.k.frames;
  const end = Math.max(pagesOf(ino.sizeBytes), 1);
  const start = Math.min(ps.flusher.cursor.get(ino.id) ?? 0, end);
  let written = 0;
  let i = start;
  const scan = (from: number, to: number): boolean => {
    for (let idx = from; idx < to && written < max && ino.nrDirty > 0; ) {
      const key = Math.floor(idx / CHUNK);
      const h = ino.pages.find(key);
      const stop = Math.min(to, (key + 1) * CHUNK);
      if (h >= 0) {
        const chunk = ino.pages.segData(h), at = segBase(h) - key * CHUNK;
        for (; idx < stop && written < max; idx++) {
          const e = chunk[at + idx];
          if (e > 0 && f.isDirty(e - 1)) { writePage(ps, ino, e - 1); written++; }
        }
      }
      idx = stop;
      i = idx;
    }
    return written >= max || ino.nrDirty === 0;
  };
  if (!scan(start, end)) scan(0, start);
  ps.flusher.cursor.set(ino.id, i >= end ? 0 : i);
  return written;
}

/** Inodes with dirty pages, oldest dirtied first (b_dirty order). */
function dirtyInodes(k: KState, olderThanMs = Infinity): Inode[] {
  const out: Inode[] = [];
  for (const ino of k.inodes.values()) {
    if (ino.nrDirty > 0 && !ino.shmem && ino.dirtiedWhenMs <= olderThanMs) out.push(ino);
  }
  return out.sort((a, b) => a.dirtiedWhenMs - b.dirtiedWhenMs || a.id - b.id);
}

/** Room left in the disk queue for background work, in pages. */
function queueRoom(ps: PressureState): number {
  const room = ((MAX_BACKLOG_MS - ps.disk.backlogMs(ps.k.nowMs)) * ps.writePagesPerSec) / 1000;
  return Math.max(0, Math.floor(room));
}

/** Write oldest inodes first until `pages` are submitted or the queue is full. */
function writeOldest(ps: PressureState, pages: number, olderThanMs = Infinity): number {
  let left = Math.min(pages, queueRoom(ps));
  let done = 0;
  if (left <= 0) return 0;
  for (const ino of dirtyInodes(ps.k, olderThanMs)) {
    const n = writeInode(ps, ino, left);
    done += n;
    left -= n;
    if (left <= 0) break;
  }
  return done;
}

/** wakeup_flusher_threads(WB_REASON_VMSCAN): reclaim met dirty pages; start writing them now. */
export function kickFlusherNow(ps: PressureState): void {
  const fl = ps.flusher;
  fl.vmscanPages = Math.max(fl.vmscanPages, ps.k.frames.nrDirty);
  fl.vmscanPages -= writeOldest(ps, fl.vmscanPages);
}

/** One flusher pass per scheduler quantum (wb_workfn): vmscan work, background, then periodic writeback. */
export function flusherTick(ps: PressureState): void {
  const k = ps.k, fl = ps.flusher;
  if (k.frames.nrDirty === 0) {
    fl.vmscanPages = 0;
    fl.backgroundKick = false;
    fl.periodicQueue = [];
    schedulePeriodic(ps);
    return;
  }
  if (fl.vmscanPages > 0) fl.vmscanPages -= writeOldest(ps, fl.vmscanPages);
  const limits = dirtyLimits(k);
  if (fl.backgroundKick || k.frames.nrDirty > limits.bgThresh) {
    const over = k.frames.nrDirty - limits.bgThresh;
    if (over > 0) writeOldest(ps, over);
    fl.backgroundKick = k.frames.nrDirty > limits.bgThresh;
  }
  const interval = k.sysctl.value('vm.dirty_writeback_centisecs') * 10;
  if (interval > 0 && k.nowMs >= fl.nextPeriodicMs) {
    fl.periodicCutoffMs = k.nowMs - k.sysctl.value('vm.dirty_expire_centisecs') * 10;
    fl.periodicQueue = dirtyInodes(k, fl.periodicCutoffMs).map((i) => i.id);
    fl.nextPeriodicMs = k.nowMs + interval;
  }
  while (fl.periodicQueue.length > 0) {
    const ino = k.inodes.get(fl.periodicQueue[0]);
    if (!ino || ino.nrDirty === 0) { fl.periodicQueue.shift(); continue; }
    const room = queueRoom(ps);
    if (room <= 0) break;
    writeInode(ps, ino, room);
    if (ino.nrDirty === 0) fl.periodicQueue.shift();
    else break;
  }
}

function schedulePeriodic(ps: PressureState): void {
  const interval = ps.k.sysctl.value('vm.dirty_writeback_centisecs') * 10;
  if (interval > 0 && ps.flusher.nextPeriodicMs < ps.k.nowMs) ps.flusher.nextPeriodicMs = ps.k.nowMs + interval;
}

/** sync(2): queue every dirty page; the caller waits until the disk has written everything queued. */
export function syncAll(ps: PressureState): number {
  const k = ps.k;
  for (const ino of dirtyInodes(k)) writeInode(ps, ino, Infinity);
  return ps.disk.backlogMs(k.nowMs);
}

/**
 * folio_end_writeback() for a file page: Writeback -1; a page reclaim wanted (PG_RECLAIM) is rotated to the
 * inactive tail (pgrotated) or, when `freeNow`, freed at once if it is clean and unmapped (the reclaimer that
 * waited for it takes it). Returns true when the page was freed.
 */
export function completeFileWrite(ps: PressureState, fr: number, freeNow: boolean): boolean {
  const k = ps.k, f = k.frames;
  if (!f.hasFlag(fr, PG_WRITEBACK)) return false;
  f.setWriteback(fr, false);
  k.ev.nr_written++;
  if (!f.hasFlag(fr, PG_RECLAIM)) return false;
  f.clearFlag(fr, PG_RECLAIM);
  if (f.isDirty(fr) || f.lruOf(fr) === Lru.NONE) return false;
  if (freeNow && !f.isMapped(fr)) {
    const ino = k.inodes.get(f.ownerOf(fr));
    if (ino && ino.pages.get(f.index(fr)) === fr + 1) {
      deleteFromPageCache(k, ino, f.index(fr), fr);
      return true;
    }
  }
  f.lruDel(fr);
  f.lruAddTail(fr, Lru.INACTIVE_FILE);
  k.ev.pgrotated++;
  return false;
}

/**
 * balance_dirty_pages(): ms the writer sleeps after dirtying `pages`; kicks background writeback. Up to the
 * freerun ceiling nothing; above it the writer's rate is the disk's write bandwidth x pos_ratio (at most
 * MAX_PAUSE per 32 pages); at the limit it waits until the disk has written what exceeds the limit.
 */
export function balanceDirtyPages(ps: PressureState, pages: number): number {
  const k = ps.k, f = k.frames;
  const limits = dirtyLimits(k);
  const dirty = f.nrDirty + f.nrWriteback;
  if (f.nrDirty > limits.bgThresh) ps.flusher.backgroundKick = true;
  if (pages <= 0 || dirty <= dirtyFreerunCeiling(limits)) return 0;
  if (dirty >= limits.thresh) return ((dirty - limits.thresh + pages) * 1000) / ps.writePagesPerSec;
  const chunks = Math.ceil(pages / 32);
  return dirtyThrottlePauseMs(dirty, pages / chunks, limits, ps.writePagesPerSec) * chunks;
}
