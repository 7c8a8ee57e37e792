// ps and vmstat (procps-ng): the numbers come from the kernel's snapshot, the layout from source/procps/. vmstat with
// DELAY [COUNT] runs as a process that prints a line every DELAY seconds of simulated time (^C stops it).
import type { Kernel, Program, ProgramContext } from '../../kernel/types.js';
import { formatPs } from '../../procps/ps.js';
import { formatVmstatLine, VMSTAT_HEADER, type VmstatSample } from '../../procps/vmstat.js';
import type { Command, CommandContext, CommandRun } from '../command.js';
import { runProgram } from '../run-program.js';

/** ps [-e|-A|aux|-ef] [-p PID[,PID]] [-C NAME]: every process in pid order, or the selected ones. */
export function* ps(ctx: CommandContext): CommandRun {
  const args = ctx.argv.slice(1);
  let pids: Set<number> | undefined;
  let names: Set<string> | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-p' || arg === '-C' || arg === '--pid') {
      const value = args[++i];
      if (value === undefined) {
        ctx.err(`error: list of ${arg === '-C' ? 'command names' : 'process IDs'} must follow ${arg}\n`);
        return 1;
      }
      if (arg === '-C') names = new Set([...(names ?? []), ...value.split(',')]);
      else {
        const list = value.split(',').map(Number);
        if (list.some((n) => !Number.isInteger(n) || n <= 0)) {
          ctx.err('error: process ID list syntax error\n');
          return 1;
        }
        pids = new Set([...(pids ?? []), ...list]);
      }
    } else if (!/^(-[eAfly]+|a?u?x|aux|-?ef|-?aux)$/.test(arg)) {
      ctx.err(`error: unsupported option (BSD syntax)\n\nmemsim's ps shows pid,user,vsz,rss,oom,oomadj,stat,comm; options: -e, aux, -p PID, -C NAME\n`);
      return 1;
    }
  }
  const all = ctx.kernel.snapshot().processes;
  const shown = all.filter((p) => (!pids || pids.has(p.pid)) && (!names || names.has(p.comm)));
  ctx.out(formatPs(shown));
  return shown.length === 0 && (pids || names) ? 1 : 0;
}

function sample(kernel: Kernel): VmstatSample {
  const snap = kernel.snapshot();
  return {
    timeMs: snap.timeMs,
    meminfo: snap.meminfo,
    counters: snap.vmstat,
    // vmstat itself is running while it reads /proc/stat.
    running: snap.processes.filter((p) => p.state === 'R').length + 1,
    blocked: snap.processes.filter((p) => p.state === 'D').length,
  };
}

class VmstatLoop implements Program {
  readonly comm = 'vmstat';
  private previous: VmstatSample | undefined;
  private printed = 0;
  private nextAtMs: number | undefined;

  constructor(
    private readonly kernel: Kernel,
    private readonly delayMs: number,
    private readonly count: number | undefined,
  ) {}

  step(ctx: ProgramContext): void {
    if (this.nextAtMs !== undefined && ctx.nowMs < this.nextAtMs) return;
    const now = sample(this.kernel);
    if (this.printed === 0) ctx.print(VMSTAT_HEADER);
    ctx.print(formatVmstatLine(now, this.previous));
    this.previous = now;
    this.printed++;
    this.nextAtMs = ctx.nowMs + this.delayMs;
    if (this.count !== undefined && this.printed >= this.count) ctx.exit(0);
  }
}

/** vmstat [DELAY [COUNT]] */
export function* vmstat(ctx: CommandContext): CommandRun {
  const operands = ctx.argv.slice(1);
  for (const operand of operands) {
    if (!/^[0-9]+$/.test(operand)) {
      ctx.err(`vmstat: ${operand.startsWith('-') ? `invalid option -- '${operand.slice(1, 2)}'` : 'Invalid number'}\n`);
      return 1;
    }
  }
  if (operands.length === 0) {
    ctx.out(VMSTAT_HEADER + formatVmstatLine(sample(ctx.kernel)));
    return 0;
  }
  const delay = Number(operands[0]);
  if (delay === 0) {
    ctx.err('vmstat: delay must be positive integer\n');
    return 1;
  }
  const count = operands[1] === undefined ? undefined : Number(operands[1]);
  return yield* runProgram(ctx, { comm: 'vmstat', program: new VmstatLoop(ctx.kernel, delay * 1000, count) });
}

export const PROCPS_COMMANDS: Record<string, Command> = { ps, vmstat };
