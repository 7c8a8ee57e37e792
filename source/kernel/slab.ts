// Slab caches as page counts: the role of mm/slub.c (pages owned by kmem caches) and of the dentry/inode caches'
// shrinkers (fs/dcache.c, fs/inode.c) reduced to one reclaimable pool and one unreclaimable pool. Simplified: no
// objects, no per-cache accounting; reclaimable slab grows with file activity and shrinks when PRESSURE's
// drop_caches (mode 2) or reclaim calls shrinkSlab().
import { Kind } from './page-frames.js';
import { allocKernelPage } from './page-alloc.js';
import type { KState } from './state.js';

/**
 * The frames of one pool in allocation order, as runs of consecutive frame numbers: run i is starts[i] ..
 * starts[i] + counts[i] - 1. The same sequence as a list of frames (the newest frame is the last of the last
 * run, and it is the first one freed), but boot's ~17,000 slab pages, taken as one run of frames, are one entry
 * instead of one array slot each.
 */
class FramePool {
  private readonly starts: number[] = [];
  private readonly counts: number[] = [];
  size = 0;

  /** Append frames first..first+count-1. */
  pushRun(first: number, count: number): void {
    const last = this.starts.length - 1;
    if (last >= 0 && this.starts[last]! + this.counts[last]! === first) this.counts[last]! += count;
    else { this.starts.push(first); this.counts.push(count); }
    this.size += count;
  }

  /** Remove and return the newest frame (-1 when empty). */
  pop(): number {
    const last = this.starts.length - 1;
    if (last < 0) return -1;
    const count = --this.counts[last]!;
    const frame = this.starts[last]! + count;
    if (count === 0) { this.starts.pop(); this.counts.pop(); }
    this.size--;
    return frame;
  }
}

const pools = new WeakMap<KState, { reclaimable: FramePool; unreclaimable: FramePool }>();

function poolOf(k: KState) {
  let p = pools.get(k);
  if (!p) { p = { reclaimable: new FramePool(), unreclaimable: new FramePool() }; pools.set(k, p); }
  return p;
}

/** Allocate `pages` slab pages; returns how many were obtained. */
export function growSlab(k: KState, pages: number, reclaimable: boolean): number {
  const pool = reclaimable ? poolOf(k).reclaimable : poolOf(k).unreclaimable;
  const kind = reclaimable ? Kind.SLAB_RECLAIMABLE : Kind.SLAB_UNRECLAIMABLE;
  // Boot reserves ~17,000 slab pages: one run of never-used frames when allocKernelPage would give every one of
  // them from its fast path (free stays above the min watermark), the same frames one call at a time would get.
  if (k.frames.nrFree - pages >= k.wmark.min) {
    const first = k.frames.allocFresh(kind, pages, 0, 0, 0);
    if (first >= 0) {
      pool.pushRun(first, pages);
      return pages;
    }
  }
  let got = 0;
  for (; got < pages; got++) {
    const fr = allocKernelPage(k, kind, null);
    if (fr < 0) break;
    pool.pushRun(fr, 1);
  }
  return got;
}

/** Free up to `pages` reclaimable slab pages (unused dentries/inodes); returns pages freed. */
export function shrinkSlab(k: KState, pages: number): number {
  const p = poolOf(k);
  let freed = 0;
  while (freed < pages && p.reclaimable.size > 0) {
    k.frames.free(p.reclaimable.pop());
    freed++;
  }
  return freed;
}

export function reclaimableSlabPages(k: KState): number {
  return poolOf(k).reclaimable.size;
}
