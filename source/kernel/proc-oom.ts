// Models the OOM files of linux fs/proc/base.c: /proc/PID/oom_score (`proc_oom_score`), /proc/PID/oom_adj
// (`oom_adj_read`, `oom_adj_write`) and /proc/PID/oom_score_adj (`oom_score_adj_write`, `__set_oom_adj`).
// Simplified: capabilities are reduced to "is the writer root (uid 0)", which stands for CAP_SYS_RESOURCE.
import type { Errno, Result } from './types.js';
import { cdiv } from './ratelimit.js';
import { OOM_BADNESS_NEVER } from './oom-kill.js';

export const OOM_SCORE_ADJ_MIN = -1000;
export const OOM_SCORE_ADJ_MAX = 1000;
export const OOM_DISABLE = -17;
export const OOM_ADJUST_MIN = -16;
export const OOM_ADJUST_MAX = 15;

/**
 * /proc/PID/oom_score since 5.9: badness scaled into 0..2000 with the 2/3 factor, so an adj-0 process using
 * almost nothing shows 666. `totalpages` is always the global totalram + totalswap.
 */
export function oomScore(badness: number, totalpages: number): number {
  if (badness === OOM_BADNESS_NEVER) return 0;
  return cdiv((1000 + cdiv(badness * 1000, totalpages)) * 2, 3);
}

/** oom_adj_read(): legacy value derived from oom_score_adj; capped at 15 since the 5.x fix for 942..999. */
export function oomAdjFromScoreAdj(oomScoreAdj: number): number {
  if (oomScoreAdj === OOM_SCORE_ADJ_MAX) return OOM_ADJUST_MAX;
  const adj = cdiv(oomScoreAdj * -OOM_DISABLE, OOM_SCORE_ADJ_MAX);
  return Math.min(adj, OOM_ADJUST_MAX);
}

/** oom_adj_write() conversion: 15 -> 1000, else adj * 1000 / 17 (so -17 -> -1000). */
export function scoreAdjFromOomAdj(oomAdj: number): number {
  if (oomAdj === OOM_ADJUST_MAX) return OOM_SCORE_ADJ_MAX;
  return cdiv(oomAdj * OOM_SCORE_ADJ_MAX, -OOM_DISABLE);
}

/** kstrtoint as /proc uses it: optional sign, decimal digits, one optional trailing newline. */
export function parseProcInt(text: string): number | undefined {
  const m = /^\s*([+-]?\d+)\n?$/.exec(text);
  if (!m) return undefined;
  const v = Number(m[1]);
  return Number.isSafeInteger(v) && v >= -2147483648 && v <= 2147483647 ? v : undefined;
}

export interface OomAdjTarget {
  oomScoreAdj: number;
  /** Lowest value an unprivileged writer may set (signal->oom_score_adj_min). */
  oomScoreAdjMin: number;
}

export interface OomAdjWriteOk {
  oomScoreAdj: number;
  oomScoreAdjMin: number;
}

function fail(errno: Errno): { ok: false; errno: Errno } {
  return { ok: false, errno };
}

/**
 * __set_oom_adj(): the new oom_score_adj for a write of `oomScoreAdj` (already converted for legacy writes).
 * Lowering below oom_score_adj_min needs CAP_SYS_RESOURCE (EACCES); a privileged write also moves the minimum.
 * For the legacy file the check is against the current value instead (`oom_adj < task->signal->oom_score_adj`).
 */
export function setOomAdj(
  target: OomAdjTarget,
  oomScoreAdj: number,
  legacy: boolean,
  privileged: boolean,
): Result<OomAdjWriteOk> {
  if (legacy) {
    if (oomScoreAdj < target.oomScoreAdj && !privileged) return fail('EACCES');
    return { ok: true, value: { oomScoreAdj, oomScoreAdjMin: target.oomScoreAdjMin } };
  }
  if (oomScoreAdj < target.oomScoreAdjMin && !privileged) return fail('EACCES');
  return { ok: true, value: { oomScoreAdj, oomScoreAdjMin: privileged ? oomScoreAdj : target.oomScoreAdjMin } };
}

/** oom_score_adj_write(): parse, range-check (EINVAL), then __set_oom_adj. */
export function writeOomScoreAdj(target: OomAdjTarget, text: string, privileged: boolean): Result<OomAdjWriteOk> {
  const v = parseProcInt(text);
  if (v === undefined || v < OOM_SCORE_ADJ_MIN || v > OOM_SCORE_ADJ_MAX) return fail('EINVAL');
  return setOomAdj(target, v, false, privileged);
}

/** oom_adj_write(): accepts -16..15 and -17 (OOM_DISABLE); converts, then __set_oom_adj(legacy). */
export function writeOomAdj(target: OomAdjTarget, text: string, privileged: boolean): Result<OomAdjWriteOk> {
  const v = parseProcInt(text);
  if (v === undefined || ((v < OOM_ADJUST_MIN || v > OOM_ADJUST_MAX) && v !== OOM_DISABLE)) return fail('EINVAL');
  return setOomAdj(target, scoreAdjFromOomAdj(v), true, privileged);
}

/** The once-per-boot warning of the first legacy write (pr_warn_once in __set_oom_adj). */
export function oomAdjDeprecatedLine(comm: string, pid: number, targetPid: number): string {
  return `${comm} (${pid}): /proc/${targetPid}/oom_adj is deprecated, please use /proc/${targetPid}/oom_score_adj instead.`;
}
