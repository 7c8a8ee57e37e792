import { describe, expect, it } from 'vitest';
import { formatSize, parseDuration, parseRate, parseSize, quoteValue } from '../../source/shell/size.js';

describe('parseSize', () => {
  it.each([
    ['4096', 4096],
    ['64K', 65536],
    ['64k', 65536],
    ['64KiB', 65536],
    ['100M', 100 * 2 ** 20],
    ['100MiB', 100 * 2 ** 20],
    ['2G', 2 * 2 ** 30],
    ['2GiB', 2 * 2 ** 30],
    ['1.5G', 1.5 * 2 ** 30],
    ['0', 0],
    ['1T', 2 ** 40],
  ])('%s = %d bytes', (text, bytes) => {
    expect(parseSize(text)).toEqual({ ok: true, value: bytes });
  });

  it('refuses decimal KB/MB with a hint', () => {
    expect(parseSize('100MB')).toEqual({
      ok: false,
      error: "invalid size '100MB': unit 'MB' is ambiguous, use M or MiB (powers of two)",
    });
  });
  it('refuses unknown units, garbage and fractions of a byte', () => {
    expect(parseSize('3X')).toEqual({ ok: false, error: "invalid size '3X': unknown unit 'X' (use K, M, G, T or KiB, MiB, GiB, TiB)" });
    expect(parseSize('-1K').ok).toBe(false);
    expect(parseSize('').ok).toBe(false);
    expect(parseSize('0.3')).toEqual({ ok: false, error: "invalid size '0.3': not a whole number of bytes" });
  });
});

describe('parseRate', () => {
  it('reads sizes per second', () => {
    expect(parseRate('200M/s')).toEqual({ ok: true, value: 200 * 2 ** 20 });
    expect(parseRate('64KiB/s')).toEqual({ ok: true, value: 65536 });
  });
  it('requires /s and a positive size', () => {
    expect(parseRate('200M')).toEqual({ ok: false, error: "invalid rate '200M' (expected a size per second, e.g. 200M/s)" });
    expect(parseRate('0/s').ok).toBe(false);
  });
});

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['5s', 5000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1.5s', 1500],
    ['3', 3000],
  ])('%s = %d ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: ms });
  });
  it('refuses unknown units', () => {
    expect(parseDuration('5d')).toEqual({
      ok: false,
      error: "invalid duration '5d' (expected a number with ms, s, m or h: 500ms, 5s, 2m, 1h)",
    });
  });
});

describe('formatSize', () => {
  it('prints the largest exact unit', () => {
    expect(formatSize(256 * 2 ** 20)).toBe('256MiB');
    expect(formatSize(1536)).toBe('1536B');
    expect(formatSize(2 ** 30)).toBe('1GiB');
  });
});

describe('error messages stay on one line and carry no terminal escapes', () => {
  it('escapes control characters in the echoed value', () => {
    const size = parseSize('1\n2');
    expect(size.ok).toBe(false);
    if (!size.ok) expect(size.error).toBe("invalid size '1\\n2' (expected a number with an optional unit: 4096, 64K, 100MiB, 2G)");
    const duration = parseDuration('1\u001b[2J');
    if (duration.ok) throw new Error('parsed');
    expect(duration.error).toBe("invalid duration '1\\u001b[2J' (expected a number with ms, s, m or h: 500ms, 5s, 2m, 1h)");
    expect(quoteValue("it's")).toBe("'it\\'s'");
  });
});
