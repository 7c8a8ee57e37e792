// The public contract of the simulated kernel: what the shell, the scenario runner, the dashboard and the
// recorder may use. Everything behind it (page frames, LRU lists, page tables, reclaim) is private to
// source/kernel/. Plays the role of the syscall ABI (include/uapi/...) plus /proc: user space sees only this.
//
// Rules every implementation keeps:
// - Pure and deterministic: no I/O, no timers, no Date.now(), no Math.random(); one seeded RNG; time moves only
//   through Kernel.tick(ms).
// - Nothing throws for a user mistake: every entry point returns Result<T> with the errno the real syscall gives,
//   and a failed call changes no state.
// - Units: bytes in the API unless a name says Kb (KiB, as /proc prints) or Pages (4096 bytes).

export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;

export type Errno =
  | 'EPERM' | 'ENOENT' | 'ESRCH' | 'EINTR' | 'EIO' | 'E2BIG' | 'ENOEXEC' | 'EBADF' | 'ECHILD' | 'EAGAIN'
  | 'ENOMEM' | 'EACCES' | 'EFAULT' | 'EBUSY' | 'EEXIST' | 'ENOTDIR' | 'EISDIR' | 'EINVAL' | 'ENOSPC'
  | 'EROFS' | 'ERANGE' | 'ENAMETOOLONG' | 'ENOSYS' | 'ENOTEMPTY' | 'EFBIG';

export type Result<T> = { ok: true; value: T } | { ok: false; errno: Errno };

export interface MachineConfig {
  /** Physical RAM in bytes. Default 2 GiB. MemTotal is smaller (kernel image, firmware reservations). */
  ramBytes: number;
  /** Swap device size in bytes, may be 0. Default 1 GiB. */
  swapBytes: number;
  /** Initial sysctl values by full name, e.g. { 'vm.swappiness': 10 }. Validated like a write. */
  sysctl: Record<string, number>;
  /** Seed of the one RNG. Default 1. */
  seed: number;
  /** Simulated disk bandwidth, bytes per second. Defaults: read 200 MiB/s, write 100 MiB/s. */
  diskReadBps: number;
  diskWriteBps: number;
}

export type Signal = 'SIGTERM' | 'SIGKILL' | 'SIGINT' | 'SIGHUP' | 'SIGSTOP' | 'SIGCONT' | 'SIGUSR1' | 'SIGUSR2'
  | 'SIGABRT' | 'SIGSEGV';

export const PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
export const MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20,
  MAP_NORESERVE = 0x4000, MAP_POPULATE = 0x8000;

export interface MmapArgs {
  addr?: number;
  length: number;
  prot: number;
  flags: number;
  /** Path of the file for a file mapping (fd is simplified away). */
  path?: string;
  offset?: number;
}

/** What a range of page faults did (mm/memory.c). */
export interface FaultResult {
  minor: number;
  major: number;
  /** Simulated time the faulting task spent (disk reads, swap-ins, direct reclaim, throttling), ms. */
  stallMs: number;
  /** True when the task was killed while faulting (OOM victim, or SIGKILL); the touch stopped there. */
  killed: boolean;
}

/** Process state letters as ps prints them; 'X' is a task killed and about to leave (shown briefly). */
export type TaskState = 'R' | 'S' | 'D' | 'Z' | 'T' | 'I' | 'X';

/** One process as the dashboard, ps and scenarios see it. Memory in kB like /proc/PID/status. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  uid: number;
  user: string;
  comm: string;
  state: TaskState;
  kernelThread: boolean;
  startTimeMs: number;
  vmPeakKb: number;
  vmSizeKb: number;
  vmHwmKb: number;
  vmRssKb: number;
  rssAnonKb: number;
  rssFileKb: number;
  rssShmemKb: number;
  vmDataKb: number;
  vmStkKb: number;
  vmExeKb: number;
  vmLibKb: number;
  vmPteKb: number;
  vmSwapKb: number;
  minFlt: number;
  majFlt: number;
  oomScore: number;
  oomScoreAdj: number;
  /** Set when the OOM killer chose this task; stays while the task is shown as 'X'. */
  oomKilled: boolean;
  /** ms of simulated time at which an exited/killed task disappears from the list (only for state 'X'/'Z'). */
  reapAtMs?: number;
}

