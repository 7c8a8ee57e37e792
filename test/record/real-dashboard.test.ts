// The recorder with the real dashboard, in process. `keys:` in a scenario reach the dashboard as bytes on its
// stdin, like a user's key presses: the command each key stands for shows in the command log of the recording,
// and the cast has an "i" event per key. --speed divides simulated time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { parseCast } from '../../source/record/asciicast.js';
import { recordScenarioFile } from '../../source/record/deps.js';
import { readingTimeMs } from '../../source/scenario/player.js';
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

// Each caption stays up for its reading time before the next step begins (then `after: 2s` runs).
const READ_1 = readingTimeMs('Press p to start a hog'); // 3100 ms
const READ_2 = readingTimeMs('Then s and 3'); // 3000 ms (the minimum)

it('types the keys of each step into the dashboard, half a second apart, after the caption', async () => {
  const outcome = await recordScenarioFile(KEYS_SCENARIO, { cols: 100, rows: 30, timestamp: 0 });
  expect(outcome.failed).toBe(false);
  const cast = parseCast(outcome.cast);
  const second = (READ_1 + 2000) / 1000;
  expect(cast.events.filter((e) => e[1] === 'm').map((e) => [e[0], e[2]])).toEqual([
    [0, 'Press p to start a hog'],
    [second, 'Then s and 3'],
  ]);
  expect(cast.events.filter((e) => e[1] === 'i').map((e) => [e[0], e[2]])).toEqual([
    [0.5, 'p'],
    [second + 0.5, 's'],
    [second + 1, '3'],
  ]);
  expect(outcome.simulatedMs).toBe(READ_1 + 2000 + READ_2 + 2000);
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
  // Reading time is the same for the viewer at any speed; `after: 2s` of simulated time is 1 s of recording.
  const second = READ_1 / 1000 + 1;
  expect(cast.events.filter((e) => e[1] === 'm').map((e) => [e[0], e[2]])).toEqual([
    [0, 'Press p to start a hog'],
    [second, 'Then s and 3'],
  ]);
  // Keys keep their viewer-time spacing (0.5 s of the recording), whatever the speed.
  expect(cast.events.filter((e) => e[1] === 'i').map((e) => e[0])).toEqual([0.5, second + 0.5, second + 1]);
  const simulated = (READ_1 + READ_2) * 2 + 2000 + 2000;
  expect(outcome.simulatedMs).toBe(simulated);
  // The final frame stays 2 s.
  expect(outcome.durationMs).toBe(simulated / 2 + 2000);
});
