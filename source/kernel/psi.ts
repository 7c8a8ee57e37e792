// Models linux kernel/sched/psi.c for the memory resource: cumulative some/full stall time, the running
// averages (`update_averages`, `calc_avgs`, `calc_load` from kernel/sched/loadavg.c with FSHIFT 11 and the
// EXP_10s/60s/300s constants) and the text of /proc/pressure/memory (`psi_show`).
// Simplified: one CPU; the averaging period is exactly 2000 ms (the kernel's PSI_FREQ is 2*HZ+1 jiffies,
// i.e. 2001-2004 ms); stall time is whatever the simulator reports, in ms; no triggers (poll()).
import type { PsiLine } from './types.js';

const FSHIFT = 11;
const FIXED_1 = 1 << FSHIFT;
export const EXP_10s = 1677;
export const EXP_60s = 1981;
export const EXP_300s = 2034;
export const PSI_PERIOD_NS = 2_000_000_000;
const EXPS = [EXP_10s, EXP_60s, EXP_300s] as const;

/** calc_load(): one fixed-point EWMA step; rounds up while the load rises. */
export function calcLoad(load: number, exp: number, active: number): number {
  let newload = load * exp + active * (FIXED_1 - exp);
  if (active >= load) newload += FIXED_1 - 1;
  return Math.floor(newload / FIXED_1);
}

/** fixed_power_int(x, FSHIFT, n): x^n in fixed point, rounding each multiply. */
export function fixedPowerInt(x: number, n: number): number {
  let result = FIXED_1;
  let base = x;
  while (n) {
    if (n & 1) result = Math.floor((result * base + (FIXED_1 >> 1)) / FIXED_1);
    n = Math.floor(n / 2);
    if (!n) break;
    base = Math.floor((base * base + (FIXED_1 >> 1)) / FIXED_1);
  }
  return result;
}

/** calc_avgs(): decay through missed idle periods, then fold in this period's stall percentage. */
export function calcAvgs(avg: number[], missedPeriods: number, sampleNs: number, periodNs: number): void {
  if (missedPeriods > 0) {
    for (let i = 0; i < 3; i++) avg[i] = calcLoad(avg[i], fixedPowerInt(EXPS[i], missedPeriods), 0);
  }
  const pct = Math.floor((sampleNs * 100) / periodNs) * FIXED_1;
  for (let i = 0; i < 3; i++) avg[i] = calcLoad(avg[i], EXPS[i], pct);
}

/** "%lu.%02lu" of a fixed-point percentage (LOAD_INT, LOAD_FRAC). */
export function formatLoad(x: number): string {
  const int = Math.floor(x / FIXED_1);
  const frac = Math.floor(((x % FIXED_1) * 100) / FIXED_1);
  return `${int}.${String(frac).padStart(2, '0')}`;
}

const SOME = 0, FULL = 1;

/** The memory pressure group of the whole system. */
export class PsiMemory {
  /** Cumulative stall time, ns: [some, full]. */
  private readonly totalNs = [0, 0];
  private readonly avgTotalNs = [0, 0];
  private readonly avg = [[0, 0, 0], [0, 0, 0]];
  private avgNextUpdateNs = PSI_PERIOD_NS;
  private avgLastUpdateNs = 0;

  /**
   * Add stall time observed in the last interval: `someMs` while at least one task was stalled on memory,
   * `fullMs` while every non-idle task was (full <= some).
   */
  record(someMs: number, fullMs: number): void {
    this.totalNs[SOME] += Math.round(someMs * 1e6);
    this.totalNs[FULL] += Math.round(fullMs * 1e6);
  }

  /** Run the averaging worker for every 2 s boundary passed by nowMs (update_averages). */
  update(nowMs: number): void {
    const now = Math.round(nowMs * 1e6);
    if (now < this.avgNextUpdateNs) return;
    const expires = this.avgNextUpdateNs;
    const missed = now - expires >= PSI_PERIOD_NS ? Math.floor((now - expires) / PSI_PERIOD_NS) : 0;
    this.avgNextUpdateNs = expires + (1 + missed) * PSI_PERIOD_NS;
    const period = now - (this.avgLastUpdateNs + missed * PSI_PERIOD_NS);
    this.avgLastUpdateNs = now;
    for (const s of [SOME, FULL]) {
      let sample = this.totalNs[s] - this.avgTotalNs[s];
      // Stall time can slip into the next period; never report more than 100 %.
      if (sample > period) sample = period;
      this.avgTotalNs[s] += sample;
      calcAvgs(this.avg[s], missed, sample, period);
    }
  }

  line(which: 'some' | 'full'): PsiLine {
    const s = which === 'some' ? SOME : FULL;
    const pct = (x: number) => Math.floor(x / FIXED_1) + Math.floor(((x % FIXED_1) * 100) / FIXED_1) / 100;
    return {
      avg10: pct(this.avg[s][0]),
      avg60: pct(this.avg[s][1]),
      avg300: pct(this.avg[s][2]),
      total: Math.floor(this.totalNs[s] / 1000),
    };
  }

  /** /proc/pressure/memory. */
  text(): string {
    const row = (name: 'some' | 'full', s: number) =>
      `${name} avg10=${formatLoad(this.avg[s][0])} avg60=${formatLoad(this.avg[s][1])} ` +
      `avg300=${formatLoad(this.avg[s][2])} total=${Math.floor(this.totalNs[s] / 1000)}\n`;
    return row('some', SOME) + row('full', FULL);
  }
}
