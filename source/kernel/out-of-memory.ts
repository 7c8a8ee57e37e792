// The OOM killer acting on the kernel: the role of mm/oom_kill.c `out_of_memory`, `oom_kill_process`,
// `__oom_kill_process`, `dump_header` (with a reduced `__show_mem`) and the `oom_reaper` thread. The decision
// rules are pure functions in oom-kill.ts; the log lines are built in oom-report.ts.
// Simplified: a victim that is not the allocating task exits at once (exit_mmap frees its anonymous memory and
// swap, MMF_OOM_SKIP), so the reaper only has work when the victim is stuck; the header dump is rate limited
// like the kernel's (10 per 5 s), the kill itself never is.
import { oomCandidateOf } from './oom-score.js';
import { Kind, Lru } from './page-frames.js';
import { killTask } from './task.js';
import { zapRange } from './pgtable.js';
import { printkLine, type KState, type Task } from './state.js';
import { decideOom, OOM_REAPER_DELAY_MS, type OomCandidate } from './oom-kill.js';
import {
  NO_KILLABLE_LINE, constraintLine, invokedOomKillerLine, oomKillReport, panicLines,
  reapedLine, showMemLines, stackDumpLines, TASKS_STATE_HEADER, taskStateText, KERN_INFO, type LogLine, type ShowMemInput,
} from './oom-report.js';
import { addMemstall, type PressureState } from './pressure-state.js';
import { reclaimableSlabPages } from './slab.js';
import { KERNEL_RELEASE } from './boot.js';


/** What the OOM killer sees of a task. */
export function candidateOf(ps: PressureState, t: Task): OomCandidate {
  return oomCandidateOf(t, ps.oomSkip.has(t.pid));
}

function showMemInput(ps: PressureState): ShowMemInput {
  const k = ps.k, f = k.frames;
  return {
    activeAnon: f.lruSize[Lru.ACTIVE_ANON], inactiveAnon: f.lruSize[Lru.INACTIVE_ANON],
    activeFile: f.lruSize[Lru.ACTIVE_FILE], inactiveFile: f.lruSize[Lru.INACTIVE_FILE],
    unevictable: f.lruSize[Lru.UNEVICTABLE], dirty: f.nrDirty, writeback: f.nrWriteback,
    slabReclaimable: reclaimableSlabPages(k), slabUnreclaimable: f.nrKind[Kind.SLAB_UNRECLAIMABLE],
    mapped: f.nrFileMapped, shmem: f.nrKind[Kind.SHMEM], pagetables: f.nrKind[Kind.PAGETABLE], free: f.nrFree,
    minPages: k.wmark.min, lowPages: k.wmark.low, highPages: k.wmark.high, managedPages: f.total,
    presentPages: Math.floor(k.config.ramBytes / 4096), swapCached: ps.swap.swapCachedPages,
    freeSwapKb: ps.swap.freeSlots * 4, totalSwapKb: ps.swap.totalSlots * 4,
    totalPagecache: f.nrKind[Kind.FILE] + f.nrKind[Kind.SHMEM] + f.nrKind[Kind.BUFFERS] + ps.swap.swapCachedPages,
    reservedPages: Math.floor(k.config.ramBytes / 4096) - f.total,
  };
}

function log(k: KState, lines: readonly LogLine[]): void {
  for (const l of lines) printkLine(k, l.level, l.text);
}

/** dump_header(): what precedes a kill or a panic. The task dump's rows (one per process) are formatted only if
 *  someone reads them (printk.ts logLazy): their numbers are the candidates, fresh objects of this OOM call. */
function logHeader(ps: PressureState, current: Task | null, cands: readonly OomCandidate[]): void {
  const k = ps.k;
  const comm = current?.comm ?? 'kswapd0', pid = current?.pid ?? 0;
  log(k, [invokedOomKillerLine(comm, current?.oomScoreAdj ?? 0)]);
  log(k, stackDumpLines(pid, comm, KERNEL_RELEASE));
  log(k, showMemLines(showMemInput(ps)));
  if (k.sysctl.value('vm.oom_dump_tasks') !== 0) {
    log(k, TASKS_STATE_HEADER);
    for (const c of cands) if (c.hasMm && c.pid !== 1 && !c.kernelThread) k.log.logLazy(k.nowMs, KERN_INFO, taskStateText, c);
  }
}

function panic(ps: PressureState, message: string): void {
  log(ps.k, panicLines(message));
  ps.k.panicked = true;
}

