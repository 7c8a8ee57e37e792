// The kernel log ring buffer: the role of kernel/printk/printk.c (log_buf, the dmesg reader) with the timestamp
// format of print_time(): "[%5lu.%06lu]". Simplified: a fixed ring of 4096 records, no facility, no continuation.
import type { KernelLogLine } from './types.js';

export const LOG_RING_LINES = 4096;

export const KERN_EMERG = 0, KERN_ALERT = 1, KERN_CRIT = 2, KERN_ERR = 3, KERN_WARNING = 4, KERN_NOTICE = 5,
  KERN_INFO = 6, KERN_DEBUG = 7;

export class PrintkRing {
  private readonly lines: KernelLogLine[] = [];
  private start = 0; // index of the oldest line inside `lines` once the ring is full
  nextSeq = 0;

  log(timeMs: number, level: number, text: string): void {
    const line: KernelLogLine = { seq: this.nextSeq++, timeMs, level, text };
    if (this.lines.length < LOG_RING_LINES) this.lines.push(line);
    else {
      this.lines[this.start] = line;
      this.start = (this.start + 1) % LOG_RING_LINES;
    }
  }

  /** Lines with seq >= fromSeq, oldest first. */
  read(fromSeq = 0): KernelLogLine[] {
    const n = this.lines.length;
    const out: KernelLogLine[] = [];
    const oldestSeq = this.nextSeq - n;
    const skip = Math.max(0, fromSeq - oldestSeq);
    for (let i = skip; i < n; i++) out.push(this.lines[(this.start + i) % n]);
    return out;
  }
}

/** "[   12.345678]" like dmesg and the console: seconds right-aligned in 5 columns, microseconds in 6. */
export function formatLogTime(timeMs: number): string {
  const us = Math.round(timeMs * 1000);
  const sec = Math.floor(us / 1_000_000);
  const frac = us % 1_000_000;
  return `[${String(sec).padStart(5, ' ')}.${String(frac).padStart(6, '0')}]`;
}
