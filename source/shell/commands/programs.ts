// Commands that run a simulated program (hog, malloc, dd, sync, sleep) and strace, which runs one of them with its
// system calls printed. The programs live in source/userspace/; their argument parsing in launchers.ts.
import { lineTracer, parseTraceExpression, Strace } from '../../userspace/strace.js';
import type { Signal } from '../../kernel/types.js';
import type { Command, CommandContext, CommandRun } from '../command.js';
import { SIGNAL_NUMBER } from '../signals.js';
import { runProgram } from '../run-program.js';
import { LAUNCHERS, type Launcher } from './launchers.js';

function programCommand(launcher: Launcher): Command {
  return function* run(ctx: CommandContext): CommandRun {
    const built = launcher(ctx, ctx.argv, { stderr: ctx.err, fail: ctx.fail });
    if (!built.ok) {
      ctx.err(built.message);
      return built.status;
    }
    return yield* runProgram(ctx, built.launch);
  };
}

/** strace [-f] [-e trace=LIST] PROGRAM ARGS... */
export function* strace(ctx: CommandContext): CommandRun {
  let argv = ctx.argv.slice(1);
  let show: Set<string> | undefined;
  while (argv[0]?.startsWith('-')) {
    const option = argv[0];
    if (option === '-f' || option === '-ff') {
      argv = argv.slice(1);
      continue;
    }
    const expr = option === '-e' ? argv[1] : option.startsWith('-e') ? option.slice(2) : undefined;
    if (expr === undefined) {
      ctx.err(option === '-e'
        ? "strace: option requires an argument -- 'e'\nTry 'strace -h' for more information.\n"
        : `strace: memsim's strace supports -f and -e trace=LIST only ('${option}')\n`);
      return 1;
    }
    const parsed = parseTraceExpression(expr);
    if (!parsed.ok) {
      ctx.err(`strace: invalid system call '${parsed.invalid}'\n`);
      return 1;
    }
    show = parsed.names;
    argv = argv.slice(option === '-e' ? 2 : 1);
  }
  const name = argv[0];
  if (name === undefined) {
    ctx.err("strace: must have PROG [ARGS] or -p PID\nTry 'strace -h' for more information.\n");
    return 1;
  }
  const launcher = LAUNCHERS[name];
  if (!launcher) {
    ctx.err(`strace: ${name}: memsim can trace its simulated programs only: ${Object.keys(LAUNCHERS).join(', ')}\n`);
    return 1;
  }
  const trace = lineTracer(ctx.err, show ? (call) => show.has(call) : undefined);
  const built = launcher(ctx, argv, { stderr: ctx.err, trace, fail: ctx.fail });
  if (!built.ok) {
    ctx.err(built.message);
    return built.status;
  }
  const path = built.launch.path ?? `/usr/bin/${name}`;
  const program = new Strace(
    { program: built.launch.program, argv, path },
    { stderr: ctx.err, trace, vmas: (pid) => ctx.kernel.vmas(pid), senderPid: ctx.shellPid },
  );
  // A death by signal the program could not see (SIGKILL, an OOM kill): strace reports it itself.
  return yield* runProgram(ctx, { ...built.launch, program }, (status) => {
    if (status > 128 && !program.exitReported) ctx.err(`+++ killed by ${signalName(status - 128)} +++\n`);
  });
}

function signalName(signo: number): string {
  const name = (Object.keys(SIGNAL_NUMBER) as Signal[]).find((s) => SIGNAL_NUMBER[s] === signo);
  return name ?? `SIG${signo}`;
}

export const PROGRAM_COMMANDS: Record<string, Command> = {
  hog: programCommand(LAUNCHERS.hog!),
  malloc: programCommand(LAUNCHERS.malloc!),
  sleep: programCommand(LAUNCHERS.sleep!),
  sync: programCommand(LAUNCHERS.sync!),
  dd: programCommand(LAUNCHERS.dd!),
  strace,
};
