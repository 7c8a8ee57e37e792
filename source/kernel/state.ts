// The kernel's private state types: the roles of struct mm_struct / vm_area_struct (include/linux/mm_types.h),
// struct task_struct (include/linux/sched.h), struct inode / address_space (include/linux/fs.h) and the global
// node state (struct pglist_data, vm_stat). Every module of source/kernel/ takes a KState and acts on it; the
// public contract (types.ts) never exposes these objects.
import type { FrameTable } from './page-frames.js';
import type { PrintkRing } from './printk.js';
import type { ChunkStore, SparseChunks } from './sparse.js';
import type { SysctlTable } from './sysctl.js';
import type { MachineConfig, Program, ProgramContext, Signal, TaskState } from './types.js';
import type { PressureHooks } from './page-alloc.js';
import type { VmEvents } from './vmstat-events.js';
import type { LoadAvg } from './proc/zoneinfo.js';

/** A virtual memory area (vm_area_struct). Addresses in virtual page numbers: [start, end). */
export interface Vma {
  mm: Mm;
  start: number;
  end: number;
  prot: number;
  /** MAP_SHARED: writes go to the object (file or shmem), never COW. */
  shared: boolean;
  /** Backing object: a regular file, a tmpfs file, or the shmem object of MAP_SHARED|MAP_ANONYMOUS. null = private
   *  anonymous memory. */
  file: Inode | null;
  /** Page offset of `start` inside `file`. */
  pgoff: number;
  /** maps name: path, "[heap]", "[stack]", "[vdso]", "[vvar]", "[vvar_vclock]", "" */
  name: string;
  /** vvar/vdso: kernel pages, never resident in the task's RSS in this model. */
  special: boolean;
  growsDown: boolean;
  /** Pages charged to Committed_AS for this VMA (VM_ACCOUNT); released on unmap. */
  charged: number;
}

/** An address space (mm_struct). Counters in pages, maintained at every map/unmap. */
export interface Mm {
  id: number;
  /** Sorted by start, non-overlapping. */
  vmas: Vma[];
  /** Index in vmas of the VMA found last (a hint only: checked before use). */
  vmaHint?: number;
  /** The VMA the last access fell in (the role of the old per-thread vmacache): a program touches the same
   *  mapping step after step, and this skips the vmas array. Cleared when that VMA is removed (mmap.ts). */
  vmaCache: Vma | null;
  /** Last-level page tables: vpn -> entry (see pgtable.ts for the encoding). One chunk = one PTE page. */
  pt: SparseChunks;
  /** Upper page-table pages (PMD, PUD) as (tag, frame, children) triples: see pgtable.ts. The PTE pages' frames
   *  are kept in their chunks of `pt`. */
  upper: number[];
  /** Frames used by this mm's page tables (PTE + PMD + PUD pages): VmPTE = ptPages x 4 kB. */
  ptPages: number;
  rssAnon: number;
  rssFile: number;
  rssShmem: number;
  /** Swap entries in the page tables (VmSwap). */
  swapents: number;
  totalVm: number;
  dataVm: number;
  stackVm: number;
  execVm: number;
  /** Pages of the executable's own r-x mapping (VmExe). */
  exeVm: number;
  hiwaterRss: number;
  hiwaterVm: number;
  startBrk: number; // bytes
  brk: number; // bytes
  /** Next address for a top-down mmap (bytes): mappings go below it. */
  mmapBase: number;
  stackTop: number; // bytes
  ownerPid: number;
}

export interface Task {
  pid: number;
  ppid: number;
  uid: number;
  user: string;
  comm: string;
  state: TaskState;
  kernelThread: boolean;
  startTimeMs: number;
  mm: Mm | null;
  oomScoreAdj: number;
  oomScoreAdjMin: number;
  oomKilled: boolean;
  /** Set once SIGKILL is pending or the task is exiting (fatal_signal_pending). */
  exiting: boolean;
  /** How the task will end once its current syscall/step returns. */
  pendingExit?: { code: number; signal?: Signal };
  reapAtMs?: number;
  exitCode?: number;
  exitSignal?: Signal;
  minFlt: number;
  majFlt: number;
  program?: Program;
  /** Simulated time this task still has to sleep off (I/O, stalls) before it is stepped again, ms. */
  chargedMs: number;
  /** What the task is waiting on while chargedMs > 0: 'D' for I/O and reclaim, 'S' for sleeps. */
  waitState: 'D' | 'S';
  stopped: boolean;
  onOutput?: (text: string) => void;
  onExit?: (status: { code: number; signal?: Signal }) => void;
  /** Kernel stack frames (16 KiB = 4 pages per task on x86_64). */
  kstack: number[];
  /** oom_adj deprecation warning printed for this task already. */
  warnedOomAdj: boolean;
  argv: string[];
  /** The ProgramContext handed to this task's Program, built once (kernel.ts). */
  ctx?: ProgramContext;
}

