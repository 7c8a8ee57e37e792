// The shell's children and its job table: bash's jobs.c reduced to what memsim needs. Every program the shell runs
// is a kernel process (kernel.spawn) whose exit is recorded here; background ones (`&`) also get a job number,
// are listed by `jobs`, waited for by `wait`, and reported once (`[1]+  Done  ...`) before the next command line.
import type { Kernel, Program, Result, Signal } from '../kernel/types.js';
import type { JobInfo } from './types.js';
import { SIGNAL_NUMBER, signalDescription } from './signals.js';

export interface ChildProcess {
  readonly pid: number;
  exited: boolean;
  code?: number;
  signal?: Signal;
}

export interface BackgroundJob {
  readonly id: number;
  readonly child: ChildProcess;
  readonly text: string;
  reported: boolean;
}

export interface ProgramSpec {
  comm: string;
  argv: string[];
  program: Program;
  /** Executable path; default /usr/bin/<comm>. */
  path?: string;
  onOutput: (text: string) => void;
}

/** $? of a finished child: its exit code, or 128 + the number of the signal that killed it. */
export function exitStatus(child: ChildProcess): number {
  if (child.signal) return 128 + SIGNAL_NUMBER[child.signal];
  return child.code ?? 0;
}

export class JobTable {
  private readonly children = new Map<number, ChildProcess>();
  private jobs: BackgroundJob[] = [];
  private nextJobId = 1;

  constructor(
    private readonly kernel: Kernel,
    /** The shell's current pid (the parent of what it starts). */
    private readonly shellPid: () => number,
  ) {}

  /** Fork+exec a program as a child of the shell (root, like the login shell). */
  spawn(spec: ProgramSpec): Result<ChildProcess> {
    let child: ChildProcess | undefined;
    // The kernel may call onExit during spawn (a program that exits in its first step), so keep it until then.
    let early: { code: number; signal?: Signal } | undefined;
    const spawned = this.kernel.spawn({
      comm: spec.comm,
      path: spec.path,
      argv: spec.argv,
      ppid: this.shellPid(),
      uid: 0,
      program: spec.program,
      onOutput: spec.onOutput,
      onExit: (status) => {
        if (!child) early = status;
        else Object.assign(child, { exited: true, code: status.code, signal: status.signal });
      },
    });
    if (!spawned.ok) return spawned;
    child = { pid: spawned.value, exited: false };
    if (early) Object.assign(child, { exited: true, code: early.code, signal: early.signal });
    this.children.set(child.pid, child);
    return { ok: true, value: child };
  }

  child(pid: number): ChildProcess | undefined {
    return this.children.get(pid);
  }

  /** Put a running child in the background: `[1] 4321`. */
  addBackground(child: ChildProcess, text: string): BackgroundJob {
    const job: BackgroundJob = { id: this.lowestFreeId(), child, text, reported: false };
    this.jobs.push(job);
    return job;
  }

  /** A job by `%N` spec or pid. */
  find(spec: string): BackgroundJob | undefined {
    if (spec.startsWith('%')) {
      const id = spec === '%%' || spec === '%+' ? this.jobs[this.jobs.length - 1]?.id : Number(spec.slice(1));
      return this.jobs.find((j) => j.id === id);
    }
    return this.jobs.find((j) => j.child.pid === Number(spec));
  }

  running(): BackgroundJob[] {
    return this.jobs.filter((j) => !j.child.exited);
  }

  /** Lines bash prints before the next prompt for jobs that ended since; those jobs then leave the table. */
  takeNotifications(): string {
    let text = '';
    for (const job of this.jobs) {
      if (job.child.exited && !job.reported) {
        text += this.formatJob(job) + '\n';
        job.reported = true;
      }
    }
    this.jobs = this.jobs.filter((j) => !j.reported);
    return text;
  }

  /** `jobs` output: every job with its state, like bash (`[1]+  Running                 hog &`). */
  listing(): string {
    const text = this.jobs.map((job) => this.formatJob(job) + '\n').join('');
    for (const job of this.jobs) if (job.child.exited) job.reported = true;
    this.jobs = this.jobs.filter((j) => !j.reported);
    return text;
  }

  info(): JobInfo[] {
    return this.jobs.map((job) => ({
      id: job.id,
      pid: job.child.pid,
      line: job.text,
      state: !job.child.exited ? 'Running' : job.child.signal ? 'Killed' : 'Done',
      status: job.child.exited ? exitStatus(job.child) : undefined,
    }));
  }

  private formatJob(job: BackgroundJob): string {
    const last = this.jobs[this.jobs.length - 1];
    const previous = this.jobs[this.jobs.length - 2];
    const mark = job === last ? '+' : job === previous ? '-' : ' ';
    const suffix = job.child.exited ? '' : ' &';
    return `[${job.id}]${mark}  ${describeState(job.child).padEnd(24)}${job.text}${suffix}`;
  }

  private lowestFreeId(): number {
    if (this.jobs.length === 0) this.nextJobId = 1;
    return this.nextJobId++;
  }
}

function describeState(child: ChildProcess): string {
  if (!child.exited) return 'Running';
  if (child.signal) return signalDescription(child.signal);
  return child.code ? `Exit ${child.code}` : 'Done';
}
