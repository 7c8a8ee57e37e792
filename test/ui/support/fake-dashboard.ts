// A dashboard entry over the FakeSession, for the terminal-behaviour tests (alternate screen, signals, resize,
// incremental vs full frames) that must not depend on the simulated kernel's progress. The crash test uses
// runDashboard's own MEMSIM_CRASH_AFTER.
import { runDashboard } from '../../../source/ui/index.js';
import { FakeSession } from './fake-session.js';

const fullRedraw = process.env.MEMSIM_TEST_FULL_REDRAW === '1';
const code = await runDashboard({ session: new FakeSession(), fps: Number(process.env.MEMSIM_TEST_FPS ?? 4), fullRedraw });
process.exitCode = code;
