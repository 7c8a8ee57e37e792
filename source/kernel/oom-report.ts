// Models the kernel log of a global OOM kill: linux mm/oom_kill.c `dump_header`, `dump_tasks`/`dump_task`,
// `dump_oom_summary`, `__oom_kill_process`, `oom_reap_task_mm`, and a reduced `__show_mem` (mm/show_mem.c).
// Simplified: the stack dump is a fixed, plausible call trace of the page-fault path; Mem-Info shows the
// one Normal zone; the gfp mask is always GFP_HIGHUSER_MOVABLE for a user page fault.
import type { OomCandidate } from './oom-kill.js';
import { rssPages } from './oom-kill.js';

/** printk levels used here. */
export const KERN_EMERG = 0, KERN_ERR = 3, KERN_WARNING = 4, KERN_INFO = 6;

export interface LogLine {
  level: number;
  text: string;
}

/** The gfp mask of an anonymous user page fault on 6.x, as %#x(%pGg) prints it. */
export const USER_FAULT_GFP = '0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO)';

/** printf("%*d") / ("%-*s") helpers for the fixed-width rows. */
function padLeft(v: number | string, width: number): string {
  return String(v).padStart(width, ' ');
}

export function invokedOomKillerLine(comm: string, oomScoreAdj: number, gfp = USER_FAULT_GFP, order = 0): LogLine {
  return { level: KERN_WARNING, text: `${comm} invoked oom-killer: gfp_mask=${gfp}, order=${order}, oom_score_adj=${oomScoreAdj}` };
}

/** dump_stack() of the allocating task: header line and a short call trace. */
export function stackDumpLines(pid: number, comm: string, kernelRelease: string): LogLine[] {
  const frames = [
    'dump_stack_lvl+0x48/0x70',
    'dump_header+0x4b/0x200',
    'oom_kill_process+0x101/0x200',
    'out_of_memory+0x2c6/0x560',
    '__alloc_pages_slowpath.constprop.0+0xbd1/0xe80',
    '__alloc_pages_noprof+0x30b/0x340',
    'alloc_anon_folio+0x20a/0x490',
    'do_anonymous_page+0x13e/0x4a0',
    '__handle_mm_fault+0x4f6/0x6a0',
    'handle_mm_fault+0x18d/0x2e0',
    'do_user_addr_fault+0x16b/0x680',
    'exc_page_fault+0x70/0x160',
    'asm_exc_page_fault+0x26/0x30',
  ];
  return [
    { level: KERN_WARNING, text: `CPU: 0 UID: 0 PID: ${pid} Comm: ${comm} Not tainted ${kernelRelease} #1 Debian 6.12.48-1` },
    { level: KERN_WARNING, text: 'Hardware name: memsim virtual machine, BIOS 1.0 01/01/2025' },
    { level: KERN_WARNING, text: 'Call Trace:' },
    { level: KERN_WARNING, text: ' <TASK>' },
    ...frames.map((f) => ({ level: KERN_WARNING, text: `  ${f}` })),
    { level: KERN_WARNING, text: ' </TASK>' },
  ];
}

/** The counters __show_mem prints (pages, except kB where named). */
export interface ShowMemInput {
  activeAnon: number; inactiveAnon: number; activeFile: number; inactiveFile: number; unevictable: number;
  dirty: number; writeback: number; slabReclaimable: number; slabUnreclaimable: number; mapped: number;
  shmem: number; pagetables: number; free: number; minPages: number; lowPages: number; highPages: number;
  managedPages: number; presentPages: number; swapCached: number; freeSwapKb: number; totalSwapKb: number;
  totalPagecache: number; reservedPages: number;
}

/** Mem-Info section of dump_header (reduced to one node and the Normal zone). */
export function showMemLines(m: ShowMemInput): LogLine[] {
  const k = (p: number) => `${p * 4}kB`;
  const info = (text: string): LogLine => ({ level: KERN_INFO, text });
  return [
    info('Mem-Info:'),
    info(
      `active_anon:${m.activeAnon} inactive_anon:${m.inactiveAnon} isolated_anon:0\n` +
        ` active_file:${m.activeFile} inactive_file:${m.inactiveFile} isolated_file:0\n` +
        ` unevictable:${m.unevictable} dirty:${m.dirty} writeback:${m.writeback}\n` +
        ` slab_reclaimable:${m.slabReclaimable} slab_unreclaimable:${m.slabUnreclaimable}\n` +
        ` mapped:${m.mapped} shmem:${m.shmem} pagetables:${m.pagetables}\n` +
        ` sec_pagetables:0 bounce:0\n kernel_misc_reclaimable:0\n free:${m.free} free_pcp:0 free_cma:0`,
    ),
    info(
      `Node 0 active_anon:${k(m.activeAnon)} inactive_anon:${k(m.inactiveAnon)} active_file:${k(m.activeFile)} ` +
        `inactive_file:${k(m.inactiveFile)} unevictable:${k(m.unevictable)} isolated(anon):0kB isolated(file):0kB ` +
        `mapped:${k(m.mapped)} dirty:${k(m.dirty)} writeback:${k(m.writeback)} shmem:${k(m.shmem)} ` +
        `writeback_tmp:0kB kernel_stack:0kB pagetables:${k(m.pagetables)} sec_pagetables:0kB all_unreclaimable? no`,
    ),
    info(
      `Node 0 Normal free:${k(m.free)} boost:0kB min:${k(m.minPages)} low:${k(m.lowPages)} high:${k(m.highPages)} ` +
        `reserved_highatomic:0KB active_anon:${k(m.activeAnon)} inactive_anon:${k(m.inactiveAnon)} ` +
        `active_file:${k(m.activeFile)} inactive_file:${k(m.inactiveFile)} unevictable:${k(m.unevictable)} ` +
        `writepending:${k(m.dirty + m.writeback)} present:${k(m.presentPages)} managed:${k(m.managedPages)} ` +
        `mlocked:0kB bounce:0kB free_pcp:0kB local_pcp:0kB free_cma:0kB`,
    ),
    info('lowmem_reserve[]: 0 0 0 0 0'),
    info(`${m.totalPagecache} total pagecache pages`),
    info(`${m.swapCached} pages in swap cache`),
    info(`Free swap  = ${m.freeSwapKb}kB`),
    info(`Total swap = ${m.totalSwapKb}kB`),
    info(`${m.presentPages} pages RAM`),
    info('0 pages HighMem/MovableOnly'),
    info(`${m.reservedPages} pages reserved`),
  ];
}

