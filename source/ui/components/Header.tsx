// Status line and htop-style meters (htop's MemoryMeter/SwapMeter: the meter only formats numbers it is
// given). Mem bar = used | shared | buff/cache | free with the zone watermarks min/low/high marked where the
// free part would reach them; the numbers are the ones `free` prints. Then Swap, and one line of reclaim state:
// kswapd, PSI, overcommit, Committed_AS vs CommitLimit, swappiness.
import React from 'react';
import type { KernelSnapshot } from '../../kernel/types.js';
import { PAGE_SIZE } from '../../kernel/types.js';
import { type FreeNumbers, freeHuman } from '../free-view.js';
import { COLOR, FILL } from '../theme.js';
import { type Segment, seg, segmentsWidth } from './Line.js';
import { Block } from './Block.js';

const OVERCOMMIT_NAMES = ['heuristic', 'always', 'never'];
const KB_PER_PAGE = PAGE_SIZE / 1024;

export interface StatusInfo {
  timeMs: number;
  speed: number;
  paused: boolean;
  panicked: boolean;
  processCount: number;
  oomKills: number;
  /** `Title · step k of n` while a scenario plays. */
  scenario?: string;
}

export function statusSegments(info: StatusInfo, _width: number): Segment[] {
  // No right alignment: padding would be rewritten on every frame that moves the clock.
  const out: Segment[] = [
    seg('memsim', { bold: true }),
    seg(`  up ${formatUptime(info.timeMs)}  speed ${formatSpeed(info.speed)}  procs ${info.processCount}  oom kills ${info.oomKills}`),
  ];
  if (info.scenario) out.push(seg('  │ '), seg(info.scenario, { color: COLOR.accent, bold: true }));
  if (info.panicked) out.push(seg('  '), seg(' KERNEL PANIC (vm.panic_on_oom) ', { bold: true, inverse: true, color: COLOR.danger }));
  if (info.paused) {
    out.push(seg('  '), seg(' ‖ PAUSED · space resumes · . steps ', { bold: true, inverse: true, color: COLOR.warn }));
  }
  return out;
}