/** One line of /proc/PID/maps plus its resident size (smaps Rss), for the dashboard's detail view. */
export interface VmaInfo {
  start: number;
  end: number;
  perms: string; // "rw-p"
  offset: number;
  dev: string; // "08:01" or "00:00"
  inode: number;
  name: string; // path, "[heap]", "[stack]", "[vdso]", "" for anonymous
  rssKb: number;
  swapKb: number;
}

export interface Watermarks {
  minFreeKbytes: number;
  minPages: number;
  lowPages: number;
  highPages: number;
}

export interface PsiLine {
  avg10: number;
  avg60: number;
  avg300: number;
  /** Cumulative stall time in microseconds. */
  total: number;
}

export interface KernelLogLine {
  /** Monotonic sequence number (never reused), so a reader can ask for lines after the last one it saw. */
  seq: number;
  timeMs: number;
  level: number; // printk level 0..7
  text: string; // without the "[    12.345678] " prefix
}

/**
 * One immutable picture of the kernel, cheap to take every frame (every number is a maintained counter).
 * The dashboard and the recorder draw only from this; they never compute kernel numbers.
 */
export interface KernelSnapshot {
  timeMs: number;
  /** /proc/meminfo fields in kB (HugePages_* as counts), in the order the kernel prints them. */
  meminfo: Readonly<Record<string, number>>;
  /** /proc/vmstat counters (gauges in pages, events as counts), in the kernel's order. */
  vmstat: Readonly<Record<string, number>>;
  watermarks: Watermarks;
  kswapd: { state: 'sleeping' | 'reclaiming' };
  psi: { some: PsiLine; full: PsiLine };
  /** Every vm.* sysctl by full name. */
  sysctl: Readonly<Record<string, number>>;
  /** Live processes and recently killed ones (state 'X' until reapAtMs), ordered by pid. */
  processes: readonly ProcessInfo[];
  /** Sequence number the next kernel log line will get. */
  dmesgNextSeq: number;
  /** True once vm.panic_on_oom made the machine panic: nothing moves any more. */
  panicked: boolean;
}

/** A simulated user-space program run by a process (hog, dd, cat, malloc, sync ...). */
export interface Program {
  /** ps name; exec maps /usr/bin/<comm> unless `path` says otherwise. */
  readonly comm: string;
  /**
   * Called by the scheduler while the task is runnable, once per scheduling quantum. Do a bounded amount of work
   * through ctx.kernel's syscalls; time the task spends in I/O or stalls is charged by the kernel (the task is
   * not stepped again until it has slept it off). Call ctx.exit(code) to end.
   */
  step(ctx: ProgramContext): void;
  /** Delivery of a catchable signal (SIGTERM...). Default: exit with 128+signo. */
  onSignal?(ctx: ProgramContext, sig: Signal): void;
}

export interface ProgramContext {
  readonly kernel: KernelApi;
  readonly pid: number;
  /** Virtual time now, ms since boot. */
  readonly nowMs: number;
  /** Length of this scheduling quantum, ms: a program doing rate-based work does rate x quantumMs per step. */
  readonly quantumMs: number;
  /** Text the program prints (collected by whoever started it, e.g. the shell). */
  print(text: string): void;
  exit(code: number): void;
  /** Sleep for ms of simulated time (nanosleep): the task is not stepped again until it has passed; shown as 'S'.
   *  A program with little work per quantum (e.g. allocating 256 KiB/s) should do a second's worth and sleep. */
  sleep?(ms: number): void;
}

export interface SpawnArgs {
  comm: string;
  /** Executable to map; default /usr/bin/<comm>. Must exist in the simulated file system. */
  path?: string;
  argv?: string[];
  ppid?: number;
  uid?: number;
  oomScoreAdj?: number;
  program?: Program;
  /** Called with the program's printed text. */
  onOutput?: (text: string) => void;
  /** Called once when the process exits or is killed. */
  onExit?: (status: { code: number; signal?: Signal }) => void;
}

