// The kernel log ring buffer: the role of kernel/printk/printk.c (log_buf, the dmesg reader) with the timestamp
// format of print_time(): "[%5lu.%06lu]". Simplified: a fixed ring of 4096 records, no facility, no continuation.
import type { KernelLogLine } from './types.js';

export const LOG_RING_LINES = 4096;

export const KERN_EMERG = 0, KERN_ALERT = 1, KERN_CRIT = 2, KERN_ERR = 3, KERN_WARNING = 4, KERN_NOTICE = 5,
  KERN_INFO = 6, KERN_DEBUG = 7;

export class PrintkRing {
  private readonly lines: KernelLogLine[] = [];
  // Lines logged with logLazy: the formatter and its argument, by ring index, until the line is first read.
  private readonly format: (((arg: never) => string) | undefined)[] = [];
  private readonly formatArg: unknown[] = [];
  private start = 0; // index of the oldest line inside `lines` once the ring is full
  nextSeq = 0;

  log(timeMs: number, level: number, text: string): void {
    this.push({ seq: this.nextSeq++, timeMs, level, text }, undefined, undefined);
  }

  /**
   * A line whose text is built from `arg` only when it is first read. For bulk output that is mostly overwritten
   * unread: an OOM kill dumps one row per task (vm.oom_dump_tasks), 1,000 rows with 1,000 processes, and under
   * continuous pressure several kills a second push each other out of the 4096-line ring. `arg` must not change
   * afterwards (pass a snapshot of the numbers).
   */
  logLazy<T>(timeMs: number, level: number, format: (arg: T) => string, arg: T): void {
    this.push({ seq: this.nextSeq++, timeMs, level, text: '' }, format as (arg: never) => string, arg);
  }

  private push(line: KernelLogLine, format: ((arg: never) => string) | undefined, arg: unknown): void {
    if (this.lines.length < LOG_RING_LINES) {
      this.lines.push(line);
      this.format.push(format);
      this.formatArg.push(arg);
    } else {
      const i = this.start;
      this.lines[i] = line;
      this.format[i] = format;
      this.formatArg[i] = arg;
      this.start = (this.start + 1) % LOG_RING_LINES;
    }
  }

  /** Lines with seq >= fromSeq, oldest first. */
  read(fromSeq = 0): KernelLogLine[] {
    const n = this.lines.length;
    const out: KernelLogLine[] = [];
    const oldestSeq = this.nextSeq - n;
    const skip = Math.max(0, fromSeq - oldestSeq);
    for (let i = skip; i < n; i++) {
      const j = (this.start + i) % n;
      const format = this.format[j];
      if (format !== undefined) {
        this.lines[j].text = format(this.formatArg[j] as never);
        this.format[j] = undefined;
        this.formatArg[j] = undefined;
      }
      out.push(this.lines[j]);
    }
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
