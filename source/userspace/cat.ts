// `cat FILE... [> PATH]` for files of the simulated file system (GNU coreutils cat.c, simple_cat): reads each file
// through the page cache in 128 KiB reads (its io_blksize) and writes what it read to stdout, which is /dev/null,
// a file, or the terminal. The simulated files have sizes, not contents, so on a terminal nothing is shown:
// what the learner watches is the page cache filling (`cat big.log > /dev/null` warms the cache).
import type { Program, ProgramContext } from '../kernel/types.js';
import { strerror } from '../shell/errno.js';
import { Copier, COPY_BYTES_PER_SECOND } from './copy.js';
import type { ProgramIO } from './io.js';

const READ_SIZE = 128 * 1024;

export class Cat implements Program {
  readonly comm = 'cat';
  private index = 0;
  private copier: Copier | undefined;
  private status = 0;
  private outputOpened = false;

  constructor(
    private readonly files: readonly string[],
    /** Where stdout goes: a path, or undefined for the terminal (content not shown). */
    private readonly output: string | undefined,
    private readonly io: ProgramIO,
  ) {}

  step(ctx: ProgramContext): void {
    if (!this.outputOpened && !this.openOutput(ctx)) return;
    let budget = Math.max(READ_SIZE, Math.floor((COPY_BYTES_PER_SECOND * ctx.quantumMs) / 1000));
    while (budget > 0) {
      const file = this.files[this.index];
      if (file === undefined) {
        ctx.exit(this.status);
        return;
      }
      if (!this.copier) {
        this.copier = new Copier({ input: file, output: this.output }, this.io.trace);
        const opened = this.copier.openInput(ctx);
        if (!opened.ok) {
          this.io.stderr(`cat: ${file}: ${strerror(opened.errno)}\n`);
          this.io.fail?.(opened.errno);
          this.nextFile(1);
          continue;
        }
      }
      const read = this.copier.read(ctx, READ_SIZE);
      if (!read.ok) {
        this.io.stderr(`cat: ${file}: ${strerror(read.errno)}\n`);
        this.io.fail?.(read.errno);
        this.nextFile(1);
        continue;
      }
      if (read.bytes === 0) {
        this.nextFile(0);
        continue;
      }
      const wrote = this.copier.write(ctx, read.bytes);
      if (!wrote.ok) {
        this.io.stderr(`cat: write error: ${strerror(wrote.errno)}\n`);
        this.io.fail?.(wrote.errno);
        ctx.exit(1);
        return;
      }
      budget -= read.bytes;
    }
  }

  private openOutput(ctx: ProgramContext): boolean {
    this.outputOpened = true;
    const opened = new Copier({ input: '/dev/zero', output: this.output }).openOutput(ctx);
    if (opened.ok) return true;
    this.io.stderr(`bash: ${this.output}: ${strerror(opened.errno)}\n`);
    ctx.exit(1);
    return false;
  }

  private nextFile(status: number): void {
    if (status !== 0) this.status = status;
    this.index++;
    this.copier = undefined;
  }
}
