// The state the memory-pressure machinery keeps next to the core kernel state: the swap device, Committed_AS,
// the disk write queue, kswapd's and the flushers' state, PSI, the OOM reaper's queue and workingset shadows.
// It plays the role of the globals of mm/vmscan.c, mm/swapfile.c, mm/oom_kill.c, fs/fs-writeback.c and
// kernel/sched/psi.c. One PressureState per kernel, created by installPressure (pressure.ts).
import { Lru } from './page-frames.js';
import type { KState } from './state.js';
import { SwapArea } from './swapfile.js';
import { CommitAccounting } from './overcommit.js';
import { PsiMemory } from './psi.js';
import { DiskWriteQueue } from './disk.js';
import { DropCachesState } from './drop-caches.js';
import { Ratelimit } from './ratelimit.js';
import { MemstallEnds } from './memstall.js';

/** Frame flag bits owned by PRESSURE (page-frames.ts leaves 64 and 128 free). */
export const PG_RECLAIM = 64; // write back, then reclaim at once (rotate to the inactive tail)
export const PG_ACTIVE_REF = 128; // folio "referenced" bit of folio_check_references (second chance)

export interface KswapdState {
  awake: boolean;
  /** Pages reclaimed in the current run (from wake to sleep). */
  reclaimedThisRun: number;
  /** balance_pgdat passes in a row that freed nothing (kswapd_failures); >= 16 = hopeless. */
  failures: number;
  sleptAtMs: number;
  /** Simulated CPU time kswapd spent reclaiming in the last tick (PSI), ms. */
  busyMs: number;
}

export interface FlusherState {
  /** Background writeback requested (balance_dirty_pages, vmscan found dirty pages). */
  backgroundKick: boolean;
  /** Pages vmscan asked to be written (wakeup_flusher_threads(WB_REASON_VMSCAN)). */
  vmscanPages: number;
  /** Next periodic (kupdate) run, ms. */
  nextPeriodicMs: number;
  /** Inodes the periodic run still has to write (dirtied before its cut-off), ids. */
  periodicQueue: number[];
  periodicCutoffMs: number;
  /** Page index each inode's writeback continues from (mapping->writeback_index). */
  readonly cursor: Map<number, number>;
}

export interface OomVictim {
  pid: number;
  comm: string;
  killedAtMs: number;
}

/** Shadow entries of evicted file pages (workingset.ts): key (inode id, index) and eviction counter per slot. */
export interface ShadowTable { keys: Float64Array; when: Float64Array }

export interface PressureState {
  readonly k: KState;
  readonly swap: SwapArea;
  readonly commit: CommitAccounting;
  readonly psi: PsiMemory;
  readonly disk: DiskWriteQueue;
  readonly dropCaches: DropCachesState;
  readonly kswapd: KswapdState;
  readonly flusher: FlusherState;
  /** Decaying I/O cost of reclaiming each LRU type (lru_note_cost), the input of get_scan_count. */
  anonCost: number;
  fileCost: number;
  /** When each stalled task's memory stall ends, ms of simulated time (for PSI), by pid. */
  readonly memstall: MemstallEnds;
  /** Non-idle tasks counted at the last PSI census (refreshed every few quanta). */
  nonIdleTasks: number;
  nonIdleCensusMs: number;
  /** OOM victims that still hold their mm (oom_reaper queue). */
  readonly oomVictims: Map<number, OomVictim>;
  /** MMF_OOM_SKIP: pids whose mm the reaper already emptied (the killer looks past them). */
  readonly oomSkip: Set<number>;
  /** Rate limit of the OOM report header (oom_kill_process's oom_rs). */
  readonly oomReportLimit: Ratelimit;
  /** File pages evicted so far (the workingset "clock"; shadow entries live in workingset.ts). */
  evictions: number;
  /** workingset.ts's shadow-entry table, created on the first eviction. */
  shadow?: ShadowTable;
  /** The active file list's rotation streak (ScanControl.fileRotStreak) after the last scan of that list, with the
   *  list's FrameTable.lruVersion and the instant then (vmscan.ts shrinkActiveFile). */
  readonly fileRot: { streak: number; version: number; atMs: number };
  /** Write bandwidth in pages per second / read time per page. */
  readonly writePagesPerSec: number;
  readonly readMsPerPage: number;
}

export function newPressureState(k: KState): PressureState {
  const swap = new SwapArea(k.config.swapBytes);
  const sysctl = k.sysctl;
  const writePagesPerSec = k.config.diskWriteBps / 4096;
  return {
    k,
    swap,
    commit: new CommitAccounting(
      () => ({ totalramPages: k.frames.total, totalswapPages: swap.totalSlots }),
      () => ({
        overcommitMemory: sysctl.value('vm.overcommit_memory'),
        overcommitRatio: sysctl.value('vm.overcommit_ratio'),
        overcommitKbytes: sysctl.value('vm.overcommit_kbytes'),
        adminReserveKbytes: sysctl.value('vm.admin_reserve_kbytes'),
        userReserveKbytes: sysctl.value('vm.user_reserve_kbytes'),
      }),
    ),
    psi: new PsiMemory(),
    disk: new DiskWriteQueue(1000 / writePagesPerSec),
    dropCaches: new DropCachesState(),
    kswapd: { awake: false, reclaimedThisRun: 0, failures: 0, sleptAtMs: -1e9, busyMs: 0 },
    flusher: {
      backgroundKick: false, vmscanPages: 0, nextPeriodicMs: 0, periodicQueue: [], periodicCutoffMs: 0,
      cursor: new Map(),
    },
    anonCost: 0,
    fileCost: 0,
    memstall: new MemstallEnds(),
    nonIdleTasks: 0,
    nonIdleCensusMs: -1e9,
    oomVictims: new Map(),
    oomSkip: new Set(),
    oomReportLimit: new Ratelimit('oom_kill_process'),
    evictions: 0,
    fileRot: { streak: 0, version: -1, atMs: NaN },
    writePagesPerSec,
    readMsPerPage: (4096 * 1000) / k.config.diskReadBps,
  };
}

/** Keep the core's swap counters (SwapTotal/SwapFree) equal to the swap map. */
export function syncSwapCounters(ps: PressureState): void {
  ps.k.swap.totalPages = ps.swap.totalSlots;
  ps.k.swap.freePages = ps.swap.freeSlots;
}

/** Charge memory-stall time to a task (PSI some/full): its stall runs from now (or its current stall's end). */
export function addMemstall(ps: PressureState, pid: number | undefined, ms: number): void {
  if (pid === undefined || ms <= 0) return;
  const end = ps.memstall.endOf(pid);
  ps.memstall.set(pid, (end > ps.k.nowMs ? end : ps.k.nowMs) + ms);
}

/** lru_note_cost(): I/O and rotations make a type more expensive to reclaim; halve both when they grow large. */
export function noteCost(ps: PressureState, file: boolean, cost: number): void {
  if (cost <= 0) return;
  if (file) ps.fileCost += cost; else ps.anonCost += cost;
  const f = ps.k.frames;
  const lruPages = f.lruSize[Lru.INACTIVE_ANON] + f.lruSize[Lru.ACTIVE_ANON] + f.lruSize[Lru.INACTIVE_FILE] +
    f.lruSize[Lru.ACTIVE_FILE];
  if (ps.anonCost + ps.fileCost > lruPages / 4) {
    ps.anonCost = Math.floor(ps.anonCost / 2);
    ps.fileCost = Math.floor(ps.fileCost / 2);
  }
}
