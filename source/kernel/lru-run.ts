// A run of LRU pages that reclaim only moves (mm/vmscan.c: the pages shrink_inactive_list() keeps or activates and
// shrink_active_list() deactivates or rotates). Linux moves them one by one via a private list; here consecutive
// pages with the same destination, taken from the list's oldest end, are spliced in one step
// (FrameTable.lruMoveOldest), which leaves the lists exactly as moving them one at a time would.
// One LruRun serves many scans (start() begins each): reclaim starts tens of thousands of scans per simulated
// second, and an object per scan was a measurable share of its time.
import { Lru, type FrameTable } from './page-frames.js';

export class LruRun {
  private f: FrameTable | null = null;
  private list: Lru = Lru.NONE;
  private newest = -1;
  private count = 0;
  private dest: Lru = Lru.NONE;

  /** Begin a scan of `list` from its oldest end (whatever a previous scan left unflushed is dropped). */
  start(f: FrameTable, list: Lru): this {
    this.count = 0;
    this.f = f;
    this.list = list;
    this.dest = list;
    return this;
  }

  /**
   * Add `fr`, the page just newer than the run (the list's oldest page when the run is empty), bound for `dest`.
   * A page leaving the list gets its new list id now, while the scan has it at hand (flush then only splices):
   * until the flush, pages of the run are still linked on the list but may say `dest` as their Lru id, which nothing
   * reads during a scan.
   */
  add(fr: number, dest: Lru): void {
    if (this.count > 0 && dest !== this.dest) this.flush();
    if (dest !== this.list) this.f!.relabel(fr, dest);
    this.newest = fr;
    this.count++;
    this.dest = dest;
  }

  /** Move the pending run; needed before any other change to the list, and at the end of a scan. */
  flush(): void {
    if (this.count === 0) return;
    this.f!.lruMoveOldest(this.list, this.newest, this.count, this.dest, true);
    this.count = 0;
  }

  /** The scan reached the list's newest end: move the run and start again from the (new) oldest page, -1 if none. */
  restart(): number {
    this.flush();
    return this.f!.lruOldest(this.list);
  }
}
