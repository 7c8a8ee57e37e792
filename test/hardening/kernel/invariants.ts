// The accounting identities a Linux kernel keeps (linux-mm-model.md §5; fs/proc/meminfo.c, mm/vmstat.c), checked
// from the outside through Kernel.snapshot() and vmas() only: the same numbers the dashboard shows must add up.
// Each check returns messages (empty = consistent) so one run reports every broken identity at once.
import type { Kernel, KernelSnapshot, VmaInfo } from '../../../source/kernel/types.js';

/** What stays fixed after boot: memory no category shows (kernel image, vmalloc, percpu...) and the swap size. */
export interface Baseline { residualKb: number; swapTotalKb: number; memTotalKb: number }

function residualKb(m: Readonly<Record<string, number>>): number {
  return m.MemTotal! - (m.MemFree! + m.Active! + m.Inactive! + m.Unevictable! + m.Slab! + m.KernelStack! + m.PageTables! + (m.SecPageTables ?? 0));
}

export function baselineOf(kernel: Kernel): Baseline {
  const m = kernel.snapshot().meminfo;
  return { residualKb: residualKb(m), swapTotalKb: m.SwapTotal!, memTotalKb: m.MemTotal! };
}

function eq(out: string[], what: string, a: number, b: number): void {
  if (a !== b) out.push(`${what}: ${a} != ${b} (diff ${a - b})`);
}

/** Global identities of /proc/meminfo and /proc/vmstat. */
export function checkGlobal(s: KernelSnapshot, base: Baseline): string[] {
  const out: string[] = [];
  const m = s.meminfo;
  for (const [k, v] of Object.entries(m)) if (!Number.isFinite(v) || v < 0) out.push(`meminfo.${k} = ${v}`);
  for (const [k, v] of Object.entries(s.vmstat)) if (!Number.isFinite(v) || v < 0) out.push(`vmstat.${k} = ${v}`);
  eq(out, 'MemTotal constant', m.MemTotal!, base.memTotalKb);
  eq(out, 'SwapTotal constant', m.SwapTotal!, base.swapTotalKb);
  // memsim keeps anonymous pages off the LRU while their swap-out write is in flight (SwapCached + Writeback);
  // Linux puts them back on the inactive list. Those pages are the only ones allowed outside every category.
  const offLruKb = m.AnonPages! + m.Shmem! + m.SwapCached! - (m['Active(anon)']! + m['Inactive(anon)']!);
  if (offLruKb < 0 || offLruKb > m.Writeback!) out.push(`anon LRU = AnonPages + Shmem + SwapCached - (pages under swap-out): off by ${offLruKb} kB, Writeback ${m.Writeback} kB`);
  // Every frame is in exactly one category: free + LRU + slab + stacks + page tables + fixed kernel memory.
  eq(out, 'frames conserved (MemTotal - categories - pages under swap-out = boot residual)', residualKb(m) - Math.max(0, offLruKb), base.residualKb);
  eq(out, 'Active = Active(anon) + Active(file)', m.Active!, m['Active(anon)']! + m['Active(file)']!);
  eq(out, 'Inactive = Inactive(anon) + Inactive(file)', m.Inactive!, m['Inactive(anon)']! + m['Inactive(file)']!);
  eq(out, 'Slab = SReclaimable + SUnreclaim', m.Slab!, m.SReclaimable! + m.SUnreclaim!);
  eq(out, 'file LRU = Buffers + Cached - Shmem', m['Active(file)']! + m['Inactive(file)']!, m.Buffers! + m.Cached! - m.Shmem!);
  if (m.MemFree! > m.MemTotal!) out.push(`MemFree ${m.MemFree} > MemTotal ${m.MemTotal}`);
  if (m.SwapFree! > m.SwapTotal!) out.push(`SwapFree ${m.SwapFree} > SwapTotal ${m.SwapTotal}`);
  // (Writeback also counts anonymous pages being written to swap, so only Dirty is bounded by the file pages.)
  if (m.Dirty! > m.Buffers! + m.Cached! - m.Shmem!) out.push(`Dirty ${m.Dirty} > file pages`);
  if (m.Mapped! > m.Buffers! + m.Cached!) out.push(`Mapped ${m.Mapped} > Cached+Buffers`);
  // /proc/vmstat gauges are the same counters in pages.
  const v = s.vmstat;
  eq(out, 'vmstat nr_free_pages x4 = MemFree', v.nr_free_pages! * 4, m.MemFree!);
  eq(out, 'vmstat nr_anon_pages x4 = AnonPages', v.nr_anon_pages! * 4, m.AnonPages!);
  eq(out, 'vmstat nr_shmem x4 = Shmem', v.nr_shmem! * 4, m.Shmem!);
  eq(out, 'vmstat nr_file_pages x4 = Buffers + Cached + SwapCached', v.nr_file_pages! * 4, m.Buffers! + m.Cached! + m.SwapCached!);
  eq(out, 'vmstat nr_dirty x4 = Dirty', v.nr_dirty! * 4, m.Dirty!);
  return out;
}

