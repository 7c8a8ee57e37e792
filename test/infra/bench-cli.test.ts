// `npm run bench`'s command line (scripts/bench.ts): --help and usage errors answer at once and measure nothing
// (a mistyped option once ran the whole ~5-minute benchmark). Runs dist/bench.mjs, which the suite's global setup
// builds from the sources.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const benchJs = join(resolve(import.meta.dirname, '../..'), 'dist/bench.mjs');

function bench(...args: string[]) {
  return spawnSync(process.execPath, [benchJs, ...args], { encoding: 'utf8' });
}

describe('bench command line', () => {
  it('--help prints the usage with every row id and exits 0 without measuring', () => {
    const run = bench('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: node --expose-gc dist\/bench\.mjs/);
    expect(run.stdout).toContain('faults, pressure16, pressure64, bytes, cpu, startup, rss, record');
    expect(run.stdout).not.toContain('| figure |');
    expect(run.stderr).toBe('');
  });

  it('an unknown option is a one-line error, then the usage; exit 2, nothing measured', () => {
    const run = bench('--quik');
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(/^bench: Unknown option '--quik'/);
    expect(run.stderr.split('\n')[1]).toMatch(/^Usage: /);
    expect(run.stdout).toBe('');
  });

  it('--only with a row that does not exist names it and the real ones; exit 2', () => {
    const run = bench('--only', 'startup,frist');
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe("bench: --only: no row 'frist' (rows: faults, pressure16, pressure64, bytes, cpu, startup, rss, record)");
    expect(run.stdout).toBe('');
  });
});
