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
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** dist/<name>.js <- source file; executable ones get chmod +x. */
const entries = [
  { name: 'memsim', source: 'source/cli/main.ts', executable: true, optional: false },
  { name: 'bench', source: 'scripts/bench.ts', executable: false, optional: true },
];

// Some dependencies are CommonJS and call require() on Node built-ins; an ESM bundle has no `require`,
// so give it one. The shebang must be the very first line.
const banner = [
  '#!/usr/bin/env node',
  "import { createRequire as __memsimCreateRequire } from 'node:module';",
  'const require = __memsimCreateRequire(import.meta.url);',
].join('\n');

// Ink imports react-devtools-core only when DEV=true, through a dynamic import that esbuild hoists into
// the bundle; the package is not installed, so resolve it to an empty module.
const stubDevtools = {
  name: 'stub-react-devtools-core',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'memsim-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'memsim-stub' }, () => ({
      contents: 'export default { initialize() {}, connectToDevTools() {} };',
      loader: 'js',
    }));
  },
};

/** One esbuild run per entry, so one broken entry cannot take the others down. */
function buildEntry(entry) {
  return build({
    absWorkingDir: root,
    entryPoints: { [entry.name]: entry.source },
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    banner: { js: banner },
    plugins: [stubDevtools],
    // Smaller file parses faster; identifiers kept so `node --cpu-prof` profiles stay readable.
    minifySyntax: true,
    minifyWhitespace: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'silent',
  });
}

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
    console.warn(`build: skipping dist/${entry.name}.js (${entry.source} does not exist yet)`);
    return false;
  });
  mkdirSync(join(root, 'dist'), { recursive: true });

  const results = await Promise.allSettled(present.map(buildEntry));
  const built = [];
  results.forEach((result, i) => {
    const entry = present[i];
    if (result.status === 'fulfilled') {
      if (entry.executable) chmodSync(join(root, 'dist', `${entry.name}.js`), 0o755);
      built.push(`dist/${entry.name}.js`);
      return;
    }
    const message = (result.reason?.errors ?? [])
      .map((e) => `  ${e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : ''}${e.text}`)
      .join('\n') || String(result.reason);
    const strict = !entry.optional || requested.includes(entry.name);
    console.error(`build: ${strict ? 'FAILED' : 'warning, skipped'} dist/${entry.name}.js\n${message}`);
    if (strict) process.exitCode = 1;
  });
  const ms = Math.round(performance.now() - started);
  if (built.length > 0) console.log(`build: ${built.join(', ')} in ${ms} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
