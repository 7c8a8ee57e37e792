// `memsim sh [-c 'CMDS'] [machine flags]`: the simulated shell without the dashboard — for scripting, tests and
// screen readers. With -c the lines run one after another and memsim exits with the last one's status; without
// it a REPL (node:readline, with history) reads lines from the terminal, or from a pipe without a prompt.
// Simulated time moves only while a command runs (sleep, wait, foreground programs), as in the dashboard when
// paused between commands.
import { createRequire } from 'node:module';
import type { OutputPiece } from '../shell/shell.js';
import type { Session, ShellJob } from '../shell/types.js';

export interface ShIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** How long a foreground line may run in simulated time before it is interrupted like ^C. */
const FOREGROUND_LIMIT_MS = 10 * 60_000;
const QUANTUM_MS = 10;
export const PROMPT = 'root@memsim:~# ';

/**
 * Let simulated time run until the job ends (or the limit passes, then interrupt it like ^C), calling
 * `onOutput` with output as it appears. Returns the exit status.
 */
export function finishJob(session: Session, job: ShellJob & { interrupt?: () => void }, onOutput: (text: string) => void): number {
  let shown = 0;
  const flush = () => {
    const output = job.output();
    if (output.length > shown) onOutput(output.slice(shown));
    shown = output.length;
  };
  const deadline = session.kernel.nowMs() + FOREGROUND_LIMIT_MS;
  flush();
  while (!job.done && session.kernel.nowMs() < deadline) {
    const before = session.kernel.nowMs();
    session.advance(QUANTUM_MS);
    flush();
    // A stopped clock (a panicked kernel) never lets the line end by waiting: the shell ends it on its own poll.
    if (session.kernel.nowMs() === before) break;
  }
  if (!job.done) {
    job.interrupt?.();
    session.advance(QUANTUM_MS);
    flush();
    if (!job.done) onOutput(`memsim: '${job.line}' still running after ${FOREGROUND_LIMIT_MS / 60_000} min of simulated time\n`);
  }
  return job.result?.status ?? 130;
}

/** One REPL line: output streamed as it appears, as the dashboard's command line shows it. */
export function runLine(session: Session, line: string, onOutput: (text: string) => void): number {
  return finishJob(session, session.exec(line, 'cli'), onOutput);
}

/**
 * -c: every line of CMDS in order. Output goes out as it is printed, each write to its own stream (stderr on
 * fd 2), so dd's statistics or strace's trace stay between the outputs they came between. What a background
 * program prints after its own line ended (hog's "holding it") shows up while the line running then waits.
 */
export function runCommands(session: Session, commands: string, io: ShIo): number {
  let status = 0;
  const followed: PieceFollower[] = [];
  const flushAll = () => {
    for (const follower of followed) follower.flush(io);
  };
  for (const line of commands.split('\n')) {
    if (line.trim() === '') continue;
    followed.push(new PieceFollower(session.exec(line, 'cli')));
    status = finishJob(session, followed[followed.length - 1]!.job, flushAll);
    flushAll();
  }
  return status;
}

type StreamedJob = ShellJob & { pieces?: () => readonly OutputPiece[] };

/** Writes a job's new output pieces to stdout or stderr, in order. */
class PieceFollower {
  private shownPieces = 0;
  private shownStdout = 0;
  private shownStderr = 0;

  constructor(readonly job: StreamedJob) {}

  flush(io: ShIo): void {
    if (!this.job.pieces) return this.flushWithoutPieces(io);
    const pieces = this.job.pieces();
    for (; this.shownPieces < pieces.length; this.shownPieces++) {
      const piece = pieces[this.shownPieces]!;
      (piece.fd === 2 ? io.stderr : io.stdout)(piece.text);
    }
  }

  /** A job that only keeps stdout and stderr apart in its result: each stream once the line ended. */
  private flushWithoutPieces(io: ShIo): void {
    const result = this.job.result;
    if (!result) return;
    if (result.stdout.length > this.shownStdout) io.stdout(result.stdout.slice(this.shownStdout));
    if (result.stderr.length > this.shownStderr) io.stderr(result.stderr.slice(this.shownStderr));
    this.shownStdout = result.stdout.length;
    this.shownStderr = result.stderr.length;
  }
}

/** The interactive (or piped) shell. Resolves with the last command's status when input ends or on `exit`. */
export function repl(session: Session, io: ShIo, input: NodeJS.ReadableStream, interactive: boolean): Promise<number> {
  // Loaded here, not at the top: the bundle evaluates this file for every command, and only the REPL needs it.
  // Through require: the CommonJS bundle (see launcher.ts) keeps import() of a built-in as a real dynamic import.
  const { createInterface } = createRequire(import.meta.url)('node:readline') as typeof import('node:readline');
  return new Promise((resolve) => {
    const rl = createInterface({
      input,
      output: interactive ? process.stdout : undefined,
      terminal: interactive,
      prompt: PROMPT,
      historySize: 1000,
      removeHistoryDuplicates: true,
    });
    let status = 0;
    if (interactive) {
      io.stdout('memsim sh: a simulated Linux shell (type exit or press Ctrl-D to leave)\n');
      rl.prompt();
    }
    rl.on('line', (line) => {
      const trimmed = line.trim();
      const exit = /^exit(?:\s+(\d+))?$/.exec(trimmed);
      if (exit) {
        status = exit[1] === undefined ? status : Number(exit[1]);
        rl.close();
        return;
      }
      if (trimmed !== '') status = runLine(session, line, io.stdout);
      if (interactive) rl.prompt();
    });
    rl.on('SIGINT', () => {
      io.stdout('^C\n');
      rl.prompt();
    });
    rl.on('close', () => {
      if (interactive) io.stdout('\n');
      resolve(status);
    });
  });
}
