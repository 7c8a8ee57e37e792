// A program that does all its work in its first scheduling quantum and exits: the shape of sysctl(8), kill(1)
// and similar short tools. Running them as real processes matters where the kernel records who acted: a
// `sysctl -w vm.drop_caches=3` is logged as `sysctl (PID): drop_caches: 3`, not as the shell.
import type { Program, ProgramContext } from '../kernel/types.js';

export class OneShot implements Program {
  constructor(
    readonly comm: string,
    /** The work: returns the exit code; ctx.print is stdout. */
    private readonly work: (ctx: ProgramContext) => number,
  ) {}

  step(ctx: ProgramContext): void {
    ctx.exit(this.work(ctx));
  }
}