/** A file: regular disk file, tmpfs file, block device, directory, or an unnamed shmem object. */
export interface Inode {
  id: number;
  ino: number;
  path: string; // "" for unnamed shmem objects (MAP_SHARED|MAP_ANONYMOUS), shown as "/dev/zero (deleted)"
  kind: 'file' | 'dir';
  sizeBytes: number;
  /** tmpfs file or shared anonymous object: pages are shmem, never written back, never dropped. */
  shmem: boolean;
  /** Block device: its page cache is Buffers. */
  blockdev: boolean;
  /** Page index -> frame+1 (or, for shmem, -(swap slot+1) when swapped out). */
  pages: SparseChunks;
  nrPages: number;
  nrDirty: number;
  /** Pages of a shmem object currently in swap (PRESSURE). */
  nrSwapped: number;
  /** i_mmap: the VMAs mapping this file (reverse map of file/shmem pages). */
  mmaps: Set<Vma>;
  /** Removed from the namespace; pages go when the last mapping goes. */
  unlinked: boolean;
  mode: string;
  dev: string;
  /** When the first page of the inode became dirty (dirtied_when), -1 when clean: flushers expire by it. */
  dirtiedWhenMs: number;
}

export interface Watermark {
  minFreeKbytes: number;
  min: number;
  low: number;
  high: number;
  /** totalreserve_pages (§7.1): high + lowmem reserve of our single zone. */
  totalreserve: number;
}

export interface SwapCounters {
  /** Usable slots (SwapTotal / 4 kB). */
  totalPages: number;
  freePages: number;
}

export interface KState {
  readonly config: Readonly<MachineConfig>;
  nowMs: number;
  readonly frames: FrameTable;
  readonly ev: VmEvents;
  wmark: Watermark;
  swap: SwapCounters;
  /** vm_committed_as, pages. */
  committed: number;
  readonly sysctl: SysctlTable;
  hooks: PressureHooks;
  readonly tasks: Map<number, Task>;
  nextPid: number;
  nextMmId: number;
  /** The pools of this kernel's page tables and page-cache maps (sparse.ts). */
  chunkStore: ChunkStore;
  readonly mms: Map<number, Mm>;
  readonly inodes: Map<number, Inode>;
  /** Namespace: path -> inode (files and directories). */
  readonly paths: Map<string, Inode>;
  nextIno: number;
  readonly log: PrintkRing;
  rng: () => number;
  /** Free kB at the end of boot (admin/user reserve defaults). */
  bootFreeKb: number;
  /** Pages the kernel holds that meminfo shows nowhere else (vmalloc, percpu...), for accounting totals. */
  panicked: boolean;
  /** Silences drop_caches messages after `echo 4` (fs/drop_caches.c stfu). */
  dropCachesQuiet: boolean;
  /** Accumulator of simulated stall time (reclaim, disk reads, throttling), ms. Only ever grows: a caller takes
   *  the difference before/after an operation and charges it to the task. */
  stallMs: number;
  /** pr_warn_once / printk_once flags already used. */
  readonly onceFlags: Set<string>;
  /** /proc/loadavg state (kernel/sched/loadavg.c). */
  loadavg: LoadAvg;
  /** Bumped whenever a task is added or removed, so the scheduler can cache its pid-ordered run list. */
  tasksVersion: number;
  /** Earliest reapAtMs of a dead task still listed (Infinity: none; undefined: not known yet, reapTasks looks). */
  nextReapMs?: number;
  /** The task whose syscall or program step is running (the kernel's `current`), else null. */
  current: Task | null;
  /** Build the ProgramContext handed to a task's Program (kernel.ts). */
  makeContext(t: Task): ProgramContext;
}

export function printkLine(k: KState, level: number, text: string): void {
  k.log.log(k.nowMs, level, text);
}
