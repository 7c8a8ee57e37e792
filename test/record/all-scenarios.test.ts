// Every shipped scenario records at 100x30 without an expectation failing, in well under its own simulated
// duration, with a readable caption at each chapter marker. Prints the wall/simulated ratio (the exact figure
// is a row of `npm run bench`).
import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCast } from '../../source/record/asciicast.js';
import { recordScenarioFile } from '../../source/record/deps.js';
import { expectCaptionsAtMarkers, markerLabels, scenarioCaptions } from './screen-checks.js';

const scenarios = readdirSync('scenarios').filter((name) => name.endsWith('.yaml')).sort();

describe('recording every shipped scenario at 100x30', () => {
  // The first recording in a process also imports and compiles the dashboard (React, Ink, yoga): not part of
  // any one scenario's cost, so it is paid here, unmeasured.
  beforeAll(async () => {
    await recordScenarioFile(`scenarios/${scenarios[0]}`, { cols: 100, rows: 30, timestamp: 0 });
  });

  it('finds the scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(10);
  });

  it.each(scenarios)('%s', async (name) => {
    const outcome = await recordScenarioFile(`scenarios/${name}`, { cols: 100, rows: 30, timestamp: 0 });
    const cpuRatio = outcome.cpuMs / outcome.simulatedMs;
    console.log(
      `record ${name}: ${(outcome.simulatedMs / 1000).toFixed(1)} s simulated in ${(outcome.wallMs / 1000).toFixed(2)} s wall, ` +
        `${(outcome.cpuMs / 1000).toFixed(2)} s CPU (CPU/simulated ${cpuRatio.toFixed(3)}), ${outcome.markers} markers, ` +
        `${outcome.cast.length} bytes`,
    );
    expect(outcome.failed).toBe(false);
    // Every caption stays up long enough to be drawn (the player holds it for its reading time): each one is a chapter.
    expect(outcome.unseenCaptions).toEqual([]);
    // Generous bound on CPU time, not wall time: wall time on a shared 2-core CI machine measures the other
    // processes. A recording must stay far from real time; the exact figure is in `npm run bench`.
    expect(cpuRatio).toBeLessThan(0.3);
    const cast = parseCast(outcome.cast);
    expect(markerLabels(cast)).toEqual(scenarioCaptions(`scenarios/${name}`));
    await expectCaptionsAtMarkers(cast);
  });
});
