// The /proc file dispatcher: the role of fs/proc/root.c + fs/proc/base.c (per-PID entries and their write
// handlers: oom_score_adj_write, oom_adj_write) + fs/proc/proc_sysctl.c (/proc/sys/vm/*). Paths may be given
// with or without the leading "/proc/". Unknown paths: ENOENT.
import { printkLine, type KState, type Task } from '../state.js';
import { KERN_WARNING } from '../printk.js';
import { oomScore } from '../oom-score.js';
import { oomAdjDeprecatedLine, writeOomAdj as writeOomAdjRule, writeOomScoreAdj as writeOomScoreAdjRule } from '../proc-oom.js';
import { parseSysctlText, sysctlNameFromProcPath } from '../sysctl.js';
import type { Result } from '../types.js';
import { meminfoText } from './meminfo.js';
import { vmstatText } from './vmstat.js';
import { mapsText, oomAdjText, smapsRollupText, statmText, statText, statusText } from './pid.js';
import { zoneinfoText } from './zoneinfo.js';

export interface ProcDeps {
  sysctlGet(name: string): Result<number>;
  sysctlSet(name: string, value: number, writerPid?: number): Result<void>;
  psiText(): string;
  loadavgText(): string;
}

function strip(path: string): string {
  return path.startsWith('/proc/') ? path.slice(6) : path.startsWith('proc/') ? path.slice(5) : path;
}

function fmtUptime(ms: number): string {
  const s = (ms / 1000).toFixed(2);
  return `${s} ${((ms / 1000) * 1.9).toFixed(2)}\n`;
}

export function readProc(k: KState, deps: ProcDeps, path: string): Result<string> {
  const p = strip(path);
  const ok = (value: string): Result<string> => ({ ok: true, value });
  switch (p) {
    case 'meminfo': return ok(meminfoText(k));
    case 'vmstat': return ok(vmstatText(k));
    case 'pressure/memory': return ok(deps.psiText());
    case 'uptime': return ok(fmtUptime(k.nowMs));
    case 'swaps': return ok(swapsText(k));
    case 'zoneinfo': return ok(zoneinfoText(k));
    case 'loadavg': return ok(deps.loadavgText());
  }
  const sys = sysctlNameFromProcPath(p);
  if (sys !== undefined) {
    const r = deps.sysctlGet(sys);
    return r.ok ? ok(`${r.value}\n`) : r;
  }
  const m = /^(\d+|self)\/([a-z_]+)$/.exec(p);
  if (!m) return { ok: false, errno: 'ENOENT' };
  const t = k.tasks.get(m[1] === 'self' ? (k.current?.pid ?? -1) : Number(m[1]));
  if (!t || t.state === 'X' || t.state === 'Z') return { ok: false, errno: 'ENOENT' };
  switch (m[2]) {
    case 'status': return ok(statusText(k, t));
    case 'statm': return ok(statmText(t));
    case 'stat': return ok(statText(k, t));
    case 'maps': return ok(mapsText(t));
    case 'smaps_rollup': return ok(smapsRollupText(k, t));
    case 'oom_score': return ok(`${oomScore(k, t)}\n`);
    case 'oom_score_adj': return ok(`${t.oomScoreAdj}\n`);
    case 'oom_adj': return ok(oomAdjText(t));
    case 'comm': return ok(`${t.comm}\n`);
    case 'cmdline': return ok(t.kernelThread ? '' : t.argv.join('\0') + '\0');
  }
  return { ok: false, errno: 'ENOENT' };
}

function swapsText(k: KState): string {
  let s = 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n';
  if (k.swap.totalPages > 0) {
    const size = k.swap.totalPages * 4, used = (k.swap.totalPages - k.swap.freePages) * 4;
    s += `/swapfile                               file\t\t${size}\t\t${used}\t\t-2\n`;
  }
  return s;
}

export function writeProc(k: KState, deps: ProcDeps, path: string, value: string, writerPid: number): Result<void> {
  const p = strip(path);
  const writer = k.tasks.get(writerPid);
  const sys = sysctlNameFromProcPath(p);
  if (sys !== undefined) {
    const v = parseSysctlText(value);
    if (v === undefined) return { ok: false, errno: 'EINVAL' };
    return deps.sysctlSet(sys, v, writerPid);
  }
  const m = /^(\d+|self)\/(oom_score_adj|oom_adj)$/.exec(p);
  if (!m) {
    const exists = readProc(k, deps, path);
    return { ok: false, errno: exists.ok ? 'EACCES' : 'ENOENT' };
  }
  const t = k.tasks.get(m[1] === 'self' ? writerPid : Number(m[1]));
  if (!t || t.state === 'X' || t.state === 'Z') return { ok: false, errno: 'ENOENT' };
  const root = writer ? writer.uid === 0 : true;
  if (!root && writer!.uid !== t.uid) return { ok: false, errno: 'EACCES' };
  return applyOomWrite(k, t, value, m[2] === 'oom_adj', root, writer);
}

/** oom_score_adj_write / oom_adj_write (proc-oom.ts has the kernel's rules), applied to the task. */
function applyOomWrite(k: KState, t: Task, text: string, legacy: boolean, root: boolean, writer: Task | undefined): Result<void> {
  const r = legacy ? writeOomAdjRule(t, text, root) : writeOomScoreAdjRule(t, text, root);
  if (!r.ok) return r;
  if (legacy && !k.onceFlags.has('oom_adj')) {
    k.onceFlags.add('oom_adj');
    const who = writer ?? t;
    printkLine(k, KERN_WARNING, oomAdjDeprecatedLine(who.comm, who.pid, t.pid));
  }
  t.oomScoreAdj = r.value.oomScoreAdj;
  t.oomScoreAdjMin = r.value.oomScoreAdjMin;
  return { ok: true, value: undefined };
}

const PID_FILES = ['cmdline', 'comm', 'maps', 'oom_adj', 'oom_score', 'oom_score_adj', 'smaps_rollup', 'stat', 'statm', 'status'];
const TOP_FILES = ['loadavg', 'meminfo', 'swaps', 'uptime', 'vmstat', 'zoneinfo'];

/** Directory listing of /proc, /proc/PID, /proc/sys, /proc/sys/vm, /proc/pressure (names only), or undefined. */
export function procDirEntries(k: KState, path: string, sysctlNames: string[]): Array<{ name: string; dir: boolean }> | undefined {
  const p = path.replace(/\/+$/, '');
  if (p === '/proc') {
    const pids = [...k.tasks.values()].filter((t) => t.state !== 'X' && t.state !== 'Z').map((t) => t.pid).sort((a, b) => a - b);
    return [...pids.map((pid) => ({ name: String(pid), dir: true })), ...TOP_FILES.map((name) => ({ name, dir: false })),
      { name: 'pressure', dir: true }, { name: 'sys', dir: true }];
  }
  if (p === '/proc/sys') return [{ name: 'vm', dir: true }];
  if (p === '/proc/sys/vm') return sysctlNames.map((n) => ({ name: n.slice(3), dir: false }));
  if (p === '/proc/pressure') return [{ name: 'memory', dir: false }];
  const m = /^\/proc\/(\d+)$/.exec(p);
  if (m) {
    const t = k.tasks.get(Number(m[1]));
    if (!t || t.state === 'X' || t.state === 'Z') return undefined;
    return PID_FILES.map((name) => ({ name, dir: false }));
  }
  return undefined;
}
