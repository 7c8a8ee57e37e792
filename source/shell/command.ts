// What a shell command implementation sees (the role of bash's builtins' WORD_LIST + redirection state, and of
// execve for external programs): its argv, its output streams, the kernel, the job table. A command is a generator
// so that it can wait for simulated time to pass: it yields a condition and is resumed once the condition holds
// (checked by ShellJob.poll, which never moves time itself).
import type { Errno, Kernel } from '../kernel/types.js';
import type { ChildProcess, JobTable } from './jobs.js';

/** A condition a waiting command is resumed on. */
export type Wait = () => boolean;

/** A running command: yields waits, returns its exit status. */
export type CommandRun = Generator<Wait, number, void>;

export interface CommandContext {
  readonly kernel: Kernel;
  /** pid of the shell process (the login bash of the simulated machine): parent and writer of what we do. */
  readonly shellPid: number;
  /** argv[0] is the command name. */
  readonly argv: readonly string[];
  /** Ended by `&`. */
  readonly background: boolean;
  /** The `> PATH` target, if any. */
  readonly redirect: string | undefined;
  /** The command line as `jobs` shows it. */
  readonly text: string;
  readonly jobs: JobTable;
  /** Status of the previous command ($?). */
  readonly lastStatus: number;
  out(text: string): void;
  err(text: string): void;
  /** Record the errno of a failed call: it becomes the line's CommandResult.errno and the shell's lastErrno. */
  fail(errno: Errno): void;
  /** The command writes its output to the redirect target itself (dd, cat FILE > PATH): the shell must not. */
  claimRedirect(): void;
  /** The child the line now waits for in the foreground (interrupt() sends it SIGINT); undefined when done. */
  setForeground(child: ChildProcess | undefined): void;
}

export type Command = (ctx: CommandContext) => CommandRun;

/** Wait until a condition holds (a generator helper for commands). */
export function* waitUntil(condition: Wait): CommandRun {
  while (!condition()) yield condition;
  return 0;
}

/**
 * bash's throw_to_top_level() for an interactive shell: the rest of the command line is discarded (longjmp to
 * DISCARD) and $? gets 128 OR-ed in. Thrown by a command; runScript catches it.
 */
export class DiscardLine extends Error {
  constructor(readonly status: number) {
    super(`line discarded with status ${status}`);
  }
}
