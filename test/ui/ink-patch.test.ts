// patches/ink+6.8.0.patch is applied by `npm install` / `npm ci` (patch-package in postinstall). Without it the
// dashboard's incremental frames land one row too low (ink 6.8.0 bug, fixed upstream by c32da0b / #910).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';

const inkBuild = join(dirname(createRequire(import.meta.url).resolve('ink')), '.');

test('incremental log-update moves up over the whole previous frame (trailing newline included)', async () => {
  const { default: logUpdate } = await import(pathToFileURL(join(inkBuild, 'log-update.js')).href);
  const writes: string[] = [];
  const stream = { write: (s: string) => writes.push(s) };
  const render = logUpdate.create(stream, { incremental: true, showCursor: true });
  render('a\nb\nc\n'); // three lines and the row the cursor ends on
  render('a\nX\nc\n');
  // From the row below the frame, 3 rows up reach "a"; the unpatched 6.8.0 goes up 2 and writes X over "c".
  expect(writes.at(-1)).toContain('\x1b[3A');
  expect(writes.at(-1)).not.toContain('\x1b[2A');
});

test('ink redraws in full after any resize (memsim hunk of the patch)', () => {
  const ink = readFileSync(join(inkBuild, 'ink.js'), 'utf8');
  expect(ink).toContain('memsim: redraw in full after ANY resize');
});

test('ink keeps one tokenizer cache across renders, bounded (memsim hunk of the patch)', () => {
  const output = readFileSync(join(inkBuild, 'output.js'), 'utf8');
  expect(output).toContain('const sharedCaches = new OutputCaches();');
  expect(output).toContain('SHARED_CACHE_LIMIT');
});
