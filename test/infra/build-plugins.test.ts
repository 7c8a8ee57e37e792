// scripts/build-plugins.mjs: each plugin changes how a dependency is loaded, never what it computes. Each test
// bundles a small program with and without the plugin (esbuild, as scripts/build.mjs does) and compares the
// outputs of the two bundles, and checks the plugin really removed what it is there to remove.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without types
import * as plugins from '../../scripts/build-plugins.mjs';

const { inkNoTopLevelAwaitPlugin, lazyBuiltinsPlugin, lazyUnicodePlugin, meowLazyNormalizePlugin, yogaSyncPlugin } = plugins;

const repo = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'memsim-plugins-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
/** Bundles `program` (resolving packages from the repository) and runs it; returns its stdout and the bundle. */
async function bundleAndRun(program: string, plugins: unknown[], format: 'esm' | 'cjs' = 'esm') {
  const outfile = join(scratch, `out-${counter++}.${format === 'esm' ? 'mjs' : 'cjs'}`);
  const result = await build({
    stdin: { contents: program, resolveDir: repo, loader: 'ts' },
    outfile, bundle: true, platform: 'node', format, target: 'node20', write: false, logLevel: 'silent',
    plugins: plugins as never,
    // As scripts/build.mjs does for its CommonJS bundle: import.meta.url becomes the file's URL.
    ...(format === 'cjs' ? {
      define: { 'import.meta.url': '__memsimImportMetaUrl' },
      banner: { js: "var __memsimImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    } : {}),
  });
  const text = result.outputFiles[0].text;
  writeFileSync(outfile, text);
  const run = spawnSync(process.execPath, [outfile], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return { stdout: run.stdout, text };
}

describe('build plugins', () => {
  it('yoga-layout instantiated synchronously lays out as the stock loader does, without fetch and in CommonJS', async () => {
    const program = `
      import Yoga from 'yoga-layout';
      const root = Yoga.Node.create();
      root.setWidth(120); root.setHeight(40); root.setFlexDirection(Yoga.FLEX_DIRECTION_COLUMN);
      const a = Yoga.Node.create(); a.setFlexGrow(1); a.setMargin(Yoga.EDGE_ALL, 1);
      const b = Yoga.Node.create(); b.setHeight(7); b.setPadding(Yoga.EDGE_LEFT, 3);
      root.insertChild(a, 0); root.insertChild(b, 1);
      root.calculateLayout(undefined, undefined, Yoga.DIRECTION_LTR);
      console.log(JSON.stringify([root, a, b].map((n) => n.getComputedLayout())));
    `;
    const stock = await bundleAndRun(program, []);
    const sync = await bundleAndRun(program, [yogaSyncPlugin()]);
    expect(sync.stdout).toBe(stock.stdout);
    expect(JSON.parse(sync.stdout)[1]).toMatchObject({ left: 1, top: 1, width: 118 });
    expect(sync.text).not.toMatch(/await /);
    expect((await bundleAndRun(program, [yogaSyncPlugin()], 'cjs')).stdout).toBe(stock.stdout);
  });

  it("yoga-layout with a 1 MiB initial memory grows it and lays out 30,000 nodes (~16 MiB) as the stock 16 MiB one does", async () => {
    const program = `
      import Yoga from 'yoga-layout';
      const root = Yoga.Node.create();
      root.setWidth(1000); root.setFlexDirection(Yoga.FLEX_DIRECTION_ROW); root.setFlexWrap(Yoga.WRAP_WRAP);
      const kids = [];
      for (let i = 0; i < 30000; i++) {
        const n = Yoga.Node.create(); n.setWidth(3 + (i % 17)); n.setHeight(1 + (i % 5)); n.setMargin(Yoga.EDGE_LEFT, i % 3);
        root.insertChild(n, i); kids.push(n);
      }
      root.calculateLayout(undefined, undefined, Yoga.DIRECTION_LTR);
      let h = 0;
      for (const n of kids) h = (h * 31 + n.getComputedLeft() * 7 + n.getComputedTop()) % 1000000007;
      console.log(root.getComputedHeight(), h);
    `;
    const stock = await bundleAndRun(program, []);
    const sync = await bundleAndRun(program, [yogaSyncPlugin()]);
    expect(sync.stdout).toBe(stock.stdout);
    expect(sync.stdout).toMatch(/^\d+ \d+\n$/);
  });

  it('lazy Intl.Segmenter and RGI_Emoji regex measure every kind of text as string-width, tokenize and slice-ansi do', async () => {
    const program = `
      import stringWidth from 'string-width';
      import wrapAnsi from 'wrap-ansi';
      import sliceAnsi from 'slice-ansi';
      import { tokenize } from '@alcalzone/ansi-tokenize';
      const samples = ['', 'plain ascii', '\\u001b[31mred\\u001b[39m', '─│█▒·▁▂▃', '…', '日本語', '한국어', 'e\\u0301',
        '👍', '👨‍👩‍👧', '1️⃣', '🇫🇷', '\\u200b', 'a\\tb', '\\u00ad', '♥', '©', 'ｶﾞ'];
      console.log(JSON.stringify(samples.map((s) => [stringWidth(s), wrapAnsi(s + ' ' + s, 4), sliceAnsi(s + 'xyz', 1, 4),
        tokenize(s)])));
    `;
    const stock = await bundleAndRun(program, []);
    const lazy = await bundleAndRun(program, [lazyUnicodePlugin()]);
    expect(lazy.stdout).toBe(stock.stdout);
    expect(lazy.text).toContain('__memsimLazySegmenter(() => new Intl.Segmenter(');
    expect(lazy.text).toContain('rgiEmojiRegex = __memsimLazyTest(');
  });

  it("Ink's DEV-only top-level awaits and meow's eager normalize-package-data are gone; both still work", async () => {
    const program = `
      import meow from 'meow';
      import React from 'react';
      import { renderToString, Text } from 'ink';
      const cli = meow('help', { importMeta: { url: 'file:///x.js' }, pkg: { name: 'x', version: '1.2.3' }, argv: ['--n', '2'],
        flags: { n: { type: 'number' } } });
      console.log(cli.flags.n, renderToString(React.createElement(Text, null, 'hi')));
    `;
    const plugins = [yogaSyncPlugin(), inkNoTopLevelAwaitPlugin(), meowLazyNormalizePlugin(), {
      name: 'stub', setup(b: { onResolve: Function; onLoad: Function }) {
        b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'x', namespace: 'stub' }));
        b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default {}', loader: 'js' }));
      },
    }];
    // Bundling as CommonJS at all proves the top-level awaits are gone (esbuild refuses them in CommonJS).
    const out = await bundleAndRun(program, plugins, 'cjs');
    expect(out.stdout.trim()).toBe('2 hi');
    expect(out.text).toContain('getDefaultExportFromCjs(requireNormalize())(...args)');
  });

  it('object-hash, terminal-size and signal-exit 3 load crypto / child_process / assert only when used, same results', async () => {
    const program = `
      import hash from 'object-hash';
      import terminalSize from 'terminal-size';
      import onExit from './node_modules/restore-cursor/node_modules/signal-exit/index.js';
      const loaded = (name) => process.moduleLoadList.includes('NativeModule ' + name);
      const before = ['crypto', 'child_process', 'assert'].filter(loaded);
      let error = '';
      try { onExit('not a function'); } catch (e) { error = e.name + ': ' + e.message; }
      const size = terminalSize();
      console.log(JSON.stringify({ before, md5: hash({ a: [1, 'x'] }, { algorithm: 'MD5' }), sha1: hash(new Set([3, 1])),
        bad: (() => { try { hash({}, { algorithm: 'nope' }); } catch (e) { return e.message; } })(), error,
        size: typeof size.columns, after: ['crypto', 'child_process', 'assert'].filter(loaded) }));
    `;
    const stock = JSON.parse((await bundleAndRun(program, [], 'cjs')).stdout);
    const lazy = JSON.parse((await bundleAndRun(program, [lazyBuiltinsPlugin()], 'cjs')).stdout);
    expect(lazy.before).toEqual([]);
    expect(stock.before).toEqual(['crypto', 'child_process', 'assert']);
    expect({ ...lazy, before: null }).toEqual({ ...stock, before: null });
    expect(lazy.error).toMatch(/AssertionError.*a callback must be provided for exit handler/);
  });
});
