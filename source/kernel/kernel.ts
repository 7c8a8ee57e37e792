// The kernel object behind the public contract: the syscall entry layer (arch/x86/entry + the SYSCALL_DEFINEs:
// argument checks, `current`, signal delivery on return to user space), the scheduler tick (kernel/sched/core.c
// reduced to 10 ms quanta stepping each runnable Program in pid order) and the snapshot the views draw from.
import type { FaultResult, FileInfo, Kernel, KernelLogLine, KernelSnapshot, MachineConfig, MmapArgs, ProcessInfo,
  ProgramContext, Result, Signal, SpawnArgs, VmaInfo } from './types.js';
import { bootSystem, DEFAULT_CONFIG, newKState, validateConfig } from './boot.js';
import { installPressure } from './pressure.js';
import { doBrk, doMmap, doMprotect, doMunmap, wantsPopulate } from './mmap.js';
import { touchRange } from './memory.js';
import { zapRange } from './pgtable.js';
import { fileInfo, lookup, lookupFile, lookupOrCreate, readdir } from './fs.js';
import { fileRead, maybeReleaseInode } from './filemap.js';
import { fileWrite } from './read-write.js';
import { TaskContext } from './task-context.js';
import { completePendingExit, exitTask, killTask, liveTask, reapTasks, sendSignal, spawnTask } from './task.js';
import { formatLogTime } from './printk.js';
import { meminfoRecord } from './proc/meminfo.js';
import { vmstatRecord } from './proc/vmstat.js';
import { processInfo, taskState, vmaInfos } from './proc/pid.js';
import { procDirEntries, readProc, writeProc, type ProcDeps } from './proc/index.js';
import { loadavgText, updateLoadAvg } from './proc/zoneinfo.js';
import { PROT_WRITE } from './types.js';
import type { KState, Task } from './state.js';

export const QUANTUM_MS = 10;

/** FileInfo of a /proc entry: size 0 like procfs, directories dr-xr-xr-x, files by their mode. */
function procInfo(path: string, dir: boolean): FileInfo {
  const writable = /\/(oom_score_adj|oom_adj)$/.test(path) || path.startsWith('/proc/sys/vm/');
  const mode = dir ? 'dr-xr-xr-x' : /\/(drop_caches|compact_memory|stat_refresh)$/.test(path) ? '--w-------' : writable ? '-rw-r--r--' : '-r--r--r--';
  return { path, sizeBytes: 0, kind: 'proc', cachedPages: 0, dirtyPages: 0, tmpfs: false, mode };
}

export class SimKernel implements Kernel {
  readonly k: KState;
  readonly config: Readonly<MachineConfig>;
  private pendingMs = 0;
  private readonly procDeps: ProcDeps;

  constructor(cfg: Partial<MachineConfig> = {}) {
    const config: MachineConfig = { ...DEFAULT_CONFIG, ...cfg, sysctl: { ...(cfg.sysctl ?? {}) } };
    const bad = validateConfig(config);
    if (bad) throw new RangeError(`memsim: invalid machine: ${bad}`);
    this.config = Object.freeze(config);
    this.k = newKState(this.config, (t) => this.context(t));
    installPressure(this.k); // PRESSURE: reclaim, swap, writeback, OOM, PSI hooks (pressure.ts)
    this.procDeps = {
      sysctlGet: (n) => this.sysctlGet(n),
      sysctlSet: (n, v, w) => this.sysctlSet(n, v, w),
      psiText: () => this.psiText(),
      loadavgText: () => {
        const live = this.runList().filter((t) => t.state !== 'X' && t.state !== 'Z');
        return loadavgText(this.k.loadavg, Math.max(1, this.activeTasks()), live.length, this.k.nextPid - 1);
      },
    };
    bootSystem(this.k);
    for (const [name, value] of Object.entries(config.sysctl)) {
      const r = this.sysctlSet(name, value);
      if (!r.ok) throw new RangeError(`memsim: invalid sysctl ${name}=${value}: ${r.errno}`);
    }
  }

  nowMs(): number { return this.k.nowMs; }