/** Simulated uptime as m:ss (whole seconds: the status line then changes once a simulated second). */
export function formatUptime(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

export function formatSpeed(speed: number): string {
  return `${speed}x`;
}

/** Cells of a `width`-cell bar for `kb` of `totalKb`. */
function cells(kb: number, totalKb: number, width: number): number {
  if (totalKb <= 0 || kb <= 0) return 0;
  return Math.min(width, Math.round((kb / totalKb) * width));
}

/** The Mem bar's inner characters, one per cell (exported for tests). */
export function memBarCells(free: FreeNumbers, snapshot: KernelSnapshot, width: number): { kind: keyof typeof FILL | 'mark'; ch: string }[] {
  const used = cells(free.usedKb, free.totalKb, width);
  const cache = Math.min(width - used, cells(free.buffCacheKb, free.totalKb, width));
  const shared = Math.min(cache, cells(free.sharedKb, free.totalKb, width));
  const bar: { kind: keyof typeof FILL | 'mark'; ch: string }[] = [];
  for (let i = 0; i < width; i++) {
    if (i < used) bar.push({ kind: 'used', ch: FILL.used });
    else if (i < used + shared) bar.push({ kind: 'shared', ch: FILL.shared });
    else if (i < used + cache) bar.push({ kind: 'cache', ch: FILL.cache });
    else bar.push({ kind: 'free', ch: FILL.free });
  }
  // Watermarks: free memory falls below a mark when the free part (at the right end) gets shorter than it.
  const wm = snapshot.watermarks;
  const marks: [string, number][] = [['h', wm.highPages], ['l', wm.lowPages], ['m', wm.minPages]];
  for (const [letter, pages] of marks) {
    const fromRight = Math.max(1, cells(pages * KB_PER_PAGE, free.totalKb, width));
    const at = width - fromRight;
    if (at >= 0 && at < width) bar[at] = { kind: 'mark', ch: letter };
  }
  return bar;
}

function barSegments(bar: { kind: keyof typeof FILL | 'mark'; ch: string }[]): Segment[] {
  // Merge runs of the same kind into one span: fewer escape sequences per frame.
  const out: Segment[] = [];
  for (const c of bar) {
    const last = out[out.length - 1] as (Segment & { kind?: string }) | undefined;
    if (last && last.kind === c.kind) last.text += c.ch;
    else out.push(Object.assign(seg(c.ch, styleOf(c.kind)), { kind: c.kind }));
  }
  return out.map(({ text, color, bold, dim }) => ({ text, color, bold, dim }));
}

function styleOf(kind: keyof typeof FILL | 'mark'): Omit<Segment, 'text'> {
  switch (kind) {
    case 'used': return { color: COLOR.used, bold: true };
    case 'shared': return { color: COLOR.shared };
    case 'cache': return { color: COLOR.cache };
    case 'swapUsed': return { color: COLOR.swapUsed, bold: true };
    case 'mark': return { color: COLOR.mark, bold: true };
    default: return { color: COLOR.free, dim: true };
  }
}

export function memBarSegments(free: FreeNumbers, snapshot: KernelSnapshot, width: number): Segment[] {
  const suffix = ` total ${freeHuman(free.totalKb)}`;
  const inner = Math.max(10, width - 'Mem  []'.length - suffix.length);
  return [seg('Mem  [', { bold: true }), ...barSegments(memBarCells(free, snapshot, inner)), seg(']', { bold: true }), seg(suffix)];
}

export function memNumbersSegments(free: FreeNumbers, width: number): Segment[] {
  const numbers = [
    seg(`${FILL.used} `, styleOf('used')), seg(`used ${freeHuman(free.usedKb)}  `),
    seg(`${FILL.shared} `, styleOf('shared')), seg(`shared ${freeHuman(free.sharedKb)}  `),
    seg(`${FILL.cache} `, styleOf('cache')), seg(`buff/cache ${freeHuman(free.buffCacheKb)}  `),
    seg(`${FILL.free} `, styleOf('free')), seg(`free ${freeHuman(free.freeKb)}  `),
    seg(`available ${freeHuman(free.availableKb)}`),
  ];
  const legend = seg('   watermarks on the bar: m=min l=low h=high', { dim: true });
  return segmentsWidth(numbers) + segmentsWidth([legend]) <= width ? [...numbers, legend] : numbers;
}

export function swapBarSegments(free: FreeNumbers, width: number): Segment[] {
  if (free.swapTotalKb === 0) return [seg('Swap [', { bold: true }), seg('no swap', { dim: true }), seg(']', { bold: true })];
  const suffix = ` used ${freeHuman(free.swapUsedKb)} of ${freeHuman(free.swapTotalKb)}`;
  const inner = Math.max(10, width - 'Swap []'.length - suffix.length);
  const used = cells(free.swapUsedKb, free.swapTotalKb, inner);
  const bar = [
    ...Array.from({ length: used }, () => ({ kind: 'swapUsed' as const, ch: FILL.swapUsed })),
    ...Array.from({ length: inner - used }, () => ({ kind: 'free' as const, ch: FILL.free })),
  ];
  return [seg('Swap [', { bold: true }), ...barSegments(bar), seg(']', { bold: true }), seg(suffix)];
}

export function reclaimSegments(snapshot: KernelSnapshot, width: number): Segment[] {
  const reclaiming = snapshot.kswapd.state === 'reclaiming';
  const mode = snapshot.sysctl['vm.overcommit_memory'] ?? 0;
  const committed = snapshot.meminfo['Committed_AS'] ?? 0;
  const limit = snapshot.meminfo['CommitLimit'] ?? 0;
  const swappiness = snapshot.sysctl['vm.swappiness'] ?? 0;
  const some = snapshot.psi.some.avg10.toFixed(2);
  const full = snapshot.psi.full.avg10.toFixed(2);
  const kswapd = seg(`kswapd ${snapshot.kswapd.state}`, reclaiming ? { bold: true, color: COLOR.warn } : {});
  const overCommitted = committed > limit;
  const commitStyle = overCommitted ? { bold: true, color: COLOR.warn } : {};
  const wm = snapshot.watermarks;
  const wmark = seg(`  wmark min/low/high ${freeHuman(wm.minPages * KB_PER_PAGE)}/${freeHuman(wm.lowPages * KB_PER_PAGE)}/${freeHuman(wm.highPages * KB_PER_PAGE)}`, { dim: true });
  const long = [
    kswapd, seg(`  PSI some ${some} full ${full}  overcommit ${mode} (${OVERCOMMIT_NAMES[mode] ?? '?'})  `),
    seg(`Committed_AS ${freeHuman(committed)}`, commitStyle),
    seg(` / CommitLimit ${freeHuman(limit)}  swappiness ${swappiness}`),
  ];
  const medium = [
    kswapd, seg(`  PSI some ${some} full ${full}  overcommit ${mode}  `),
    seg(`Committed_AS ${freeHuman(committed)}`, commitStyle),
    seg(` / CommitLimit ${freeHuman(limit)}  swappiness ${swappiness}`),
  ];
  const short = [
    kswapd, seg(`  PSI ${some}/${full}  ovc ${mode}  `),
    seg(`commit ${freeHuman(committed)}`, commitStyle),
    seg(`/${freeHuman(limit)}  swappiness ${swappiness}`),
  ];
  // The most explicit variant that fits the width.
  for (const candidate of [[...long, wmark], long, medium]) {
    if (segmentsWidth(candidate) <= width) return candidate;
  }
  return short;
}

export interface HeaderProps {
  snapshot: KernelSnapshot;
  free: FreeNumbers;
  status: StatusInfo;
  width: number;
}

export function Header({ snapshot, free, status, width }: HeaderProps): React.JSX.Element {
  const lines = [
    statusSegments(status, width), memBarSegments(free, snapshot, width), memNumbersSegments(free, width),
    swapBarSegments(free, width), reclaimSegments(snapshot, width),
  ];
  return <Block width={width} lines={lines} />;
}
