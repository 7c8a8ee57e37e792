// THE size, rate and duration parser of memsim: the shell's commands (`hog --size 256M`, `dd bs=1M`,
// `sleep 500ms`), the scenario files (`ram: 1GiB`, `after: 2s`, `"> 100MiB"`) and the CLI flags (`--ram 2G`)
// all read their numbers here, so a size means the same thing everywhere.
// Models the suffixes of coreutils' xstrtoumax (dd, head) and GNU sleep, simplified: every unit is a power of two
// (K = KiB = 1024; there is no decimal "KB"), and a bare number is bytes for sizes and seconds for durations.

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  B: 1,
  K: 2 ** 10,
  KIB: 2 ** 10,
  M: 2 ** 20,
  MIB: 2 ** 20,
  G: 2 ** 30,
  GIB: 2 ** 30,
  T: 2 ** 40,
  TIB: 2 ** 40,
};

const DURATION_UNITS_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  '': 1000, // like sleep(1): a bare number is seconds
  m: 60_000,
  h: 3_600_000,
};

const NUMBER_AND_UNIT = /^([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]*)$/;

function fail<T>(error: string): Parsed<T> {
  return { ok: false, error };
}

/** A value as error messages show it: single-quoted, control characters escaped (`'1\\n2'`, `'\\u001b[2J'`), so
 *  a message stays on one line and never sends terminal escapes. */
export function quoteValue(text: string): string {
  const escaped = text.replace(/[\u0000-\u001f\u007f-\u009f\\']/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    if (c === '\\' || c === "'") return `\\${c}`;
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `'${escaped}'`;
}

/**
 * Parse a size in bytes: `4096`, `64K`, `64KiB`, `100M`, `100MiB`, `2G`, `2GiB`, `1.5G` (powers of two,
 * unit letters case-insensitive). The result must be a whole number of bytes.
 */
export function parseSize(text: string): Parsed<number> {
  const trimmed = text.trim();
  const match = NUMBER_AND_UNIT.exec(trimmed);
  if (!match) return fail(`invalid size ${quoteValue(text)} (expected a number with an optional unit: 4096, 64K, 100MiB, 2G)`);
  const [, digits, rawUnit] = match;
  const unit = rawUnit!.toUpperCase();
  const multiplier = SIZE_UNITS[unit];
  if (multiplier === undefined) {
    if (/^[KMGT]B$/.test(unit)) {
      return fail(`invalid size ${quoteValue(text)}: unit ${quoteValue(rawUnit!)} is ambiguous, use ${unit[0]} or ${unit[0]}iB (powers of two)`);
    }
    return fail(`invalid size ${quoteValue(text)}: unknown unit ${quoteValue(rawUnit!)} (use K, M, G, T or KiB, MiB, GiB, TiB)`);
  }
  const bytes = Number(digits) * multiplier;
  if (!Number.isInteger(bytes)) return fail(`invalid size ${quoteValue(text)}: not a whole number of bytes`);
  if (!Number.isSafeInteger(bytes)) return fail(`invalid size ${quoteValue(text)}: too large`);
  return { ok: true, value: bytes };
}

/** Parse a rate in bytes per second: `200M/s`, `64KiB/s` (the `/s` is required). */
export function parseRate(text: string): Parsed<number> {
  const trimmed = text.trim();
  if (!trimmed.endsWith('/s')) return fail(`invalid rate ${quoteValue(text)} (expected a size per second, e.g. 200M/s)`);
  const size = parseSize(trimmed.slice(0, -2));
  if (!size.ok) return fail(`invalid rate ${quoteValue(text)} (expected a size per second, e.g. 200M/s)`);
  if (size.value === 0) return fail(`invalid rate ${quoteValue(text)}: must be greater than 0`);
  return size;
}

/** Parse a duration in milliseconds: `500ms`, `5s`, `2m`, `1h`, `1.5s`; a bare number is seconds (as sleep). */
export function parseDuration(text: string): Parsed<number> {
  const trimmed = text.trim();
  const match = NUMBER_AND_UNIT.exec(trimmed);
  const unitMs = match ? DURATION_UNITS_MS[match[2]!] : undefined;
  if (!match || unitMs === undefined) {
    return fail(`invalid duration ${quoteValue(text)} (expected a number with ms, s, m or h: 500ms, 5s, 2m, 1h)`);
  }
  const ms = Number(match[1]) * unitMs;
  if (!Number.isFinite(ms) || !Number.isSafeInteger(Math.round(ms))) return fail(`invalid duration ${quoteValue(text)}: too large`);
  return { ok: true, value: Math.round(ms) };
}

/** Shortest exact power-of-two spelling of a byte count: 268435456 -> "256MiB", 1536 -> "1536B"... used in messages. */
export function formatSize(bytes: number): string {
  const units: Array<[string, number]> = [['TiB', 2 ** 40], ['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]];
  for (const [name, size] of units) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${name}`;
  }
  return `${bytes}B`;
}