  // --- syscall plumbing
  /** Run `fn` as task `pid` (ESRCH if gone); charge its stall time; deliver a pending death on return. */
  private sys<T>(pid: number, needMm: boolean, fn: (t: Task) => Result<T>): Result<T> {
    const k = this.k;
    if (k.panicked) return { ok: false, errno: 'EIO' };
    const t = liveTask(k, pid);
    if (!t) return { ok: false, errno: 'ESRCH' };
    if (needMm && !t.mm) return { ok: false, errno: 'EINVAL' };
    const prev = k.current, stall0 = k.stallMs;
    k.current = t;
    try {
      return fn(t);
    } finally {
      k.current = prev;
      // Inside the task's own Program step the scheduler charges the whole step's stall; only charge here
      // for calls made from outside (the shell acting for a pid).
      if (prev !== t) {
        this.charge(t, k.stallMs - stall0);
        completePendingExit(k, t);
      }
    }
  }

  /** The task's ProgramContext, built once per task (programs are stepped 100 times per simulated second). */
  private context(t: Task): ProgramContext {
    return t.ctx ??= new TaskContext(this, this.k, t, QUANTUM_MS);
  }

  /** Live tasks in pid order, rebuilt only when a task came or went. */
  private runList(): Task[] {
    if (this.runListVersion !== this.k.tasksVersion) {
      this.runListCache = [...this.k.tasks.values()].sort((a, b) => a.pid - b.pid);
      this.runListVersion = this.k.tasksVersion;
    }
    return this.runListCache;
  }
  private runListCache: Task[] = [];
  private runListVersion = -1;

  /** Charge stall time to a task: it sleeps it off in D state (I/O, reclaim, throttling). */
  private charge(t: Task, ms: number): void {
    if (!(ms > 0)) return;
    t.waitState = 'D';
    t.chargedMs += ms;
  }

  // --- mm
  brk(pid: number, newBrk: number): Result<number> { return this.sys(pid, true, (t) => doBrk(this.k, t, newBrk)); }
  currentBrk(pid: number): Result<number> { return this.sys(pid, true, (t) => ({ ok: true, value: t.mm!.brk })); }

  mmap(pid: number, args: MmapArgs): Result<number> {
    return this.sys(pid, true, (t) => {
      const r = doMmap(this.k, t, args);
      if (r.ok && wantsPopulate(args)) {
        // populate_vma_page_range: write-fault writable mappings (allocating), read-fault the others.
        touchRange(this.k, t, r.value, args.length, (args.prot & PROT_WRITE) !== 0);
      }
      return r;
    });
  }
  munmap(pid: number, addr: number, length: number): Result<void> { return this.sys(pid, true, (t) => doMunmap(this.k, t, addr, length)); }
  mprotect(pid: number, addr: number, length: number, prot: number): Result<void> {
    return this.sys(pid, true, (t) => doMprotect(this.k, t, addr, length, prot));
  }
  /** sys() spelled out: the hottest syscall (every program step) allocates no closure. */
  touch(pid: number, addr: number, length: number, write: boolean): Result<FaultResult> {
    const k = this.k;
    if (k.panicked) return { ok: false, errno: 'EIO' };
    // A program touching its own memory is `current` already: no pid lookup in the task table.
    const cur = k.current;
    const t = cur !== null && cur.pid === pid && cur.state !== 'X' && cur.state !== 'Z' ? cur : liveTask(k, pid);
    if (!t) return { ok: false, errno: 'ESRCH' };
    if (!t.mm) return { ok: false, errno: 'EINVAL' };
    const prev = k.current, stall0 = k.stallMs;
    k.current = t;
    try {
      const r = touchRange(k, t, addr, length, write);
      // A fault that could not be served without a kill behind it (a tmpfs page refused by overcommit mode 2)
      // is SIGBUS in Linux; the contract has no SIGBUS, so the task dies of SIGSEGV.
      if (r.ok && r.value.killed && !t.exiting) killTask(k, t, 'SIGSEGV');
      return r;
    } finally {
      k.current = prev;
      if (prev !== t) {
        this.charge(t, k.stallMs - stall0);
        completePendingExit(k, t);
      }
    }
  }
  madviseDontneed(pid: number, addr: number, length: number): Result<void> {
    return this.sys(pid, true, (t) => {
      if (addr % 4096 !== 0 || length < 0) return { ok: false, errno: 'EINVAL' };
      const mm = t.mm!, s = addr / 4096, e = s + Math.ceil(length / 4096);
      // Every page of the range must be mapped (ENOMEM otherwise); only private anonymous memory is dropped here.
      let cursor = s;
      for (const v of mm.vmas) { if (v.end <= cursor || v.start >= e) continue; if (v.start > cursor) break; cursor = v.end; }
      if (cursor < e) return { ok: false, errno: 'ENOMEM' };
      for (const v of mm.vmas) {
        if (v.end <= s || v.start >= e || v.special) continue;
        zapRange(this.k, mm, Math.max(s, v.start), Math.min(e, v.end));
      }
      return { ok: true, value: undefined };
    });
  }

