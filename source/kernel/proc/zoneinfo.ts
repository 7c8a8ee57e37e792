// /proc/zoneinfo and /proc/loadavg: the roles of mm/vmstat.c zoneinfo_show_print (one node, one zone "Normal"
// here: the simulator's single zone holds all managed memory) and of kernel/sched/loadavg.c (calc_load's fixed-point
// EWMA every LOAD_FREQ = 5 s over runnable + uninterruptible tasks) with fs/proc/loadavg.c's format.
import type { KState } from '../state.js';
import { vmstatFields } from './vmstat.js';

const ZONE_ITEMS = new Set(['nr_free_pages', 'nr_zone_inactive_anon', 'nr_zone_active_anon', 'nr_zone_inactive_file',
  'nr_zone_active_file', 'nr_zone_unevictable', 'nr_zone_write_pending', 'nr_mlock', 'nr_bounce', 'nr_zspages',
  'nr_free_cma', 'numa_hit', 'numa_miss', 'numa_foreign', 'numa_interleave', 'numa_local', 'numa_other']);

export function zoneinfoText(k: KState): string {
  const fields = vmstatFields(k);
  const end = fields.findIndex(([n]) => n === 'nr_dirty_threshold');
  const node = fields.slice(0, end).filter(([n]) => !ZONE_ITEMS.has(n));
  const zone = fields.filter(([n]) => ZONE_ITEMS.has(n));
  const item = ([n, v]: [string, number]) => `\n      ${n.padEnd(12)} ${v}`;
  const ramPages = Math.floor(k.config.ramBytes / 4096);
  let s = 'Node 0, zone   Normal\n  per-node stats' + node.map(item).join('');
  s += `\n  pages free     ${k.frames.nrFree}\n        boost    0\n        min      ${k.wmark.min}`;
  s += `\n        low      ${k.wmark.low}\n        high     ${k.wmark.high}\n        spanned  ${ramPages}`;
  s += `\n        present  ${ramPages}\n        managed  ${k.frames.total}\n        cma      0`;
  s += '\n        protection: (0, 0, 0, 0, 0)' + zone.map(item).join('');
  s += '\n  pagesets\n    cpu: 0\n              count: 0\n              high:  0\n              batch: 63';
  s += '\n  vm stats threshold: 24\n    cpu: 1\n              count: 0\n              high:  0\n              batch: 63';
  s += '\n  vm stats threshold: 24\n  node_unreclaimable:  0\n  start_pfn:           1\n';
  return s;
}

/** calc_load fixed point (FSHIFT 11): EXP_1 1884, EXP_5 2014, EXP_15 2037. */
const FIXED_1 = 2048, EXP = [1884, 2014, 2037];
export const LOAD_FREQ_MS = 5000;

export interface LoadAvg { avg: [number, number, number]; nextMs: number }

export function newLoadAvg(): LoadAvg {
  return { avg: [0, 0, 0], nextMs: LOAD_FREQ_MS };
}

/** Fold the number of active (R + D) tasks into the three averages, once per LOAD_FREQ. */
export function updateLoadAvg(la: LoadAvg, nowMs: number, active: number): void {
  while (nowMs >= la.nextMs) {
    const a = active * FIXED_1;
    la.avg = la.avg.map((old, i) => {
      const v = old * EXP[i] + a * (FIXED_1 - EXP[i]);
      return Math.floor((v + (a >= old ? FIXED_1 - 1 : 0)) / FIXED_1); // calc_load rounds up while rising
    }) as [number, number, number];
    la.nextMs += LOAD_FREQ_MS;
  }
}

/** "0.00 0.01 0.05 1/123 4567": LOAD_INT.LOAD_FRAC of each average, running/total tasks, last pid. */
export function loadavgText(la: LoadAvg, running: number, total: number, lastPid: number): string {
  const f = (x: number) => `${Math.floor(x / FIXED_1)}.${String(Math.floor(((x % FIXED_1) * 100) / FIXED_1)).padStart(2, '0')}`;
  return `${f(la.avg[0])} ${f(la.avg[1])} ${f(la.avg[2])} ${running}/${total} ${lastPid}\n`;
}
