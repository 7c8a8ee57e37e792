// Judging a condition against the live kernel: reads the value an address names (meminfo, vmstat, sysctl, free's
// columns as procps computes them, a process's /proc/PID/status fields, the kernel log, the step's commands) and
// applies the matcher. kB values from /proc are compared in bytes, like the sizes scenario authors write.
import type { Kernel } from '../kernel/types.js';
import type { CommandResult } from '../shell/types.js';
import { computeFree, parseMeminfo } from '../procps/free.js';
import type { Address, CompareOp, Condition, FreeColumnName, Matcher } from './schema.js';

/** What a condition looks at besides the kernel: the commands of the step being checked. */
export interface StepObservations {
  output: string;
  lastResult?: CommandResult;
}

export interface Verdict {
  ok: boolean;
  /** The value found, as the timeline prints it ("512.0MiB", "false", "no process named chrome"). */
  actual: string;
}

type Observed =
  | { kind: 'number'; value: number; bytes: boolean }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'text'; value: string }
  | { kind: 'status'; status: number; errno?: string }
  | { kind: 'missing'; why: string };

export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(2)}GiB`;
  if (abs >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)}MiB`;
  if (abs >= 2 ** 10) return `${(bytes / 2 ** 10).toFixed(1)}KiB`;
  return `${bytes}B`;
}

const FREE_FIELD: Record<FreeColumnName, keyof ReturnType<typeof computeFree>> = {
  total: 'total', used: 'used', free: 'free', shared: 'shared', buff_cache: 'buffCache', available: 'available',
  swap_total: 'swapTotal', swap_used: 'swapUsed', swap_free: 'swapFree',
};

const STATUS_FIELD: Record<string, string> = {
  VmPeak: 'vmPeakKb', VmSize: 'vmSizeKb', VmHWM: 'vmHwmKb', VmRSS: 'vmRssKb', RssAnon: 'rssAnonKb',
  RssFile: 'rssFileKb', RssShmem: 'rssShmemKb', VmData: 'vmDataKb', VmStk: 'vmStkKb', VmExe: 'vmExeKb',
  VmLib: 'vmLibKb', VmPTE: 'vmPteKb', VmSwap: 'vmSwapKb',
};

function observeProc(kernel: Kernel, comm: string, field: string): Observed {
  const proc = kernel.processByComm(comm);
  const alive = proc !== undefined && proc.state !== 'X' && proc.state !== 'Z';
  if (field === 'alive') return { kind: 'boolean', value: alive };
  if (!proc) return { kind: 'missing', why: `no process named ${comm}` };
  if (field === 'pid') return { kind: 'number', value: proc.pid, bytes: false };
  if (field === 'oom_score') return { kind: 'number', value: proc.oomScore, bytes: false };
  if (field === 'oom_score_adj') return { kind: 'number', value: proc.oomScoreAdj, bytes: false };
  if (field === 'oom_adj') {
    // Read it as /proc shows it (fs/proc/base.c scales oom_score_adj to -17..15).
    const text = kernel.readProc(`/proc/${proc.pid}/oom_adj`);
    if (text.ok) return { kind: 'number', value: Number(text.value.trim()), bytes: false };
    return { kind: 'missing', why: `/proc/${proc.pid}/oom_adj: ${text.errno}` };
  }
  const kb = (proc as unknown as Record<string, number>)[STATUS_FIELD[field]!];
  return { kind: 'number', value: (kb ?? 0) * 1024, bytes: true };
}

function observe(address: Address, kernel: Kernel, step: StepObservations): Observed {
  switch (address.kind) {
    case 'meminfo': {
      const value = kernel.snapshot().meminfo[address.field];
      if (value === undefined) return { kind: 'missing', why: `no ${address.field} in /proc/meminfo` };
      return address.unit === 'bytes'
        ? { kind: 'number', value: value * 1024, bytes: true }
        : { kind: 'number', value, bytes: false };
    }
    case 'vmstat': {
      const value = kernel.snapshot().vmstat[address.counter];
      if (value === undefined) return { kind: 'missing', why: `no ${address.counter} in /proc/vmstat` };
      return { kind: 'number', value, bytes: false };
    }
    case 'sysctl': {
      const value = kernel.sysctlGet(address.name);
      return value.ok ? { kind: 'number', value: value.value, bytes: false } : { kind: 'missing', why: value.errno };
    }
    case 'free': {
      const text = kernel.readProc('/proc/meminfo');
      if (!text.ok) return { kind: 'missing', why: `/proc/meminfo: ${text.errno}` };
      const columns = computeFree(parseMeminfo(text.value));
      return { kind: 'number', value: columns[FREE_FIELD[address.column]] * 1024, bytes: true };
    }
    case 'proc':
      return observeProc(kernel, address.comm, address.field);
    case 'dmesg':
      return { kind: 'text', value: kernel.dmesg(0).map((line) => line.text).join('\n') };
    case 'output':
      return { kind: 'text', value: step.output };
    case 'status':
      if (!step.lastResult) return { kind: 'missing', why: 'the step ran no command' };
      return { kind: 'status', status: step.lastResult.status, errno: step.lastResult.errno };
  }
}

function compare(op: CompareOp, actual: number, expected: number): boolean {
  switch (op) {
    case '==': return actual === expected;
    case '!=': return actual !== expected;
    case '<': return actual < expected;
    case '<=': return actual <= expected;
    case '>': return actual > expected;
    case '>=': return actual >= expected;
  }
}

function shorten(text: string, max = 160): string {
  const oneLine = text.replace(/\n/g, '⏎');
  return oneLine.length > max ? `…${oneLine.slice(-max)}` : oneLine;
}

function judgeText(matcher: Matcher, text: string): Verdict {
  if (matcher.kind === 'regex') {
    const found = matcher.regex.exec(text);
    if (found) return { ok: true, actual: shorten(lineAround(text, found.index)) };
  } else if (matcher.kind === 'substring') {
    const index = text.indexOf(matcher.text);
    if (index >= 0) return { ok: true, actual: shorten(lineAround(text, index)) };
  }
  return { ok: false, actual: text === '' ? '(nothing)' : `no match in: ${shorten(text)}` };
}

function lineAround(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index - 1) + 1;
  const end = text.indexOf('\n', index);
  return text.slice(start, end < 0 ? undefined : end);
}

/** Judge one condition now. */
export function evaluate(condition: Condition, kernel: Kernel, step: StepObservations): Verdict {
  const observed = observe(condition.address, kernel, step);
  const { matcher } = condition;
  switch (observed.kind) {
    case 'missing':
      return { ok: false, actual: observed.why };
    case 'text':
      return judgeText(matcher, observed.value);
    case 'boolean':
      return { ok: matcher.kind === 'bool' && matcher.value === observed.value, actual: String(observed.value) };
    case 'status': {
      const actual = observed.errno ? `${observed.status} (${observed.errno})` : String(observed.status);
      if (matcher.kind === 'errno') return { ok: observed.errno === matcher.name, actual };
      return { ok: judgeNumber(matcher, observed.status), actual };
    }
    case 'number': {
      const actual = observed.bytes ? `${formatBytes(observed.value)} (${observed.value})` : String(observed.value);
      return { ok: judgeNumber(matcher, observed.value), actual };
    }
  }
}

function judgeNumber(matcher: Matcher, value: number): boolean {
  if (matcher.kind === 'compare') return compare(matcher.op, value, matcher.value);
  if (matcher.kind === 'range') return value >= matcher.low && value <= matcher.high;
  return false;
}