export const TASKS_STATE_HEADER: LogLine[] = [
  { level: KERN_INFO, text: 'Tasks state (memory values in pages):' },
  {
    level: KERN_INFO,
    text: '[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name',
  },
];

/** dump_task(): "[%7d] %5d %5d %8lu %8lu %8lu %8lu %9lu %8ld %8lu         %5hd %s". */
export function taskStateText(t: OomCandidate): string {
  return `[${padLeft(t.pid, 7)}] ${padLeft(t.uid, 5)} ${padLeft(t.pid, 5)} ${padLeft(t.totalVmPages, 8)} ` +
    `${padLeft(rssPages(t), 8)} ${padLeft(t.rssAnonPages, 8)} ${padLeft(t.rssFilePages, 8)} ` +
    `${padLeft(t.rssShmemPages, 9)} ${padLeft(t.pgtablesBytes, 8)} ${padLeft(t.swapEntsPages, 8)}         ` +
    `${padLeft(t.oomScoreAdj, 5)} ${t.comm}`;
}

/** One row of the task dump at its printk level. */
export function taskStateRow(t: OomCandidate): LogLine {
  return { level: KERN_INFO, text: taskStateText(t) };
}

/** dump_oom_summary() for a global OOM (one node, root cpuset, cgroup path of the task). */
export function constraintLine(victim: OomCandidate, taskMemcg = '/'): LogLine {
  return {
    level: KERN_INFO,
    text:
      `oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,` +
      `task_memcg=${taskMemcg},task=${victim.comm},pid=${victim.pid},uid=${victim.uid}`,
  };
}

/** __oom_kill_process(): "<prefix>: Killed process ..." with kB values. */
export function killedProcessLine(prefix: string, v: OomCandidate): LogLine {
  return {
    level: KERN_ERR,
    text:
      `${prefix}: Killed process ${v.pid} (${v.comm}) total-vm:${v.totalVmPages * 4}kB, ` +
      `anon-rss:${v.rssAnonPages * 4}kB, file-rss:${v.rssFilePages * 4}kB, shmem-rss:${v.rssShmemPages * 4}kB, ` +
      `UID:${v.uid} pgtables:${Math.trunc(v.pgtablesBytes / 1024)}kB oom_score_adj:${v.oomScoreAdj}`,
  };
}

/** oom_reap_task_mm() success, with what is still resident after unmapping the private mappings. */
export function reapedLine(pid: number, comm: string, anonKb: number, fileKb: number, shmemKb: number): LogLine {
  return {
    level: KERN_INFO,
    text: `oom_reaper: reaped process ${pid} (${comm}), now anon-rss:${anonKb}kB, file-rss:${fileKb}kB, shmem-rss:${shmemKb}kB`,
  };
}

export function unableToReapLine(pid: number, comm: string): LogLine {
  return { level: KERN_INFO, text: `oom_reaper: unable to reap pid:${pid} (${comm})` };
}

export const NO_KILLABLE_LINE: LogLine = { level: KERN_WARNING, text: 'Out of memory and no killable processes...' };

/** panic(): the line and the trailer the kernel prints. */
export function panicLines(message: string): LogLine[] {
  return [
    { level: KERN_EMERG, text: `Kernel panic - not syncing: ${message}` },
    { level: KERN_EMERG, text: `---[ end Kernel panic - not syncing: ${message} ]---` },
  ];
}

/**
 * The whole report of one kill, in the kernel's order: header, stack, Mem-Info, task table (vm.oom_dump_tasks),
 * constraint line, Killed process line. `dumpable` are the tasks dump_tasks lists (not init, not kernel threads).
 */
export function oomKillReport(args: {
  current: { pid: number; comm: string; oomScoreAdj: number };
  victim: OomCandidate;
  prefix: string;
  dumpable: readonly OomCandidate[];
  dumpTasks: boolean;
  showMem: ShowMemInput;
  kernelRelease: string;
  withHeader: boolean;
}): LogLine[] {
  const lines: LogLine[] = [];
  if (args.withHeader) {
    lines.push(invokedOomKillerLine(args.current.comm, args.current.oomScoreAdj));
    lines.push(...stackDumpLines(args.current.pid, args.current.comm, args.kernelRelease));
    lines.push(...showMemLines(args.showMem));
    if (args.dumpTasks) {
      lines.push(...TASKS_STATE_HEADER);
      for (const t of args.dumpable) if (t.hasMm) lines.push(taskStateRow(t));
    }
    lines.push(constraintLine(args.victim));
  }
  lines.push(killedProcessLine(args.prefix, args.victim));
  return lines;
}