  // --- files
  read(pid: number, path: string, offset: number, length: number): Result<number> {
    return this.sys(pid, false, (t) => {
      if (!(offset >= 0) || !(length >= 0)) return { ok: false, errno: 'EINVAL' };
      const ino = lookupFile(this.k, path);
      if (!ino.ok) return ino;
      return { ok: true, value: fileRead(this.k, t, ino.value, offset, length) };
    });
  }
  write(pid: number, path: string, offset: number, length: number): Result<number> {
    return this.sys(pid, false, (t) => {
      if (!(offset >= 0) || !(length >= 0)) return { ok: false, errno: 'EINVAL' };
      const ino = lookupOrCreate(this.k, path);
      if (!ino.ok) return ino;
      return fileWrite(this.k, t, ino.value, offset, length);
    });
  }
  sync(pid: number): Result<void> {
    return this.sys(pid, false, (t) => {
      this.k.stallMs += this.k.hooks.sync(this.k, t);
      return { ok: true, value: undefined };
    });
  }
  unlink(path: string): Result<void> {
    const k = this.k;
    const ino = lookup(k, path);
    if (!ino) return { ok: false, errno: 'ENOENT' };
    if (ino.kind === 'dir') return { ok: false, errno: 'EISDIR' };
    if (ino.path.startsWith('/usr/') || ino.blockdev) return { ok: false, errno: 'EBUSY' };
    k.paths.delete(ino.path);
    ino.unlinked = true;
    maybeReleaseInode(k, ino);
    return { ok: true, value: undefined };
  }
  stat(path: string): Result<FileInfo> {
    const ino = lookup(this.k, path);
    if (ino) return { ok: true, value: fileInfo(ino) };
    if (path === '/proc' || path.startsWith('/proc/')) {
      if (procDirEntries(this.k, path, this.sysctlNames())) return { ok: true, value: procInfo(path, true) };
      const r = this.readProc(path);
      if (r.ok || r.errno === 'EACCES') return { ok: true, value: procInfo(path, false) };
    }
    return { ok: false, errno: 'ENOENT' };
  }
  readdir(path: string): Result<FileInfo[]> {
    if (path === '/proc' || path.startsWith('/proc/')) {
      const entries = procDirEntries(this.k, path, this.sysctlNames());
      if (!entries) return { ok: false, errno: this.stat(path).ok ? 'ENOTDIR' : 'ENOENT' };
      const base = path.replace(/\/+$/, '');
      return { ok: true, value: entries.map((e) => procInfo(`${base}/${e.name}`, e.dir)) };
    }
    return readdir(this.k, path);
  }

  // --- processes
  spawn(args: SpawnArgs): Result<number> {
    if (this.k.panicked) return { ok: false, errno: 'EAGAIN' };
    const prev = this.k.current;
    const r = spawnTask(this.k, args);
    this.k.current = prev;
    return r;
  }
  exit(pid: number, code: number): void {
    const t = liveTask(this.k, pid);
    if (t) exitTask(this.k, t, code);
  }
  kill(pid: number, sig: Signal, senderPid?: number): Result<void> { return sendSignal(this.k, pid, sig, senderPid); }

  // --- time
  tick(ms: number): void {
    if (!(ms > 0)) return;
    this.pendingMs += ms;
    while (this.pendingMs >= QUANTUM_MS) {
      this.pendingMs -= QUANTUM_MS;
      // After a panic the machine is frozen (no task runs, no counter moves) but the clock still advances, so
      // anything waiting for simulated time (a shell's `sleep`) ends instead of waiting forever.
      if (this.k.panicked) this.k.nowMs += QUANTUM_MS;
      else this.quantum();
    }
  }

