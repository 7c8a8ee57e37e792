// Every shipped scenario (scenarios/*.yaml) is valid, self-checking and passes on the real kernel and shell.
// These are the integration tests of the whole simulator: a failure names the step, the expectation and the
// value found, from the same timeline `memsim run` prints.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openScenario } from '../../source/scenario/open.js';
import { runScenario } from '../../source/scenario/run.js';
import { headlessKeyCommand } from '../../source/scenario/headless-keys.js';
import { readingTimeMs, ScenarioPlayer } from '../../source/scenario/player.js';

const DIR = join(import.meta.dirname, '../../scenarios');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

describe('shipped scenarios', () => {
  it('there are at least ten of them', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(10);
  });

  it.each(FILES)('%s passes', async (name) => {
    const opened = openScenario(join(DIR, name));
    if (!opened.ok) throw new Error(opened.message);
    const { scenario } = opened;
    // Self-checking: every scenario checks what it teaches, and every step that runs something says why.
    expect(scenario.steps.flatMap((s) => s.expect).length).toBeGreaterThan(0);
    expect(scenario.steps[0]!.say).toBeDefined();
    let timeline = '';
    const outcome = await runScenario(scenario, opened.session, {
      write: (text) => {
        timeline += text;
      },
      keyCommand: headlessKeyCommand(),
    });
    const failures = timeline.split('\n').filter((line) => / FAIL /.test(line));
    expect(failures, timeline).toEqual([]);
    expect(outcome.exitStatus).toBe(0);
  });

  // The dashboard and the recorder hold each caption for its reading time, so more simulated time passes
  // between steps: the story must hold then too.
  it.each(FILES)('%s passes with captions held for an audience', (name) => {
    const opened = openScenario(join(DIR, name));
    if (!opened.ok) throw new Error(opened.message);
    const player = new ScenarioPlayer(opened.scenario, opened.session, { keys: 'external', captionHoldMs: readingTimeMs });
    player.runToEnd();
    const failures = player.events().filter((e) => (e.kind === 'expect' && !e.ok) || e.kind === 'timeout');
    expect(failures).toEqual([]);
  });
});