/** A simulated file as `ls -l` shows it. */
export interface FileInfo {
  path: string;
  sizeBytes: number;
  kind: 'file' | 'dir' | 'proc';
  /** Pages of this file in the page cache (or tmpfs). */
  cachedPages: number;
  dirtyPages: number;
  tmpfs: boolean;
  mode: string; // "-rw-r--r--"
}

/** The syscall-level API (what a program may call). Every call acts for `pid`. */
export interface KernelApi {
  readonly config: Readonly<MachineConfig>;
  nowMs(): number;

  // --- mm/mmap.c, mm/memory.c
  /** brk(2): returns the new break, or the unchanged break when growing failed (as the syscall does). */
  brk(pid: number, newBrk: number): Result<number>;
  /** Current break (brk(0)). */
  currentBrk(pid: number): Result<number>;
  mmap(pid: number, args: MmapArgs): Result<number>;
  munmap(pid: number, addr: number, length: number): Result<void>;
  mprotect(pid: number, addr: number, length: number, prot: number): Result<void>;
  /** Access every page of [addr, addr+length): first write allocates (minor fault), read of untouched anon maps
   *  the zero page, file pages not cached are major faults, swapped pages are swapped in. EFAULT outside a VMA. */
  touch(pid: number, addr: number, length: number, write: boolean): Result<FaultResult>;
  /** MADV_DONTNEED: drop the pages of a private anonymous range (RSS falls, VmSize stays). */
  madviseDontneed(pid: number, addr: number, length: number): Result<void>;

  // --- mm/filemap.c, mm/shmem.c, fs/
  /** read(2) of a file through the page cache; returns bytes read (0 at EOF). Uncached pages cost disk time. */
  read(pid: number, path: string, offset: number, length: number): Result<number>;
  /** write(2): creates the file if missing; dirties page-cache pages (tmpfs: shmem pages, never dirty). */
  write(pid: number, path: string, offset: number, length: number): Result<number>;
  /** sync(2): starts writeback of every dirty page and blocks the task until it is on disk. */
  sync(pid: number): Result<void>;
  unlink(path: string): Result<void>;
  stat(path: string): Result<FileInfo>;
  readdir(path: string): Result<FileInfo[]>;

  // --- kernel/fork.c, kernel/exit.c, kernel/signal.c
  spawn(args: SpawnArgs): Result<number>;
  exit(pid: number, code: number): void;
  kill(pid: number, sig: Signal, senderPid?: number): Result<void>;
}

/** The whole kernel as its drivers (shell, runner, dashboard) see it. */
export interface Kernel extends KernelApi {
  /** Advance virtual time by ms (in scheduler quanta): runs programs, kswapd, flushers, the OOM reaper, PSI. */
  tick(ms: number): void;
  snapshot(): KernelSnapshot;
  process(pid: number): ProcessInfo | undefined;
  /** Newest process with this comm (scenarios' proc.COMM.*), alive or in state 'X'. */
  processByComm(comm: string): ProcessInfo | undefined;
  pidof(comm: string): number[];
  vmas(pid: number): Result<VmaInfo[]>;
  /** Kernel log lines with seq >= fromSeq (the ring keeps the newest 4096). */
  dmesg(fromSeq?: number): KernelLogLine[];
  /** A /proc or /proc/sys file's text exactly as Linux prints it (meminfo, vmstat, PID/status, sys/vm/NAME...). */
  readProc(path: string): Result<string>;
  /** Write to /proc (sys/vm/*, PID/oom_score_adj, PID/oom_adj, sys/vm/drop_caches) as process writerPid. */
  writeProc(path: string, value: string, writerPid: number): Result<void>;
  sysctlGet(name: string): Result<number>;
  sysctlSet(name: string, value: number, writerPid?: number): Result<void>;
  sysctlNames(): string[];
  /** Format a timestamp the way dmesg does: "[   12.345678]". */
  formatLogTime(timeMs: number): string;
}
