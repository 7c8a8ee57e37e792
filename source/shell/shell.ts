// The simulated shell: the login bash of the simulated machine (its pid is the kernel's `bash` process), reduced
// to a line-at-a-time interpreter. start(line) parses and begins a line; the returned ShellJob advances with
// poll(), which runs commands until one waits for simulated time (a foreground program, sleep, wait, sync) and never
// moves time itself: the Session ticks the kernel and polls.
import type { Errno, Kernel } from '../kernel/types.js';
import type { Command, CommandRun, Wait } from './command.js';
import { COMMANDS } from './commands/index.js';
import { runScript, type LineSink, type ShellState } from './interpreter.js';
import { JobTable } from './jobs.js';
import { parse } from './parser.js';
import type { CommandResult, JobInfo, Shell, ShellJob } from './types.js';

export interface ShellOptions {
  /** pid the shell acts as; default: the kernel's login shell (`bash`). */
  pid?: number;
  /** Extra or replacement commands (tests). */
  commands?: Record<string, Command>;
}

/** A ShellJob that can also be interrupted like ^C at a terminal. */
export interface InterruptibleJob extends ShellJob {
  interrupt(): void;
}

export class SimShell implements Shell {
  readonly pid: number;
  private readonly state: ShellState;
  private readonly unfinished = new Set<LineJob>();

  constructor(
    readonly kernel: Kernel,
    options: ShellOptions = {},
  ) {
    this.pid = options.pid ?? kernel.pidof('bash')[0] ?? 1;
    this.state = {
      kernel,
      shellPid: this.pid,
      jobs: new JobTable(kernel, this.pid),
      commands: { ...COMMANDS, ...options.commands },
      lastStatus: 0,
      lastErrno: undefined,
    };
  }

  get lastStatus(): number {
    return this.state.lastStatus;
  }

  get lastErrno(): Errno | undefined {
    return this.state.lastErrno;
  }

  jobs(): JobInfo[] {
    return this.state.jobs.info();
  }

  start(line: string): InterruptibleJob {
    const job = new LineJob(line, this.state);
    // bash reports background jobs that ended since the last prompt before running the next line.
    job.note(this.state.jobs.takeNotifications());
    job.begin();
    if (!job.done) this.unfinished.add(job);
    return job;
  }

  /** Advance every unfinished line as far as it goes without moving time. */
  poll(): void {
    for (const job of this.unfinished) if (job.poll()) this.unfinished.delete(job);
  }

  /** True while some line still waits (a foreground program, sleep, wait ...). */
  get busy(): boolean {
    return this.unfinished.size > 0;
  }
}

class LineJob implements InterruptibleJob {
  private log = '';
  private stdout = '';
  private stderr = '';
  private run: CommandRun | undefined;
  private waiting: Wait | undefined;
  private readonly sink: LineSink;
  result: CommandResult | undefined;

  constructor(
    readonly line: string,
    private readonly state: ShellState,
  ) {
    this.sink = {
      out: (text) => {
        this.log += text;
        if (!this.result) this.stdout += text;
      },
      err: (text) => {
        this.log += text;
        if (!this.result) this.stderr += text;
      },
      commandErrno: undefined,
      foreground: undefined,
    };
  }

  get done(): boolean {
    return this.result !== undefined;
  }

  output(): string {
    return this.log;
  }

  /** Text shown before the line's own output (job notifications); not part of stdout/stderr. */
  note(text: string): void {
    this.log += text;
  }

  begin(): void {
    const parsed = parse(this.line);
    if (!parsed.ok) {
      this.sink.err(parsed.error.text + '\n');
      this.state.lastStatus = 2;
      this.finish(2);
      return;
    }
    this.run = runScript(parsed.script, this.state, this.sink);
    this.poll();
  }

  poll(): boolean {
    if (this.result || !this.run) return this.done;
    for (;;) {
      if (this.waiting && !this.waiting()) return false;
      const step = this.run.next();
      if (step.done) {
        this.finish(step.value);
        return true;
      }
      this.waiting = step.value;
    }
  }

  /** ^C: SIGINT to the program the line waits for in the foreground. */
  interrupt(): void {
    const child = this.sink.foreground;
    if (child && !child.exited) this.state.kernel.kill(child.pid, 'SIGINT', this.state.shellPid);
  }

  private finish(status: number): void {
    const errno = status === 0 ? undefined : this.sink.commandErrno;
    this.result = { status, errno, stdout: this.stdout, stderr: this.stderr };
  }
}
