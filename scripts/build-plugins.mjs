// esbuild plugins for scripts/build.mjs that cut memsim's start-up time (time to the dashboard's first frame).
// Each one rewrites how a pinned dependency is loaded, never what it does; each checks the shape of the code it
// rewrites and stops the build with a clear message if that shape changed (a dependency update), rather than
// silently bundling something else.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * yoga-layout (Ink's layout engine, WebAssembly) loads itself with a top-level `await loadYoga()`, and its
 * Emscripten loader then calls `fetch()` on the base64 `data:` URL of the wasm binary. On Node that first
 * `fetch()` loads and compiles undici (about 40 ms at start-up), and the top-level await keeps the bundle ESM.
 * Instead: the wasm bytes are decoded with Buffer and compiled and instantiated synchronously through
 * Emscripten's documented `instantiateWasm` hook (with it, Emscripten's run() also completes synchronously), so
 * `import Yoga from 'yoga-layout'` is ready without awaiting anything. The base64 text is moved out of the
 * Emscripten file (it would otherwise be in the bundle twice).
 */
export function yogaSyncPlugin() {
  return {
    name: 'memsim-yoga-sync',
    setup(b) {
      const DATA_URL = /H="data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/;
      const binaryOf = (yogaDist) => join(yogaDist, 'binaries', 'yoga-wasm-base64-esm.js');
      // Resolved as esbuild would for the importer (Ink), so the shim uses exactly the installed yoga-layout.
      b.onResolve({ filter: /^yoga-layout$/ }, async (args) => {
        if (args.pluginData === 'memsim-yoga-real') return undefined;
        const real = await b.resolve('yoga-layout', { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'memsim-yoga-real' });
        if (real.errors.length > 0) return { errors: real.errors };
        return { path: 'yoga-layout', namespace: 'memsim-yoga', pluginData: join(dirname(real.path), '..') };
      });
      b.onLoad({ filter: /.*/, namespace: 'memsim-yoga' }, (args) => {
        const yogaDist = args.pluginData;
        const match = DATA_URL.exec(readFileSync(binaryOf(yogaDist), 'utf8'));
        if (!match) throw new Error(`${binaryOf(yogaDist)}: the embedded wasm data: URL was not found (yoga-layout changed?)`);
        return {
          resolveDir: yogaDist,
          loader: 'js',
          contents: `
import loadYoga from './binaries/yoga-wasm-base64-esm.js';
import wrapAssembly from './src/wrapAssembly.js';
export * from './src/generated/YGEnums.js';
const bytes = Buffer.from(${JSON.stringify(withInitialMemoryPages(Buffer.from(match[1], 'base64'), YOGA_INITIAL_PAGES).toString('base64'))}, 'base64');
const yogaModule = {
  instantiateWasm(imports, receiveInstance) {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
    receiveInstance(instance);
    return instance.exports;
  },
};
loadYoga(yogaModule);
if (!yogaModule.calledRun) throw new Error('yoga-layout did not initialise synchronously');
const Yoga = wrapAssembly(yogaModule);
export default Yoga;
`,
        };
      });
      b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!DATA_URL.test(text) || !text.includes('if(h.instantiateWasm)')) {
          throw new Error(`${args.path}: no instantiateWasm hook or data: URL found (yoga-layout changed?)`);
        }
        return { contents: text.replace(DATA_URL, 'H="data:application/octet-stream;base64,"'), loader: 'js' };
      });
    },
  };
}

/** Yoga's initial wasm memory, in 64 KiB pages (its Emscripten build says 256 = 16 MiB; see withInitialMemoryPages). */
const YOGA_INITIAL_PAGES = 16;

/**
 * yoga-layout's wasm module defines its memory with 16 MiB initial and 2 GiB maximum, and its Emscripten glue is
 * built with memory growth (emscripten_resize_heap grows the memory and refreshes the HEAP views; sbrk asks for it
 * when malloc runs past memory.size). Ink's layout uses a few hundred KiB of it. V8 counts the whole 16 MiB as
 * external memory against the old generation's allocation limit (which it lowers after each early scavenge): on
 * top of the booted kernel's ~10 MiB of typed arrays, instantiating Yoga itself set off a full mark-compact GC
 * (10-14 ms) before the first frame. With a 1 MiB initial memory and the same 2 GiB maximum Yoga computes the same
 * layouts (the memory grows through the glue's own path if it needs more); GC before the first frame measured
 * 5-6 ms less (medians of 15 and 18 interleaved runs), the mark-compact still comes, later. The section's bytes
 * are checked exactly: another yoga-layout build stops the build here instead of being patched blindly.
 */
