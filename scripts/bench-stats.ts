// Median and spread of repeated measurements, and number formatting for the benchmark table.

export interface Stats {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function stats(samples: number[]): Stats {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

/** 3 significant digits with thousands separators: 1234567 -> "1,230,000", 0.01234 -> "0.0123". */
export function num(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  const rounded = Number(value.toPrecision(3));
  return rounded.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** "median unit (min-max, n=N)". */
export function describeStats(s: Stats, unit: string): string {
  const spread = s.n > 1 ? ` (${num(s.min)}-${num(s.max)}, n=${s.n})` : ' (n=1)';
  return `${num(s.median)}${unit ? ' ' + unit : ''}${spread}`;
}

/** Runs fn `times` times (after `warmup` unmeasured runs) and returns what each run returned. */
export async function repeat<T>(times: number, fn: (i: number) => T | Promise<T>, warmup = 0): Promise<T[]> {
  for (let i = 0; i < warmup; i++) await fn(-1);
  const out: T[] = [];
  for (let i = 0; i < times; i++) out.push(await fn(i));
  return out;
}
