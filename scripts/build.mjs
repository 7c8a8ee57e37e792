// Bundles memsim's entry points into dist/ with esbuild.
//
// Why a bundle: plain ESM imports of ink + react cost 330-450 ms at start-up; one bundled file with
// NODE_ENV=production starts in about 140 ms and avoids React's development build, whose
// performance.measure() calls leak memory on every commit (see shared/reference/ink-terminal-notes.md §1.4, §2).
// Runs in `npm install` (prepare), `npm run build`, `npm run bench` and vitest's global setup, so it must
// stay fast (well under 2 s) and must succeed even while an entry point does not exist yet.
// Usage: node scripts/build.mjs [NAME...]   (no NAME: every entry; a failing `optional` entry then only warns,
// so a half-written benchmark never breaks `npm install` or the test suite).
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cjsFacadePlugin, inkNoTopLevelAwaitPlugin, lazyBuiltinsPlugin, lazyUnicodePlugin, meowLazyNormalizePlugin, separateLibrariesPlugin,
  yogaSyncPlugin,
} from './build-plugins.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** dist/<name><ext> <- source file; executable ones get chmod +x. */
const entries = [
  // memsim: dist/memsim.js is the launcher, which runs the application bundle dist/chunks/memsim-app-HASH.cjs
  // through V8's code cache (see source/cli/launcher.ts for why both are CommonJS).
  { name: 'memsim', ext: '.js', source: 'source/cli/main.ts', launcher: 'source/cli/launcher.ts', executable: true, optional: false },
  // The benchmark and the soak are ES modules (top-level await): .mjs, as dist/ is a CommonJS package scope.
  { name: 'bench', ext: '.mjs', source: 'scripts/bench.ts', executable: false, optional: true },
  { name: 'soak', ext: '.mjs', source: 'scripts/soak.ts', executable: false, optional: true },
];

/** dist/package.json: every .js file in dist/ is CommonJS, whatever the repository's own package.json says, so
 *  that `node dist/memsim.js` starts without Node's ES module loader (source/cli/launcher.ts). */
const DIST_PACKAGE_JSON = '{ "type": "commonjs" }\n';

/** The entry's output file, relative to the repository (dist/memsim.js). */
const outputName = (entry) => `dist/${entry.name}${entry.ext}`;

// Some dependencies are CommonJS and call require() on Node built-ins; an ESM bundle has no `require`,
// so give it one. The shebang must be the very first line.
const banner = [
  '#!/usr/bin/env node',
  "import { createRequire as __memsimCreateRequire } from 'node:module';",
  'const require = __memsimCreateRequire(import.meta.url);',
].join('\n');

// Ink loads its React DevTools bridge (./devtools.js -> react-devtools-core + ws) only when DEV=true, through
// a dynamic import. react-devtools-core is not installed (esbuild would fail on it) and ws is 48 KB that every
// start would compile: both resolve to empty modules. With DEV=true Ink then simply connects to nothing.
const stubDevtools = {
  name: 'stub-ink-devtools',
  setup(b) {
    const stub = (args) => ({ path: args.path, namespace: 'memsim-stub' });
    b.onResolve({ filter: /^react-devtools-core$/ }, stub);
    b.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) => (/[\\/]ink[\\/]/.test(args.importer) ? stub(args) : undefined));
    b.onLoad({ filter: /.*/, namespace: 'memsim-stub' }, () => ({
      contents: 'export default { initialize() {}, connectToDevTools() {} };',
      loader: 'js',
    }));
  },
};

/** Packages the application bundle requires from files of their own, next to it (see separateLibrariesPlugin). */
const SEPARATE_LIBRARIES = ['yaml', '@xterm/headless', '@sinonjs/fake-timers'];

/** dist/chunks/memsim-lib-NAME-HASH.cjs for each of SEPARATE_LIBRARIES: its module.exports, bundled as CommonJS. */
async function buildLibraries(common) {
  const built = await Promise.all(SEPARATE_LIBRARIES.map((pkg) => build({
    ...common,
    stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});\n`, resolveDir: root, loader: 'js' },
    entryNames: `chunks/memsim-lib-${pkg.replace(/^@/, '').replace(/\//g, '-')}-[hash]`,
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
  })));
  const files = {};
  built.forEach((result, i) => {
    const file = result.outputFiles.find((out) => out.path.endsWith('.cjs'));
    files[SEPARATE_LIBRARIES[i]] = file.path.slice(join(root, 'dist', 'chunks').length + 1);
  });
  return { files, outputFiles: built.flatMap((result) => result.outputFiles) };
}

/** The application bundle's first and last text: the wrapper of Node's CommonJS loader (source/cli/launcher.ts
 *  calls the function the file evaluates to). */
