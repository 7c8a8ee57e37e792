// Slab caches as page counts: the role of mm/slub.c (pages owned by kmem caches) and of the dentry/inode caches'
// shrinkers (fs/dcache.c, fs/inode.c) reduced to one reclaimable pool and one unreclaimable pool. Simplified: no
// objects, no per-cache accounting; reclaimable slab grows with file activity and shrinks when PRESSURE's
// drop_caches (mode 2) or reclaim calls shrinkSlab().
import { Kind } from './page-frames.js';
import { allocKernelPage } from './page-alloc.js';
import type { KState } from './state.js';

const pools = new WeakMap<KState, { reclaimable: number[]; unreclaimable: number[] }>();

function poolOf(k: KState) {
  let p = pools.get(k);
  if (!p) { p = { reclaimable: [], unreclaimable: [] }; pools.set(k, p); }
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
      for (let i = 0; i < pages; i++) pool.push(first + i);
      return pages;
    }
  }
  let got = 0;
  for (; got < pages; got++) {
    const fr = allocKernelPage(k, kind, null);
    if (fr < 0) break;
    pool.push(fr);
  }
  return got;
}

/** Free up to `pages` reclaimable slab pages (unused dentries/inodes); returns pages freed. */
export function shrinkSlab(k: KState, pages: number): number {
  const p = poolOf(k);
  let freed = 0;
  while (freed < pages && p.reclaimable.length > 0) {
    k.frames.free(p.reclaimable.pop()!);
    freed++;
  }
  return freed;
}

export function reclaimableSlabPages(k: KState): number {
  return poolOf(k).reclaimable.length;
}
