// The dashboard mounted on a fake terminal with fake timers: frame rate, silence while paused, bytes per frame,
// and the not-a-TTY refusal.
import './support/no-ci.js';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { mountDashboard, NOT_A_TTY_MESSAGE, runDashboard } from '../../source/ui/index.js';
import { FakeSession } from './support/fake-session.js';
import { FakeStdin, FakeStdout } from './support/fake-tty.js';

const FRAME_MS = 250;

async function tick(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

function mount(opts: { paused?: boolean; fullRedraw?: boolean; columns?: number; rows?: number } = {}) {
  const stdout = new FakeStdout(opts.columns ?? 120, opts.rows ?? 40);
  const stdin = new FakeStdin();
  const session = new FakeSession();
  const mounted = mountDashboard({
    stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream, session,
    fps: 4, paused: opts.paused, fullRedraw: opts.fullRedraw,
  });
  return { stdout, stdin, session, mounted };
}

/** Bytes written in each of `frames` frame intervals (an interval with no write counts 0). */
async function bytesPerFrame(stdout: FakeStdout, frames: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < frames; i++) {
    const before = stdout.bytes();
    await tick(FRAME_MS);
    out.push(stdout.bytes() - before);
  }
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe('mounted dashboard', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('at most fps frames per second, and not one byte while paused', async () => {
    const { stdout, stdin, mounted } = mount({ paused: true });
    await tick(1000);
    const first = stdout.chunks.length;
    expect(first).toBeGreaterThan(0);
    const silent = stdout.bytes();
    await tick(10_000);
    expect(stdout.bytes()).toBe(silent); // paused: no timer, no frame
    stdin.write(' '); // resume
    await tick(0);
    // Nothing but the clock moves (no program runs): the status line changes once a simulated second, so 4 s of
    // frames at 4 fps write 4 frames, not 16.
    let frames = await bytesPerFrame(stdout, 16);
    expect(frames.filter((b) => b > 0)).toHaveLength(4);
    // A hog changes RSS and free on every frame: one write per frame, never more than fps.
    stdin.write('p');
    await tick(0);
    frames = await bytesPerFrame(stdout, 16);
    expect(frames.filter((b) => b > 0)).toHaveLength(16);
    expect(stdout.chunks.filter((c) => c === '\x1b[?2026h').length).toBeLessThanOrEqual(first + 4 + 16 + 2);
    stdin.write('q');
    await tick(0);
    await mounted.done;
  });

  test('a steady frame at 120x40 costs a few hundred bytes, far less than a full redraw', async () => {
    const measure = async (fullRedraw: boolean): Promise<number> => {
      const { stdout, stdin, mounted } = mount({ fullRedraw });
      stdin.write('p'); // a hog: RSS, free, graphs change every frame
      await tick(2000);
      const m = median(await bytesPerFrame(stdout, 40));
      stdin.write('q');
      await tick(0);
      await mounted.done;
      return m;
    };
    const incremental = await measure(false);
    const full = await measure(true);
    console.log(`steady frame at 120x40: ${incremental} B incremental, ${full} B full redraw`);
    expect(incremental).toBeGreaterThan(50);
    expect(incremental).toBeLessThan(1500);
    expect(full).toBeGreaterThan(incremental * 3);
  });
});

describe('runDashboard', () => {
  test('not a TTY: one message pointing to memsim run / sh, exit status 2, no escape codes', async () => {
    const stdout = new FakeStdout(80, 24) as unknown as NodeJS.WriteStream & { isTTY: boolean };
    Object.defineProperty(stdout, 'isTTY', { value: false });
    const stderr = new FakeStdout(80, 24);
    const status = await runDashboard({
      session: new FakeSession(), stdin: new FakeStdin() as unknown as NodeJS.ReadStream, stdout,
      stderr: stderr as unknown as NodeJS.WriteStream,
    });
    expect(status).toBe(2);
    expect(stderr.chunks.join('')).toBe(NOT_A_TTY_MESSAGE);
    expect((stdout as unknown as FakeStdout).chunks).toEqual([]);
  });
});
