// Bad environments for the real CLI (dist/memsim.js): no TTY on stdin or stdout, scenario paths that are a
// directory, missing, unreadable (as a non-root user: root bypasses file modes), binary, out-of-range machines,
// unknown flags — each a short message naming the problem and exit status 2 (usage error); and in tmux:
// TERM=dumb, NO_COLOR and a 20x5 terminal, where the dashboard either runs and quits cleanly on q or refuses
// with one line and status 2.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { hasTmux, TmuxPane } from './tmux.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MEMSIM = join(ROOT, 'dist', 'memsim.js');
const dir = mkdtempSync(join(tmpdir(), 'memsim-badenv-'));
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { CI, CONTINUOUS_INTEGRATION, ...cleanEnv } = process.env;

function memsim(args: string[], options: { uid?: number } = {}): { status: number | null; stdout: string; stderr: string } {
  const command = options.uid === undefined ? process.execPath : 'setpriv';
  const argv = options.uid === undefined ? [MEMSIM, ...args] : ['--reuid', String(options.uid), '--regid', String(options.uid), '--clear-groups', process.execPath, MEMSIM, ...args];
  const r = spawnSync(command, argv, { env: cleanEnv, input: '', encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectUsageError(r: { status: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

const okScenario = join(dir, 'ok.yaml');
writeFileSync(okScenario, 'title: t\nsteps:\n  - run: free\n');

describe('bad environments: no terminal', () => {
  it('stdin and stdout not a TTY: the dashboard refuses with one line, status 2', () => {
    expectUsageError(memsim([]), /^memsim: .*terminal/);
    expectUsageError(memsim(['--scenario', okScenario]), /^memsim: .*terminal/);
  });
});

describe('bad environments: scenario paths', () => {
  it('a directory, a missing file: FILE:1:1: cannot read the file (errno), status 2', () => {
    expectUsageError(memsim(['run', dir]), new RegExp(`^${dir}:1:1: cannot read the file \\(EISDIR\\)$`));
    expectUsageError(memsim(['run', join(dir, 'missing.yaml')]), /missing\.yaml:1:1: cannot read the file \(ENOENT\)$/);
    expectUsageError(memsim(['record', join(dir, 'missing.yaml'), '-o', join(dir, 'x.cast')]), /missing\.yaml:1:1: cannot read the file \(ENOENT\)$/);
  });

  const canDropRoot = process.getuid?.() === 0 && spawnSync('setpriv', ['--reuid', '65534', '--regid', '65534', '--clear-groups', 'true']).status === 0;
  it.skipIf(!canDropRoot)('an unreadable file (chmod 000, run as uid 65534 since root ignores modes): EACCES, status 2', () => {
    const file = join(dir, 'noread.yaml');
    writeFileSync(file, 'title: t\nsteps:\n  - run: free\n');
    chmodSync(file, 0o000);
    expectUsageError(memsim(['run', file], { uid: 65534 }), /noread\.yaml:1:1: cannot read the file \(EACCES\)$/);
  });

  it('a random binary file is refused with status 2 and positioned errors', () => {
    const file = join(dir, 'binary.yaml');
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    writeFileSync(file, bytes);
    const r = memsim(['run', file]);
    expect(r.status).toBe(2);
    for (const line of r.stderr.trimEnd().split('\n')) expect(line).toMatch(/binary\.yaml:\d+:\d+: /);
  });

  // Found here (NOTES.md HARDEN -> RUNNER: a binary file gave several YAML errors); fixed.
  it('a binary file gets one line saying it is not a text scenario', () => {
    const file = join(dir, 'binary2.yaml');
    writeFileSync(file, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 0xff, 0xfe, 10, 0x3a, 0x3a, 10, 0x2d, 0x20, 0x5b]));
    expectUsageError(memsim(['run', file]), /binary2\.yaml:1:1: not a text scenario file/);
  });

  it('a scenario asking for a machine no kernel boots is refused before running: status 2', () => {
    for (const [ram, swap] of [['1TiB', '0'], ['4096', '0'], ['1GiB', '1PiB']]) {
      const file = join(dir, `machine-${ram}-${swap}.yaml`);
      writeFileSync(file, `title: t\nmachine: { ram: ${ram}, swap: ${swap} }\nsteps:\n  - run: free\n`);
      const r = memsim(['run', file]);
      expect(r.status, `${ram}/${swap}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/machine-.*\.yaml:\d+:\d+: /);
    }
  });
});

describe('bad environments: usage errors', () => {
  it('unknown flags, a missing FILE, impossible sizes: one line, status 2', () => {
    expectUsageError(memsim(['--bogus']), /^memsim: unknown flag --bogus/);
    expectUsageError(memsim(['run']), /^memsim run: missing FILE/);
    expectUsageError(memsim(['--ram', 'lots']), /^memsim: --ram: invalid size 'lots'/);
    expectUsageError(memsim(['--ram', '1T']), /^memsim: --ram: .*outside/);
    expectUsageError(memsim(['--fps', '0']), /^memsim: .*fps/);
    expectUsageError(memsim(['--speed', '-1']), /^memsim: .*speed/);
  });
});

let pane: TmuxPane | undefined;
afterEach(() => pane?.kill());

/** Runs the dashboard in tmux with env/size; returns 'ran' (came up, q quit it cleanly) or the refusal. */
async function dashboardIn(env: Record<string, string>, cols: number, rows: number): Promise<{ status: number; stderr: string; screenWithEscapes: string }> {
  pane = new TmuxPane(`env-${cols}x${rows}`);
  const d = pane.dir;
  const envAssign = Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ');
  pane.start(`env -u CI -u CONTINUOUS_INTEGRATION ${envAssign} ${process.execPath} ${MEMSIM} --fps 10 2> ${d}/stderr; echo $? > ${d}/status; stty -a > ${d}/stty; sleep 600`, cols, rows, env);
  const p = pane;
  let screenWithEscapes = '';
  await p.waitFor('the dashboard or a refusal', () => {
    if (p.readFile('status') !== undefined) return true;
    const screen = p.capture();
    if (/\S/.test(screen) && p.format('#{alternate_on}') === '1') {
      screenWithEscapes = p.tmux('capture-pane', '-p', '-e', '-t', p.name);
      return true;
    }
    return undefined;
  });
  if (p.readFile('status') === undefined) p.sendKeys('q');
  await p.waitFor('memsim to exit', () => (p.readFile('stty') !== undefined ? true : undefined));
  expect(p.format('#{alternate_on}')).toBe('0');
  expect(p.format('#{cursor_flag}')).toBe('1');
  expect(p.readFile('stty')).toMatch(/(^|\s)echo(\s|$)[\s\S]*|(^|\s)icanon(\s|$)/);
  return { status: Number(p.readFile('status')), stderr: p.readFile('stderr') ?? '', screenWithEscapes };
}

function expectRanOrRefused(r: { status: number; stderr: string }): void {
  if (r.status === 0) return;
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
}

describe.skipIf(!hasTmux())('bad environments: terminals (tmux)', () => {
  it('TERM=dumb: runs and quits cleanly, or refuses with one line and status 2', async () => {
    expectRanOrRefused(await dashboardIn({ TERM: 'dumb' }, 100, 30));
  }, 60_000);

  it('NO_COLOR: no colour escape sequences on screen', async () => {
    const r = await dashboardIn({ NO_COLOR: '1' }, 100, 30);
    expectRanOrRefused(r);
    if (r.status === 0) expect(r.screenWithEscapes).not.toMatch(/\x1b\[[0-9;]*(3[0-7]|9[0-7]|38;[25];[0-9;]+)m/);
  }, 60_000);

  it('a 20x5 terminal: runs (with a too-small notice) and quits cleanly, or refuses with one line', async () => {
    expectRanOrRefused(await dashboardIn({}, 20, 5));
  }, 60_000);
});
