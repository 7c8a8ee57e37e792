// Running a simulated program from the shell (bash's execute_disk_command + wait_for): fork/exec it as a kernel
// process, then either wait for it in the foreground (the line resumes when it exits; "Killed" if a signal ended it)
// or, for `cmd &`, put it in the job table and print `[1] 4321` at once.
import type { Program } from '../kernel/types.js';
import { DiscardLine, waitUntil, type CommandContext, type CommandRun } from './command.js';
import { strerror } from './errno.js';
import { exitStatus } from './jobs.js';
import { signalDescription } from './signals.js';

export interface ProgramLaunch {
  comm: string;
  program: Program;
  /** Executable path (default /usr/bin/<comm>). */
  path?: string;
}

/** Called when a foreground program ended, before the shell reports a death by signal ("Killed"). */
export type ExitHook = (status: number) => void;

/** $? after a failed fork: EX_NOEXEC (126) | 128. */
export const FORK_FAILED_STATUS = 126 | 128;

export function* runProgram(ctx: CommandContext, launch: ProgramLaunch, onExit?: ExitHook): CommandRun {
  const spawned = ctx.jobs.spawn({
    comm: launch.comm,
    path: launch.path,
    argv: [...ctx.argv],
    program: launch.program,
    onOutput: (text) => ctx.out(text),
  });
  if (!spawned.ok) {
    ctx.fail(spawned.errno);
    ctx.err(`bash: fork: ${strerror(spawned.errno)}\n`);
    // jobs.c make_child(): set_exit_status(EX_NOEXEC = 126), then throw_to_top_level() ORs in 128 (254) and
    // discards the rest of the line. (bash first retries an EAGAIN fork with "fork: retry" and 1-8 s sleeps.)
    throw new DiscardLine(FORK_FAILED_STATUS);
  }
  const child = spawned.value;
  if (ctx.background) {
    const job = ctx.jobs.addBackground(child, ctx.text);
    ctx.err(`[${job.id}] ${child.pid}\n`);
    return 0;
  }
  ctx.setForeground(child);
  yield* waitUntil(() => child.exited);
  ctx.setForeground(undefined);
  onExit?.(exitStatus(child));
  // Interactive bash reports a foreground job killed by a signal (but not ^C) on its own line.
  if (child.signal && child.signal !== 'SIGINT') ctx.err(`${signalDescription(child.signal)}\n`);
  return exitStatus(child);
}
