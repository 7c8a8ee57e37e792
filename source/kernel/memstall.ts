// When each task's memory stall ends: the per-task psi_memstall_enter/leave state of kernel/sched/psi.c (the
// kernel keeps it in task_struct's psi flags; here, ends by pid for psi-account.ts's per-quantum sum).
// A Float64Array by pid plus the list of stalled pids instead of a Map<pid, end>: a Map of doubles boxes every
// value it stores (a heap number per addMemstall, ~1-3% of the 16 GiB pressure profile with its GC).

/** Stall ends in ms of simulated time by pid; 0 = not stalled (a stall always ends after time 0). */
export class MemstallEnds {
  private ends = new Float64Array(1024);
  /** The pids with a nonzero end, in no particular order (PSI's sums over them are order-free). */
  private pids: number[] = [];

  get size(): number {
    return this.pids.length;
  }

  /** The end of pid's stall, or 0 when it has none. */
  endOf(pid: number): number {
    return pid < this.ends.length ? this.ends[pid] : 0;
  }

  /** Set pid's stall end (end > 0). */
  set(pid: number, end: number): void {
    if (pid >= this.ends.length) this.grow(pid);
    if (this.ends[pid] === 0) this.pids.push(pid);
    this.ends[pid] = end;
  }

  /** Call fn(end) for every stalled pid, then forget the stalls that end at or before nowMs. */
  sweep(nowMs: number, fn: (end: number) => void): void {
    const pids = this.pids, ends = this.ends;
    let kept = 0;
    for (let i = 0; i < pids.length; i++) {
      const pid = pids[i], end = ends[pid];
      fn(end);
      if (end <= nowMs) ends[pid] = 0;
      else pids[kept++] = pid;
    }
    pids.length = kept;
  }

  private grow(pid: number): void {
    let n = this.ends.length;
    while (n <= pid) n *= 2;
    const a = new Float64Array(n);
    a.set(this.ends);
    this.ends = a;
  }
}
