// Processes: the role of kernel/fork.c (copy_process: pid, kernel stack), kernel/exit.c (do_exit: exit_mm,
// reparenting, release_task), kernel/signal.c (kill permission checks, default actions, SIGKILL to init and
// kernel threads ignored) and fs/exec.c's entry. Simplified: no threads, no fork() of a running image (spawn =
// fork + exec), no zombies waiting for wait(): a normally exited task vanishes at once, a task killed by a signal
// stays visible as 'X' for KILLED_VISIBLE_MS so the dashboard can show it.
import { Kind } from './page-frames.js';
import { allocKernelPage } from './page-alloc.js';
import { lookupFile } from './fs.js';
import { execImage, EXTRA_LIBS } from './exec.js';
import { exitMmap } from './mmap.js';
import type { KState, Task } from './state.js';
import type { Result, Signal, SpawnArgs } from './types.js';

/** THREAD_SIZE on x86_64: 16 KiB of kernel stack per task. */
export const KSTACK_PAGES = 4;
/** How long a killed task stays listed as 'X'. */
export const KILLED_VISIBLE_MS = 3000;
export const TASK_COMM_LEN = 16;

export const SIGNO: Record<Signal, number> = {
  SIGHUP: 1, SIGINT: 2, SIGABRT: 6, SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGTERM: 15, SIGCONT: 18,
  SIGSTOP: 19,
};

export function userName(uid: number): string {
  return uid === 0 ? 'root' : uid === 100 ? 'messagebus' : uid === 1000 ? 'user' : uid === 65534 ? 'nobody' : String(uid);
}

export interface NewTaskOpts {
  pid?: number;
  comm: string;
  ppid: number;
  uid: number;
  kernelThread: boolean;
  oomScoreAdj?: number;
}

export function createTask(k: KState, o: NewTaskOpts): Task | undefined {
  const kstack: number[] = [];
  for (let i = 0; i < KSTACK_PAGES; i++) {
    const fr = allocKernelPage(k, Kind.KERNEL_STACK, null);
    if (fr < 0) { for (const f of kstack) k.frames.free(f); return undefined; }
    kstack.push(fr);
  }
  const pid = o.pid ?? k.nextPid++;
  if (o.pid !== undefined && o.pid >= k.nextPid) k.nextPid = o.pid + 1;
  // Every field is declared here, none added later, so that all tasks share one V8 shape with the fields inside
  // the object (the scheduler's walk over 1,000 tasks per quantum stays monomorphic). The fields that walk and
  // a program step read come first: they share the object's first cache line.
  const t: Task = {
    state: o.kernelThread ? 'I' : 'S', program: undefined, stopped: false, exiting: false, chargedMs: 0,
    waitState: 'D', ctx: undefined, mm: null, pid,
    ppid: o.ppid, uid: o.uid, user: userName(o.uid), comm: o.comm.slice(0, TASK_COMM_LEN - 1),
    kernelThread: o.kernelThread, startTimeMs: k.nowMs,
    oomScoreAdj: o.oomScoreAdj ?? 0, oomScoreAdjMin: 0, oomKilled: false, minFlt: 0, majFlt: 0,
    kstack, warnedOomAdj: false, argv: [o.comm],
    onOutput: undefined, onExit: undefined, pendingExit: undefined,
    reapAtMs: undefined, exitCode: undefined, exitSignal: undefined,
  };
  k.tasks.set(pid, t);
  k.tasksVersion++;
  return t;
}

