// A dashboard entry over the FakeSession, for the terminal-behaviour tests (alternate screen, signals, resize,
// incremental vs full frames) that must not depend on the simulated kernel's progress. MEMSIM_TEST_THROW=ms makes
// it throw an uncaught error after that many real ms (the "crash restores the terminal" test).
import { runDashboard } from '../../../source/ui/index.js';
import { FakeSession } from './fake-session.js';

const throwAfter = Number(process.env.MEMSIM_TEST_THROW ?? 0);
if (throwAfter > 0) {
  setTimeout(() => {
    throw new Error('deliberate test crash');
  }, throwAfter);
}
const fullRedraw = process.env.MEMSIM_TEST_FULL_REDRAW === '1';
const code = await runDashboard({ session: new FakeSession(), fps: Number(process.env.MEMSIM_TEST_FPS ?? 4), fullRedraw } as Parameters<typeof runDashboard>[0]);
process.exitCode = code;
