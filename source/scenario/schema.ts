// The shape of a scenario file once loaded and checked (scenarios/*.yaml, issue 4). Nothing here touches a
// kernel: load.ts builds these values from YAML, player.ts plays them against a Session.
//
// A step's timing: `at` waits until an absolute simulated time, `after` waits relative to the end of the
// previous step, `until` waits for a condition (at most `timeout`, default 60 s). A step without any of them
// starts as soon as the previous one ended.

/** Where a condition or an expectation reads its value. */
export type Address =
  | { kind: 'meminfo'; field: string; unit: 'bytes' | 'count' }
  | { kind: 'vmstat'; counter: string }
  | { kind: 'sysctl'; name: string }
  | { kind: 'free'; column: FreeColumnName }
  | { kind: 'proc'; comm: string; field: string }
  | { kind: 'dmesg' }
  | { kind: 'status' }
  | { kind: 'output' };

/** What kind of value an address yields; decides which matchers and units make sense. */
export type ValueKind = 'bytes' | 'number' | 'boolean' | 'text' | 'status';

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** How the value at an address is judged. Numbers of 'bytes' addresses are in bytes. */
export type Matcher =
  | { kind: 'compare'; op: CompareOp; value: number }
  | { kind: 'range'; low: number; high: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'regex'; regex: RegExp }
  | { kind: 'substring'; text: string }
  | { kind: 'errno'; name: string };

/** `address matcher`, as written in `until:` or as one `expect:` entry. `source` is the text shown in reports. */
export interface Condition {
  address: Address;
  matcher: Matcher;
  source: string;
}

/** Where something was written, for messages and for the timeline. */
export interface SourcePos {
  line: number;
  col: number;
}

export type Timing =
  | { kind: 'next' }
  | { kind: 'at'; ms: number }
  | { kind: 'after'; ms: number }
  | { kind: 'until'; condition: Condition; timeoutMs: number };

export interface Step {
  /** 1-based, as "step k of n" shows it. */
  number: number;
  pos: SourcePos;
  timing: Timing;
  say?: string;
  run: string[];
  expect: Condition[];
  /** Dashboard key names to press (issue 6), in order. */
  keys: string[];
  /** `timeout:` as written: the limit of an `until` wait (default 60 s) and of each foreground command
   *  (default 10 min, so that a hog that never ends cannot hang a run). */
  timeoutMs?: number;
}

export interface MachineSpec {
  ramBytes?: number;
  swapBytes?: number;
  sysctl: Record<string, number>;
}

export interface Scenario {
  file: string;
  title: string;
  description?: string;
  seed: number;
  machine: MachineSpec;
  steps: Step[];
}

export const DEFAULT_UNTIL_TIMEOUT_MS = 60_000;
export const DEFAULT_COMMAND_TIMEOUT_MS = 600_000;
export const DEFAULT_SEED = 1;

/** `free`'s columns as scenario addresses (free.buff_cache ...), all in bytes. */
export const FREE_COLUMNS = [
  'total', 'used', 'free', 'shared', 'buff_cache', 'available', 'swap_total', 'swap_used', 'swap_free',
] as const;
export type FreeColumnName = (typeof FREE_COLUMNS)[number];

/** /proc/PID/status memory fields (fs/proc/task_mmu.c task_mem), in kB there, bytes in scenarios. */
export const PROC_STATUS_SIZE_FIELDS = [
  'VmPeak', 'VmSize', 'VmHWM', 'VmRSS', 'RssAnon', 'RssFile', 'RssShmem', 'VmData', 'VmStk', 'VmExe',
  'VmLib', 'VmPTE', 'VmSwap',
] as const;
/** The other per-process values a scenario may read. */
export const PROC_OTHER_FIELDS = ['oom_score', 'oom_score_adj', 'oom_adj', 'alive', 'pid'] as const;

/** The names the kernel actually provides, so that a typo in a field address is refused before anything runs. */
export interface FieldCatalog {
  meminfo: readonly string[];
  vmstat: readonly string[];
  sysctl: readonly string[];
}
