// Feeding PSI: the role of kernel/sched/psi.c's psi_memstall_enter/leave and psi_group_change for the memory
// resource — which tasks are stalled on memory in each scheduler quantum, and whether every non-idle task is.
// Stall sources: direct reclaim and its writeback waits, swap-in reads, waiting for an OOM victim (charged by
// vmscan.ts, swap-state.ts, out-of-memory.ts through addMemstall), and kswapd's own reclaim time.
// Simplified: one CPU; the stalls of different tasks in a quantum are assumed to overlap (some = the longest);
// the number of non-idle tasks (for "full") is re-counted every CENSUS_MS instead of at every state change.
import type { PressureState } from './pressure-state.js';
import type { Task } from './state.js';

const CENSUS_MS = 100;

/** A task that wants the CPU or waits in the kernel (TSK_RUNNING / TSK_IOWAIT / TSK_MEMSTALL): not idle. */
function nonIdle(t: Task): boolean {
  if (!t.program || t.stopped || t.kernelThread || t.state === 'X' || t.state === 'Z') return false;
  return t.chargedMs <= 0 || t.waitState === 'D';
}

/** Account the quantum that just ended, [now - quantum, now), and run the averaging worker. */
export function psiTick(ps: PressureState, quantumMs: number): void {
  const k = ps.k;
  const start = k.nowMs - quantumMs;
  let longest = 0, shortest = Infinity, stalledTasks = 0;
  if (ps.memstall.size > 0) {
    ps.memstall.sweep(k.nowMs, (end) => {
      const used = Math.min(end, k.nowMs) - start;
      if (used <= 0) return;
      longest = Math.max(longest, used);
      shortest = Math.min(shortest, used);
      stalledTasks++;
    });
  }
  const some = Math.min(quantumMs, Math.max(longest, ps.kswapd.busyMs));
  let full = 0;
  if (stalledTasks > 0) {
    if (k.nowMs - ps.nonIdleCensusMs >= CENSUS_MS) {
      let busy = 0;
      for (const t of k.tasks.values()) if (nonIdle(t)) busy++;
      ps.nonIdleTasks = busy;
      ps.nonIdleCensusMs = k.nowMs;
    }
    if (stalledTasks >= ps.nonIdleTasks) full = Math.min(shortest, quantumMs);
  }
  ps.psi.record(some, full);
  ps.psi.update(k.nowMs);
}
