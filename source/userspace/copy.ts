// The data path shared by dd and cat: read(2) from a file through the page cache (or /dev/zero), write(2) to a file
// (page cache; tmpfs under /dev/shm) or to nowhere (/dev/null). Each step moves what a memcpy-bound copy moves in a
// quantum; the kernel charges disk reads of uncached pages and dirty throttling by making the task sleep, so a copy
// from a cold file runs at the disk's bandwidth without this code knowing it.
import type { Errno, ProgramContext, Result } from '../kernel/types.js';
import { traceReturn, type Tracer } from './io.js';

/** What a copy loop moves per second when nothing blocks it (a memcpy through the page cache). */
export const COPY_BYTES_PER_SECOND = 2 * 2 ** 30;

export const DEV_ZERO = '/dev/zero';
export const DEV_NULL = '/dev/null';

export interface CopyEnds {
  input: string;
  /** undefined or /dev/null: the data goes nowhere. */
  output: string | undefined;
}

export type Transfer = { ok: true; bytes: number } | { ok: false; side: 'read' | 'write'; errno: Errno };

/** fd numbers as strace shows them: 3 for the input, 4 (or 1 for stdout) for the output. */
const IN_FD = 3;

export class Copier {
  private inOffset = 0;
  private outOffset = 0;

  constructor(
    readonly ends: CopyEnds,
    private readonly trace?: Tracer,
  ) {}

  /** open(O_WRONLY|O_CREAT|O_TRUNC) of the output: an existing file is replaced. */
  openOutput(ctx: ProgramContext): Result<void> {
    const out = this.ends.output;
    if (out === undefined || out === DEV_NULL) return { ok: true, value: undefined };
    const existing = ctx.kernel.stat(out);
    if (existing.ok) {
      if (existing.value.kind === 'dir') return { ok: false, errno: 'EISDIR' };
      const removed = ctx.kernel.unlink(out);
      if (!removed.ok) return removed;
    }
    const created = ctx.kernel.write(ctx.pid, out, 0, 0);
    return created.ok ? { ok: true, value: undefined } : created;
  }

  /** open(O_RDONLY) of the input. */
  openInput(ctx: ProgramContext): Result<void> {
    if (this.ends.input === DEV_ZERO) return { ok: true, value: undefined };
    const info = ctx.kernel.stat(this.ends.input);
    if (!info.ok) return info;
    if (info.value.kind === 'dir') return { ok: false, errno: 'EISDIR' };
    return { ok: true, value: undefined };
  }

  /** Read up to `length` bytes; 0 at end of file. */
  read(ctx: ProgramContext, length: number): Transfer {
    if (this.ends.input === DEV_ZERO) {
      this.trace?.(`read(${IN_FD}, "\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0"..., ${length})`, String(length));
      return { ok: true, bytes: length };
    }
    const got = ctx.kernel.read(ctx.pid, this.ends.input, this.inOffset, length);
    this.trace?.(`read(${IN_FD}, ""..., ${length})`, traceReturn(got, String));
    if (!got.ok) return { ok: false, side: 'read', errno: got.errno };
    this.inOffset += got.value;
    return { ok: true, bytes: got.value };
  }

  /** Write `length` bytes at the output's current offset. */
  write(ctx: ProgramContext, length: number): Transfer {
    const out = this.ends.output;
    const fd = out === undefined ? 1 : IN_FD + 1;
    if (out === undefined || out === DEV_NULL) {
      this.trace?.(`write(${fd}, "\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0"..., ${length})`, String(length));
      return { ok: true, bytes: length };
    }
    const wrote = ctx.kernel.write(ctx.pid, out, this.outOffset, length);
    this.trace?.(`write(${fd}, "\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0"..., ${length})`, traceReturn(wrote, String));
    if (!wrote.ok) return { ok: false, side: 'write', errno: wrote.errno };
    this.outOffset += wrote.value;
    return { ok: true, bytes: wrote.value };
  }
}