/** Per-process identities: RSS parts, high-water marks, and agreement with the VMA list (smaps). */
export function checkProcesses(kernel: Kernel, s: KernelSnapshot): string[] {
  const out: string[] = [];
  let rssAnonSum = 0;
  let swapSum = 0;
  for (const p of s.processes) {
    const who = `pid ${p.pid} (${p.comm}, ${p.state})`;
    for (const [k, val] of Object.entries(p)) if (typeof val === 'number' && (!Number.isFinite(val) || (val < 0 && k !== 'oomScoreAdj'))) out.push(`${who}: ${k} = ${val}`);
    eq(out, `${who}: VmRSS = RssAnon + RssFile + RssShmem`, p.vmRssKb, p.rssAnonKb + p.rssFileKb + p.rssShmemKb);
    if (p.vmHwmKb < p.vmRssKb) out.push(`${who}: VmHWM ${p.vmHwmKb} < VmRSS ${p.vmRssKb}`);
    if (p.vmPeakKb < p.vmSizeKb) out.push(`${who}: VmPeak ${p.vmPeakKb} < VmSize ${p.vmSizeKb}`);
    if (p.vmRssKb > p.vmSizeKb) out.push(`${who}: VmRSS ${p.vmRssKb} > VmSize ${p.vmSizeKb}`);
    if (p.oomScoreAdj < -1000 || p.oomScoreAdj > 1000) out.push(`${who}: oom_score_adj ${p.oomScoreAdj}`);
    if (p.kernelThread && p.vmRssKb !== 0) out.push(`${who}: kernel thread with RSS ${p.vmRssKb}`);
    rssAnonSum += p.rssAnonKb;
    swapSum += p.vmSwapKb;
    if (p.kernelThread || p.state === 'X' || p.state === 'Z') continue;
    const vmas = kernel.vmas(p.pid);
    if (!vmas.ok) {
      out.push(`${who}: vmas() failed with ${vmas.errno}`);
      continue;
    }
    const list = vmas.value;
    const sum = (f: (v: VmaInfo) => number) => list.reduce((a, v) => a + f(v), 0);
    eq(out, `${who}: sum of VMA Rss = VmRSS`, sum((v) => v.rssKb), p.vmRssKb);
    eq(out, `${who}: sum of VMA Swap = VmSwap`, sum((v) => v.swapKb), p.vmSwapKb);
    eq(out, `${who}: sum of VMA sizes = VmSize`, sum((v) => (v.end - v.start) / 1024), p.vmSizeKb);
    for (let i = 1; i < list.length; i++) {
      if (list[i]!.start < list[i - 1]!.end) out.push(`${who}: overlapping VMAs at ${list[i]!.start.toString(16)}`);
    }
  }
  // No fork in the model: every mapped anonymous page belongs to exactly one process.
  eq(out, 'sum of RssAnon = AnonPages', rssAnonSum, s.meminfo.AnonPages!);
  const swapUsed = s.meminfo.SwapTotal! - s.meminfo.SwapFree!;
  if (swapSum > swapUsed) out.push(`sum of VmSwap ${swapSum} > swap used ${swapUsed}`);
  return out;
}

/** A compact picture of every state a failed syscall must not change. The kernel log is left out: Linux prints
 *  warnings on some refusals (__vm_enough_memory in mm/util.c), which is not a change of memory state. */
export function stateFingerprint(kernel: Kernel): string {
  const s = kernel.snapshot();
  return JSON.stringify([s.meminfo, s.vmstat, s.sysctl, s.processes, s.timeMs]);
}
