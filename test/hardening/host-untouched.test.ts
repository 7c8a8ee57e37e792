// The host is never touched: every shell command (each key's line, every command with host-looking paths such as
// /etc/passwd and /proc/sys/vm/*) and every shipped scenario runs in-process, as root, while
// (1) every node:fs and node:child_process entry point is spied on: no write anywhere, no read outside the
//     scenario files, no process started; and
// (2) a snapshot of the host (/proc/sys/vm/* values; names, sizes, mtimes and hashes under /etc; /dev/shm, /var/tmp,
//     /srv listings; the working directory, a fresh temp dir; files in the repo named like simulated files) is the
//     same before and after.
import { createHash } from 'node:crypto';
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../source/scenario/run.js';
import { openScenario } from '../../source/scenario/open.js';
import { createSession } from '../../source/shell/session.js';
import { KEY_LINES, PATHS } from './shell-lines.js';
import { SCENARIO_DIR, shippedScenarios } from './scenario-facts.js';

const ROOT = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

// ------------------------------------------------------------------------------------------ host snapshot

function hashOf(path: string, size: number): string {
  if (size > 1_000_000) return 'big';
  try {
    return createHash('sha1').update(fs.readFileSync(path)).digest('hex');
  } catch {
    return 'unreadable';
  }
}

function walk(dir: string, out: Map<string, string>, depth = 0): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isSymbolicLink()) {
      out.set(path, `link:${fs.readlinkSync(path)}`);
    } else if (e.isDirectory()) {
      if (depth < 6) walk(path, out, depth + 1);
    } else if (e.isFile()) {
      const st = fs.statSync(path);
      out.set(path, `${st.size}:${st.mtimeMs}:${hashOf(path, st.size)}`);
    }
  }
}

function listing(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** Names the simulation uses for files; a file with such a name appearing in the repo would be a leak. */
const SIMULATED_NAMES = new Set([...PATHS, ...KEY_LINES.join(' ').split(/[\s=]+/)].map((p) => p.split('/').pop()!).filter((n) => /^[\w.-]+$/.test(n) && !/^\d+$/.test(n)));

function repoFilesNamedLikeSimulated(): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (['node_modules', '.git', 'dist'].includes(e.name)) continue;
      const path = join(dir, e.name);
      if (e.isDirectory()) visit(path);
      else if (SIMULATED_NAMES.has(e.name)) out.push(relative(ROOT, path));
    }
  };
  visit(ROOT);
  return out.sort();
}

function hostSnapshot(cwd: string): Record<string, unknown> {
  const vm: Record<string, string> = {};
  for (const name of listing('/proc/sys/vm')) {
    try {
      vm[name] = fs.readFileSync(join('/proc/sys/vm', name), 'utf8');
    } catch {
      vm[name] = 'unreadable';
    }
  }
  const etc = new Map<string, string>();
  walk('/etc', etc);
  return {
    vm,
    etc: Object.fromEntries(etc),
    devShm: listing('/dev/shm'),
    varTmp: listing('/var/tmp'),
    srv: listing('/srv'),
    cwd: listing(cwd),
    repo: repoFilesNamedLikeSimulated(),
  };
}

// ------------------------------------------------------------------------------------------ fs / process spy

interface Spy { calls: string[]; restore(): void }

const FS_WRITES = ['writeFileSync', 'appendFileSync', 'mkdirSync', 'rmSync', 'rmdirSync', 'unlinkSync', 'renameSync', 'copyFileSync', 'truncateSync', 'chmodSync', 'chownSync', 'symlinkSync', 'linkSync', 'utimesSync', 'createWriteStream',
  'writeFile', 'appendFile', 'mkdir', 'rm', 'rmdir', 'unlink', 'rename', 'copyFile', 'truncate', 'chmod', 'chown', 'symlink', 'link', 'utimes', 'writeSync', 'write'];
const FS_READS = ['readFileSync', 'readdirSync', 'statSync', 'lstatSync', 'existsSync', 'accessSync', 'openSync', 'createReadStream', 'readFile', 'readdir', 'stat', 'lstat', 'open', 'access', 'opendirSync', 'realpathSync'];
const PROCESS_STARTS = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'];

