// Wires the memory-pressure machinery into the core kernel: builds the PressureState and replaces the default
// PressureHooks of page-alloc.ts with the real ones (kswapd, direct reclaim, OOM, overcommit, swap, writeback,
// drop_caches, PSI). The role of the places in mm/page_alloc.c, mm/memory.c, mm/util.c, fs/ and kernel/sched/psi.c
// that call into vmscan, swap, writeback and the OOM killer.
import type { PressureHooks } from './page-alloc.js';
import { printkLine, type KState, type Task } from './state.js';
import { KERN_WARNING } from './printk.js';
import { newPressureState, syncSwapCounters, type PressureState } from './pressure-state.js';
import { directReclaim, kswapdTick, wakeKswapd, completeWrites } from './vmscan.js';
import { fileRefault, refaultsPossible } from './workingset.js';
import { swapIn, shmemSwapIn, swapFree } from './swap-state.js';
import { balanceDirtyPages, dirtyLimits, flusherTick, syncAll } from './fs-writeback.js';
import { outOfMemory, oomReaperTick } from './out-of-memory.js';
import { dropCaches } from './drop-caches.js';
import { setupZoneWatermarks, totalreservePages } from './watermarks.js';
import { psiTick } from './psi-account.js';

const states = new WeakMap<KState, PressureState>();

/** The pressure state of a kernel (tests and /proc use it). */
export function pressureOf(k: KState): PressureState | undefined {
  return states.get(k);
}

/** Recompute min/low/high and totalreserve from vm.min_free_kbytes and vm.watermark_scale_factor. */
export function recomputeWatermarks(k: KState): void {
  const minFree = k.sysctl.value('vm.min_free_kbytes');
  const w = setupZoneWatermarks(k.frames.total, minFree, k.sysctl.value('vm.watermark_scale_factor'));
  k.wmark = { minFreeKbytes: minFree, min: w.minPages, low: w.lowPages, high: w.highPages,
    totalreserve: totalreservePages(k.frames.total, w.highPages) };
}

/** __vm_enough_memory with Committed_AS kept in k.committed (meminfo reads it there). */
function vmEnoughMemory(ps: PressureState, task: Task | null, pages: number, capSysAdmin: boolean): boolean {
  const k = ps.k;
  ps.commit.committedPages = k.committed;
  const v = ps.commit.enoughMemory(pages, {
    pid: task?.pid ?? 0, comm: task?.comm ?? 'kthreadd', capSysAdmin, totalVmPages: task?.mm ? task.mm.totalVm : undefined,
  }, k.nowMs);
  k.committed = ps.commit.committedPages;
  if (!v.ok) {
    if (v.suppressed) printkLine(k, KERN_WARNING, v.suppressed);
    if (v.warning) printkLine(k, KERN_WARNING, v.warning);
  }
  return v.ok;
}

/** One scheduler quantum of the background machinery, in the kernel's order of events. */
function tick(ps: PressureState, quantumMs: number): void {
  const k = ps.k;
  const done = completeWrites(ps, k.nowMs, Infinity, false);
  flusherTick(ps);
  kswapdTick(ps, quantumMs, done.freed);
  oomReaperTick(ps);
  psiTick(ps, quantumMs);
}

export function installPressure(k: KState): PressureState {
  const ps = newPressureState(k);
  states.set(k, ps);
  ps.commit.committedPages = k.committed;
  syncSwapCounters(ps);
  recomputeWatermarks(k);
  const hooks: PressureHooks = {
    wakeKswapd: () => wakeKswapd(ps),
    directReclaim: (_k, task) => directReclaim(ps, task),
    outOfMemory: (_k, task) => outOfMemory(ps, task),
    vmEnoughMemory: (_k, task, pages, cap) => vmEnoughMemory(ps, task, pages, cap),
    vmUnacctMemory: (kk, pages) => { kk.committed -= pages; },
    swapIn: (_k, task, mm, vpn, slot, write) => swapIn(ps, task, mm, vpn, slot, write),
    shmemSwapIn: (_k, task, ino, index, slot) => shmemSwapIn(ps, task, ino, index, slot),
    swapFree: (_k, slot) => swapFree(ps, slot),
    balanceDirtyPages: (_k, _task, pages) => balanceDirtyPages(ps, pages),
    sync: () => syncAll(ps),
    tick: (_k, quantumMs) => tick(ps, quantumMs),
    sysctlWritten: (kk, name, value, writer) => sysctlWritten(ps, kk, name, value, writer),
    psi: () => ({ some: ps.psi.line('some'), full: ps.psi.line('full') }),
    kswapdState: () => (ps.kswapd.awake ? 'reclaiming' : 'sleeping'),
    dirtyThresholds: (kk) => dirtyLimits(kk),
    pageCacheAdded: (_k, ino, index, fr) => fileRefault(ps, ino, index, fr),
    refaultsPossible: () => refaultsPossible(ps),
    writebackCancel: (_k, fr) => ps.disk.cancel(fr),
  };
  k.hooks = hooks;
  return ps;
}

function sysctlWritten(ps: PressureState, k: KState, name: string, value: number, writer: Task | null): void {
  switch (name) {
    case 'vm.min_free_kbytes':
    case 'vm.watermark_scale_factor':
      recomputeWatermarks(k);
      return;
    case 'vm.drop_caches':
      dropCaches(k, ps.dropCaches, value, writer);
      return;
  }
}

