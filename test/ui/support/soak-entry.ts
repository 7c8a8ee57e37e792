// Soak run of the bundled dashboard (as users run it: esbuild bundle with NODE_ENV=production) on a fake
// 120x40 terminal with a fake clock: thousands of frames with hogs growing and being OOM-killed. Prints one JSON
// line: NODE_ENV as React saw it, React's performance.measure() entries (the dev build's leak), heap after GC.
import FakeTimers from '@sinonjs/fake-timers';
import { FakeStdin, FakeStdout } from './fake-tty.js';
import { FakeSession } from './fake-session.js';

const FRAMES = Number(process.env.MEMSIM_SOAK_FRAMES ?? 1200);
const clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], now: 0 });
delete process.env.CI;
const { mountDashboard } = await import('../../../source/ui/index.js');

const stdout = new FakeStdout(120, 40);
stdout.chunks.push = () => 0; // keep no output: only memory is measured
let written = 0;
stdout.on('finish', () => undefined);
const origWrite = stdout.write.bind(stdout);
stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  written += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
  return (origWrite as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
}) as typeof stdout.write;
const stdin = new FakeStdin();
const session = new FakeSession();
session.fake.meminfo.MemFree = 400_000;
const mounted = mountDashboard({ stdin: stdin as never, stdout: stdout as never, session, fps: 4 });

const gc = (globalThis as { gc?: () => void }).gc!;
const heapAfterGc = (): number => {
  gc();
  return process.memoryUsage().heapUsed;
};
// Heap after GC every 200 frames: Ink's bounded line cache fills and empties, so compare peaks, not two points.
const heaps: number[] = [];
for (let i = 0; i < FRAMES; i++) {
  if (i % 40 === 0) stdin.write('p'); // a new hog every 10 simulated seconds; the fake OOM killer reaps them
  if (i % 97 === 0) stdin.write('>');
  await clock.tickAsync(250);
  if (i > 0 && i % 200 === 0) heaps.push(heapAfterGc());
}
heaps.push(heapAfterGc());
stdin.write('q');
await clock.tickAsync(0);
await mounted.done;
process.stdout.write(`${JSON.stringify({
  nodeEnv: process.env.NODE_ENV,
  measures: performance.getEntriesByType('measure').length,
  heaps,
  frames: FRAMES,
  written,
  oomKills: session.fake.log.filter((l) => l.text.startsWith('Out of memory')).length,
})}\n`);
clock.uninstall();
