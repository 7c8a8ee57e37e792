// The public contract of the simulated shell and of the session that drives it. Keys in the dashboard,
// scenario steps, `memsim sh` and `memsim run` all act through a Session: input -> shell -> kernel -> snapshot.
import type { Errno, Kernel, MachineConfig } from '../kernel/types.js';

export interface CommandResult {
  /** Exit status as $? shows it (0 ok, 1 failure, 2 usage/parse error, 128+N killed by signal N). */
  status: number;
  /** errno of the last failed call, when the failure came from one (ENOMEM, EINVAL, ESRCH ...). */
  errno?: Errno;
  stdout: string;
  stderr: string;
}

/** One command line being executed. Foreground programs make it wait for simulated time to pass. */
export interface ShellJob {
  readonly line: string;
  /** Run as far as possible without moving time; true once the line has finished. */
  poll(): boolean;
  readonly done: boolean;
  /** Set once done. */
  readonly result: CommandResult | undefined;
  /** Everything printed so far (stdout and stderr in print order). */
  output(): string;
}

export interface JobInfo {
  id: number;
  pid: number;
  line: string;
  state: 'Running' | 'Done' | 'Killed';
  status?: number;
}

export interface Shell {
  readonly kernel: Kernel;
  /** Parse and start a line. A parse error finishes the job at once with status 2 and
   *  `memsim: sh: LINE:COL: message` on stderr; nothing is executed then. */
  start(line: string): ShellJob;
  readonly lastStatus: number;
  readonly lastErrno: Errno | undefined;
  jobs(): JobInfo[];
}

/** One entry of the dashboard's command log (bounded ring). */
export interface CommandLogEntry {
  seq: number;
  timeMs: number;
  line: string;
  /** Set when finished. */
  status?: number;
  /** Output, trimmed for display by the view, not here. */
  output: string;
  /** Where it came from: a key press, the ':' prompt, a scenario step. */
  origin: 'key' | 'prompt' | 'scenario' | 'cli';
}

/** Kernel + shell + the clock policy. The dashboard, the runner and the recorder each own one. */
export interface Session {
  readonly kernel: Kernel;
  readonly shell: Shell;
  /** Start a command line; it is logged in the command log and finishes as time passes. */
  exec(line: string, origin: CommandLogEntry['origin']): ShellJob;
  /** Start a line and tick the clock until it ends or timeoutMs of simulated time passed (headless use). */
  runToCompletion(line: string, origin: CommandLogEntry['origin'], timeoutMs?: number): CommandResult;
  /** Advance simulated time by ms: ticks the kernel in quanta and polls every unfinished job. */
  advance(ms: number): void;
  /** Bounded command log, oldest first. */
  commandLog(): readonly CommandLogEntry[];
}

export interface SessionOptions {
  machine?: Partial<MachineConfig>;
}
