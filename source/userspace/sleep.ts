// `sleep DURATION` (coreutils sleep.c -> nanosleep): a process that does nothing until simulated time has passed,
// so that background programs progress while the line waits.
import type { Program, ProgramContext } from '../kernel/types.js';

export class Sleep implements Program {
  readonly comm = 'sleep';

  /** @param untilMs simulated time at which it exits (start + duration). */
  constructor(private readonly untilMs: number) {}

  step(ctx: ProgramContext): void {
    if (ctx.nowMs + ctx.quantumMs > this.untilMs) ctx.exit(0);
  }
}
