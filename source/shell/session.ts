// A Session: one simulated machine (kernel), its shell, the clock policy and the command log. The dashboard, the
// scenario runner, `memsim sh` and the recorder each own one; every action they take is a command line through
// exec(), so what a learner sees is always the real command. Time moves only in advance(): the kernel is ticked in
// quanta and, after each quantum, every waiting line is polled, so a foreground program's line ends within one
// quantum of the program's exit.
import { bootKernel } from '../kernel/index.js';
import type { Kernel } from '../kernel/types.js';
import { SimShell, type InterruptibleJob } from './shell.js';
import type { CommandLogEntry, CommandResult, Session, SessionOptions, ShellJob } from './types.js';

export interface CreateSessionOptions extends SessionOptions {
  /** Simulated ms per advance step (default 10). */
  quantumMs?: number;
  /** Command log entries kept (default 200). */
  logSize?: number;
  /** Use this kernel instead of booting one (tests). */
  kernel?: Kernel;
}

/** Default simulated time runToCompletion waits for a line before interrupting it. */
export const DEFAULT_TIMEOUT_MS = 60_000;

interface TrackedEntry {
  job: ShellJob;
  index: number;
  seenOutput: number;
}

export class SimSession implements Session {
  readonly kernel: Kernel;
  readonly shell: SimShell;
  private readonly quantumMs: number;
  private readonly logSize: number;
  private log: CommandLogEntry[] = [];
  private tracked: TrackedEntry[] = [];
  private nextSeq = 1;

  constructor(options: CreateSessionOptions = {}) {
    this.kernel = options.kernel ?? bootKernel(options.machine);
    this.shell = new SimShell(this.kernel);
    this.quantumMs = options.quantumMs ?? 10;
    this.logSize = options.logSize ?? 200;
  }

  exec(line: string, origin: CommandLogEntry['origin']): InterruptibleJob {
    const entry: CommandLogEntry = { seq: this.nextSeq++, timeMs: this.kernel.nowMs(), line, output: '', origin };
    this.log = [...this.log, entry].slice(-this.logSize);
    const job = this.shell.start(line);
    this.tracked.push({ job, index: entry.seq, seenOutput: -1 });
    this.refreshLog();
    return job;
  }

  runToCompletion(line: string, origin: CommandLogEntry['origin'], timeoutMs = DEFAULT_TIMEOUT_MS): CommandResult {
    const job = this.exec(line, origin);
    const deadline = this.kernel.nowMs() + timeoutMs;
    while (!job.done && this.kernel.nowMs() < deadline) {
      const before = this.kernel.nowMs();
      this.advance(Math.min(this.quantumMs, deadline - before));
      if (this.kernel.nowMs() === before) break; // a panicked machine: time stands still
    }
    if (job.result) return job.result;
    if (this.kernel.snapshot().panicked) {
      const stderr = `memsim: '${line}' cannot finish: the kernel panicked and the machine has stopped\n`;
      return { status: 124, stdout: job.output(), stderr };
    }
    // Like a user pressing ^C after waiting long enough; a program that ignores it keeps running.
    job.interrupt();
    this.advance(this.quantumMs);
    if (job.result) return job.result;
    const stderr = `memsim: '${line}' still running after ${timeoutMs / 1000}s of simulated time\n`;
    return { status: 124, stdout: job.output(), stderr };
  }

  advance(ms: number): void {
    let remaining = ms;
    while (remaining > 0) {
      const step = Math.min(this.quantumMs, remaining);
      this.kernel.tick(step);
      remaining -= step;
      this.shell.poll();
      this.refreshLog();
    }
  }

  commandLog(): readonly CommandLogEntry[] {
    return this.log;
  }

  /** Copy new output and final statuses into the log (new entry objects, so views can compare by identity). */
  private refreshLog(): void {
    let changed = false;
    const bySeq = new Map(this.log.map((e, i) => [e.seq, i]));
    for (const tracked of this.tracked) {
      const output = tracked.job.output();
      const finished = tracked.job.result?.status;
      const position = bySeq.get(tracked.index);
      if (position === undefined) continue;
      const entry = this.log[position]!;
      if (output.length === tracked.seenOutput && entry.status === finished) continue;
      tracked.seenOutput = output.length;
      if (!changed) this.log = [...this.log];
      changed = true;
      this.log[position] = { ...entry, output, status: finished };
    }
    // Lines that left the log are no longer followed; background output keeps flowing into the others.
    this.tracked = this.tracked.filter((t) => bySeq.has(t.index));
  }
}

export function createSession(options: CreateSessionOptions = {}): SimSession {
  return new SimSession(options);
}
