// Moving a run of pages between LRU lists at once: what mm/vmscan.c's move_folios_to_lru() does with the folios a
// shrink_*_list pass isolated (one list splice per batch instead of one relink per page).
// Simplified: the run must be the oldest pages of its list (reclaim scans from the tail), and it keeps its order.
// Belongs with the other LRU primitives of page-frames.ts; kept here until that file grows the method.
import { Lru, type FrameTable } from './page-frames.js';

const NIL = -1;

/**
 * Move the `count` oldest frames of `list` — from `newest` to the tail — to the head of `dest`, keeping their
 * order. The result is the same as `count` times `f.lruMove(f.lruOldest(list), dest)` (list === dest rotates).
 */
export function lruMoveOldest(f: FrameTable, list: Lru, newest: number, count: number, dest: Lru): void {
  if (count <= 0) return;
  const tail = f.lruTail[list];
  const before = f.prev[newest];
  if (list === dest) {
    if (before === NIL) return; // the whole list: a full rotation changes nothing
    const head = f.lruHead[list];
    f.next[before] = NIL;
    f.lruTail[list] = before;
    f.prev[newest] = NIL;
    f.next[tail] = head;
    f.prev[head] = tail;
    f.lruHead[list] = newest;
    return;
  }
  const lru = f.lru, next = f.next;
  for (let fr = newest; fr !== NIL; fr = next[fr]) lru[fr] = dest;
  if (before !== NIL) f.next[before] = NIL; else f.lruHead[list] = NIL;
  f.lruTail[list] = before;
  f.lruSize[list] -= count;
  const head = f.lruHead[dest];
  f.prev[newest] = NIL;
  f.next[tail] = head;
  if (head !== NIL) f.prev[head] = tail; else f.lruTail[dest] = tail;
  f.lruHead[dest] = newest;
  f.lruSize[dest] += count;
}
