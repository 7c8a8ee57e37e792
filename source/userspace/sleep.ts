// `sleep DURATION` (coreutils sleep.c -> nanosleep): a process that does nothing until simulated time has passed,
// so that background programs progress while the line waits.
import type { Program, ProgramContext } from '../kernel/types.js';
import type { ProgramIO } from './io.js';

export class Sleep implements Program {
  readonly comm = 'sleep';

  /** @param untilMs simulated time at which it exits (start + duration). */
  constructor(
    private readonly untilMs: number,
    private readonly durationMs: number,
    private readonly io?: ProgramIO,
  ) {}

  step(ctx: ProgramContext): void {
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
