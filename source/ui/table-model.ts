// The process table's model, without any rendering: sort orders, the name filter, scrolling, cell sizes.
import type { ProcessInfo } from '../kernel/types.js';

export type SortKey = 'rss' | 'oom' | 'pid' | 'swap';
export const SORT_KEYS: readonly SortKey[] = ['rss', 'oom', 'pid', 'swap'];

export function sortProcesses(procs: readonly ProcessInfo[], key: SortKey): ProcessInfo[] {
  const value = (p: ProcessInfo): number => {
    switch (key) {
      case 'rss': return p.vmRssKb;
      case 'oom': return p.oomScore;
      case 'swap': return p.vmSwapKb;
      default: return -p.pid;
    }
  };
  // Tasks just killed (state X) are pinned on top while the kernel still shows them: their memory is already
  // freed, so by RSS they would sink out of sight at once. Then descending by the key, ties by pid, so the
  // order is stable from frame to frame.
  const killed = (p: ProcessInfo): number => (p.state === 'X' ? 1 : 0);
  return [...procs].sort((a, b) => killed(b) - killed(a) || value(b) - value(a) || a.pid - b.pid);
}

export function filterProcesses(procs: readonly ProcessInfo[], filter: string): ProcessInfo[] {
  if (filter === '') return [...procs];
  const needle = filter.toLowerCase();
  return procs.filter((p) => p.comm.toLowerCase().includes(needle));
}

/** The first row to show so that `selected` is inside a window of `height` rows (keeps scrollTop if it can). */
export function scrollFor(selected: number, scrollTop: number, height: number, count: number): number {
  if (count <= height) return 0;
  let top = Math.min(scrollTop, count - height);
  if (selected < top) top = selected;
  if (selected >= top + height) top = selected - height + 1;
  return Math.max(0, top);
}

/** Compact kB amount for a table cell: 512K, 300M, 1.5G. */
export function compactKb(kb: number): string {
  if (kb < 10 * 1024) return `${kb}K`;
  if (kb < 10 * 1024 * 1024) return `${Math.round(kb / 1024)}M`;
  return `${(kb / 1024 / 1024).toFixed(1)}G`;
}
