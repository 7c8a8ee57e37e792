// /proc/PID/*: the role of fs/proc/array.c (proc_pid_status header), fs/proc/task_mmu.c (task_mem for the Vm*
// lines, task_statm, show_map_vma for maps, smaps_rollup's walk) and fs/proc/base.c (oom_score, oom_adj,
// oom_score_adj). Numbers come from the mm counters; only smaps_rollup walks the page tables, on demand, like
// the kernel does.
import { Kind } from '../page-frames.js';
import { isPresent, PTE_ZERO } from '../pgtable.js';
import { oomAdjFromScoreAdj, oomScore } from '../oom-score.js';
import type { KState, Mm, Task, Vma } from '../state.js';
import type { ProcessInfo, VmaInfo } from '../types.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../types.js';

const STATE_NAMES: Record<string, string> = {
  R: 'R (running)', S: 'S (sleeping)', D: 'D (disk sleep)', T: 'T (stopped)', Z: 'Z (zombie)', X: 'X (dead)',
  I: 'I (idle)',
};

/** The ps-visible state: sleeping off charged time shows as D (I/O, reclaim) or S. */
export function taskState(t: Task): ProcessInfo['state'] {
  if (t.state === 'X' || t.state === 'Z' || t.state === 'T' || t.kernelThread) return t.state;
  if (t.chargedMs > 0) return t.waitState;
  return t.program ? 'R' : 'S';
}

function kb(pages: number): number { return pages * 4; }

export function processInfo(k: KState, t: Task): ProcessInfo {
  const mm = t.mm;
  const rss = mm ? mm.rssAnon + mm.rssFile + mm.rssShmem : 0;
  const info: ProcessInfo = {
    pid: t.pid, ppid: t.ppid, uid: t.uid, user: t.user, comm: t.comm, state: taskState(t), kernelThread: t.kernelThread,
    startTimeMs: t.startTimeMs,
    vmPeakKb: mm ? kb(Math.max(mm.hiwaterVm, mm.totalVm)) : 0,
    vmSizeKb: mm ? kb(mm.totalVm) : 0,
    vmHwmKb: mm ? kb(Math.max(mm.hiwaterRss, rss)) : 0,
    vmRssKb: kb(rss),
    rssAnonKb: mm ? kb(mm.rssAnon) : 0,
    rssFileKb: mm ? kb(mm.rssFile) : 0,
    rssShmemKb: mm ? kb(mm.rssShmem) : 0,
    vmDataKb: mm ? kb(mm.dataVm) : 0,
    vmStkKb: mm ? kb(mm.stackVm) : 0,
    vmExeKb: mm ? kb(mm.exeVm) : 0,
    vmLibKb: mm ? kb(mm.execVm - mm.exeVm) : 0,
    vmPteKb: mm ? kb(mm.ptPages) : 0,
    vmSwapKb: mm ? kb(mm.swapents) : 0,
    minFlt: t.minFlt, majFlt: t.majFlt,
    oomScore: oomScore(k, t), oomScoreAdj: t.oomScoreAdj, oomKilled: t.oomKilled,
  };
  if (t.reapAtMs !== undefined) info.reapAtMs = t.reapAtMs;
  return info;
}

const vmLine = (name: string, v: number) => `${name}:\t${String(v).padStart(8)} kB\n`;

