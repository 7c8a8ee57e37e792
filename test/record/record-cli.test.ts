// `memsim record` end to end through the bundle users run (dist/memsim.js), read back by real clients: the
// Debian asciinema 2.2 CLI and a real terminal emulator (@xterm/headless). The child runs with CI=true, as in
// .ci/run: the recorder must still get every frame (Ink reads CI when it is imported).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCast, type ParsedCast } from '../../source/record/asciicast.js';
import { finalScreenText } from '../../source/record/screen.js';
import { captionStart, captionText, expectCaptionsAtMarkers, markerLabels, progressRow, scenarioCaptions } from './screen-checks.js';

const SCENARIO = 'scenarios/04-oom-killer.yaml';
const SHORT = 'scenarios/08-tmpfs-shm.yaml';
const PINNED = ['--timestamp', '1764000000'];
let dir: string;

function memsim(args: string[]) {
  const result = spawnSync(process.execPath, ['dist/memsim.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function hasAsciinema(): boolean {
  return spawnSync('asciinema', ['--version']).status === 0;
}

let castText: string;
let cast: ParsedCast;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'memsim-record-'));
  const run = memsim(['record', SCENARIO, '-o', join(dir, 'oom.cast'), ...PINNED]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/^memsim record: wrote .*oom\.cast: 100x30, \d+\.\d s, \d chapter\(s\), [\d.]+ s simulated in [\d.]+ s \(CPU [\d.]+ s\)\n$/);
  castText = readFileSync(join(dir, 'oom.cast'), 'utf8');
  cast = parseCast(castText);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('memsim record (bundle)', () => {
  it('writes an asciicast v2 header with the size, title, env and idle limit', () => {
    expect(castText.split('\n')[0]).toBe(
      '{"version": 2, "width": 100, "height": 30, "timestamp": 1764000000, "idle_time_limit": 2, ' +
        '"title": "The OOM killer picks a victim", "env": {"TERM": "xterm-256color", "SHELL": "/bin/sh"}}',
    );
    const outputs = cast.events.filter((e) => e[1] === 'o');
    // Many frames, in time order, at most 10 per second: the frame throttle followed the virtual clock.
    expect(outputs.length).toBeGreaterThan(30);
    const times = outputs.map((e) => e[0]);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(0.1 - 1e-9);
    // Colours are pinned for recordings: NO_COLOR in the recording machine's environment changes nothing.
    expect(outputs.some((e) => /\x1b\[[0-9;]*3[0-9](;[0-9]+)*m/.test(e[2]))).toBe(true);
  });

  it('puts a chapter marker at each caption, and the screen there shows it', async () => {
    const markers = markerLabels(cast);
    expect(markers).toEqual(scenarioCaptions(SCENARIO));
    expect(markers).toHaveLength(4);
    expect(markers[0]).toMatch(/^Protect sshd the way the article does it: write -17 to oom_adj\. /);
    await expectCaptionsAtMarkers(cast);
  });

  it("ends on the dashboard's last frame: caption bar, the OOM kill in the kernel log, the meters", async () => {
    const screen = (await finalScreenText(cast)).split('\n');
    expect(progressRow(screen)).toContain('done (4 steps) · The OOM killer picks a victim');
    expect(captionText(screen)).toContain(captionStart(scenarioCaptions(SCENARIO).at(-1)!));
    expect(screen.join('\n')).toMatch(/Out of memory: Killed process \d+ \(chrome\)/);
    expect(screen.some((row) => /Mem\b/.test(row))).toBe(true);
    expect(screen.some((row) => /Swp|Swap/.test(row))).toBe(true);
    expect(screen.length).toBeLessThanOrEqual(30 + 1);
  });

  // The repeat runs use a short scenario: determinism does not depend on the length.
  it('gives the same bytes on a second run, and the same apart from the timestamp without --timestamp', () => {
    const first = memsim(['record', SHORT, '-o', join(dir, 'short1.cast'), ...PINNED]);
    const again = memsim(['record', SHORT, '-o', join(dir, 'short2.cast'), ...PINNED]);
    expect([first.status, again.status]).toEqual([0, 0]);
    const text = readFileSync(join(dir, 'short1.cast'), 'utf8');
    expect(text.split('\n').length).toBeGreaterThan(5);
    expect(readFileSync(join(dir, 'short2.cast'), 'utf8')).toBe(text);
    const unpinned = memsim(['record', SHORT, '-o', join(dir, 'now.cast')]);
    expect(unpinned.status).toBe(0);
    const now = readFileSync(join(dir, 'now.cast'), 'utf8');
    const stamp = Number(/"timestamp": (\d+)/.exec(now)![1]);
    expect(Math.abs(stamp - Date.now() / 1000)).toBeLessThan(300);
    expect(now.replace(/"timestamp": \d+/, '"timestamp": 1764000000')).toBe(text);
  });

  it('--format txt writes the final screen as the terminal emulator shows it', async () => {
    const run = memsim(['record', SHORT, '-o', join(dir, 'short.txt'), '--format', 'txt', ...PINNED]);
    expect(run.status).toBe(0);
    const text = readFileSync(join(dir, 'short.txt'), 'utf8');
    expect(text).toBe(await finalScreenText(parseCast(readFileSync(join(dir, 'short1.cast'), 'utf8'))));
    expect(text).toMatch(/^memsim  up \d+:\d\d  speed 1x /);
    expect(text).toContain('▌ ');
    expect(text).not.toContain('\x1b');
  });

  it.skipIf(!hasAsciinema() && !process.env.CI)('is read by the asciinema CLI (Debian 2.2): `asciinema cat` exits 0', () => {
    // asciinema cat needs a tty: run it under script(1).
    const out = execFileSync('script', ['-qec', `asciinema cat ${join(dir, 'oom.cast')}`, '/dev/null'], { encoding: 'utf8' });
    const outputBytes = cast.events.filter((e) => e[1] === 'o').reduce((n, e) => n + e[2].length, 0);
    expect(out.length).toBeGreaterThanOrEqual(outputBytes);
    expect(out).toContain('The OOM killer picks a victim');
  });

  it('exits 1 when an expectation fails, and still writes the file', () => {
    const file = join(dir, 'failing.yaml');
    writeFileSync(file, 'title: fails\nsteps:\n  - say: sshd is not dead\n    expect:\n      proc.sshd.alive: false\n');
    const run = memsim(['record', file, '-o', join(dir, 'failing.cast'), ...PINNED]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`memsim record: ${file}: the scenario failed (the recording was written anyway)\n  step 1: FAIL proc.sshd.alive: false`);
    expect(parseCast(readFileSync(join(dir, 'failing.cast'), 'utf8')).events.some((e) => e[2] === 'sshd is not dead')).toBe(true);
  });

  it('-o - writes the recording to standard output and the summary to standard error', () => {
    const file = join(dir, 'tiny.yaml');
    writeFileSync(file, 'title: tiny\nsteps:\n  - say: One caption\n');
    const run = memsim(['record', file, '-o', '-', '--cols', '80', '--rows', '24', ...PINNED]);
    expect(run.status).toBe(0);
    const piped = parseCast(run.stdout);
    expect(piped.header).toMatchObject({ width: 80, height: 24, title: 'tiny' });
    expect(markerLabels(piped)).toEqual(['One caption']);
    expect(run.stderr).toMatch(/^memsim record: wrote 80x24, [\d.]+ s, 1 chapter\(s\), /);
  });

  it('exits 2 on an invalid scenario file with FILE:LINE:COL, and writes nothing', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'title: bad\nsteps:\n  - sya: typo\n');
    const run = memsim(['record', file, '-o', join(dir, 'bad.cast')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:5: unknown key 'sya'`));
    expect(existsSync(join(dir, 'bad.cast'))).toBe(false);
  });

  it('records several scenarios in one run into a directory, each file as a recording of its own would be', () => {
    const out = join(dir, 'batch');
    // 04 second: what the first recording left in the process (Ink, React, timers) must not change the bytes.
    const run = memsim(['record', SHORT, SCENARIO, '-o', out, ...PINNED]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^memsim record: wrote .*batch\/08-tmpfs-shm\.cast: 100x30, [\d.]+ s, \d chapter\(s\), [\d.]+ s simulated in [\d.]+ s \(CPU [\d.]+ s\)$/);
    expect(lines[1]).toMatch(/^memsim record: wrote .*batch\/04-oom-killer\.cast: 100x30, /);
    expect(lines[2]).toMatch(/^memsim record: 2 of 2 recording\(s\) written to .*batch, [\d.]+ s simulated in [\d.]+ s \(CPU [\d.]+ s\)$/);
    expect(readFileSync(join(out, '04-oom-killer.cast'), 'utf8')).toBe(castText);
    const single = memsim(['record', SHORT, '-o', join(dir, 'short-single.cast'), ...PINNED]);
    expect(single.status).toBe(0);
    expect(readFileSync(join(out, '08-tmpfs-shm.cast'), 'utf8')).toBe(readFileSync(join(dir, 'short-single.cast'), 'utf8'));
  });

  it('in a batch, reports an invalid file, records the others and exits 2', () => {
    const bad = join(dir, 'broken.yaml');
    const tiny = join(dir, 'tiny2.yaml');
    writeFileSync(bad, 'title: bad\nsteps:\n  - sya: typo\n');
    writeFileSync(tiny, 'title: tiny\nsteps:\n  - say: One caption\n');
    const out = join(dir, 'batch-bad');
    const run = memsim(['record', bad, tiny, '-o', out, '--format', 'txt', ...PINNED]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${bad}:3:5: unknown key 'sya'`);
    expect(existsSync(join(out, 'broken.txt'))).toBe(false);
    expect(readFileSync(join(out, 'tiny2.txt'), 'utf8')).toContain('One caption');
    expect(run.stdout).toContain('memsim record: 1 of 2 recording(s) written to');
  });

  it('refuses -o -, --title and an impossible directory with several scenario files, before recording anything', () => {
    const piped = memsim(['record', SHORT, SCENARIO, '-o', '-']);
    expect(piped.status).toBe(2);
    expect(piped.stderr.split('\n')[0]).toBe('memsim record: with several scenario files, -o names a directory (standard output takes one recording)');
    expect(piped.stdout).toBe('');
    const titled = memsim(['record', SHORT, SCENARIO, '-o', join(dir, 'titled'), '--title', 'T']);
    expect(titled.status).toBe(2);
    expect(existsSync(join(dir, 'titled'))).toBe(false);
    // A directory that cannot be created (a file is in the way) is refused the same way.
    writeFileSync(join(dir, 'in-the-way'), '');
    const blocked = memsim(['record', SHORT, SCENARIO, '-o', join(dir, 'in-the-way', 'casts')]);
    expect(blocked.status).toBe(2);
    expect(blocked.stderr).toBe(`memsim record: cannot create the directory ${join(dir, 'in-the-way', 'casts')}: ENOTDIR\n`);
  });

  it('exits 2 on a bad flag', () => {
    const run = memsim(['record', SCENARIO, '-o', join(dir, 'x.cast'), '--cols', 'wide']);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('memsim record: --cols must be a whole number from 20 to 500, got NaN');
  });
});
