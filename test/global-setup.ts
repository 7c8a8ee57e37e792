// Builds dist/ once before the suite, so end-to-end tests run the same bundle users run.
// A failing build does not stop the suite: unit tests do not need dist/, and every test that spawns
// dist/memsim.js fails on its own with the build error printed above it. (In the shared work tree another
// engineer's half-written module can break the bundle for a while; that must not hide everyone's unit tests.)
import { spawnSync } from 'node:child_process';

export default function setup(): void {
  const run = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (run.status !== 0) {
    console.warn('\nglobal-setup: `node scripts/build.mjs` FAILED; end-to-end tests that use dist/ will fail.\n');
  }
}
