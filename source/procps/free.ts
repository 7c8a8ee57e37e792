// The `free` command of procps-ng 4.0.x: procps src/free.c (layout, units, -h rounding) on top of
// library/meminfo.c (how /proc/meminfo text is parsed and how `used`, `buff/cache` and `available` are derived).
// Input is the /proc/meminfo TEXT, exactly what the real `free` reads, so the real binary pointed at memsim's
// meminfo prints the same bytes (test/infra/free-real.test.ts checks this).
// Simplified away: -l (low/high memory, meaningless on 64-bit), -s/-c (repeating is the caller's job), and the
// --tera/--peta/--tebi/--pebi units.

/** Parsed /proc/meminfo: field name -> value in kB (HugePages_* are counts), as procps' strtoul reads them. */
export type Meminfo = Record<string, number>;

/** The numbers `free` prints, in kB, computed as procps-ng 4.0.x library/meminfo.c does. */
export interface FreeColumns {
  total: number;
  used: number;
  free: number;
  shared: number;
  buffers: number;
  /** Cached + SReclaimable (the `cache` column of `free -w`). */
  cache: number;
  /** buffers + cache (the `buff/cache` column). */
  buffCache: number;
  available: number;
  swapTotal: number;
  swapUsed: number;
  swapFree: number;
  /** For `free -v` (Comm: line). */
  commitLimit: number;
  committedAs: number;
}

/** b = -b bytes, k = -k KiB (also the default), m = -m, g = -g, h = -h human-readable. */
export type FreeUnit = 'b' | 'k' | 'm' | 'g' | 'h';

export interface FreeOptions {
  unit: FreeUnit;
  /** -w: separate buffers and cache columns. */
  wide: boolean;
  /** --si: powers of 1000 (with k/m/g this is --kilo/--mega/--giga; with b it changes nothing). */
  si?: boolean;
  /** -t: a Total: line (Mem + Swap). */
  total?: boolean;
  /** -v: a Comm: line (CommitLimit, Committed_AS, their difference). */
  committed?: boolean;
}

/**
 * Parses /proc/meminfo text like procps: each line is `Key: value [kB]`; a key seen twice keeps the last value;
 * lines without a colon are ignored.
 */
export function parseMeminfo(text: string): Meminfo {
  const fields: Meminfo = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const match = /^\s*(\d+)/.exec(line.slice(colon + 1));
    fields[line.slice(0, colon)] = match ? Number(match[1]) : 0;
  }
  return fields;
}

/** The derivations of procps-ng 4.0.x meminfo_read_failed(), field by field. */
export function computeFree(fields: Meminfo): FreeColumns {
  const get = (key: string): number => fields[key] ?? 0;
  const total = get('MemTotal');
  const free = get('MemFree');
  // Kernels before 3.14 have no MemAvailable; in containers it can exceed MemTotal. Both fall back to MemFree.
  let available = get('MemAvailable');
  if (available === 0) available = free;
  if (available > total) available = free;
  // Since 4.0.1 `used` is what is NOT available, not total - free - buff/cache.
  let used = total - available;
  if (used < 0) used = total - free;
  const buffers = get('Buffers');
  const cache = get('Cached') + get('SReclaimable');
  const swapTotal = get('SwapTotal');
  const swapFree = get('SwapFree');
  return {
    total,
    used,
    free,
    shared: get('Shmem'),
    buffers,
    cache,
    buffCache: buffers + cache,
    available,
    swapTotal,
    swapUsed: swapFree < swapTotal ? swapTotal - swapFree : 0,
    swapFree,
    commitLimit: get('CommitLimit'),
    committedAs: get('Committed_AS'),
  };
}

const HEADER = '               total        used        free      shared  buff/cache   available';
const HEADER_WIDE = '               total        used        free      shared     buffers       cache   available';

/** The whole output of `free` with these options, newline-terminated, as procps-ng 4.0.x prints it. */
export function formatFree(cols: FreeColumns, opts: FreeOptions): string {
  const cell = (kb: number): string => scaleSize(kb, opts);
  const row = (label: string, values: number[]): string =>
    headCol(label) + values.map((v, i) => (i === 0 ? '' : ' ') + cell(v).padStart(11)).join('') + '\n';

  const memValues = [cols.total, cols.used, cols.free, cols.shared];
  if (opts.wide) memValues.push(cols.buffers, cols.cache);
  else memValues.push(cols.buffCache);
  memValues.push(cols.available);

  let out = (opts.wide ? HEADER_WIDE : HEADER) + '\n';
  out += row('Mem:', memValues);
  out += row('Swap:', [cols.swapTotal, cols.swapUsed, cols.swapFree]);
  if (opts.total) {
    out += row('Total:', [cols.total + cols.swapTotal, cols.used + cols.swapUsed, cols.free + cols.swapFree]);
  }
  if (opts.committed) {
    out += row('Comm:', [cols.commitLimit, cols.committedAs, cols.commitLimit - cols.committedAs]);
  }
  return out;
}

/** print_head_col(): the label left-aligned in 9 columns. */
function headCol(label: string): string {
  return label.padEnd(9);
}

const UNIT_EXPONENT: Record<Exclude<FreeUnit, 'h'>, number> = { b: 1, k: 2, m: 3, g: 4 };
const SUFFIXES = ['K', 'M', 'G', 'T', 'P'];

/**
 * scale_size() of src/free.c. Non-human units divide bytes by base^(exponent-1) and truncate; -h tries
 * "%.1f" of the value as a C float, then "%ld", at each power until it fits 5 characters (4 with --si).
 * Negative numbers (Comm: free) come out signed, as C's %ld prints the wrapped unsigned value.
 */
export function scaleSize(kb: number, opts: Pick<FreeOptions, 'unit' | 'si'>): string {
  const base = opts.si ? 1000 : 1024;
  const bytes = kb * 1024;
  if (opts.unit !== 'h') {
    const exponent = UNIT_EXPONENT[opts.unit];
    if (exponent === 1) return String(bytes);
    return String(Math.trunc(bytes / base ** (exponent - 1)));
  }
  let text = `${bytes}B`;
  if (text.length <= 4) return text;
  const width = opts.si ? 4 : 5;
  const unitSuffix = opts.si ? '' : 'i';
  for (let i = 1; i <= SUFFIXES.length; i++) {
    const scaled = bytes / base ** i;
    const suffix = SUFFIXES[i - 1] + unitSuffix;
    text = formatOneDecimal(scaled) + suffix;
    if (text.length <= width) return text;
    text = String(Math.trunc(scaled)) + suffix;
    if (text.length <= width) return text;
  }
  return text;
}

/**
 * printf("%.1f", (float)value): glibc rounds the exact binary value to nearest, ties to even. JavaScript's
 * toFixed() rounds ties away from zero (7.25 -> "7.3" where C prints "7.2"), so round by hand. After the cast
 * to a 24-bit float, value * 10 is exact in a double, so the tie test below is exact.
 */
export function formatOneDecimal(value: number): string {
  const asFloat = Math.fround(value);
  const negative = asFloat < 0;
  const tenths = Math.abs(asFloat) * 10;
  const floor = Math.floor(tenths);
  const fraction = tenths - floor;
  let rounded = floor;
  if (fraction > 0.5 || (fraction === 0.5 && floor % 2 === 1)) rounded = floor + 1;
  const whole = Math.floor(rounded / 10);
  const text = `${whole}.${rounded % 10}`;
  return negative ? `-${text}` : text; // C prints -0.0 too
}
