// The OOM badness of a task and the /proc/PID/oom_score scaling: the role of mm/oom_kill.c oom_badness() and
// fs/proc/base.c proc_oom_score(), plus the oom_adj <-> oom_score_adj conversions of __set_oom_adj/oom_adj_read.
// PRESSURE's OOM killer uses oomBadness() from here so that /proc and the killer can never disagree.
import type { KState, Task } from './state.js';

/** LONG_MIN of oom_badness: "never kill". */
export const OOM_NEVER = Number.NEGATIVE_INFINITY;
export const OOM_SCORE_ADJ_MIN = -1000, OOM_SCORE_ADJ_MAX = 1000;
export const OOM_ADJUST_MIN = -16, OOM_ADJUST_MAX = 15, OOM_DISABLE = -17;

/** C integer division (truncates toward zero). */
export const cdiv = (a: number, b: number): number => Math.trunc(a / b);

/** totalram + totalswap, the global totalpages of oom_score and of a CONSTRAINT_NONE OOM. */
export function oomTotalPages(k: KState): number {
  return k.frames.total + k.swap.totalPages;
}

/** oom_badness (§4.2): rss + swap entries + page-table pages, plus adj x totalpages/1000. */
export function oomBadness(t: Task, totalPages: number): number {
  if (t.pid === 1 || t.kernelThread || !t.mm || t.oomScoreAdj === OOM_SCORE_ADJ_MIN) return OOM_NEVER;
  if (t.state === 'X' || t.state === 'Z') return OOM_NEVER;
  const mm = t.mm;
  const points = mm.rssAnon + mm.rssFile + mm.rssShmem + mm.swapents + mm.ptPages;
  return points + t.oomScoreAdj * cdiv(totalPages, 1000);
}

/** /proc/PID/oom_score (§4.3): (1000 + badness x 1000 / totalpages) x 2 / 3, 0 for "never". */
export function oomScore(k: KState, t: Task): number {
  const total = oomTotalPages(k);
  const b = oomBadness(t, total);
  if (b === OOM_NEVER) return 0;
  return cdiv((1000 + cdiv(b * 1000, total)) * 2, 3);
}

/** oom_adj_read: oom_score_adj -> legacy oom_adj. */
export function oomAdjFromScoreAdj(adj: number): number {
  if (adj === OOM_SCORE_ADJ_MAX) return OOM_ADJUST_MAX;
  return Math.min(OOM_ADJUST_MAX, cdiv(adj * -OOM_DISABLE, OOM_SCORE_ADJ_MAX));
}

/** oom_adj_write: legacy oom_adj -> oom_score_adj. */
export function scoreAdjFromOomAdj(oomAdj: number): number {
  if (oomAdj === OOM_ADJUST_MAX) return OOM_SCORE_ADJ_MAX;
  return cdiv(oomAdj * OOM_SCORE_ADJ_MAX, -OOM_DISABLE);
}