function withInitialMemoryPages(wasm, pages) {
  // One memory; limits flag 1 (has maximum); min 256 pages as LEB128 (0x80 0x02); max 32768 pages (0x80 0x80 0x02).
  const EXPECTED = [0x01, 0x01, 0x80, 0x02, 0x80, 0x80, 0x02];
  if (pages < 1 || pages > 127) throw new Error(`yoga initial memory: ${pages} pages does not fit the 2-byte field`);
  let at = 8; // after the magic number and version
  while (at < wasm.length) {
    const id = wasm[at++];
    let size = 0;
    for (let shift = 0, byte = 0x80; byte & 0x80; shift += 7) {
      byte = wasm[at++];
      size |= (byte & 0x7f) << shift;
    }
    if (id === 5) {
      if (size !== EXPECTED.length || EXPECTED.some((b, i) => wasm[at + i] !== b)) {
        throw new Error(`yoga-layout's wasm memory section is not the expected 16 MiB..2 GiB one (yoga-layout changed?)`);
      }
      const patched = Buffer.from(wasm);
      patched[at + 2] = 0x80 | pages; // the same two bytes, as a padded LEB128: pages | 0x80, 0x00
      patched[at + 3] = 0x00;
      return patched;
    }
    at += size;
  }
  throw new Error("yoga-layout's wasm module has no memory section (yoga-layout changed?)");
}

/**
 * meow's bundled dependencies do work at import that memsim never needs: they evaluate normalize-package-data
 * (spdx license tables: about 20 ms at start-up; meow calls it only from getPackage(), which memsim never reaches)
 * and @babel/code-frame (only for a package.json that fails to parse; memsim passes `pkg`), and import
 * node:child_process for a dead `promisify(execFile)` statement (loading child_process: 8-34 ms on this VM).
 * The first two are evaluated on first call instead; the dead statement and its import are removed.
 */
export function meowLazyNormalizePlugin() {
  return {
    name: 'memsim-meow-lazy',
    setup(b) {
      b.onLoad({ filter: /[\\/]meow[\\/]build[\\/]dependencies\.js$/ }, (args) => ({
        contents: exactEdits(args.path, readFileSync(args.path, 'utf8'), [
          ['var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);',
            'const normalizePackageData = (...args) => getDefaultExportFromCjs(requireNormalize())(...args);'],
          ['var libExports = requireLib$1();', 'const libExports = { codeFrameColumns: (...args) => requireLib$1().codeFrameColumns(...args) };'],
          ["import { execFile } from 'node:child_process';\n", ''],
          ['\npromisify(execFile);\n', '\n'],
        ]),
        loader: 'js',
      }));
    },
  };
}

/**
 * Ink's reconciler has two top-level awaits, both only under DEV=true: `await import('./devtools.js')` (the
 * React DevTools bridge, which this build stubs out anyway) and reading Ink's own package.json (name and
 * version reported to DevTools). A top-level await cannot be bundled as CommonJS (see source/cli/launcher.ts), so
 * the first becomes nothing (the stub did nothing) and the second the same values, read here at build time.
 */
export function inkNoTopLevelAwaitPlugin() {
  const DEVTOOLS = "await import('./devtools.js');";
  const PACKAGE = '? await loadPackageJson()';
  return {
    name: 'memsim-ink-no-top-level-await',
    setup(b) {
      b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes(DEVTOOLS) || !text.includes(PACKAGE)) {
          throw new Error(`${args.path}: Ink's DEV-only top-level awaits not found (ink changed?)`);
        }
        const { name, version } = JSON.parse(readFileSync(join(dirname(args.path), '..', 'package.json'), 'utf8'));
        return {
          contents: text
            .replace(DEVTOOLS, '/* React DevTools: stubbed by scripts/build.mjs */')
            .replace(PACKAGE, `? ${JSON.stringify({ name, version })}`),
          loader: 'js',
        };
      });
    },
  };
}

/**
 * string-width (two versions), @alcalzone/ansi-tokenize and slice-ansi each create an Intl.Segmenter when they are
 * imported; the first one created in a process loads ICU's break-iterator data (30-40 ms measured). string-width 8
 * also builds /^\p{RGI_Emoji}$/v (a property of strings: ~25 ms to parse). Ink only needs them for text outside
 * its fast paths, often not at all before the first frame. Create each on first use instead: `segment()` (the only
 * method these modules call on their segmenter) and `test()` (the only one called on that regex) forward to the
 * real object, so behaviour is unchanged.
 */
