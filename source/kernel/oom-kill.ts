// Models linux mm/oom_kill.c: `oom_badness` (since 5.9), victim selection (`select_bad_process`,
// `oom_evaluate_task`), `out_of_memory`'s order of decisions (exiting current task, panic_on_oom,
// oom_kill_allocating_task, scan) and the OOM reaper's timing.
// Simplified: one node, so the constraint is always CONSTRAINT_NONE and totalpages = totalram + totalswap;
// no memcg, cpuset, mempolicy, vfork or "oom origin" (swapoff) tasks; one process per mm.
// The report lines live in oom-report.ts.

/** LONG_MIN: "never kill this task". */
export const OOM_BADNESS_NEVER = Number.MIN_SAFE_INTEGER;

/** OOM_REAPER_DELAY (2 * HZ, since 5.18), MAX_OOM_REAP_RETRIES and the HZ/10 pause between tries. */
export const OOM_REAPER_DELAY_MS = 2000;
export const MAX_OOM_REAP_RETRIES = 10;
export const OOM_REAP_RETRY_MS = 100;

/** What the OOM killer needs to know about one process (a thread-group leader), in pages unless named. */
export interface OomCandidate {
  pid: number;
  uid: number;
  comm: string;
  kernelThread: boolean;
  /** False once exit_mmap ran (no mm left): such a task is never scored. */
  hasMm: boolean;
  oomScoreAdj: number;
  rssAnonPages: number;
  rssFilePages: number;
  rssShmemPages: number;
  swapEntsPages: number;
  pgtablesBytes: number;
  totalVmPages: number;
  /** tsk_is_oom_victim(): chosen by an earlier OOM kill. */
  oomVictim: boolean;
  /** MMF_OOM_SKIP: its mm was reaped (or exited); the killer may look past it. */
  oomSkip: boolean;
}

/** oom_unkillable_task(): global init and kernel threads. */
export function oomUnkillable(t: Pick<OomCandidate, 'pid' | 'kernelThread'>): boolean {
  return t.pid === 1 || t.kernelThread;
}

export function rssPages(t: OomCandidate): number {
  return t.rssAnonPages + t.rssFilePages + t.rssShmemPages;
}

/**
 * oom_badness(): rss + swap entries + page-table pages, plus oom_score_adj in units of totalpages/1000
 * (integer division first, as the kernel does). OOM_BADNESS_NEVER for init, kernel threads, tasks without an
 * mm, adj -1000 and already-reaped mms.
 */
export function oomBadness(t: OomCandidate, totalpages: number): number {
  if (oomUnkillable(t) || !t.hasMm) return OOM_BADNESS_NEVER;
  if (t.oomScoreAdj === -1000 || t.oomSkip) return OOM_BADNESS_NEVER;
  const points = rssPages(t) + t.swapEntsPages + Math.trunc(t.pgtablesBytes / 4096);
  return points + t.oomScoreAdj * Math.trunc(totalpages / 1000);
}

export type VictimChoice =
  | { kind: 'victim'; victim: OomCandidate; points: number }
  /** An earlier victim has not freed its memory yet: kill nothing, let the allocation retry. */
  | { kind: 'abort'; waitingFor: OomCandidate }
  | { kind: 'none' };

/**
 * select_bad_process() over processes in creation order: skip unkillable tasks, abort while an earlier
 * victim is not reaped, take a task when its points are >= the best so far (start LONG_MIN), so ties go
 * to the later task.
 */
export function selectBadProcess(tasks: Iterable<OomCandidate>, totalpages: number): VictimChoice {
  let chosen: OomCandidate | undefined;
  let chosenPoints = OOM_BADNESS_NEVER;
  for (const t of tasks) {
    if (oomUnkillable(t)) continue;
    if (t.oomVictim) {
      if (t.oomSkip) continue;
      return { kind: 'abort', waitingFor: t };
    }
    const points = oomBadness(t, totalpages);
    if (points === OOM_BADNESS_NEVER || points < chosenPoints) continue;
    chosen = t;
    chosenPoints = points;
  }
  return chosen ? { kind: 'victim', victim: chosen, points: chosenPoints } : { kind: 'none' };
}

export interface OomPolicy {
  /** vm.panic_on_oom: 0 kill, 1 panic on a global OOM, 2 always panic. */
  panicOnOom: number;
  /** vm.oom_kill_allocating_task. */
  oomKillAllocatingTask: number;
}

export type OomDecision =
  /** The allocating task is already dying (task_will_free_mem): it becomes the victim, nothing is printed. */
  | { kind: 'current-exiting' }
  | { kind: 'panic'; message: string }
  | { kind: 'kill'; victim: OomCandidate; prefix: 'Out of memory' | 'Out of memory (oom_kill_allocating_task)' }
  | { kind: 'wait'; waitingFor: OomCandidate }
  /** Nothing killable: "Out of memory and no killable processes..." then panic("System is deadlocked on memory"). */
  | { kind: 'deadlock' };

/**
 * out_of_memory() for a global (CONSTRAINT_NONE) OOM: the order of the kernel's checks. `current` is the
 * allocating task (undefined for a kernel-internal allocation); `currentDying` is task_will_free_mem(current).
 */
export function decideOom(
  tasks: readonly OomCandidate[],
  current: OomCandidate | undefined,
  currentDying: boolean,
  totalpages: number,
  policy: OomPolicy,
): OomDecision {
  if (current && currentDying) return { kind: 'current-exiting' };
  if (policy.panicOnOom === 1 || policy.panicOnOom === 2) {
    const how = policy.panicOnOom === 2 ? 'compulsory' : 'system-wide';
    return { kind: 'panic', message: `Out of memory: ${how} panic_on_oom is enabled` };
  }
  if (
    policy.oomKillAllocatingTask !== 0 &&
    current &&
    current.hasMm &&
    !oomUnkillable(current) &&
    current.oomScoreAdj !== -1000
  ) {
    return { kind: 'kill', victim: current, prefix: 'Out of memory (oom_kill_allocating_task)' };
  }
  const choice = selectBadProcess(tasks, totalpages);
  if (choice.kind === 'abort') return { kind: 'wait', waitingFor: choice.waitingFor };
  if (choice.kind === 'none') return { kind: 'deadlock' };
  return { kind: 'kill', victim: choice.victim, prefix: 'Out of memory' };
}
