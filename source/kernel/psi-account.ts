// Feeding PSI: the role of kernel/sched/psi.c's psi_memstall_enter/leave and psi_group_change for the memory
// resource — which tasks are stalled on memory in each scheduler quantum, and whether every non-idle task is.
// Stall sources: direct reclaim and its writeback waits, swap-in reads, waiting for an OOM victim (charged by
// vmscan.ts, swap-state.ts, out-of-memory.ts through addMemstall), and kswapd's own reclaim time.
// Simplified: one CPU; the stalls of different tasks in a quantum are assumed to overlap (some = the longest).
import type { PressureState } from './pressure-state.js';
import type { Task } from './state.js';

/** A task that wants the CPU or waits in the kernel (TSK_RUNNING / TSK_IOWAIT / TSK_MEMSTALL): not idle. */
function nonIdle(t: Task): boolean {
  if (!t.program || t.stopped || t.kernelThread || t.state === 'X' || t.state === 'Z') return false;
  return t.chargedMs <= 0 || t.waitState === 'D';
}

/** Account the quantum that just ended and run the averaging worker. */
export function psiTick(ps: PressureState, quantumMs: number): void {
  const k = ps.k;
  let longest = 0, shortest = Infinity, stalledTasks = 0;
  for (const [pid, ms] of ps.memstall) {
    const t = k.tasks.get(pid);
    if (!t || t.state === 'X' || t.state === 'Z') { ps.memstall.delete(pid); continue; }
    const used = Math.min(ms, quantumMs);
    longest = Math.max(longest, used);
    shortest = Math.min(shortest, used);
    stalledTasks++;
    if (ms - used <= 1e-9) ps.memstall.delete(pid); else ps.memstall.set(pid, ms - used);
  }
  const kswapdMs = ps.kswapd.busyMs;
  const some = Math.min(quantumMs, Math.max(longest, kswapdMs));
  let full = 0;
  if (stalledTasks > 0) {
    let busy = 0;
    for (const t of k.tasks.values()) if (nonIdle(t)) busy++;
    if (stalledTasks >= busy) full = shortest;
  }
  ps.psi.record(some, full);
  ps.psi.update(k.nowMs);
}
