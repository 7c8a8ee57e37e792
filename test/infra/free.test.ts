// Unit tests of source/procps/free.ts with the numbers of the reference (linux-mm-model.md §6.1) and the
// rounding rules of procps src/free.c scale_size().
import { describe, expect, it } from 'vitest';
import { computeFree, formatFree, formatOneDecimal, parseMeminfo, scaleSize } from '../../source/procps/free.js';

const EXAMPLE = [
  'MemTotal:        8000000 kB',
  'MemFree:         1000000 kB',
  'MemAvailable:    3000000 kB',
  'Buffers:          100000 kB',
  'Cached:          2500000 kB',
  'SwapCached:            0 kB',
  'Shmem:            700000 kB',
  'SReclaimable:     200000 kB',
  'SwapTotal:       2000000 kB',
  'SwapFree:        1500000 kB',
  'HugePages_Total:       0',
  'CommitLimit:     6000000 kB',
  'Committed_AS:    6500000 kB',
  '',
].join('\n');

describe('parseMeminfo', () => {
  it('reads every field in kB, counts without a unit, and ignores lines without a colon', () => {
    const fields = parseMeminfo(EXAMPLE + 'garbage line\n');
    expect(fields.MemTotal).toBe(8000000);
    expect(fields.SwapFree).toBe(1500000);
    expect(fields.HugePages_Total).toBe(0);
    expect(Object.keys(fields)).toHaveLength(13);
  });

  it('keeps the last value of a repeated key, as procps hsearch + overwrite does', () => {
    expect(parseMeminfo('MemFree: 1 kB\nMemFree: 2 kB\n').MemFree).toBe(2);
  });
});

describe('computeFree', () => {
  it('derives the reference example columns (used = total - available since 4.0.1)', () => {
    const cols = computeFree(parseMeminfo(EXAMPLE));
    expect(cols).toMatchObject({
      total: 8000000, used: 5000000, free: 1000000, shared: 700000, buffers: 100000, cache: 2700000,
      buffCache: 2800000, available: 3000000, swapTotal: 2000000, swapUsed: 500000, swapFree: 1500000,
    });
  });

  it('falls back to MemFree when MemAvailable is missing (kernel < 3.14)', () => {
    const cols = computeFree(parseMeminfo(EXAMPLE.replace(/MemAvailable.*\n/, '')));
    expect(cols.available).toBe(1000000);
    expect(cols.used).toBe(7000000);
  });

  it('falls back to MemFree when MemAvailable exceeds MemTotal (containers)', () => {
    const cols = computeFree(parseMeminfo(EXAMPLE.replace('MemAvailable:    3000000', 'MemAvailable:    9000000')));
    expect(cols.available).toBe(1000000);
    expect(cols.used).toBe(7000000);
  });

  it('shows no swap used when SwapFree exceeds SwapTotal', () => {
    const cols = computeFree({ SwapTotal: 10, SwapFree: 20 });
    expect(cols.swapUsed).toBe(0);
  });
});

describe('formatFree', () => {
  const cols = computeFree(parseMeminfo(EXAMPLE));

  it('prints the reference example byte for byte in KiB', () => {
    expect(formatFree(cols, { unit: 'k', wide: false })).toBe(
      '               total        used        free      shared  buff/cache   available\n' +
        'Mem:         8000000     5000000     1000000      700000     2800000     3000000\n' +
        'Swap:        2000000      500000     1500000\n',
    );
  });

  it('prints -w -h with separate buffers and cache columns', () => {
    expect(formatFree(cols, { unit: 'h', wide: true })).toBe(
      '               total        used        free      shared     buffers       cache   available\n' +
        'Mem:           7.6Gi       4.8Gi       976Mi       683Mi        97Mi       2.6Gi       2.9Gi\n' +
        'Swap:          1.9Gi       488Mi       1.4Gi\n',
    );
  });

  it('prints --si -h without the i and within 4 characters', () => {
    expect(formatFree(cols, { unit: 'h', wide: false, si: true }).split('\n')[1]).toBe(
      'Mem:            8.2G        5.1G        1.0G        716M        2.9G        3.1G',
    );
  });

  it('adds the Total: and Comm: lines; a negative Comm free prints signed like %ld', () => {
    const lines = formatFree(cols, { unit: 'k', wide: false, total: true, committed: true }).split('\n');
    expect(lines[3]).toBe('Total:      10000000     5500000     2500000');
    expect(lines[4]).toBe('Comm:        6000000     6500000     -500000');
  });

  it('truncates -m and -g, and uses powers of 1000 with --si', () => {
    expect(scaleSize(8000000, { unit: 'm' })).toBe('7812');
    expect(scaleSize(8000000, { unit: 'g' })).toBe('7');
    expect(scaleSize(8000000, { unit: 'm', si: true })).toBe('8192');
    expect(scaleSize(8000000, { unit: 'k', si: true })).toBe('8192000');
    expect(scaleSize(8000000, { unit: 'b' })).toBe('8192000000');
  });
});

describe('human-readable rounding (scale_size)', () => {
  it('prints bytes only while they fit in 4 characters', () => {
    expect(scaleSize(0, { unit: 'h' })).toBe('0B');
    expect(scaleSize(1, { unit: 'h' })).toBe('1.0Ki');
  });

  it('drops the decimal when it no longer fits, then moves to the next unit', () => {
    expect(scaleSize(999, { unit: 'h' })).toBe('999Ki');
    expect(scaleSize(1023, { unit: 'h' })).toBe('1.0Mi');
    expect(scaleSize(1000000, { unit: 'h' })).toBe('976Mi');
    expect(scaleSize(10 * 1024 * 1024, { unit: 'h' })).toBe('10Gi');
  });

  it('rounds exact ties to even like glibc printf, not away from zero like toFixed', () => {
    expect(formatOneDecimal(7.25)).toBe('7.2');
    expect(formatOneDecimal(7.75)).toBe('7.8');
    expect(formatOneDecimal(0.05)).toBe('0.1'); // (float)0.05 is 0.0500000007, above the tie
    expect(formatOneDecimal(0.25)).toBe('0.2');
    expect(scaleSize(7.25 * 1024 * 1024, { unit: 'h' })).toBe('7.2Gi');
  });
});