const APP_WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {';
const APP_WRAPPER_TAIL = '\n})';

/** Options every bundle shares. */
function commonOptions() {
  return {
    absWorkingDir: root,
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [stubDevtools, yogaSyncPlugin(), meowLazyNormalizePlugin(), inkNoTopLevelAwaitPlugin(), lazyUnicodePlugin(),
      lazyBuiltinsPlugin(), cjsFacadePlugin()],
    // A smaller file compiles faster at start-up. MEMSIM_READABLE_BUILD=1 keeps names and lines for
    // `node --cpu-prof` profiles.
    minify: !readable,
    keepNames: false,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'silent',
    write: false,
  };
}

/** One esbuild run per entry (two for one with a launcher), so one broken entry cannot take the others down. */
async function buildEntry(entry) {
  const common = commonOptions();
  if (!entry.launcher) {
    const result = await build({
      ...common, entryPoints: { [entry.name]: entry.source }, format: 'esm', outExtension: { '.js': entry.ext }, banner: { js: banner },
    });
    return publish(entry, result.outputFiles);
  }
  // The application: one CommonJS file (no code splitting in CommonJS: code behind a dynamic import, such as the
  // dashboard's ink/react/yoga, is still evaluated only when imported), but for the separate libraries. The
  // content hash in its name keys the code cache (the libraries' names, hashes included, are in its text).
  // CommonJS has no import.meta; the few dependencies that read import.meta.url get the file's URL.
  const libraries = await buildLibraries(common);
  const app = await build({
    ...common,
    plugins: [...common.plugins, separateLibrariesPlugin(libraries.files)],
    entryPoints: { [entry.name]: entry.source },
    entryNames: `chunks/[name]-app-[hash]`,
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    metafile: true,
    define: { ...common.define, 'import.meta.url': '__memsimImportMetaUrl' },
    // The file is the function Node's CommonJS loader would wrap it in, so that the launcher compiles the file's
    // text as it is: wrapping it at run time built a second 1 MB string (a copy V8 flattens) before compiling.
    banner: { js: `${APP_WRAPPER_HEAD}var __memsimImportMetaUrl = require('node:url').pathToFileURL(__filename).href;` },
    footer: { js: APP_WRAPPER_TAIL },
  });
  // The launcher runs the bundle with vm.Script, which has no loader for import(): esbuild turns every bundled
  // dynamic import into a require, but keeps import() of an external (a Node built-in) as it is.
  const dynamic = Object.values(app.metafile.outputs).flatMap((out) => out.imports)
    .filter((i) => i.kind === 'dynamic-import' && i.external).map((i) => i.path);
  if (dynamic.length > 0) {
    throw new Error(`${entry.source}: import() of ${[...new Set(dynamic)].join(', ')} cannot run in the CommonJS bundle; ` +
      "use createRequire(import.meta.url)('...') instead");
  }
  const bundle = app.outputFiles.find((file) => file.path.endsWith('.cjs'));
  const relative = bundle.path.slice(join(root, 'dist').length + 1).split(sep).join('/');
  const launcher = await build({
    ...common,
    entryPoints: { [entry.name]: entry.launcher },
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
    define: { ...common.define, MEMSIM_APP_BUNDLE: JSON.stringify(relative) },
    plugins: [],
  });
  return publish(entry, [...libraries.outputFiles, ...app.outputFiles, ...launcher.outputFiles]);
}

/**
 * Writes a build's files so that a concurrent reader never sees a half-written or inconsistent bundle (several
 * test runs build and spawn dist/memsim.js at once in a shared work tree): every file goes to a temporary name
 * and is renamed into place (atomic), chunks before the entry file that imports them. Chunk names carry a
 * content hash, so an entry of an older build still finds its own chunks; chunks untouched for a day are pruned.
 */
function publish(entry, outputFiles) {
  const entryPath = join(root, outputName(entry));
  const ordered = [...outputFiles].sort((a, b) => Number(a.path === entryPath) - Number(b.path === entryPath));
  for (const file of ordered) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents, { mode: file.path === entryPath && entry.executable ? 0o755 : 0o644 });
    renameSync(temporary, file.path);
  }
  pruneOldChunks(entry.name);
  // An ES module output of an earlier build under its old name (dist/bench.js) would not even load in dist/'s
  // CommonJS scope: removed, so that nothing runs it by mistake.
  if (entry.ext !== '.js') for (const old of [`${entry.name}.js`, `${entry.name}.js.map`]) rmSync(join(root, 'dist', old), { force: true });
}

/** Written before any entry, atomically and only when it differs (concurrent builds in one work tree). */
function writeDistPackageJson() {
  const path = join(root, 'dist', 'package.json');
  if (existsSync(path) && readFileSync(path, 'utf8') === DIST_PACKAGE_JSON) return;
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, DIST_PACKAGE_JSON);
  renameSync(temporary, path);
}

function pruneOldChunks(name) {
  const chunkDir = join(root, 'dist', 'chunks');
  if (!existsSync(chunkDir)) return;
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const file of readdirSync(chunkDir)) {
    const path = join(chunkDir, file);
    if (file.startsWith(`${name}-`) && statSync(path).mtimeMs < dayAgo) rmSync(path, { force: true });
  }
}

const readable = process.env.MEMSIM_READABLE_BUILD === '1';

async function main() {
  const started = performance.now();
  const requested = process.argv.slice(2);
  for (const name of requested) {
    if (!entries.some((e) => e.name === name)) throw new Error(`build: unknown entry ${name}`);
  }
  const selected = requested.length > 0 ? entries.filter((e) => requested.includes(e.name)) : entries;
  const present = selected.filter((entry) => {
    if (existsSync(join(root, entry.source))) return true;
    if (requested.includes(entry.name)) process.exitCode = 1;
    console.warn(`build: skipping ${outputName(entry)} (${entry.source} does not exist yet)`);
    return false;
  });
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeDistPackageJson();

  const results = await Promise.allSettled(present.map(buildEntry));
  const built = [];
  results.forEach((result, i) => {
    const entry = present[i];
    if (result.status === 'fulfilled') {
      built.push(outputName(entry));
      return;
    }
    const message = (result.reason?.errors ?? [])
      .map((e) => `  ${e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : ''}${e.text}`)
      .join('\n') || String(result.reason);
    const strict = !entry.optional || requested.includes(entry.name);
    console.error(`build: ${strict ? 'FAILED' : 'warning, skipped'} ${outputName(entry)}\n${message}`);
    if (strict) process.exitCode = 1;
  });
  const ms = Math.round(performance.now() - started);
  if (built.length > 0) console.log(`build: ${built.join(', ')} in ${ms} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
