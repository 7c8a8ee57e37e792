// The recorder with the real dashboard, in process. `keys:` in a scenario reach the dashboard as bytes on its
// stdin, like a user's key presses: the command each key stands for shows in the command log of the recording,
// and the cast has an "i" event per key. --speed divides simulated time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { parseCast } from '../../source/record/asciicast.js';
import { recordScenarioFile } from '../../source/record/deps.js';
import { replayCast } from '../../source/record/screen.js';

const dir = mkdtempSync(join(tmpdir(), 'memsim-record-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEYS_SCENARIO = join(dir, 'keys.yaml');
writeFileSync(
  KEYS_SCENARIO,
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

it('types the keys of each step into the dashboard, half a second apart, after the caption', async () => {
  const outcome = await recordScenarioFile(KEYS_SCENARIO, { cols: 100, rows: 30, timestamp: 0 });
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

it('plays --speed 2 in half the simulated time: markers and keys at simulated time / 2', async () => {
  const outcome = await recordScenarioFile(KEYS_SCENARIO, { cols: 80, rows: 24, speed: 2, timestamp: 0 });
  const cast = parseCast(outcome.cast);
  expect(cast.header).toMatchObject({ width: 80, height: 24 });
  expect(cast.events.filter((e) => e[1] === 'm').map((e) => [e[0], e[2]])).toEqual([
    [0, 'Press p to start a hog'],
    [1, 'Then s and 3'],
  ]);
  // Keys keep their viewer-time spacing (0.5 s of the recording), whatever the speed.
  expect(cast.events.filter((e) => e[1] === 'i').map((e) => e[0])).toEqual([0.5, 1.5, 2]);
  // 4 s of scenario at 2x, then the final frame stays 2 s.
  expect(outcome.simulatedMs).toBe(4000);
  expect(outcome.durationMs).toBe(4000 / 2 + 2000);
});
