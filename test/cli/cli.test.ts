// The real bin (dist/memsim.js, built by the global setup) as a user runs it: usage errors, help, version,
// `memsim run` exit statuses and output, `memsim sh -c`, and the dashboard refusing a non-terminal.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { runCli } from '../../source/cli/app.js';

const BIN = join(import.meta.dirname, '../../dist/memsim.js');
const dir = mkdtempSync(join(tmpdir(), 'memsim-cli-'));

function memsim(args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function scenarioFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** runCli in this process with captured output: fast, for the many usage cases. */
async function memsimInProcess(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const notATty = { isTTY: false } as unknown;
  const status = await runCli(args, {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    stdin: notATty as NodeJS.ReadStream,
    stdoutStream: notATty as NodeJS.WriteStream,
  });
  return { status, stdout, stderr };
}

const USAGE_ERRORS: Array<[string[], string]> = [
  [['--rma', '1G'], 'memsim: unknown flag --rma (see memsim --help)'],
  [['--ram', 'lots'], "memsim: --ram: invalid size 'lots' (expected a number with an optional unit: 4096, 64K, 100MiB, 2G)"],
  [['--ram'], 'memsim: --ram needs a value (see memsim --help)'],
  [['--ram', '0'], 'memsim: --ram: 0B is outside 256MiB..128GiB'],
  [['--ram', '1T'], 'memsim: --ram: 1TiB is outside 256MiB..128GiB'],
  [['sh', '--swap', '1P'], "memsim sh: --swap: invalid size '1P': unknown unit 'P' (use K, M, G, T or KiB, MiB, GiB, TiB)"],
  [['--speed', '100'], 'memsim: --speed must be between 0.25 and 16, got 100'],
  [['--fps', 'fast'], "memsim: --fps must be a whole number, got 'fast'"],
  [['--sysctl', 'vm.swappiness'], "memsim: --sysctl expects NAME=NUMBER, e.g. vm.swappiness=10, got 'vm.swappiness'"],
  [['--sysctl', 'vm.nonsense=1'], "memsim: --sysctl: unknown sysctl 'vm.nonsense'"],
  [['frobnicate'], "memsim: unknown command 'frobnicate' (commands: run, sh, record; see memsim --help)"],
  [['run'], 'memsim run: missing FILE (see memsim run --help)'],
  [['run', 'a.yaml', 'b.yaml'], "memsim run: unexpected argument 'b.yaml' (see memsim run --help)"],
  [['run', 'x.yaml', '--jsno'], 'memsim run: unknown flag --jsno (did you mean --json?) (see memsim run --help)'],
  [['run', 'x.yaml', '--speed', '0'], 'memsim run: --speed must be between 0.001 and 1000000, got 0'],
  [['sh', '-x'], 'memsim sh: unknown flag -x (see memsim sh --help)'],
  [['sh', 'extra'], "memsim sh: unexpected argument 'extra' (see memsim sh --help)"],
  [['sh', '--seed', '-3'], 'memsim sh: --seed must be between 0 and 4294967295, got -3'],
  [['sh', '--swap', '-1G'], "memsim sh: --swap: invalid size '-1G' (expected a number with an optional unit: 4096, 64K, 100MiB, 2G)"],
  [['record', 'x.yaml', '--colz', '80'], 'memsim record: unknown flag --colz (did you mean --cols?) (see memsim record --help)'],
];

describe('usage errors: one line on stderr, exit status 2', () => {
  it.each(USAGE_ERRORS)('memsim %j', async (args, message) => {
    expect(await memsimInProcess(args)).toEqual({ status: 2, stdout: '', stderr: `${message}\n` });
  });

  it('the real bin prints the same one line', () => {
    for (const [args, message] of [USAGE_ERRORS[0]!, USAGE_ERRORS[9]!, USAGE_ERRORS[13]!]) {
      expect(memsim(args)).toEqual({ status: 2, stdout: '', stderr: `${message}\n` });
    }
  });
});

describe('help and version, as meow prints them', () => {
  it('--help lists the commands and exits 0', () => {
    const result = memsim(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('$ memsim run FILE [--json] [--speed N]');
    expect(result.stdout).toContain('--sysctl NAME=VALUE');
  });

  it('each command has its own --help', () => {
    const result = memsim(['run', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('0 every expectation held, 1 one failed or an until timed out, 2 the file is invalid');
  });

  it('--version prints the package version', () => {
    expect(memsim(['--version'])).toEqual({ status: 0, stdout: `${packageJson.version}\n`, stderr: '' });
  });
});

describe('the dashboard needs a terminal', () => {
  it('with pipes it says so, points to run and sh, and exits 2', () => {
    const result = memsim(['--ram', '1G']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/needs a terminal.*memsim run FILE.*memsim sh/);
    expect(result.stdout).toBe('');
  });
});

describe('memsim --scenario', () => {
  it("reports the file's problems even without a terminal", async () => {
    const file = scenarioFile('dash-bad.yaml', 'title: t\nsteps:\n  - aftr: 1s\n');
    expect(await memsimInProcess(['--scenario', file])).toEqual({
      status: 2,
      stdout: '',
      stderr: `${file}:3:5: unknown key 'aftr' in a step (allowed: at, after, until, timeout, say, run, expect, keys)\n`,
    });
  });
});

describe('memsim run', () => {
  it('an invalid file: every problem as FILE:LINE:COL, exit 2, nothing runs', () => {
    const file = scenarioFile('bad.yaml', 'title: t\nsteps:\n  - run: free\n    expect: { meminfo.MemFre: 1 }\n  - aftr: 1s\n');
    const result = memsim(['run', file]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      `${file}:4:15: unknown field 'meminfo.MemFre': /proc/meminfo has no MemFre (did you mean MemFree?)`,
      `${file}:5:5: unknown key 'aftr' in a step (allowed: at, after, until, timeout, say, run, expect, keys)`,
      '',
    ]);
  });

  it('a missing file is refused with exit 2', () => {
    const result = memsim(['run', join(dir, 'nope.yaml')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`${join(dir, 'nope.yaml')}:1:1: cannot read the file (ENOENT)\n`);
  });

  const passing = `title: sysctl round trip
machine: { ram: 1GiB, swap: 0, sysctl: { vm.swappiness: 10 } }
steps:
  - say: Read swappiness
    run: sysctl vm.swappiness
    expect: { output: "vm.swappiness = 10", status: 0, sysctl.vm.swappiness: 10, free.swap_total: 0 }
  - after: 2s
    run: sysctl -w vm.swappiness=200
    expect: { sysctl.vm.swappiness: 200 }
`;

  it('all expectations hold: timeline and exit 0', () => {
    const result = memsim(['run', scenarioFile('ok.yaml', passing)]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^sysctl round trip {2}\(.*ok\.yaml, 2 steps, seed 1\)$/);
    expect(lines).toContain('[   0.000] >> Read swappiness');
    expect(lines).toContain('[   0.000] $ sysctl vm.swappiness');
    expect(lines).toContain('             vm.swappiness = 10');
    expect(lines.some((l) => /^\[ {3}0\.0\d\d\] ok {3}sysctl\.vm\.swappiness: 10 \(10\)$/.test(l))).toBe(true);
    expect(lines.some((l) => /^\[ {3}2\.0\d\d\] \$ sysctl -w vm\.swappiness=200$/.test(l))).toBe(true);
    expect(lines.at(-2)).toBe('PASS: 5 of 5 expectations held');
  });

  it('--json: one document', () => {
    const result = memsim(['run', scenarioFile('ok2.yaml', passing), '--json']);
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ title: 'sysctl round trip', ok: true, exitStatus: 0, expectations: { total: 5, failed: 0 } });
  });

  it('a failing expectation: FAIL line with the actual value, exit 1', () => {
    const file = scenarioFile('fail.yaml', 'title: f\nmachine: { swap: 0 }\nsteps:\n  - expect: { free.swap_total: "> 1MiB" }\n');
    const result = memsim(['run', file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('FAIL free.swap_total: > 1MiB (actual: 0B (0))');
  });

  it('machine flags override the scenario', () => {
    // The swap header takes one page: a 256 MiB device gives 256 MiB - 4 KiB of swap.
    const file = scenarioFile('swap.yaml', 'title: s\nmachine: { swap: 0 }\nsteps:\n  - expect: { free.swap_total: 262140K }\n');
    expect(memsim(['run', file, '--swap', '256M']).status).toBe(0);
    expect(memsim(['run', file]).status).toBe(1);
  });

  it('an until that times out: exit 1', () => {
    const file = scenarioFile('until.yaml', 'title: u\nsteps:\n  - until: vmstat.oom_kill >= 1\n    timeout: 1s\n');
    const result = memsim(['run', file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/FAIL timeout: until vmstat\.oom_kill >= 1 after 1s/);
  });
});

describe('memsim sh', () => {
  it('-c runs the lines and exits with the last status', () => {
    const ok = memsim(['sh', '--sysctl', 'vm.swappiness=33', '-c', 'sysctl vm.swappiness']);
    expect(ok).toEqual({ status: 0, stdout: 'vm.swappiness = 33\n', stderr: '' });
    const failed = memsim(['sh', '-c', 'sysctl vm.swappiness\nsysctl -w vm.swappiness=500']);
    expect(failed.status).not.toBe(0);
    expect(failed.stdout).toBe('vm.swappiness = 60\n');
    expect(failed.stderr).toMatch(/swappiness/);
  });

  it('-c shows what a background program prints later, after the line during which it printed', async () => {
    const result = await memsimInProcess(['sh', '--ram', '1GiB', '-c', 'hog --size 100M &\nsleep 2s\necho done']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('hog: allocated 100MiB, touched 100MiB; holding it (pid 700)\ndone\n');
    expect(result.stderr).toBe('[1] 700\n');
  });

  it('reads commands from a pipe without a prompt', () => {
    const result = memsim(['sh', '--ram', '1GiB', '--swap', '0'], 'free -b\nsysctl vm.overcommit_memory\n');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^ +total +used +free +shared +buff\/cache +available\nMem: +\d+/);
    expect(result.stdout).toMatch(/Swap: +0 +0 +0\n/);
    expect(result.stdout.endsWith('vm.overcommit_memory = 0\n')).toBe(true);
    expect(result.stdout).not.toContain('root@memsim');
  });
});
