// `sleep DURATION` (coreutils sleep.c -> nanosleep): a process that does nothing until simulated time has passed,
// so that background programs progress while the line waits.
import type { Program, ProgramContext } from '../kernel/types.js';
import { createAllocator } from './allocator.js';
import type { ProgramIO } from './io.js';

/** What setlocale(LC_ALL, "") mallocs first in coreutils' main(): a small block (the locale name's copy). */
const SETLOCALE_MALLOC_BYTES = 16;

export class Sleep implements Program {
  readonly comm = 'sleep';
  private started = false;

  /** @param untilMs simulated time at which it exits (start + duration). */
  constructor(
    private readonly untilMs: number,
    private readonly durationMs: number,
    private readonly io?: ProgramIO,
  ) {}

  step(ctx: ProgramContext): void {
    if (!this.started) {
      this.started = true;
      // main() -> setlocale(): glibc's first malloc creates the brk heap (brk(NULL), then brk(+132 KiB)).
      createAllocator(ctx.kernel, ctx.pid, this.io?.trace).malloc(SETLOCALE_MALLOC_BYTES);
    }
    const left = this.untilMs - ctx.nowMs;
    if (left < ctx.quantumMs) {
      // strace shows the call once it returned, then coreutils' close_stdout().
      const seconds = Math.floor(this.durationMs / 1000);
      const nanos = (this.durationMs % 1000) * 1_000_000;
      this.io?.trace?.(`clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=${seconds}, tv_nsec=${nanos}}, 0x7ffc8d6a1d40)`, '0');
      this.io?.trace?.('close(1)', '0');
      this.io?.trace?.('close(2)', '0');
      ctx.exit(0);
    }
    // nanosleep: off the run queue (state S) until the last quantum, which ends it.
    else ctx.sleep?.(left - ctx.quantumMs);
  }
}