export function statusText(k: KState, t: Task): string {
  const p = processInfo(k, t);
  const uid = `${t.uid}\t${t.uid}\t${t.uid}\t${t.uid}`;
  let s = `Name:\t${t.comm}\nUmask:\t0022\nState:\t${STATE_NAMES[p.state] ?? p.state}\nTgid:\t${t.pid}\nNgid:\t0\n`;
  s += `Pid:\t${t.pid}\nPPid:\t${t.pid === 1 || t.pid === 2 ? 0 : t.ppid}\nTracerPid:\t0\nUid:\t${uid}\nGid:\t${uid}\n`;
  s += `FDSize:\t${t.kernelThread ? 64 : 256}\nGroups:\t${t.uid === 0 ? '0' : t.uid} \n`;
  s += `NStgid:\t${t.pid}\nNSpid:\t${t.pid}\nNSpgid:\t${t.pid}\nNSsid:\t${t.pid}\nKthread:\t${t.kernelThread ? 1 : 0}\n`;
  if (t.mm) {
    s += vmLine('VmPeak', p.vmPeakKb) + vmLine('VmSize', p.vmSizeKb) + vmLine('VmLck', 0) + vmLine('VmPin', 0);
    s += vmLine('VmHWM', p.vmHwmKb) + vmLine('VmRSS', p.vmRssKb) + vmLine('RssAnon', p.rssAnonKb);
    s += vmLine('RssFile', p.rssFileKb) + vmLine('RssShmem', p.rssShmemKb) + vmLine('VmData', p.vmDataKb);
    s += vmLine('VmStk', p.vmStkKb) + vmLine('VmExe', p.vmExeKb) + vmLine('VmLib', p.vmLibKb);
    s += vmLine('VmPTE', p.vmPteKb) + vmLine('VmSwap', p.vmSwapKb) + vmLine('HugetlbPages', 0);
  }
  s += `CoreDumping:\t0\nTHP_enabled:\t${t.mm ? 1 : 0}\nuntag_mask:\t0xffffffffffffffff\nThreads:\t1\nSigQ:\t0/7635\n`;
  s += 'SigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\nSigBlk:\t0000000000000000\n';
  s += `SigIgn:\t${t.kernelThread ? 'ffffffffffffffff' : '0000000000000000'}\nSigCgt:\t0000000000000000\n`;
  const caps = t.uid === 0 ? '000001ffffffffff' : '0000000000000000';
  s += `CapInh:\t0000000000000000\nCapPrm:\t${caps}\nCapEff:\t${caps}\nCapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\n`;
  s += 'NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\nSpeculation_Store_Bypass:\tthread vulnerable\n';
  s += 'SpeculationIndirectBranch:\tconditional enabled\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\n';
  s += 'Mems_allowed:\t00000000,00000001\nMems_allowed_list:\t0\n';
  s += `voluntary_ctxt_switches:\t${t.minFlt + 1}\nnonvoluntary_ctxt_switches:\t${t.majFlt}\n`;
  return s;
}

/** statm: size resident shared text lib data dt, in pages (task_statm). */
export function statmText(t: Task): string {
  const mm = t.mm;
  if (!mm) return '0 0 0 0 0 0 0\n';
  const rss = mm.rssAnon + mm.rssFile + mm.rssShmem;
  return `${mm.totalVm} ${rss} ${mm.rssFile + mm.rssShmem} ${mm.exeVm} 0 ${mm.dataVm + mm.stackVm} 0\n`;
}

export function permsOf(v: Vma): string {
  return `${v.prot & PROT_READ ? 'r' : '-'}${v.prot & PROT_WRITE ? 'w' : '-'}${v.prot & PROT_EXEC ? 'x' : '-'}${v.shared ? 's' : 'p'}`;
}

const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');

/** One maps line (show_map_vma): the prefix padded to 73 columns before the name; anonymous lines end in ' '. */
export function mapsLine(v: Vma): string {
  const ino = v.file && !v.special ? v.file.ino : 0;
  const dev = v.file && !v.special ? v.file.dev : '00:00';
  const prefix = `${hex(v.start * 4096, 8)}-${hex(v.end * 4096, 8)} ${permsOf(v)} ${hex(v.file ? v.pgoff * 4096 : 0, 8)} ${dev} ${ino} `;
  if (!v.name) return prefix + '\n';
  return prefix.padEnd(73) + v.name + '\n';
}

export function mapsText(t: Task): string {
  return t.mm ? t.mm.vmas.map(mapsLine).join('') : '';
}

/** Resident and swapped pages of one VMA, from its page tables. */
function vmaResidency(k: KState, mm: Mm, v: Vma): { rss: number; swap: number } {
  let rss = 0, swap = 0;
  mm.pt.forEachIn(v.start, v.end, (_vpn, e) => {
    if (isPresent(e)) rss++; else if (e < 0) swap++;
  });
  void k;
  return { rss, swap };
}

export function vmaInfos(k: KState, t: Task): VmaInfo[] {
  const mm = t.mm;
  if (!mm) return [];
  return mm.vmas.map((v) => {
    const r = vmaResidency(k, mm, v);
    return {
      start: v.start * 4096, end: v.end * 4096, perms: permsOf(v), offset: v.file ? v.pgoff * 4096 : 0,
      dev: v.file && !v.special ? v.file.dev : '00:00', inode: v.file && !v.special ? v.file.ino : 0, name: v.name,
      rssKb: r.rss * 4, swapKb: r.swap * 4,
    };
  });
}

