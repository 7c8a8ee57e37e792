// A run of LRU pages that reclaim only moves (mm/vmscan.c: the pages shrink_inactive_list() keeps or activates and
// shrink_active_list() deactivates or rotates). Linux moves them one by one via a private list; here consecutive
// pages with the same destination, taken from the list's oldest end, are spliced in one step
// (FrameTable.lruMoveOldest), which leaves the lists exactly as moving them one at a time would.
import type { FrameTable, Lru } from './page-frames.js';

export class LruRun {
  private newest = -1;
  private count = 0;
  private dest: Lru;

  constructor(private readonly f: FrameTable, private readonly list: Lru) {
    this.dest = list;
  }

  /** Add `fr`, the page just newer than the run (the list's oldest page when the run is empty), bound for `dest`. */
  add(fr: number, dest: Lru): void {
    if (this.count > 0 && dest !== this.dest) this.flush();
    this.newest = fr;
    this.count++;
    this.dest = dest;
  }

  /** Move the pending run; needed before any other change to the list. */
  flush(): void {
    if (this.count === 0) return;
    this.f.lruMoveOldest(this.list, this.newest, this.count, this.dest);
    this.count = 0;
  }

  /** The scan reached the list's newest end: move the run and start again from the (new) oldest page, -1 if none. */
  restart(): number {
    this.flush();
    return this.f.lruOldest(this.list);
  }
}
