// The write side of the simulated disk: the role of the block layer's request queue (block/blk-mq.c) and of
// folio_end_writeback (mm/filemap.c) as seen by memory management. Pages are written one after the other at
// MachineConfig.diskWriteBps; each queued page gets the time at which its write completes.
// Simplified: one queue for file writeback and swap-out, FIFO, no merging, no queue-depth limit; reads are not
// queued (a reader is charged the read time directly, see swap-state.ts and filemap.ts).

/** Why a page is being written: the completion handler differs. */
export const WB_FILE = 0, WB_SWAP = 1;

/** A ring buffer of pending page writes, oldest at `head`. */
export class DiskWriteQueue {
  private cap = 1024;
  private frames = new Int32Array(this.cap);
  private kinds = new Uint8Array(this.cap);
  private seqs = new Int32Array(this.cap);
  private kswapd = new Uint8Array(this.cap);
  private doneAt = new Float64Array(this.cap);
  private head = 0;
  private count = 0;
  /** When the disk finishes everything queued so far, ms of simulated time. */
  busyUntilMs = 0;
  /** Per frame: sequence number of its queued write (0 = none), so a stale entry (frame freed, reused) is ignored. */
  private readonly liveSeq: Int32Array;
  private nextSeq = 1;

  constructor(private readonly msPerPage: number, totalFrames: number) {
    this.liveSeq = new Int32Array(totalFrames);
  }

  /** Entries queued (including stale ones not yet popped). */
  get length(): number {
    return this.count;
  }

  /** Milliseconds of queued work left at `nowMs`. */
  backlogMs(nowMs: number): number {
    return Math.max(0, this.busyUntilMs - nowMs);
  }

  isQueued(frame: number): boolean {
    return this.liveSeq[frame] !== 0;
  }

  /** Queue one page write; returns its completion time. */
  submit(nowMs: number, frame: number, kind: number, byKswapd: boolean): number {
    if (this.count === this.cap) this.grow();
    const done = Math.max(nowMs, this.busyUntilMs) + this.msPerPage;
    this.busyUntilMs = done;
    const seq = this.nextSeq;
    this.nextSeq = seq >= 0x7ffffffe ? 1 : seq + 1;
    const i = (this.head + this.count++) & (this.cap - 1);
    this.frames[i] = frame;
    this.kinds[i] = kind;
    this.seqs[i] = seq;
    this.kswapd[i] = byKswapd ? 1 : 0;
    this.doneAt[i] = done;
    this.liveSeq[frame] = seq;
    return done;
  }

  /** Forget the pending write of a frame that is being freed (truncate of a file under writeback). */
  cancel(frame: number): void {
    this.liveSeq[frame] = 0;
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
    if (this.liveSeq[frame] !== this.seqs[i]) return -2;
    this.liveSeq[frame] = 0;
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
    this.seqs = order(this.seqs, new Int32Array(cap));
    this.kswapd = order(this.kswapd, new Uint8Array(cap));
    this.doneAt = order(this.doneAt, new Float64Array(cap));
    this.head = 0;
    this.cap = cap;
  }
}
