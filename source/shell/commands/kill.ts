// bash's kill builtin (builtins/kill.def): `kill [-s SIG | -n NUM | -SIG] PID|%JOB...`, default SIGTERM, sent by
// the shell; `kill -l` lists the signal names. Messages as bash prints them: `bash: kill: (123) - No such process`.
import type { Result, Signal } from '../../kernel/types.js';
import type { Command, CommandContext, CommandRun } from '../command.js';
import { strerror } from '../errno.js';
import { parseSignal, SIGNAL_NUMBER } from '../signals.js';

const USAGE = 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n';

/** Signal 0: no signal, only the existence and permission check of kill(2). */
type SignalOrCheck = Signal | 'check';

function parseSpec(text: string): SignalOrCheck | undefined {
  return text === '0' || text.toUpperCase() === 'SIG0' ? 'check' : parseSignal(text);
}

export function* kill(ctx: CommandContext): CommandRun {
  const args = ctx.argv.slice(1);
  let sig: SignalOrCheck = 'SIGTERM';
  let i = 0;
  const first = args[0];
  if (first === '-l' || first === '-L') {
    const list = (Object.keys(SIGNAL_NUMBER) as Signal[]).map((s) => `${String(SIGNAL_NUMBER[s]).padStart(2)}) ${s}`);
    ctx.out(list.join('\t') + '\n');
    return 0;
  }
  if (first === '-s' || first === '-n') {
    const spec = args[1];
    if (spec === undefined) {
      ctx.err(`bash: kill: ${first}: option requires an argument\n${USAGE}`);
      return 2;
    }
    const parsed = parseSpec(spec);
    if (!parsed) {
      ctx.err(`bash: kill: ${spec}: invalid signal specification\n`);
      return 1;
    }
    sig = parsed;
    i = 2;
  } else if (first !== undefined && first.startsWith('-') && first !== '--') {
    const parsed = parseSpec(first.slice(1));
    if (!parsed) {
      ctx.err(`bash: kill: ${first.slice(1)}: invalid signal specification\n`);
      return 1;
    }
    sig = parsed;
    i = 1;
  }
  if (args[i] === '--') i++;
  const targets = args.slice(i);
  if (targets.length === 0) {
    ctx.err(`bash: ${USAGE}`);
    return 2;
  }
  let status = 0;
  for (const target of targets) {
    const pid = resolveTarget(ctx, target);
    if (typeof pid === 'string') {
      ctx.err(pid);
      status = 1;
      continue;
    }
    const sent = sig === 'check' ? exists(ctx, pid) : ctx.kernel.kill(pid, sig, ctx.shellPid);
    if (!sent.ok) {
      ctx.err(`bash: kill: (${pid}) - ${strerror(sent.errno)}\n`);
      ctx.fail(sent.errno);
      status = 1;
    }
  }
  return status;
}

function exists(ctx: CommandContext, pid: number): Result<void> {
  const info = ctx.kernel.process(pid);
  return info && info.state !== 'X' && info.state !== 'Z' ? { ok: true, value: undefined } : { ok: false, errno: 'ESRCH' };
}

/** A pid, or bash's message for a bad operand. */
function resolveTarget(ctx: CommandContext, target: string): number | string {
  if (target.startsWith('%')) {
    const job = ctx.jobs.find(target);
    return job ? job.child.pid : `bash: kill: ${target}: no such job\n`;
  }
  if (!/^-?[0-9]+$/.test(target)) return `bash: kill: ${target}: arguments must be process or job IDs\n`;
  return Number(target);
}

export const KILL_COMMANDS: Record<string, Command> = { kill };