export function lazyUnicodePlugin() {
  const SEGMENTER = /^const (\w+) = new Intl\.Segmenter\(([^;\n]*)\);$/gm;
  const RGI_EMOJI = /^const rgiEmojiRegex = (\/\^\\p\{RGI_Emoji\}\$\/v);$/m;
  const helpers = `
function __memsimLazySegmenter(make) {
  let segmenter;
  return { segment: (text) => (segmenter ??= make()).segment(text) };
}
function __memsimLazyTest(make) {
  let regex;
  return { test: (text) => (regex ??= make()).test(text) };
}
`;
  return {
    name: 'memsim-lazy-unicode',
    setup(b) {
      const files = /[\\/](string-width[\\/]index|@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize|slice-ansi[\\/]tokenize-ansi)\.js$/;
      b.onLoad({ filter: files }, (args) => {
        let text = readFileSync(args.path, 'utf8');
        const segmenters = [...text.matchAll(SEGMENTER)];
        if (segmenters.length !== 1 || text.split('new Intl.Segmenter(').length !== 2) {
          throw new Error(`${args.path}: expected one module-level Intl.Segmenter (dependency changed?)`);
        }
        const name = segmenters[0][1];
        const uses = text.split(`${name}.`).length - 1;
        if (uses !== text.split(`${name}.segment(`).length - 1) throw new Error(`${args.path}: ${name} used beyond segment()`);
        text = text.replace(SEGMENTER, 'const $1 = __memsimLazySegmenter(() => new Intl.Segmenter($2));');
        if (/[\\/]string-width[\\/]/.test(args.path) && text.includes('rgiEmojiRegex')) {
          if (!RGI_EMOJI.test(text) || text.split('rgiEmojiRegex.').length !== text.split('rgiEmojiRegex.test(').length) {
            throw new Error(`${args.path}: rgiEmojiRegex not declared or used as expected (string-width changed?)`);
          }
          text = text.replace(RGI_EMOJI, 'const rgiEmojiRegex = __memsimLazyTest(() => $1);');
        }
        return { contents: text + helpers, loader: 'js' };
      });
    },
  };
}

/** Replaces each `from` with `to` in a dependency's file, failing the build if any `from` is not found once. */
function exactEdits(path, text, edits) {
  for (const [from, to] of edits) {
    if (text.split(from).length !== 2) throw new Error(`${path}: expected exactly one ${JSON.stringify(from)} (dependency changed?)`);
    text = text.replace(from, () => to);
  }
  return text;
}

/**
 * Node built-ins that dependencies load when imported but memsim's start-up never uses; loading one compiles
 * Node's internal modules behind it (measured on this VM: crypto + getHashes() 18-37 ms, child_process 8-34 ms).
 * - terminal-size (Ink's fallback when stdout is not a TTY) runs `stty`/`tput` through child_process only then:
 *   required on that call.
 * - object-hash (imported by @alcalzone/ink-table) lists crypto's hashes when imported: done on the first hash.
 * - signal-exit 3 (Ink's and restore-cursor's copies) loads assert for one argument check: the same check
 *   (assert.equal compares with ==), handing a failure to the real assert.equal so it throws the same error.
 */
export function lazyBuiltinsPlugin() {
  const files = /[\\/](terminal-size[\\/]index|object-hash[\\/]index|signal-exit[\\/]index)\.js$/;
  return {
    name: 'memsim-lazy-builtins',
    setup(b) {
      b.onLoad({ filter: files }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        let edits;
        if (/[\\/]signal-exit[\\/]/.test(args.path)) {
          edits = [["  var assert = require('assert')\n",
            "  var assert = { equal: function (actual, expected, message) {\n" +
            "    if (actual != expected) require('assert').equal(actual, expected, message)\n  } }\n"]];
        } else if (/[\\/]terminal-size[\\/]/.test(args.path)) {
          edits = [
            ["import {execFileSync} from 'node:child_process';\n", ''],
            ['\texecFileSync(command, arguments_, {', "\trequire('node:child_process').execFileSync(command, arguments_, {"],
          ];
        } else {
          edits = [
            ["var crypto = require('crypto');", "var cryptoModule;\nfunction getCrypto() { return cryptoModule || (cryptoModule = require('crypto')); }"],
            ["var hashes = crypto.getHashes ? crypto.getHashes().slice() : ['sha1', 'md5'];\nhashes.push('passthrough');",
              "var hashesList;\nfunction getHashes() {\n  if (!hashesList) {\n    var crypto = getCrypto();\n" +
              "    hashesList = crypto.getHashes ? crypto.getHashes().slice() : ['sha1', 'md5'];\n    hashesList.push('passthrough');\n" +
              '  }\n  return hashesList;\n}'],
            ['  // if there is a case-insensitive match in the hashes list, accept it',
              '  var hashes = getHashes();\n  // if there is a case-insensitive match in the hashes list, accept it'],
            ['hashingStream = crypto.createHash(options.algorithm);', 'hashingStream = getCrypto().createHash(options.algorithm);'],
          ];
        }
        const edited = exactEdits(args.path, text, edits);
        if (/[\\/]object-hash[\\/]/.test(args.path) && /\bcrypto\.(?!getHashes)/.test(edited.replace('getCrypto().createHash', ''))) {
          throw new Error(`${args.path}: crypto used elsewhere (object-hash changed?)`);
        }
        return { contents: edited, loader: 'js' };
      });
    },
  };
}

