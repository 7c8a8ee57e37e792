// A task's OOM badness and /proc/PID/oom_score as /proc shows them: the role of fs/proc/base.c proc_oom_score()
// over mm/oom_kill.c oom_badness(). The formulas live once, in oom-kill.ts (badness, the killer's choice) and
// proc-oom.ts (the 2/3 scaling and the oom_adj <-> oom_score_adj conversions); this file only adapts a Task,
// so /proc and the OOM killer can never disagree.
import { oomBadness as badnessOf, OOM_BADNESS_NEVER, type OomCandidate } from './oom-kill.js';
import { oomScore as scaledScore } from './proc-oom.js';
import type { KState, Task } from './state.js';

export { OOM_ADJUST_MAX, OOM_ADJUST_MIN, OOM_DISABLE, OOM_SCORE_ADJ_MAX, OOM_SCORE_ADJ_MIN, oomAdjFromScoreAdj,
  scoreAdjFromOomAdj } from './proc-oom.js';

/** LONG_MIN of oom_badness: "never kill". */
export const OOM_NEVER = OOM_BADNESS_NEVER;

/** totalram + totalswap, the global totalpages of oom_score and of a CONSTRAINT_NONE OOM. */
export function oomTotalPages(k: KState): number {
  return k.frames.total + k.swap.totalPages;
}

/** The killer's view of a task (its mm counters in pages). */
export function oomCandidateOf(t: Task, oomSkip = false): OomCandidate {
  const mm = t.mm;
  return {
    pid: t.pid, uid: t.uid, comm: t.comm, kernelThread: t.kernelThread,
    hasMm: mm !== null && t.state !== 'X' && t.state !== 'Z',
    oomScoreAdj: t.oomScoreAdj,
    rssAnonPages: mm?.rssAnon ?? 0, rssFilePages: mm?.rssFile ?? 0, rssShmemPages: mm?.rssShmem ?? 0,
    swapEntsPages: mm?.swapents ?? 0, pgtablesBytes: (mm?.ptPages ?? 0) * 4096, totalVmPages: mm?.totalVm ?? 0,
    oomVictim: t.oomKilled && mm !== null,
    oomSkip,
  };
}

/** oom_badness (§4.2) of a task. */
export function oomBadness(t: Task, totalPages: number): number {
  return badnessOf(oomCandidateOf(t), totalPages);
}

/** /proc/PID/oom_score (§4.3). */
export function oomScore(k: KState, t: Task): number {
  const total = oomTotalPages(k);
  return scaledScore(oomBadness(t, total), total);
}
