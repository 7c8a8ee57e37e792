// The scenario side of the command line in one module, which source/cli/app.ts imports dynamically: only
// `memsim run`, `--scenario` and a --sysctl flag to check need it (see app.ts).
export { kernelFacts, openScenario } from '../scenario/open.js';
export { readingTimeMs, ScenarioPlayer } from '../scenario/player.js';
export { headlessKeyCommand } from '../scenario/headless-keys.js';
export { runScenario } from '../scenario/run.js';
