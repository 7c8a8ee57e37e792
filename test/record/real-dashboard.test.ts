// `keys:` in a scenario reach the real dashboard as bytes on its stdin, like a user's key presses: the command
// each key stands for shows in the command log of the recording, and the cast has an "i" event per key.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { parseCast } from '../../source/record/asciicast.js';
import { recordScenarioFile } from '../../source/record/deps.js';
import { replayCast } from '../../source/record/screen.js';

const dir = mkdtempSync(join(tmpdir(), 'memsim-record-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('types the keys of each step into the dashboard, half a second apart, after the caption', async () => {
  const file = join(dir, 'keys.yaml');
  writeFileSync(
    file,
    [
      'title: Keys',
      'steps:',
      '  - say: Press p to start a hog',
      '    keys: p',
      '  - after: 2s',
      '    say: Then s and 3',
      '    keys: s 3',
      '  - after: 2s',
      '',
    ].join('\n'),
  );
  const outcome = await recordScenarioFile(file, { cols: 100, rows: 30, timestamp: 0 });
  expect(outcome.failed).toBe(false);
  const cast = parseCast(outcome.cast);
  expect(cast.events.filter((e) => e[1] === 'i').map((e) => [e[0], e[2]])).toEqual([
    [0.5, 'p'],
    [2.5, 's'],
    [3, '3'],
  ]);
  const { finalScreen } = await replayCast(cast);
  const screen = finalScreen.join('\n');
  expect(screen).toContain('$ hog --rate 64M/s &');
  expect(screen).toContain('$ sync');
  expect(screen).toContain('$ echo 3 > /proc/sys/vm/drop_caches');
  // The hog started by the key is a process of the simulated machine, listed in the table.
  expect(finalScreen.some((row) => /\bhog\b/.test(row) && /^\s*>?\s*\d+ /.test(row))).toBe(true);
});
