// Fuzzing THE size/rate/duration parser (source/shell/size.ts) that the shell, scenarios and CLI flags share:
// any text ends in a value or one error, never an exception; well-formed text gives the exact number.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatSize, parseDuration, parseRate, parseSize, type Parsed } from '../../source/shell/size.js';
import { FUZZ_TIMEOUT_MS, fuzz, garbageText, reportTotal } from './fuzz-support.js';

afterAll(() => reportTotal('fuzz-size'));

const SIZE_UNIT_BYTES: Record<string, number> = { '': 1, b: 1, k: 1024, kib: 1024, m: 2 ** 20, mib: 2 ** 20, g: 2 ** 30, gib: 2 ** 30, t: 2 ** 40, tib: 2 ** 40 };
const DURATION_UNIT_MS: Record<string, number> = { ms: 1, s: 1000, '': 1000, m: 60_000, h: 3_600_000 };

/** A number as a user types it: integer or decimal, sometimes with leading zeros or many digits. */
const numberText = fc.oneof(
  fc.nat({ max: 100_000 }).map(String),
  fc.tuple(fc.nat({ max: 9999 }), fc.stringMatching(/^[0-9]{1,4}$/)).map(([i, f]) => `${i}.${f}`),
  fc.stringMatching(/^0{0,3}[0-9]{1,25}$/),
);

function randomCase(arb: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return arb.chain((s) => fc.mixedCase(fc.constant(s)));
}

/** Either a value that is a safe, non-negative integer, or an error on one line. */
function checkOutcome(result: Parsed<number>): void {
  if (result.ok) {
    expect(Number.isSafeInteger(result.value), `value ${result.value}`).toBe(true);
    expect(result.value).toBeGreaterThanOrEqual(0);
  } else {
    expect(result.error.length).toBeGreaterThan(0);
  }
}

describe('size parser fuzz', () => {
  it('random text: parseSize, parseRate, parseDuration never throw and return a safe value or an error', () => {
    fuzz('size/garbage', garbageText(40), (text) => {
      checkOutcome(parseSize(text));
      checkOutcome(parseRate(text));
      checkOutcome(parseDuration(text));
    }, 1500);
  }, FUZZ_TIMEOUT_MS);

  it('well-formed sizes give number x unit exactly (or "too large"/"not whole" when that is the truth)', () => {
    const input = fc.tuple(numberText, randomCase(fc.constantFrom(...Object.keys(SIZE_UNIT_BYTES))), fc.constantFrom('', ' '));
    fuzz('size/grammar', input, ([num, unit, blank]) => {
      const text = `${num}${unit ? blank : ''}${unit}`;
      const expected = Number(num) * SIZE_UNIT_BYTES[unit.toLowerCase()]!;
      const result = parseSize(text);
      if (Number.isSafeInteger(expected)) expect(result).toEqual({ ok: true, value: expected });
      else expect(result.ok, text).toBe(false);
      // A rate is the same size per second, except that 0 is refused.
      const rate = parseRate(`${text}/s`);
      if (Number.isSafeInteger(expected) && expected > 0) expect(rate).toEqual({ ok: true, value: expected });
      else expect(rate.ok, `${text}/s`).toBe(false);
    }, 2000);
  }, FUZZ_TIMEOUT_MS);

  it('decimal units (MB, GB ...) are always refused, never silently read as powers of two', () => {
    const input = fc.tuple(numberText, randomCase(fc.constantFrom('kb', 'mb', 'gb', 'tb')));
    fuzz('size/decimal-units', input, ([num, unit]) => {
      const result = parseSize(`${num}${unit}`);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/ambiguous/);
    }, 500);
  }, FUZZ_TIMEOUT_MS);

  it('formatSize output parses back to the same byte count', () => {
    const bytes = fc.oneof(
      fc.nat({ max: 2 ** 31 }),
      fc.tuple(fc.nat({ max: 4096 }), fc.constantFrom(2 ** 10, 2 ** 20, 2 ** 30, 2 ** 40)).map(([n, u]) => n * u),
    );
    fuzz('size/format-roundtrip', bytes, (n) => {
      expect(parseSize(formatSize(n))).toEqual({ ok: true, value: n });
    }, 2000);
  }, FUZZ_TIMEOUT_MS);

  it('well-formed durations give number x unit in ms, rounded', () => {
    const input = fc.tuple(numberText, fc.constantFrom(...Object.keys(DURATION_UNIT_MS)));
    fuzz('duration/grammar', input, ([num, unit]) => {
      const expected = Math.round(Number(num) * DURATION_UNIT_MS[unit]!);
      const result = parseDuration(`${num}${unit}`);
      if (Number.isSafeInteger(expected)) expect(result).toEqual({ ok: true, value: expected });
      else expect(result.ok).toBe(false);
    }, 2000);
  }, FUZZ_TIMEOUT_MS);

  it('negative and signed numbers are refused', () => {
    const input = fc.tuple(fc.constantFrom('-', '+', '−'), numberText, fc.constantFrom('', 'M', 'GiB', 's', 'ms'));
    fuzz('size/signed', input, ([sign, num, unit]) => {
      expect(parseSize(`${sign}${num}${unit}`).ok).toBe(false);
      expect(parseDuration(`${sign}${num}${unit}`).ok).toBe(false);
    }, 500);
  }, FUZZ_TIMEOUT_MS);

  it('a 10 MB string is refused quickly', () => {
    const huge = '9'.repeat(10 * 2 ** 20);
    const started = performance.now();
    expect(parseSize(huge).ok).toBe(false);
    expect(parseDuration(`${huge}s`).ok).toBe(false);
    expect(parseSize(`${huge}x`).ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
