// Models linux fs/drop_caches.c (`drop_caches_sysctl_handler`, `drop_pagecache_sb`) and the rule of
// mm/truncate.c `invalidate_mapping_pages` for which page-cache pages may be dropped.
// Simplified: one pass over the page cache (the kernel walks every superblock's inodes); slab shrinking frees
// the whole reclaimable slab pool at once instead of looping until a pass frees < 10 objects.

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