/** smaps_rollup: totals over all VMAs; Pss divides each page by its mapcount. */
export function smapsRollupText(k: KState, t: Task): string {
  const mm = t.mm;
  if (!mm || mm.vmas.length === 0) return '';
  const f = k.frames;
  let rss = 0, pss = 0, pssAnon = 0, pssFile = 0, pssShmem = 0, pssDirty = 0;
  let sharedClean = 0, sharedDirty = 0, privClean = 0, privDirty = 0, referenced = 0, anon = 0, swap = 0;
  for (const v of mm.vmas) {
    mm.pt.forEachIn(v.start, v.end, (_vpn, e) => {
      if (e === PTE_ZERO) return;
      if (e < 0) { swap++; return; }
      const fr = e - 1, mc = Math.max(1, f.mapCount(fr)), kind = f.kindOf(fr);
      const dirty = kind === Kind.ANON || kind === Kind.SHMEM || f.isDirty(fr);
      const share = 1 / mc;
      rss++; pss += share; referenced++;
      if (dirty) pssDirty += share;
      if (kind === Kind.ANON) { pssAnon += share; anon++; } else if (kind === Kind.SHMEM) pssShmem += share; else pssFile += share;
      if (mc > 1) { if (dirty) sharedDirty++; else sharedClean++; } else if (dirty) privDirty++; else privClean++;
    });
  }
  const line = (n: string, pages: number) => `${(n + ':').padEnd(16)}${String(Math.floor(pages * 4)).padStart(8)} kB\n`;
  const first = mm.vmas[0].start, last = mm.vmas[mm.vmas.length - 1].end;
  let s = `${hex(first * 4096, 8)}-${hex(last * 4096, 8)} ---p 00000000 00:00 0`.padEnd(73) + '[rollup]\n';
  s += line('Rss', rss) + line('Pss', pss) + line('Pss_Dirty', pssDirty) + line('Pss_Anon', pssAnon);
  s += line('Pss_File', pssFile) + line('Pss_Shmem', pssShmem) + line('Shared_Clean', sharedClean);
  s += line('Shared_Dirty', sharedDirty) + line('Private_Clean', privClean) + line('Private_Dirty', privDirty);
  s += line('Referenced', referenced) + line('Anonymous', anon) + line('KSM', 0) + line('LazyFree', 0);
  s += line('AnonHugePages', 0) + line('ShmemPmdMapped', 0) + line('FilePmdMapped', 0) + line('Shared_Hugetlb', 0);
  s += line('Private_Hugetlb', 0) + line('Swap', swap) + line('SwapPss', swap) + line('Locked', 0);
  return s;
}

export function oomAdjText(t: Task): string {
  return `${oomAdjFromScoreAdj(t.oomScoreAdj)}\n`;
}

/** /proc/PID/stat (fs/proc/array.c do_task_stat): 52 fields; times in clock ticks (USER_HZ 100). */
export function statText(k: KState, t: Task): string {
  const p = processInfo(k, t), mm = t.mm;
  const state = p.state === 'X' ? 'X' : p.state;
  const start = Math.floor(t.startTimeMs / 10);
  const code = mm?.vmas.find((v) => v.file && (v.prot & PROT_EXEC) && v.name !== '[vdso]');
  const heap = mm ? mm.startBrk : 0;
  const f = [t.pid, `(${t.comm})`, state, t.pid === 1 || t.pid === 2 ? 0 : t.ppid, t.pid, t.pid, 0, -1,
    t.kernelThread ? 0x208040 : 0x400100, t.minFlt, 0, t.majFlt, 0, 0, 0, 0, 0, 20, 0, 1, 0, start,
    mm ? mm.totalVm * 4096 : 0, mm ? mm.rssAnon + mm.rssFile + mm.rssShmem : 0, '18446744073709551615',
    code ? code.start * 4096 : 0, code ? code.end * 4096 : 0, mm ? mm.stackTop : 0, 0, 0, 0, 0,
    t.kernelThread ? 2147483647 : 0, 0, 0, 0, 0, 17, 0, 0, 0, 0, 0, 0, heap, heap, mm ? mm.brk : 0,
    mm ? mm.stackTop - 4096 : 0, mm ? mm.stackTop - 4000 : 0, mm ? mm.stackTop - 4000 : 0, mm ? mm.stackTop - 16 : 0, 0];
  return f.join(' ') + '\n';
}