/** fork + exec of a user program. */
export function spawnTask(k: KState, args: SpawnArgs): Result<number> {
  if (typeof args.comm !== 'string' || args.comm.length === 0) return { ok: false, errno: 'EINVAL' };
  const path = args.path ?? `/usr/bin/${args.comm}`;
  const exe = lookupFile(k, path);
  if (!exe.ok) return { ok: false, errno: exe.errno === 'EISDIR' ? 'EACCES' : exe.errno };
  const parent = args.ppid !== undefined ? k.tasks.get(args.ppid) : undefined;
  if (args.ppid !== undefined && (!parent || parent.state === 'X')) return { ok: false, errno: 'ESRCH' };
  const adj = args.oomScoreAdj ?? parent?.oomScoreAdj ?? 0;
  if (!Number.isInteger(adj) || adj < -1000 || adj > 1000) return { ok: false, errno: 'EINVAL' };
  const uid = args.uid ?? parent?.uid ?? 0;
  if (!Number.isInteger(uid) || uid < 0) return { ok: false, errno: 'EINVAL' };
  const forkCharge = chargeForkCopy(k, parent);
  if (forkCharge < 0) return { ok: false, errno: 'ENOMEM' };
  const t = createTask(k, { comm: args.comm, ppid: args.ppid ?? 1, uid, kernelThread: false, oomScoreAdj: adj });
  if (!t) { k.hooks.vmUnacctMemory(k, forkCharge); return { ok: false, errno: 'EAGAIN' }; } // no kernel stack
  t.oomScoreAdjMin = parent?.oomScoreAdjMin ?? 0;
  t.program = args.program;
  t.onOutput = args.onOutput;
  t.onExit = args.onExit;
  t.argv = args.argv ?? [args.comm];
  t.state = args.program ? 'R' : 'S';
  const base = path.slice(path.lastIndexOf('/') + 1);
  const stall0 = k.stallMs;
  const prev = k.current;
  k.current = t;
  const loaded = execImage(k, t, exe.value, EXTRA_LIBS[base] ?? []);
  k.current = prev;
  k.hooks.vmUnacctMemory(k, forkCharge); // exec replaced the forked copy of the parent's address space
  t.chargedMs += k.stallMs - stall0; // reading the binary and its libraries from disk
  if (!loaded && !t.exiting) {
    // execve failed (ENOMEM from the commit charge): the child never existed for the caller.
    if (t.mm) { exitMmap(k, t.mm); t.mm = null; }
    for (const f of t.kstack) k.frames.free(f);
    k.tasks.delete(t.pid);
    k.tasksVersion++;
    return { ok: false, errno: 'ENOMEM' };
  }
  if (t.exiting) completePendingExit(k, t);
  return { ok: true, value: t.pid };
}

/**
 * fork(): dup_mmap charges a copy of every accounted VMA of the parent to Committed_AS, one VMA at a time and in
 * the parent's name (so a refusal logs "pid: <parent>, comm: <parent>"). Returns the pages charged, or -1 (ENOMEM,
 * nothing left charged). A parent without an address space (kernel, init's spawner) charges nothing.
 */
function chargeForkCopy(k: KState, parent: Task | undefined): number {
  if (!parent?.mm) return 0;
  let total = 0;
  for (const v of parent.mm.vmas) {
    if (v.charged <= 0) continue;
    if (!k.hooks.vmEnoughMemory(k, parent, v.charged, parent.uid === 0)) {
      k.hooks.vmUnacctMemory(k, total);
      return -1;
    }
    total += v.charged;
  }
  return total;
}

/**
 * do_exit: release the address space (anonymous memory, swap slots, page tables; page cache and shmem stay),
 * the kernel stack, reparent children to init. Killed tasks stay visible as 'X' until reapAtMs.
 */
export function finishExit(k: KState, t: Task, code: number, signal?: Signal): void {
  if (t.state === 'X' || t.state === 'Z') return;
  t.exiting = true;
  if (t.mm) { exitMmap(k, t.mm); t.mm = null; }
  for (const f of t.kstack) k.frames.free(f);
  t.kstack = [];
  t.exitCode = code;
  t.exitSignal = signal;
  t.program = undefined;
  t.chargedMs = 0;
  for (const c of k.tasks.values()) if (c.ppid === t.pid && c !== t) c.ppid = 1;
  if (signal !== undefined) {
    t.state = 'X';
    t.reapAtMs = k.nowMs + KILLED_VISIBLE_MS;
  } else {
    t.state = 'Z';
    t.reapAtMs = k.nowMs;
  }
  k.nextReapMs = Math.min(k.nextReapMs ?? Infinity, t.reapAtMs);
  t.onExit?.({ code, signal });
}

