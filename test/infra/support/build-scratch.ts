// A scratch copy (in os.tmpdir()) of the files scripts/build.mjs needs, so build and launcher tests can run the real
// build without disturbing the repository's dist/. One list: a file the build starts to need is added here once.
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repo = resolve(import.meta.dirname, '../../..');

const BUILD_FILES = ['scripts/build.mjs', 'scripts/build-plugins.mjs', 'source/cli/launcher.ts'];

/** A fresh directory holding the build's files and a link to the repository's node_modules. */
export function makeBuildScratch(prefix: string): string {
  const scratch = mkdtempSync(join(tmpdir(), prefix));
  for (const file of BUILD_FILES) {
    mkdirSync(join(scratch, file, '..'), { recursive: true });
    copyFileSync(join(repo, file), join(scratch, file));
  }
  symlinkSync(join(repo, 'node_modules'), join(scratch, 'node_modules'));
  return scratch;
}
