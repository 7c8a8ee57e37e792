// scripts/build.mjs: bundles what exists, skips what does not, never lets the optional benchmark break the
// build, and produces an executable production bundle. Runs the script in a scratch copy of the repository
// layout (os.tmpdir()) so the real dist/ is not disturbed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeBuildScratch } from './support/build-scratch.js';

let scratch: string;

beforeEach(() => {
  scratch = makeBuildScratch('memsim-build-');
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function build(...names: string[]) {
  return spawnSync(process.execPath, [join(scratch, 'scripts/build.mjs'), ...names], { encoding: 'utf8' });
}

function write(path: string, text: string): void {
  mkdirSync(join(scratch, path, '..'), { recursive: true });
  writeFileSync(join(scratch, path), text);
}

describe('scripts/build.mjs', () => {
  it('succeeds with a warning while no entry point exists yet', () => {
    const run = build();
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('skipping dist/memsim.js (source/cli/main.ts does not exist yet)');
    expect(existsSync(join(scratch, 'dist'))).toBe(true);
  });

  it('fails when an entry asked for by name does not exist', () => {
    expect(build('bench').status).toBe(1);
  });

  it('bundles an executable file with a shebang, NODE_ENV=production and a working require', () => {
    write('source/cli/main.ts', [
      "import { createRequire } from 'node:module';",
      'const mode: string = process.env.NODE_ENV ?? "unset";',
      "console.log(`mode=${mode} require=${typeof require} ${typeof createRequire}`);",
    ].join('\n'));
    const run = build();
    expect(run.status, run.stderr).toBe(0);
    const bundle = join(scratch, 'dist/memsim.js');
    expect(readFileSync(bundle, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(bundle).mode & 0o111).toBe(0o111);
    const out = spawnSync(bundle, [], { encoding: 'utf8', env: { ...process.env, NODE_ENV: 'development' } });
    // The define wins over the environment: React's production build is always the one bundled.
    expect(out.stdout.trim()).toBe('mode=production require=function function');
  });

  it('resolves react-devtools-core (imported by ink only under DEV=true) to an empty stub', () => {
    write('source/cli/main.ts', "import devtools from 'react-devtools-core';\nconsole.log(typeof devtools.connectToDevTools);\n");
    expect(build().status).toBe(0);
    const out = spawnSync(process.execPath, [join(scratch, 'dist/memsim.js')], { encoding: 'utf8' });
    expect(out.stdout.trim()).toBe('function');
  });

  it('only warns when the optional benchmark does not compile, but fails when it is asked for', () => {
    write('source/cli/main.ts', 'console.log(1);\n');
    write('scripts/bench.ts', "import { nothing } from './missing.js';\nconsole.log(nothing);\n");
    const all = build();
    expect(all.status).toBe(0);
    expect(all.stderr).toContain('warning, skipped dist/bench.mjs');
    expect(existsSync(join(scratch, 'dist/memsim.js'))).toBe(true);
    const named = build('bench');
    expect(named.status).toBe(1);
    expect(named.stderr).toContain('FAILED dist/bench.mjs');
  });

  it('makes dist/ a CommonJS scope in an ES module package: the launcher runs as CommonJS, the benchmark as .mjs', () => {
    write('package.json', '{"type":"module"}\n');
    write('source/cli/main.ts', 'console.log(`main ${typeof module}`);\n');
    write('scripts/bench.ts', "await Promise.resolve();\nconsole.log('bench', typeof require);\n");
    write('dist/bench.js', 'an output of an older build\n');
    expect(build().status).toBe(0);
    expect(JSON.parse(readFileSync(join(scratch, 'dist/package.json'), 'utf8'))).toEqual({ type: 'commonjs' });
    const launcher = readFileSync(join(scratch, 'dist/memsim.js'), 'utf8');
    expect(launcher).not.toMatch(/\bimport\b/); // no ES module syntax: Node's ES module loader never starts
    const main = spawnSync(process.execPath, [join(scratch, 'dist/memsim.js')], { encoding: 'utf8' });
    expect(main.stdout.trim()).toBe('main object');
    const bench = spawnSync(process.execPath, [join(scratch, 'dist/bench.mjs')], { encoding: 'utf8' });
    expect(bench.stdout.trim(), bench.stderr).toBe('bench function');
    expect(existsSync(join(scratch, 'dist/bench.js'))).toBe(false);
  });

  it('keeps yaml out of the application bundle: a file of its own, required when an importer is first evaluated', () => {
    write('source/cli/main.ts', [
      "console.log('before', Object.keys(require.cache).some((file) => file.includes('memsim-lib-yaml')));",
      "void import('./scenario.js').then((scenario) => console.log(scenario.value));",
    ].join('\n'));
    write('source/cli/scenario.ts', "import { parse } from 'yaml';\nexport const value = parse('a: 41').a + 1;\n");
    expect(build('memsim').status).toBe(0);
    const chunks = readdirSync(join(scratch, 'dist/chunks'));
    const [app] = chunks.filter((file) => /^memsim-app-.*\.cjs$/.test(file));
    const [yaml] = chunks.filter((file) => /^memsim-lib-yaml-.*\.cjs$/.test(file));
    expect(yaml).toBeDefined();
    const text = readFileSync(join(scratch, 'dist/chunks', app), 'utf8');
    expect(text).toContain(`require("./${yaml}")`);
    expect(text).not.toContain('YAMLParseError'); // yaml's own code is not in the bundle
    const out = spawnSync(process.execPath, [join(scratch, 'dist/memsim.js')], { encoding: 'utf8' });
    expect(out.stdout.trim().split('\n'), out.stderr).toEqual(['before false', '42']);
  });

  it('refuses an import() of a Node built-in, which the CommonJS bundle would keep and could not run', () => {
    write('source/cli/main.ts', "void import('node:os').then((os) => console.log(os.EOL));\n");
    const run = build('memsim');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('import() of node:os cannot run in the CommonJS bundle');
  });
});