/** Remove tasks whose reap time has come (release_task). */
export function reapTasks(k: KState): void {
  // Runs every quantum: look at the tasks only when the earliest pending reap time has come.
  if (k.nextReapMs !== undefined && k.nowMs < k.nextReapMs) return;
  let next = Infinity;
  for (const t of k.tasks.values()) {
    if ((t.state === 'X' || t.state === 'Z') && t.reapAtMs !== undefined) {
      if (t.reapAtMs <= k.nowMs) {
        k.tasks.delete(t.pid); // deleting the entry being visited is safe in a Map iteration
        k.tasksVersion++;
      } else next = Math.min(next, t.reapAtMs);
    }
  }
  k.nextReapMs = next;
}

export function liveTask(k: KState, pid: number): Task | undefined {
  const t = k.tasks.get(pid);
  return t && t.state !== 'X' && t.state !== 'Z' ? t : undefined;
}

/** kill(2). SIGKILL/SIGSTOP cannot be caught; init and kernel threads ignore signals they have no handler for. */
export function sendSignal(k: KState, pid: number, sig: Signal, senderPid?: number): Result<void> {
  if (!(sig in SIGNO)) return { ok: false, errno: 'EINVAL' };
  if (!Number.isInteger(pid) || pid <= 0) return { ok: false, errno: pid === 0 || pid === -1 ? 'EPERM' : 'ESRCH' };
  const t = liveTask(k, pid);
  if (!t) return { ok: false, errno: 'ESRCH' };
  const sender = senderPid !== undefined ? k.tasks.get(senderPid) : undefined;
  if (sender && sender.uid !== 0 && sender.uid !== t.uid) return { ok: false, errno: 'EPERM' };
  if (t.kernelThread || t.pid === 1) return { ok: true, value: undefined };
  deliverSignal(k, t, sig);
  return { ok: true, value: undefined };
}

export function deliverSignal(k: KState, t: Task, sig: Signal): void {
  switch (sig) {
    case 'SIGKILL': killTask(k, t, 'SIGKILL'); return;
    case 'SIGSTOP': t.stopped = true; t.state = 'T'; return;
    case 'SIGCONT': if (t.stopped) { t.stopped = false; t.state = t.program ? 'R' : 'S'; } return;
  }
  if (t.program?.onSignal) {
    const ctx = programContext(k, t);
    t.program.onSignal(ctx, sig);
    return;
  }
  killTask(k, t, sig);
}

/**
 * Kill a task now (SIGKILL or a fatal default action). If it is inside a syscall of ours (k.current), the exit
 * completes when the syscall returns; otherwise at once. PRESSURE's OOM killer calls this with oom = true.
 */
export function killTask(k: KState, t: Task, sig: Signal, opts: { oom?: boolean } = {}): void {
  if (t.state === 'X' || t.state === 'Z') return;
  if (opts.oom) t.oomKilled = true;
  t.exiting = true;
  if (!t.pendingExit?.signal) t.pendingExit = { code: 128 + (SIGNO[sig] ?? 9), signal: sig };
  if (k.current === t) return;
  completePendingExit(k, t);
}

/** Finish an exit decided while the task was inside its own syscall or step (return to user space). Tasks
 *  marked exiting without a recorded reason (the allocator gave up on them) die of SIGKILL. */
export function completePendingExit(k: KState, t: Task): void {
  if (!t.exiting || t.state === 'X' || t.state === 'Z') return;
  const p = t.pendingExit ?? { code: 128 + 9, signal: 'SIGKILL' as Signal };
  finishExit(k, t, p.code, p.signal);
}

/** exit(2) / ctx.exit(code). */
export function exitTask(k: KState, t: Task, code: number): void {
  if (t.state === 'X' || t.state === 'Z') return;
  t.exiting = true;
  if (!t.pendingExit) t.pendingExit = { code };
  if (k.current === t) return;
  completePendingExit(k, t);
}

/** Built by kernel.ts and handed to programs; declared here to keep signal delivery next to its user. */
export function programContext(k: KState, t: Task) {
  return k.makeContext(t);
}