  private quantum(): void {
    const k = this.k;
    k.nowMs += QUANTUM_MS;
    for (const t of this.runList()) {
      if (!t.program || t.stopped || t.exiting || t.state === 'X' || t.state === 'Z') continue;
      if (t.chargedMs > 0) { t.chargedMs = Math.max(0, t.chargedMs - QUANTUM_MS); continue; }
      const stall0 = k.stallMs;
      k.current = t;
      try {
        t.program.step(this.context(t));
      } finally {
        k.current = null;
        this.charge(t, k.stallMs - stall0);
        completePendingExit(k, t);
      }
      if (k.panicked) return;
    }
    k.hooks.tick(k, QUANTUM_MS);
    reapTasks(k);
    if (k.nowMs >= k.loadavg.nextMs) updateLoadAvg(k.loadavg, k.nowMs, this.activeTasks());
  }

  /** Tasks counted by the load average: runnable (R) or in uninterruptible sleep (D). */
  private activeTasks(): number {
    let n = 0;
    for (const t of this.runList()) {
      const st = taskState(t); // not processInfo(): that also computes oom_score and every Vm* field
      if (!t.kernelThread && (st === 'R' || st === 'D')) n++;
    }
    return n;
  }

  // --- views
  snapshot(): KernelSnapshot {
    const k = this.k;
    return {
      timeMs: k.nowMs,
      meminfo: meminfoRecord(k),
      vmstat: vmstatRecord(k),
      watermarks: { minFreeKbytes: k.sysctl.value('vm.min_free_kbytes'), minPages: k.wmark.min, lowPages: k.wmark.low,
        highPages: k.wmark.high },
      kswapd: { state: k.hooks.kswapdState(k) },
      psi: k.hooks.psi(k),
      sysctl: k.sysctl.all(),
      processes: this.runList().map((t) => processInfo(k, t)),
      dmesgNextSeq: k.log.nextSeq,
      panicked: k.panicked,
    };
  }
  process(pid: number): ProcessInfo | undefined {
    const t = this.k.tasks.get(pid);
    return t ? processInfo(this.k, t) : undefined;
  }
  processByComm(comm: string): ProcessInfo | undefined {
    let best: Task | undefined;
    for (const t of this.k.tasks.values()) if (t.comm === comm && (!best || t.pid > best.pid)) best = t;
    return best ? processInfo(this.k, best) : undefined;
  }
  pidof(comm: string): number[] {
    return [...this.k.tasks.values()].filter((t) => t.comm === comm && t.state !== 'X' && t.state !== 'Z')
      .map((t) => t.pid).sort((a, b) => b - a);
  }
  vmas(pid: number): Result<VmaInfo[]> {
    const t = liveTask(this.k, pid);
    return t ? { ok: true, value: vmaInfos(this.k, t) } : { ok: false, errno: 'ESRCH' };
  }
  dmesg(fromSeq?: number): KernelLogLine[] { return this.k.log.read(fromSeq ?? 0); }
  readProc(path: string): Result<string> { return readProc(this.k, this.procDeps, path); }
  writeProc(path: string, value: string, writerPid: number): Result<void> {
    return writeProc(this.k, this.procDeps, path, value, writerPid);
  }
  sysctlGet(name: string): Result<number> { return this.k.sysctl.get(name); }
  sysctlSet(name: string, value: number, writerPid?: number): Result<void> {
    const k = this.k;
    const writer = writerPid !== undefined ? k.tasks.get(writerPid) : undefined;
    if (writerPid !== undefined && (!writer || writer.state === 'X')) return { ok: false, errno: 'ESRCH' };
    if (!k.sysctl.has(name)) return { ok: false, errno: 'ENOENT' };
    if (writer && writer.uid !== 0) return { ok: false, errno: 'EACCES' };
    const bad = k.sysctl.check(name, value);
    if (bad) return { ok: false, errno: bad };
    k.sysctl.apply(name, value);
    k.hooks.sysctlWritten(k, name, value, writer ?? null);
    return { ok: true, value: undefined };
  }
  sysctlNames(): string[] { return this.k.sysctl.names(); }
  formatLogTime(timeMs: number): string { return formatLogTime(timeMs); }

  private psiText(): string {
    const p = this.k.hooks.psi(this.k);
    const line = (n: string, l: typeof p.some) =>
      `${n} avg10=${l.avg10.toFixed(2)} avg60=${l.avg60.toFixed(2)} avg300=${l.avg300.toFixed(2)} total=${l.total}\n`;
    return line('some', p.some) + line('full', p.full);
  }
}
