// Bundles memsim's entry points into dist/ with esbuild.
//
// Why a bundle: plain ESM imports of ink + react cost 330-450 ms at start-up; one bundled file with
// NODE_ENV=production starts in about 140 ms and avoids React's development build, whose
// performance.measure() calls leak memory on every commit (see shared/reference/ink-terminal-notes.md §1.4, §2).
// Runs in `npm install` (prepare), `npm run build`, `npm run bench` and vitest's global setup, so it must
// stay fast (well under 2 s) and must succeed even while an entry point does not exist yet.
import { build } from 'esbuild';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** dist/<name>.js <- source file; executable ones get chmod +x. */
const entries = [
  { name: 'memsim', source: 'source/cli/main.ts', executable: true },
  { name: 'bench', source: 'scripts/bench.ts', executable: false },
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

async function main() {
  const started = performance.now();
  const present = entries.filter((entry) => {
    if (existsSync(join(root, entry.source))) return true;
    console.warn(`build: skipping dist/${entry.name}.js (${entry.source} does not exist yet)`);
    return false;
  });
  mkdirSync(join(root, 'dist'), { recursive: true });
  if (present.length === 0) return;

  await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(present.map((e) => [e.name, e.source])),
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
    logLevel: 'warning',
  });

  for (const entry of present) {
    if (entry.executable) chmodSync(join(root, 'dist', `${entry.name}.js`), 0o755);
  }
  const ms = Math.round(performance.now() - started);
  console.log(`build: ${present.map((e) => `dist/${e.name}.js`).join(', ')} in ${ms} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
