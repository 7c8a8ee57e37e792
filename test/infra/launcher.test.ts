// source/cli/launcher.ts (dist/memsim.js): runs the CommonJS application bundle through V8's code cache. The
// cache is only an optimisation: these tests check that a first run writes it, a later run uses it without
// rewriting it, and that a corrupt, foreign or unwritable cache never changes what the program does. Builds a
// tiny application with scripts/build.mjs in a scratch copy of the repository layout (as build.test.ts does).
import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeBuildScratch } from './support/build-scratch.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let scratch: string;

beforeAll(() => {
  scratch = makeBuildScratch('memsim-launcher-');
  writeFileSync(join(scratch, 'package.json'), '{"type":"module"}\n');
  // Exercises what the real bundle relies on: require of built-ins, import.meta.url, a lazily imported module,
  // the exit status, argv.
  writeFileSync(join(scratch, 'source/cli/main.ts'), [
    "import { readFileSync } from 'node:fs';",
    "const own = readFileSync(new URL(import.meta.url), 'utf8').length > 0;",
    "void import('./lazy.js').then((lazy) => {",
    '  console.log(`args=${process.argv.slice(2).join(",")} own=${own} lazy=${lazy.value} require=${typeof require}`);',
    '  process.exitCode = 3;',
    // As the dashboard: a run-time V8 flag change (jit-budget.ts), then the first frame (mount.ts's hook).
    "  if (process.env.CHANGE_FLAGS) require('node:v8').setFlagsFromString('--interrupt-budget=1000000');",
    "  (globalThis as any)[Symbol.for('memsim.codeCachePoint')]?.();",
    '});',
  ].join('\n'));
  writeFileSync(join(scratch, 'source/cli/lazy.ts'), 'export const value = 42;\n');
  const built = spawnSync(process.execPath, [join(scratch, 'scripts/build.mjs'), 'memsim'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(built.stderr);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const chunks = () => join(scratch, 'dist/chunks');
const caches = () => readdirSync(chunks()).filter((f) => f.endsWith('.v8cache'));

function run(env: NodeJS.ProcessEnv = {}, uid?: number, args = ['a', 'b']) {
  const { NODE_OPTIONS: _n, ...base } = process.env;
  return spawnSync(process.execPath, [join(scratch, 'dist/memsim.js'), ...args], {
    encoding: 'utf8', env: { ...base, ...env }, ...(uid === undefined ? {} : { uid, gid: uid }),
  });
}

function expectNormalRun(out: ReturnType<typeof run>): void {
  expect(out.stderr).toBe('');
  expect(out.stdout.trim()).toBe('args=a,b own=true lazy=42 require=function');
  expect(out.status).toBe(3);
}

describe('dist/memsim.js launcher', () => {
  it('runs the CommonJS application bundle, which keeps its content hash in its name', () => {
    const apps = readdirSync(chunks()).filter((f) => /^memsim-app-[A-Z0-9]+\.cjs$/.test(f));
    expect(apps).toHaveLength(1);
    expect(readFileSync(join(scratch, 'dist/memsim.js'), 'utf8')).toContain(apps[0]);
    expectNormalRun(run({ MEMSIM_CODE_CACHE: '0' }));
    expect(caches()).toEqual([]); // disabled: nothing written
  });

  it('writes the code cache on the first run and reuses it unchanged afterwards', () => {
    expectNormalRun(run());
    expect(caches()).toHaveLength(1);
    const [name] = caches();
    expect(name).toContain(`.dashboard.node-${process.version}-${process.arch}`);
    const first = readFileSync(join(chunks(), name));
    expect(first.length).toBeGreaterThan(0);
    expectNormalRun(run());
    expect(readFileSync(join(chunks(), name)).equals(first)).toBe(true);
  });

  it('falls back to compiling, silently, and replaces the cache, when the cache is corrupt or truncated', () => {
    const [name] = caches();
    const good = readFileSync(join(chunks(), name));
    for (const bad of [Buffer.from('not a V8 code cache'), good.subarray(0, good.length >> 1), Buffer.alloc(0)]) {
      writeFileSync(join(chunks(), name), bad);
      expectNormalRun(run()); // expectNormalRun also checks that nothing was written to stderr
      const replaced = readFileSync(join(chunks(), name));
      expect(replaced.equals(bad)).toBe(false);
      expect(replaced.length).toBeGreaterThan(0);
    }
    expectNormalRun(run());
  });

  it('leaves no temporary files behind when several processes start at once without a cache', async () => {
    for (const name of caches()) rmSync(join(chunks(), name));
    const { spawn } = await import('node:child_process');
    const { NODE_OPTIONS: _n, ...env } = process.env;
    const exits = Array.from({ length: 6 }, () => new Promise<number | null>((done) => {
      spawn(process.execPath, [join(scratch, 'dist/memsim.js')], { env, stdio: 'ignore' }).on('exit', done);
    }));
    expect(await Promise.all(exits)).toEqual([3, 3, 3, 3, 3, 3]);
    expect(caches()).toHaveLength(1);
    expect(readdirSync(chunks()).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expectNormalRun(run());
  });

  it('does not write a cache under non-default flags, and runs without one in a read-only directory', () => {
    for (const name of caches()) rmSync(join(chunks(), name));
    expectNormalRun(run({ NODE_OPTIONS: '--max-old-space-size=200' }));
    expect(caches()).toEqual([]);
    // A read-only installation: as root, run the program as `nobody` (root could write anywhere); otherwise
    // take the write permission away.
    const asRoot = process.getuid?.() === 0;
    chmodSync(scratch, 0o755);
    chmodSync(chunks(), 0o555);
    try {
      expectNormalRun(run({}, asRoot ? 65534 : undefined));
      expect(caches()).toEqual([]);
    } finally {
      chmodSync(chunks(), 0o755);
    }
  });

  it('makes the cache before a run-time V8 flag change, so that the next start (default flags) accepts it', () => {
    for (const name of caches()) rmSync(join(chunks(), name));
    expectNormalRun(run({ CHANGE_FLAGS: '1' }));
    const [name] = caches();
    const first = readFileSync(join(chunks(), name));
    expectNormalRun(run({ CHANGE_FLAGS: '1' }));
    expect(readFileSync(join(chunks(), name)).equals(first)).toBe(true); // accepted: not rewritten
  });

  it("still runs a measuring tool's first-frame function (--require), after its own", () => {
    const tool = join(scratch, 'tool.cjs');
    writeFileSync(tool, "globalThis[Symbol.for('memsim.codeCachePoint')] = () => console.log('tool saw the first frame');\n");
    for (const name of caches()) rmSync(join(chunks(), name));
    expectNormalRun(run()); // a cache, made at the first frame under the dashboard's start-up flags
    const [name] = caches();
    const made = readFileSync(join(chunks(), name));
    const { NODE_OPTIONS: _n, ...env } = process.env;
    const out = spawnSync(process.execPath, ['--require', tool, join(scratch, 'dist/memsim.js'), 'a', 'b'], { encoding: 'utf8', env });
    expect(out.stderr).toBe('');
    expect(out.stdout.trim().split('\n')).toEqual(['args=a,b own=true lazy=42 require=function', 'tool saw the first frame']);
    expect(readFileSync(join(chunks(), name)).equals(made)).toBe(true);
  });

  it('keeps one cache per kind of command; run and sh write theirs on exit', () => {
    for (const name of caches()) rmSync(join(chunks(), name));
    const sh = run({}, undefined, ['sh', 'x']);
    expect(sh.stdout.trim()).toBe('args=sh,x own=true lazy=42 require=function');
    expect(caches()).toEqual([expect.stringContaining('.sh.node-')]);
    expectNormalRun(run());
    expect(caches().sort()).toEqual([expect.stringContaining('.dashboard.node-'), expect.stringContaining('.sh.node-')]);
  });
});
