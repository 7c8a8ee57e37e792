// `memsim record` flags: defaults, and a one-line refusal (exit 2) for every bad value, before anything runs.
import { describe, expect, it } from 'vitest';
import { runRecord, type RecordDeps } from '../../source/record/index.js';
import { resolveRecordOptions } from '../../source/record/options.js';

describe('record options', () => {
  it('fills the defaults of the issue', () => {
    expect(resolveRecordOptions({ output: 'out.cast' })).toEqual({
      output: 'out.cast', cols: 100, rows: 30, fps: 10, speed: 1, idleTimeLimit: 2, format: 'cast',
    });
    expect(resolveRecordOptions({ output: '-', cols: 80, rows: 24, fps: 4, speed: 3, title: 'T', timestamp: 0, format: 'txt' }))
      .toEqual({ output: '-', cols: 80, rows: 24, fps: 4, speed: 3, title: 'T', idleTimeLimit: 2, timestamp: 0, format: 'txt' });
  });

  it.each([
    [{}, 'missing -o OUT.cast (use -o - for standard output)'],
    [{ output: 'o', cols: 10 }, '--cols must be a whole number from 20 to 500, got 10'],
    [{ output: 'o', rows: Number.NaN }, '--rows must be a whole number from 5 to 200, got NaN'],
    [{ output: 'o', fps: 2.5 }, '--fps must be a whole number from 1 to 30, got 2.5'],
    [{ output: 'o', speed: 0.2 }, '--speed must be from 0.25 to 16, got 0.2'],
    [{ output: 'o', speed: 32 }, '--speed must be from 0.25 to 16, got 32'],
    [{ output: 'o', speed: Number.NaN }, '--speed must be from 0.25 to 16, got NaN'],
    [{ output: 'o', idleTimeLimit: -1 }, '--idle-time-limit must be a number of seconds > 0, got -1'],
    [{ output: 'o', timestamp: 1.5 }, '--timestamp must be a whole number of seconds since 1970 (>= 0), got 1.5'],
    [{ output: 'o', format: 'gif' }, "--format must be cast or txt, got 'gif'"],
  ])('refuses %j', (flags, message) => {
    expect(resolveRecordOptions(flags)).toBe(message);
  });
});

describe('runRecord refusals', () => {
  const neverCalled: RecordDeps = {
    openScenario: () => Promise.reject(new Error('must not open')),
    loadDashboard: () => Promise.reject(new Error('must not load')),
  };
  function capture() {
    const out = { stdout: '', stderr: '' };
    return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
  }

  it('exits 2 with the usage line for a bad flag, without opening the scenario', async () => {
    const { out, io } = capture();
    expect(await runRecord(['x.yaml'], { output: 'o.cast', fps: 0 }, io, neverCalled)).toBe(2);
    expect(out.stderr).toBe(
      'memsim record: --fps must be a whole number from 1 to 30, got 0\n' +
        'usage: memsim record FILE.yaml... -o OUT.cast|DIR [--cols 100] [--rows 30] [--fps 10] [--speed X] [--title T] ' +
        '[--idle-time-limit S] [--timestamp N] [--format cast|txt]\n',
    );
    expect(out.stdout).toBe('');
  });

  it('exits 2 without a scenario file', async () => {
    const { out, io } = capture();
    expect(await runRecord([], { output: 'o.cast' }, io, neverCalled)).toBe(2);
    expect(out.stderr).toMatch(/^memsim record: missing the scenario file\nusage: /);
  });

  it('exits 2 and prints the loader errors as they are for an invalid file', async () => {
    const { out, io } = capture();
    const deps: RecordDeps = {
      openScenario: async () => ({ ok: false, message: 'bad.yaml:3:5: unknown key \'sya\' in step\nbad.yaml:7:1: bad size' }),
      loadDashboard: () => Promise.reject(new Error('must not load')),
    };
    expect(await runRecord(['bad.yaml'], { output: 'o.cast' }, io, deps)).toBe(2);
    expect(out.stderr).toBe("bad.yaml:3:5: unknown key 'sya' in step\nbad.yaml:7:1: bad size\n");
  });
});