/**
 * out_of_memory() for the allocation of `current` (null: kernel context). Returns true when memory is on its
 * way back (a victim was killed or is being reaped), false when nothing could be done (panic or no victim).
 */
export function outOfMemory(ps: PressureState, current: Task | null): boolean {
  const k = ps.k;
  const totalpages = k.frames.total + ps.swap.totalSlots;
  const cands = [...k.tasks.values()].map((t) => candidateOf(ps, t));
  const cur = current ? candidateOf(ps, current) : undefined;
  const decision = decideOom(cands, cur, current?.exiting ?? false, totalpages, {
    panicOnOom: k.sysctl.value('vm.panic_on_oom'),
    oomKillAllocatingTask: k.sysctl.value('vm.oom_kill_allocating_task'),
  });
  switch (decision.kind) {
    case 'current-exiting':
      return true;
    case 'panic':
      logHeader(ps, current, cands);
      panic(ps, decision.message);
      return false;
    case 'deadlock':
      logHeader(ps, current, cands);
      log(k, [NO_KILLABLE_LINE]);
      panic(ps, 'System is deadlocked on memory');
      return false;
    case 'wait': {
      // An earlier victim still holds memory: in the kernel the allocator sleeps while the reaper works. Here the
      // allocating task waits for it now (the wait is its stall).
      const victim = k.tasks.get(decision.waitingFor.pid);
      const info = ps.oomVictims.get(decision.waitingFor.pid);
      const waitMs = info ? Math.max(0, info.killedAtMs + OOM_REAPER_DELAY_MS - k.nowMs) : 0;
      if (victim) reapVictim(ps, victim);
      k.stallMs += waitMs;
      addMemstall(ps, current?.pid, waitMs);
      return true;
    }
    case 'kill':
      killVictim(ps, current, decision.victim, decision.prefix, cands);
      return true;
  }
}

/** oom_kill_process(): report (rate limited header), SIGKILL, count, queue for the reaper. */
function killVictim(ps: PressureState, current: Task | null, victim: OomCandidate, prefix: string, cands: readonly OomCandidate[]): void {
  const k = ps.k;
  const rl = ps.oomReportLimit.check(k.nowMs);
  if (rl.suppressedLine) printkLine(k, 4, rl.suppressedLine);
  const report = oomKillReport({
    current: { pid: current?.pid ?? 0, comm: current?.comm ?? 'kswapd0', oomScoreAdj: current?.oomScoreAdj ?? 0 },
    victim, prefix, dumpable: [], dumpTasks: false, showMem: showMemInput(ps), kernelRelease: KERNEL_RELEASE,
    withHeader: false,
  });
  if (rl.print) {
    logHeader(ps, current, cands);
    log(k, [constraintLine(victim)]);
  }
  log(k, report);
  k.ev.oom_kill++;
  const t = k.tasks.get(victim.pid);
  if (!t) return;
  ps.oomVictims.set(t.pid, { pid: t.pid, comm: t.comm, killedAtMs: k.nowMs });
  killTask(k, t, 'SIGKILL', { oom: true });
}

/**
 * oom_reap_task_mm(): unmap every private mapping of a victim that still has its mm (anonymous memory and swap
 * freed; page cache, shmem and tmpfs stay), log, and set MMF_OOM_SKIP.
 */
export function reapVictim(ps: PressureState, t: Task): void {
  const k = ps.k;
  ps.oomVictims.delete(t.pid);
  const mm = t.mm;
  if (!mm) return;
  for (const v of mm.vmas) if (!v.shared && !v.special) zapRange(k, mm, v.start, v.end);
  ps.oomSkip.add(t.pid);
  log(k, [reapedLine(t.pid, t.comm, mm.rssAnon * 4, mm.rssFile * 4, mm.rssShmem * 4)]);
}

/** The oom_reaper thread: victims still holding their mm OOM_REAPER_DELAY after the kill are reaped. */
export function oomReaperTick(ps: PressureState): void {
  if (ps.oomVictims.size === 0) return;
  const k = ps.k;
  for (const [pid, v] of [...ps.oomVictims]) {
    const t = k.tasks.get(pid);
    if (!t || !t.mm || t.state === 'X' || t.state === 'Z') { ps.oomVictims.delete(pid); continue; }
    if (k.nowMs >= v.killedAtMs + OOM_REAPER_DELAY_MS) reapVictim(ps, t);
  }
}

