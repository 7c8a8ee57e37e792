// `sleep DURATION` (coreutils sleep.c -> nanosleep): a process that does nothing until simulated time has passed,
// so that background programs progress while the line waits.
import type { Program, ProgramContext } from '../kernel/types.js';

export class Sleep implements Program {
  readonly comm = 'sleep';

  /** @param untilMs simulated time at which it exits (start + duration). */
  constructor(private readonly untilMs: number) {}

  step(ctx: ProgramContext): void {
    const left = this.untilMs - ctx.nowMs;
    if (left < ctx.quantumMs) ctx.exit(0);
    // nanosleep: off the run queue (state S) until the last quantum, which ends it.
    else ctx.sleep?.(left - ctx.quantumMs);
  }
}
