// Models linux fs/drop_caches.c (`drop_caches_sysctl_handler`, `drop_pagecache_sb`) and the rule of
// mm/truncate.c `invalidate_mapping_pages` for which page-cache pages may be dropped.
// Simplified: one pass over the page cache (the kernel walks every superblock's inodes); slab shrinking frees
// three quarters of the reclaimable slab pool at once (the unused dentries/inodes) instead of looping until a
// pass frees < 10 objects.
import { PG_WRITEBACK } from './page-frames.js';
import { deleteFromPageCache } from './filemap.js';
import { shrinkSlab, reclaimableSlabPages } from './slab.js';
import { CHUNK, segBase } from './sparse.js';
import { KERN_INFO } from './printk.js';
import { printkLine, type Inode, type KState, type Task } from './state.js';

export interface DropCachesRequest {
  value: number;
  /** Bit 1: page cache. */
  pagecache: boolean;
  /** Bit 2: reclaimable slab. */
  slab: boolean;
  /** Bit 4: silence later messages. */
  silence: boolean;
}

/** proc_dointvec_minmax with extra1 = 1, extra2 = 4: anything else is EINVAL and nothing happens. */
export function parseDropCaches(text: string): DropCachesRequest | undefined {
  const m = /^\s*([+-]?\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]);
  if (!Number.isInteger(value) || value < 1 || value > 4) return undefined;
  return { value, pagecache: (value & 1) !== 0, slab: (value & 2) !== 0, silence: (value & 4) !== 0 };
}

/** The info-level line logged after each write while not silenced. */
export function dropCachesLogLine(comm: string, pid: number, value: number): string {
  return `${comm} (${pid}): drop_caches: ${value}`;
}

/** What invalidate_mapping_pages() needs to know about one page-cache page. */
export interface CachedPageState {
  dirty: boolean;
  writeback: boolean;
  mapped: boolean;
  locked: boolean;
  /** shmem/tmpfs pages are never in a droppable mapping. */
  shmem: boolean;
  mlocked: boolean;
}

/** Only clean, unmapped, unlocked pages not under writeback, outside shmem, are dropped. */
export function pageIsDroppable(p: CachedPageState): boolean {
  return !p.dirty && !p.writeback && !p.mapped && !p.locked && !p.shmem && !p.mlocked;
}

/** State kept across writes: the "stfu" flag of the handler. */
export class DropCachesState {
  private silenced = false;

  /** Returns the log line to print for this write (undefined once silenced), then applies bit 4. */
  logFor(req: DropCachesRequest, comm: string, pid: number): string | undefined {
    const line = this.silenced ? undefined : dropCachesLogLine(comm, pid, req.value);
    if (req.silence) this.silenced = true;
    return line;
  }
}

/** invalidate_mapping_pages() over one inode: free its droppable pages; returns pages freed. */
function dropInodePages(k: KState, ino: Inode): number {
  const f = k.frames;
  let freed = 0;
  for (const key of ino.pages.keys()) {
    const h = ino.pages.find(key);
    if (h < 0) continue;
    const chunk = ino.pages.segData(h), b = segBase(h);
    for (let o = 0; o < CHUNK; o++) {
      const e = chunk[b + o];
      if (e <= 0) continue;
      const fr = e - 1;
      const droppable = pageIsDroppable({
        dirty: f.isDirty(fr), writeback: f.hasFlag(fr, PG_WRITEBACK), mapped: f.isMapped(fr),
        locked: false, shmem: false, mlocked: false,
      });
      if (!droppable) continue;
      deleteFromPageCache(k, ino, key * CHUNK + o, fr);
      freed++;
    }
  }
  return freed;
}

/**
 * drop_caches_sysctl_handler() after a successful write of `value` (1..4) by `writer`: page cache (bit 1),
 * reclaimable slab (bit 2), the vmstat counters, then the log line unless silenced by an earlier 4.
 */
export function dropCaches(k: KState, state: DropCachesState, value: number, writer: Task | null): { pagecache: number; slab: number } {
  const req: DropCachesRequest = { value, pagecache: (value & 1) !== 0, slab: (value & 2) !== 0, silence: (value & 4) !== 0 };
  let pagecache = 0, slab = 0;
  if (req.pagecache) {
    for (const ino of k.inodes.values()) {
      if (ino.shmem || ino.nrPages === 0 || ino.kind !== 'file') continue;
      pagecache += dropInodePages(k, ino);
    }
    k.ev.drop_pagecache++;
  }
  if (req.slab) {
    // Unused dentries and inodes go; those pinned by open files and cwd stay (modelled as a quarter).
    slab = shrinkSlab(k, Math.floor((reclaimableSlabPages(k) * 3) / 4));
    k.ev.drop_slab++;
  }
  const line = state.logFor(req, writer?.comm ?? 'sysctl', writer?.pid ?? 0);
  if (line !== undefined) printkLine(k, KERN_INFO, line);
  return { pagecache, slab };
}
