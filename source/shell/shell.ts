// The simulated shell: the login bash of the simulated machine (its pid is the kernel's `bash` process), reduced
// to a line-at-a-time interpreter. start(line) parses and begins a line; the returned ShellJob advances with
// poll(), which runs commands until one waits for simulated time (a foreground program, sleep, wait, sync) and never
// moves time itself: the Session ticks the kernel and polls.
import type { Errno, Kernel } from '../kernel/types.js';
import type { Command, CommandRun, Wait } from './command.js';
import { COMMANDS } from './commands/index.js';
import { runScript, type LineSink, type ShellState } from './interpreter.js';
import { JobTable } from './jobs.js';
import { strerror } from './errno.js';
import { PanicWatch } from './panic.js';
import { parse } from './parser.js';
import type { CommandResult, JobInfo, Shell, ShellJob } from './types.js';

export interface ShellOptions {
  /** pid the shell acts as; default: the kernel's login shell (`bash`). */
  pid?: number;
  /** Extra or replacement commands (tests). */
  commands?: Record<string, Command>;
}

/** One write of a line (or of a program it started), with the stream it went to: 1 stdout, 2 stderr. */
export interface OutputPiece {
  fd: 1 | 2;
  text: string;
}

/** A ShellJob that can also be interrupted like ^C at a terminal. */
export interface InterruptibleJob extends ShellJob {
  interrupt(): void;
  /** Everything printed so far, write by write with its stream, in print order (output() is their concatenation). */
  pieces(): readonly OutputPiece[];
}

export class SimShell implements Shell {
  private readonly state: ShellState;
  private readonly unfinished = new Set<LineJob>();
  private readonly panic: PanicWatch;

  constructor(
    readonly kernel: Kernel,
    options: ShellOptions = {},
  ) {
    const pid = options.pid ?? kernel.pidof('bash')[0] ?? 1;
    this.panic = new PanicWatch(kernel);
    this.state = {
      kernel,
      shellPid: pid,
      jobs: new JobTable(kernel, () => this.state.shellPid),
      commands: { ...COMMANDS, ...options.commands },
      lastStatus: 0,
      lastErrno: undefined,
    };
  }

  /** pid of the login shell the simulated shell acts as. */
  get pid(): number {
    return this.state.shellPid;
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
    const job = new LineJob(line, this.state, this.panic);
    // After a panic the machine is stopped: nothing runs any more (not even a new login shell).
    if (job.refuseIfPanicked()) return job;
    job.note(this.replaceDeadLoginShell());
    // bash reports background jobs that ended since the last prompt before running the next line.
    job.note(this.state.jobs.takeNotifications());
    job.begin();
    if (!job.done) this.unfinished.add(job);
    return job;
  }

  /**
   * The login shell's process was killed (kill -9 $(pidof bash), the OOM killer): like logging in again over ssh,
   * a new bash starts under sshd-session, so the session goes on. Returns the line announcing it, if any.
   */
  private replaceDeadLoginShell(): string {
    const old = this.state.shellPid;
    const info = this.kernel.process(old);
    if (info && info.state !== 'X' && info.state !== 'Z') return '';
    const parent = this.kernel.pidof('sshd-session')[0] ?? this.kernel.pidof('sshd')[0] ?? 1;
    const spawned = this.kernel.spawn({ comm: 'bash', path: '/usr/bin/bash', ppid: parent, uid: 0 });
    if (!spawned.ok) return `memsim: bash (${old}) was killed; a new login shell could not start: ${strerror(spawned.errno)}\n`;
    this.state.shellPid = spawned.value;
    return `memsim: bash (${old}) was killed; new login shell bash (${spawned.value})\n`;
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

/** Status of the line running when the kernel panicked: 128 + SIGKILL, as for a killed foreground job. */
const PANIC_STATUS = 137;

class LineJob implements InterruptibleJob {
  private log = '';
  private readonly written: OutputPiece[] = [];
  private stdout = '';
  private stderr = '';
  private run: CommandRun | undefined;
  private waiting: Wait | undefined;
  private readonly sink: LineSink;
  result: CommandResult | undefined;

  constructor(
    readonly line: string,
    private readonly state: ShellState,
    private readonly panic: PanicWatch,
  ) {
    this.sink = {
      out: (text) => {
        this.record(1, text);
        if (!this.result) this.stdout += text;
      },
      err: (text) => {
        this.record(2, text);
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

  pieces(): readonly OutputPiece[] {
    return this.written;
  }

  /** Text shown before the line's own output (job notifications, on stderr as bash prints them); not part of the
   *  line's CommandResult. */
  note(text: string): void {
    this.record(2, text);
  }

  private record(fd: 1 | 2, text: string): void {
    if (text === '') return;
    this.log += text;
    this.written.push({ fd, text });
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
      if (this.endIfPanicked()) return true;
      if (this.waiting && !this.waiting()) return false;
      const step = this.run.next();
      if (step.done) {
        this.finish(step.value);
        return true;
      }
      this.waiting = step.value;
    }
  }

  /** A line started after a panic ends at once with status 1 and the note. */
  refuseIfPanicked(): boolean {
    if (!this.panic.panicked) return false;
    this.sink.err(this.panic.report());
    this.state.lastStatus = 1;
    this.finish(1);
    return true;
  }

  /**
   * The kernel panicked while this line ran: it ends at once, like everything on the machine, with 137 (as if
   * SIGKILLed) and the console's panic lines. Its program never reports back (the machine is stopped).
   */
  private endIfPanicked(): boolean {
    if (!this.panic.panicked) return false;
    this.run?.return(PANIC_STATUS);
    this.sink.err(this.panic.report());
    this.state.lastStatus = PANIC_STATUS;
    this.finish(PANIC_STATUS);
    return true;
  }

  /** ^C: SIGINT to the program the line waits for in the foreground; a waiting builtin (wait) stops at once. */
  interrupt(): void {
    if (this.result || !this.run) return;
    const child = this.sink.foreground;
    if (child && !child.exited) {
      this.state.kernel.kill(child.pid, 'SIGINT', this.state.shellPid);
      return;
    }
    this.run.return(130);
    this.state.lastStatus = 130;
    this.finish(130);
  }

  private finish(status: number): void {
    const errno = status === 0 ? undefined : this.sink.commandErrno;
    this.result = { status, errno, stdout: this.stdout, stderr: this.stderr };
  }
}
