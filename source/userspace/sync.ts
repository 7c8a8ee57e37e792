// `sync` (coreutils sync.c -> sync(2)): starts writeback of every dirty page and waits until it is on disk. The
// kernel makes the task sleep for the writeback time, so the program exits on its first step after that.
import type { Program, ProgramContext } from '../kernel/types.js';
import { strerror } from '../shell/errno.js';
import type { ProgramIO } from './io.js';

export class Sync implements Program {
  readonly comm = 'sync';
  private started = false;

  constructor(private readonly io: ProgramIO) {}

  step(ctx: ProgramContext): void {
    if (this.started) {
      ctx.exit(0);
      return;
    }
    this.started = true;
    const synced = ctx.kernel.sync(ctx.pid);
    this.io.trace?.('sync()', synced.ok ? '0' : `-1 ${synced.errno} (${strerror(synced.errno)})`);
    if (!synced.ok) {
      this.io.stderr(`sync: ${strerror(synced.errno)}\n`);
      this.io.fail?.(synced.errno);
      ctx.exit(1);
    }
  }
}