/** Wrap every listed function of the CommonJS module objects (and re-sync the ESM named exports). */
function installSpy(allowedReadPrefix: string): Spy {
  const calls: string[] = [];
  const originals: Array<[Record<string, unknown>, string, unknown]> = [];
  const wrap = (mod: Record<string, unknown>, name: string, judge: (args: unknown[]) => string | undefined) => {
    const original = mod[name];
    if (typeof original !== 'function') return;
    originals.push([mod, name, original]);
    mod[name] = function spied(this: unknown, ...args: unknown[]) {
      const verdict = judge(args);
      if (verdict) calls.push(verdict);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  };
  const fsCjs = require('node:fs') as Record<string, unknown>;
  const cpCjs = require('node:child_process') as Record<string, unknown>;
  for (const name of FS_WRITES) wrap(fsCjs, name, (args) => `fs.${name}(${String(args[0])})`);
  for (const name of FS_READS) wrap(fsCjs, name, (args) => (String(args[0]).startsWith(allowedReadPrefix) ? undefined : `fs.${name}(${String(args[0])})`));
  for (const name of PROCESS_STARTS) wrap(cpCjs, name, (args) => `child_process.${name}(${String(args[0])})`);
  syncBuiltinESMExports();
  return {
    calls,
    restore() {
      for (const [mod, name, original] of originals) mod[name] = original;
      syncBuiltinESMExports();
    },
  };
}

// ------------------------------------------------------------------------------------------ the workload

/** Every command with host-looking targets, plus the keys' lines, in one session. */
function commandLines(): string[] {
  const lines = [...KEY_LINES];
  for (const path of PATHS) {
    lines.push(`cat ${path}`, `echo 1 > ${path}`, `dd if=/dev/zero of=${path} bs=4K count=1`, `rm ${path}`, `ls ${path}`);
  }
  lines.push('sysctl -a', 'sysctl -w vm.swappiness=1', 'sysctl -w vm.overcommit_memory=2', 'sysctl -w vm.min_free_kbytes=100000',
    'echo 3 > /proc/sys/vm/drop_caches', 'sync', 'free -h', 'ps aux', 'vmstat', 'dmesg', 'malloc 1M', 'strace malloc 200K',
    'hog --size 64M --shared &', 'kill -9 $(pidof hog)', 'echo -1000 > /proc/1/oom_score_adj', 'reboot', 'swapoff -a', 'mount', 'jobs', 'wait');
  return lines;
}

describe('the host is never touched', () => {
  it('every shell command and every shipped scenario, as root: no host I/O, host files and /proc/sys/vm unchanged', async () => {
    const cwd = fs.mkdtempSync(join(tmpdir(), 'memsim-host-'));
    const previousCwd = process.cwd();
    const scenarios = shippedScenarios();
    const before = hostSnapshot(cwd);
    // Boot once outside the spy: loading modules may read package files lazily.
    createSession({ machine: { ramBytes: 512 * 2 ** 20 } });
    process.chdir(cwd);
    const spy = installSpy(SCENARIO_DIR);
    const statuses: number[] = [];
    let scenarioRuns = 0;
    try {
      const session = createSession({ machine: { ramBytes: 512 * 2 ** 20, swapBytes: 64 * 2 ** 20 } });
      for (const line of commandLines()) statuses.push(session.runToCompletion(line, 'prompt', 2000).status);
      for (const { name } of scenarios) {
        const opened = openScenario(join(SCENARIO_DIR, name));
        expect(opened.ok, name).toBe(true);
        if (!opened.ok) continue;
        await runScenario(opened.scenario, opened.session, { write: () => {} });
        scenarioRuns++;
      }
    } finally {
      spy.restore();
      process.chdir(previousCwd);
    }
    const after = hostSnapshot(cwd);
    fs.rmSync(cwd, { recursive: true, force: true });
    console.log(`host untouched: ${statuses.length} command lines (${statuses.filter((s) => s === 0).length} succeeded), ${scenarioRuns} scenarios, ${Object.keys((before as { etc: object }).etc).length} files under /etc compared`);
    expect(process.getuid?.()).toBe(0); // the point is to prove it as root
    expect(spy.calls, 'host I/O during the simulation').toEqual([]);
    expect(after).toEqual(before);
  }, 240_000);

  it('the spy sees host I/O made through a source module\'s named import (so an empty list means something)', async () => {
    const { loadScenarioFile } = await import('../../source/scenario/load.js');
    const spy = installSpy(SCENARIO_DIR);
    try {
      loadScenarioFile('/etc/hostname', { meminfo: [], vmstat: [], sysctl: [], checkSysctl: () => undefined });
    } finally {
      spy.restore();
    }
    expect(spy.calls).toContain('fs.readFileSync(/etc/hostname)');
  });
});