/**
 * One ES module facade per CommonJS module that many ES modules import. esbuild gives each importing file its
 * own copy of a CommonJS module's namespace (`__toESM`: a getter defined per export, 44 for React), and the
 * dashboard's files import React 32 times, react/jsx-runtime 8 times and node:process 16 times, all evaluated
 * before the first frame. Here every `import` of these resolves to one ES module that takes the CommonJS exports
 * once and re-exports them as plain bindings (which also spares each later React call a getter). Only `import`
 * statements are redirected: `require()` callers still get module.exports itself. The export names are the
 * module's own (React's read at build time from its production build, as bundled); an import of a name a facade
 * lacks fails the build instead of reading undefined.
 */
export function cjsFacadePlugin() {
  const FACADE = 'memsim-facade';
  const requireHere = createRequire(import.meta.url);
  function productionKeys(path) {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production'; // the build the bundle contains (define: NODE_ENV=production)
    try {
      return Object.keys(requireHere(path)).filter((key) => /^[A-Za-z_$][\w$]*$/.test(key) && key !== 'default');
    } finally {
      if (previous === undefined) delete process.env.NODE_ENV; else process.env.NODE_ENV = previous;
    }
  }
  return {
    name: 'memsim-cjs-facade',
    setup(b) {
      b.onResolve({ filter: /^(react|react\/jsx-runtime|node:process)$/ }, async (args) => {
        if (args.kind !== 'import-statement' || args.pluginData === FACADE || args.namespace === FACADE) return undefined;
        if (args.path === 'node:process') return { path: 'node:process', namespace: FACADE };
        // One facade per installed copy, named by the file the import resolves to (relative: no build machine's
        // paths in the bundle).
        const real = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: FACADE });
        if (real.errors.length > 0) return { errors: real.errors };
        return { path: relative(b.initialOptions.absWorkingDir ?? process.cwd(), real.path), namespace: FACADE };
      });
      // The facade's own import: the CommonJS module itself (node:process stays a Node built-in).
      b.onResolve({ filter: /.*/, namespace: FACADE }, (args) => (args.path === 'node:process'
        ? { path: 'node:process', external: true } : { path: resolve(b.initialOptions.absWorkingDir ?? process.cwd(), args.path) }));
      b.onLoad({ filter: /.*/, namespace: FACADE }, (args) => {
        // The names memsim's dependencies import from node:process (no getter of process is read early).
        const keys = args.path === 'node:process' ? ['env', 'cwd']
          : productionKeys(resolve(b.initialOptions.absWorkingDir ?? process.cwd(), args.path));
        return {
          loader: 'js',
          contents: `import cjs from ${JSON.stringify(args.path)};\nexport default cjs;\n` +
            `export const { ${keys.join(', ')} } = cjs;\n`,
        };
      });
    },
  };
}

/**
 * Libraries that the dashboard's start never runs (yaml for scenario files; the recorder's @xterm/headless and
 * @sinonjs/fake-timers, ~280 KB of the ~1.08 MB bundle) are kept out of the application bundle: each is bundled
 * into a CommonJS file of its own next to it (scripts/build.mjs), and an import of the package resolves to a
 * require() of that file, made when the importing module is first evaluated (`memsim run`, `record`,
 * `--scenario`). The dashboard then reads, and copies into a string, ~280 KB less at every start (~150 page
 * faults less to its first frame). `files` maps each package name to its file's name in the bundle's directory.
 * Only the bare package name is redirected; the libraries are CommonJS, so the importers see the same
 * module.exports as when bundled.
 */
export function separateLibrariesPlugin(files) {
  const names = Object.keys(files);
  const filter = new RegExp(`^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
  return {
    name: 'memsim-separate-libraries',
    setup(b) {
      b.onResolve({ filter }, (args) => ({ path: `./${files[args.path]}`, external: true }));
    },
  };
}
