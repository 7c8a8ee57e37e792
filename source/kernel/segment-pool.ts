// Fixed-size int32 segments carved from a few big shared Int32Arrays, with a free list: the storage under
// sparse.ts's page-table chunks and directory nodes (the kernel's own analogue is a slab cache of PTE pages,
// mm/slab.h, here without per-object headers). Thousands of small typed arrays would each cost a malloc'd
// backing store, a BackingStore record and two V8 objects, and fragment the malloc heap as processes die.
//
// A segment is a handle h: pool h >> POOL_SHIFT, offset (h & POOL_MASK) * stride in that pool's Int32Array.
// Pools are never freed (a freed segment is zeroed and reused first); new pools are allocated zeroed, and their
// pages become resident only as segments are first used.

export const POOL_SHIFT = 10; // 1,024 segments per pool: 2 MiB of page-table chunks
export const POOL_MASK = (1 << POOL_SHIFT) - 1;

export class SegmentPool {
  /** pools[h >> POOL_SHIFT] holds segment h (read directly by hot callers: data() is a call in cold code). */
  readonly pools: Int32Array[] = [];
  /** Freed segments, reused last-in first-out (still warm in the cache). */
  private readonly free: number[] = [];
  /** Segments handed out so far from fresh pool space. */
  private fresh = 0;

  constructor(readonly stride: number) {}

  /** The Int32Array holding segment h. */
  data(h: number): Int32Array {
    return this.pools[h >> POOL_SHIFT];
  }

  /** Offset of segment h's first int in data(h). */
  base(h: number): number {
    return (h & POOL_MASK) * this.stride;
  }

  /** A zeroed segment. */
  alloc(): number {
    if (this.free.length > 0) return this.free.pop()!;
    const h = this.fresh++;
    if (h >> POOL_SHIFT === this.pools.length) this.pools.push(new Int32Array((POOL_MASK + 1) * this.stride));
    return h;
  }

  /** Give segment h back (zeroed here, so that alloc() never hands out stale contents). */
  release(h: number): void {
    const b = this.base(h);
    this.data(h).fill(0, b, b + this.stride);
    this.free.push(h);
  }

  /** Segments in use (for tests and diagnostics). */
  get inUse(): number {
    return this.fresh - this.free.length;
  }
}
