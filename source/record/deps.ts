// The recorder's real collaborators: RUNNER's scenario opener (the same refusals as `memsim run`) and the
// UI's dashboard, imported only when a recording starts (after the environment is pinned, so Ink never sees CI).
// Also the one-call entry used by `npm run bench` and the tests: a scenario file in, an asciicast out.
import { openScenario } from '../scenario/open.js';
import { readingTimeMs, ScenarioPlayer } from '../scenario/player.js';
import { recordOpenedScenario, type MountDashboard, type RecordDeps, type RecordOutcome } from './index.js';
import { resolveRecordOptions, type RecordFlags } from './options.js';

export const defaultRecordDeps: RecordDeps = {
  async openScenario(file, { speed }) {
    const opened = openScenario(file);
    if (!opened.ok) return opened;
    const player = new ScenarioPlayer(opened.scenario, opened.session, {
      // The player hands a step's keys to the recorder, which types them into the dashboard.
      keys: 'external',
      // A viewer needs time to read a caption: the next step waits (as in the live dashboard). Simulated time
      // keeps running meanwhile; x speed keeps the reading time the same in the recording.
      captionHoldMs: (caption) => readingTimeMs(caption) * speed,
    });
    return { ...opened, player };
  },
  async loadDashboard() {
    // The virtual TTY streams carry what Ink uses of a TTY, not the whole NodeJS stream types.
    return (await import('../ui/index.js')).mountDashboard as unknown as MountDashboard;
  },
};

/**
 * Records a scenario file in memory (nothing written): for the bench row "record at 100x30, wall time / simulated
 * time" and for tests. Flags as `memsim record` takes them; `output` is not needed. Throws on bad flags or an
 * invalid file.
 */
export async function recordScenarioFile(file: string, flags: RecordFlags = {}, deps: RecordDeps = defaultRecordDeps): Promise<RecordOutcome> {
  const options = resolveRecordOptions({ output: '-', ...flags });
  if (typeof options === 'string') throw new Error(`memsim record: ${options}`);
  const opened = await deps.openScenario(file, { speed: options.speed });
  if (!opened.ok) throw new Error(opened.message);
  return recordOpenedScenario(opened, options, deps.loadDashboard);
}
