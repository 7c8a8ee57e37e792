// Execution of a parsed script: bash's execute_cmd.c + subst.c for the supported subset. Word expansion ($?,
// $(...) with field splitting of unquoted results), command lookup (`bash: foo: command not found`, 127), `>`
// redirection, `&`, and $? / errno bookkeeping. Everything is a generator: a command that must let simulated
// time pass yields a condition, and the ShellJob driving it resumes it once the condition holds.
import type { Errno, Kernel } from '../kernel/types.js';
import { DiscardLine, type Command, type CommandContext, type CommandRun, type Wait } from './command.js';
import type { ChildProcess, JobTable } from './jobs.js';
import type { ParsedWord, Script, SimpleCommand } from './parser.js';
import { openRedirect, type RedirectTarget } from './redirect.js';

/** State shared by every line a shell runs. */
export interface ShellState {
  readonly kernel: Kernel;
  /** Changes when the login shell is replaced after being killed. */
  shellPid: number;
  readonly jobs: JobTable;
  readonly commands: Readonly<Record<string, Command>>;
  lastStatus: number;
  lastErrno: Errno | undefined;
}

/** Where one line's output goes, and what it remembers while running. */
export interface LineSink {
  out(text: string): void;
  err(text: string): void;
  /** errno of the current command's last failed call (reset per command). */
  commandErrno: Errno | undefined;
  /** The program the line is waiting for in the foreground (target of an interrupt). */
  foreground: ChildProcess | undefined;
}

type Expansion = Generator<Wait, string[], void>;

/** Run every command of a script in order; returns the status of the last one. */
export function* runScript(script: Script, state: ShellState, sink: LineSink): CommandRun {
  let status = state.lastStatus;
  for (const command of script.commands) {
    sink.commandErrno = undefined;
    try {
      status = yield* runCommand(command, state, sink);
    } catch (error) {
      if (!(error instanceof DiscardLine)) throw error;
      state.lastStatus = error.status;
      return error.status;
    }
    state.lastStatus = status;
  }
  return status;
}

function* runCommand(command: SimpleCommand, state: ShellState, sink: LineSink): CommandRun {
  const argv: string[] = [];
  for (const word of command.words) argv.push(...(yield* expandWord(word, state, sink)));
  let target: string | undefined;
  if (command.redirect) {
    const fields = yield* expandWord(command.redirect.target, state, sink);
    if (fields.length !== 1) {
      sink.err(`bash: ${command.redirect.target.text}: ambiguous redirect\n`);
      return 1;
    }
    target = fields[0];
  }
  // bash opens the target before it runs (or even looks up) the command.
  let output: RedirectTarget | undefined;
  if (target !== undefined) {
    const opened = openRedirect(state.kernel, state.shellPid, target);
    if (!opened.ok) return redirectFailed(state, sink, opened);
    output = opened.target;
  }
  if (argv.length === 0) return output ? closeRedirect(state, sink, output, 'bash') : 0;
  const name = argv[0]!;
  const implementation = state.commands[name];
  if (!implementation) {
    sink.err(name.includes('/') ? `bash: ${name}: No such file or directory\n` : `bash: ${name}: command not found\n`);
    return 127;
  }
  let claimed = false;
  const ctx: CommandContext = {
    kernel: state.kernel,
    shellPid: state.shellPid,
    argv,
    // Programs honour `&` (runProgram puts them in the job table); a builtin with `&` simply runs at once
    // (bash would fork a subshell for it).
    background: command.background,
    redirect: target,
    text: argv.join(' ') + (target === undefined ? '' : ` > ${target}`),
    jobs: state.jobs,
    lastStatus: state.lastStatus,
    out: (text) => {
      if (!output) sink.out(text);
      else if (!claimed) output.write(text);
    },
    err: (text) => sink.err(text),
    fail: (errno) => {
      sink.commandErrno = errno;
      state.lastErrno = errno;
    },
    claimRedirect: () => {
      claimed = true;
    },
    setForeground: (child) => {
      sink.foreground = child;
    },
  };
  const status = yield* implementation(ctx);
  if (output && !claimed) {
    const closed = closeRedirect(state, sink, output, name);
    if (closed !== 0) return closed;
  }
  return status;
}

function closeRedirect(state: ShellState, sink: LineSink, output: RedirectTarget, command: string): number {
  const closed = output.close(command);
  return closed.ok ? 0 : redirectFailed(state, sink, closed);
}

function redirectFailed(state: ShellState, sink: LineSink, failure: { errno: Errno; message: string }): number {
  sink.err(failure.message);
  sink.commandErrno = failure.errno;
  state.lastErrno = failure.errno;
  return 1;
}

/** Expand one word into fields: literals and $? join, an unquoted $(...) result is split on blanks. */
function* expandWord(word: ParsedWord, state: ShellState, sink: LineSink): Expansion {
  const fields: string[] = [];
  let current: string | undefined;
  for (const part of word.parts) {
    if (part.kind === 'literal') current = (current ?? '') + part.text;
    else if (part.kind === 'status') current = (current ?? '') + String(state.lastStatus);
    else {
      const output = yield* substitute(part.script, state, sink);
      if (part.quoted) {
        current = (current ?? '') + output;
        continue;
      }
      output.split(/[ \t\n]+/).forEach((piece, i) => {
        if (i > 0 && current !== undefined) {
          fields.push(current);
          current = undefined;
        }
        if (piece !== '') current = (current ?? '') + piece;
      });
    }
  }
  if (current !== undefined) fields.push(current);
  return fields;
}

/** $(...): run the script with stdout captured; trailing newlines are removed (POSIX 2.6.3). */
function* substitute(script: Script, state: ShellState, sink: LineSink): Generator<Wait, string, void> {
  let captured = '';
  const inner: LineSink = {
    out: (text) => {
      captured += text;
    },
    err: (text) => sink.err(text),
    commandErrno: undefined,
    // An interrupt of the line reaches a program running inside the substitution too.
    get foreground() {
      return sink.foreground;
    },
    set foreground(child: ChildProcess | undefined) {
      sink.foreground = child;
    },
  };
  yield* runScript(script, state, inner);
  return captured.replace(/\n+$/, '');
}

