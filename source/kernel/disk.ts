// The write side of the simulated disk: the role of the block layer's request queue (block/blk-mq.c) and of
// folio_end_writeback (mm/filemap.c) as seen by memory management. Pages are written one after the other at
// MachineConfig.diskWriteBps; each queued page gets the time at which its write completes.
// Simplified: one queue for file writeback and swap-out, FIFO, no merging, no queue-depth limit; reads are not
// queued (a reader is charged the read time directly, see swap-state.ts and filemap.ts).
import { IntHash } from './int-hash.js';

/** Why a page is being written: the completion handler differs. */
export const WB_FILE = 0, WB_SWAP = 1;

/** A ring buffer of pending page writes, oldest at `head`. */
export class DiskWriteQueue {
  private cap = 1024;
  private frames = new Int32Array(this.cap);
  private kinds = new Uint8Array(this.cap);
  private kswapd = new Uint8Array(this.cap);
  private doneAt = new Float64Array(this.cap);
  private head = 0;
  private count = 0;
  /** When the disk finishes everything queued so far, ms of simulated time. */
  busyUntilMs = 0;
  /**
   * Queued writes that no longer count, per frame: cancel() adds one (the page was truncated or freed under
   * writeback, or is being written again before its first write completed). The queue is FIFO, so a frame's stale
   * writes are its oldest ones: popping the frame's entry while it has a count drops the entry and counts down.
   * Nearly always empty, so a write costs no per-frame lookup (a per-frame array of live sequence numbers was a
   * cache miss at every submit and every completion, and 4 bytes per frame).
   */
  private readonly stale = new IntHash();

  constructor(private readonly msPerPage: number) {}

  /** Entries queued (including stale ones not yet popped). */
  get length(): number {
    return this.count;
  }

  /** Milliseconds of queued work left at `nowMs`. */
  backlogMs(nowMs: number): number {
    return Math.max(0, this.busyUntilMs - nowMs);
  }

  /** Queue one page write; returns its completion time. */
  submit(nowMs: number, frame: number, kind: number, byKswapd: boolean): number {
    if (this.count === this.cap) this.grow();
    const done = Math.max(nowMs, this.busyUntilMs) + this.msPerPage;
    this.busyUntilMs = done;
    const i = (this.head + this.count++) & (this.cap - 1);
    this.frames[i] = frame;
    this.kinds[i] = kind;
    this.kswapd[i] = byKswapd ? 1 : 0;
    this.doneAt[i] = done;
    return done;
  }

  /**
   * The write `frame` has queued no longer counts: its page is freed or truncated under writeback, or about to be
   * written again. Only for a frame with a write queued (PG_WRITEBACK set): every queued write is either popped,
   * cancelled once, or still pending with its frame under writeback.
   */
  cancel(frame: number): void {
    this.stale.set(frame, this.stale.get(frame, 0) + 1);
  }

  /** Completion time of the oldest pending write, or Infinity. */
  nextDoneMs(): number {
    return this.count > 0 ? this.doneAt[this.head] : Infinity;
  }

  /**
   * Pop the oldest write if it is done by `untilMs`. Returns its frame with `kind`/`byKswapd` in `out`, -2 when
   * it was stale (frame since freed), -1 when nothing is due.
   */
  popDone(untilMs: number, out: { kind: number; byKswapd: boolean; doneMs: number }): number {
    if (this.count === 0 || this.doneAt[this.head] > untilMs) return -1;
    const i = this.head;
    this.head = (this.head + 1) & (this.cap - 1);
    this.count--;
    const frame = this.frames[i];
    if (this.stale.size !== 0) {
      const n = this.stale.get(frame, 0);
      if (n > 0) {
        if (n === 1) this.stale.delete(frame); else this.stale.set(frame, n - 1);
        return -2;
      }
    }
    out.kind = this.kinds[i];
    out.byKswapd = this.kswapd[i] === 1;
    out.doneMs = this.doneAt[i];
    return frame;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const order = <T extends Int32Array | Uint8Array | Float64Array>(a: T, b: T): T => {
      for (let n = 0; n < this.count; n++) b[n] = a[(this.head + n) & (this.cap - 1)];
      return b;
    };
    this.frames = order(this.frames, new Int32Array(cap));
    this.kinds = order(this.kinds, new Uint8Array(cap));
    this.kswapd = order(this.kswapd, new Uint8Array(cap));
    this.doneAt = order(this.doneAt, new Float64Array(cap));
    this.head = 0;
    this.cap = cap;
  }
}
