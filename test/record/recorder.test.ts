// The recorder against a stand-in dashboard and player: frames follow the virtual clock, markers land on the
// frame that shows their caption, keys act through stdin, and two runs give the same bytes.
import { afterEach, describe, expect, it } from 'vitest';
import { formatCast, parseCast, type CastEvent } from '../../source/record/asciicast.js';
import { Recording, type KeyPress } from '../../source/record/recorder.js';
import { keyBytes } from '../../source/ui/keymap.js';
import { replayCast } from '../../source/record/screen.js';
import { installVirtualClock, pinRecordingEnvironment, type VirtualClock } from '../../source/record/virtual-terminal.js';
import { loadStandInDashboard, StandInPlayer, type StandInStep } from './stand-in-dashboard.js';

let clock: VirtualClock | undefined;
let restoreEnv: (() => void) | undefined;
afterEach(() => {
  clock?.uninstall();
  clock = undefined;
  restoreEnv?.();
});

function keys(text: string): KeyPress[] {
  return text.split(' ').map((name) => ({ name, bytes: keyBytes(name) }));
}

const STORY: StandInStep[] = [
  { atMs: 0, say: 'Chapter one: a quiet machine' },
  { atMs: 2000, say: 'Chapter two: press p twice', keys: keys('p p') },
  { atMs: 5000, say: 'Chapter three: sync', keys: keys('s') },
];

async function recordStandIn(opts: { fps: number; speed: number; steps?: StandInStep[]; crashAtMs?: number }) {
  restoreEnv = pinRecordingEnvironment();
  clock = installVirtualClock();
  const mount = await loadStandInDashboard();
  const player = new StandInPlayer(opts.steps ?? STORY, 8000);
  const recording = new Recording(clock, player, { cols: 60, rows: 12, fps: opts.fps });
  const cpuStart = process.cpuUsage();
  const result = await recording.run((io) =>
    mount(io, player, { fps: opts.fps, speed: opts.speed, onPlayerCall: () => recording.progressChanged(), crashAtMs: opts.crashAtMs }),
  );
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  clock.uninstall();
  clock = undefined;
  restoreEnv();
  restoreEnv = undefined;
  const text = formatCast({ width: 60, height: 12, timestamp: 1_700_000_000 }, result.events);
  return { text, result, cpuMs, player };
}

const codes = (events: readonly CastEvent[], code: string) => events.filter((event) => event[1] === code);

describe('Recording with a stand-in dashboard', () => {
  it('writes frames at virtual times bounded by the frame rate, in far less time than it shows', async () => {
    const { result, cpuMs } = await recordStandIn({ fps: 10, speed: 1 });
    const outputs = codes(result.events, 'o');
    const times = outputs.map((event) => event[0]);
    // 8 s of scenario + 2 s tail at 10 fps: at most one frame per 100 ms (+ the first).
    expect(result.durationMs).toBeGreaterThanOrEqual(10_000);
    expect(outputs.length).toBeGreaterThan(40);
    expect(outputs.length).toBeLessThanOrEqual(Math.floor(result.durationMs / 100) + 1);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(0.1 - 1e-9);
    // Each frame is one event: Ink's synchronized-update start and end are merged with the frame.
    expect(outputs[0]![2].startsWith('\x1b[?2026h')).toBe(true);
    expect(outputs.every((event) => event[2].endsWith('\x1b[?2026l'))).toBe(true);
    // CPU time, not wall time: the test machine is shared.
    expect(cpuMs).toBeLessThan(result.durationMs / 2);
  });

  it('puts a marker after the first frame showing each caption', async () => {
    const { text } = await recordStandIn({ fps: 10, speed: 1 });
    const cast = parseCast(text);
    const markers = codes(cast.events, 'm');
    expect(markers.map((m) => [m[0], m[2]])).toEqual([
      [0, 'Chapter one: a quiet machine'],
      [2, 'Chapter two: press p twice'],
      [5, 'Chapter three: sync'],
    ]);
    const { snapshots, finalScreen } = await replayCast(cast, (event) => event[1] === 'm');
    for (const { event, screen } of snapshots) expect(screen).toContain(`Caption: ${event[2]}`);
    expect(finalScreen).toContain('Caption: Chapter three: sync');
  });

  it('types the keys of a step into the dashboard after a pause, spaced apart, and records them as input events', async () => {
    const { text } = await recordStandIn({ fps: 10, speed: 1 });
    const cast = parseCast(text);
    expect(codes(cast.events, 'i').map((e) => [e[0], e[2]])).toEqual([
      [2.5, 'p'],
      [3, 'p'],
      [5.5, 's'],
    ]);
    const { finalScreen } = await replayCast(cast);
    // The stand-in logs the simulated time at which it saw each key: the keys acted through stdin.
    expect(finalScreen).toContain('$ hog --rate 100M/s & (t=2500)');
    expect(finalScreen).toContain('$ hog --rate 100M/s & (t=3000)');
    expect(finalScreen).toContain('$ sync');
  });

  it('divides simulated time by --speed', async () => {
    const { text, result } = await recordStandIn({ fps: 10, speed: 4 });
    const markers = codes(parseCast(text).events, 'm');
    expect(markers.map((m) => m[0])).toEqual([0, 0.5, 1.3]);
    expect(result.durationMs).toBe(2000 + 2000);
  });

  it('gives no chapter to a caption that the next step replaced before any frame showed it', async () => {
    const { text, result } = await recordStandIn({
      fps: 10, speed: 1,
      steps: [{ atMs: 0, say: 'Shown' }, { atMs: 3020, say: 'Replaced at once' }, { atMs: 3050, say: 'Shown too' }],
    });
    expect(codes(parseCast(text).events, 'm').map((m) => [m[0], m[2]])).toEqual([[0, 'Shown'], [3.1, 'Shown too']]);
    expect(result.unseenCaptions).toEqual(['Replaced at once']);
  });

  it('stops with the dashboard\'s render error instead of hanging or recording on', async () => {
    const started = Date.now();
    await expect(recordStandIn({ fps: 10, speed: 1, crashAtMs: 1500 })).rejects.toThrow('stand-in render error at 1500 ms');
    // The caller (recordOpenedScenario) uninstalls the clock in a finally; here afterEach does.
    expect(clock!.now).toBe(1500);
    clock!.uninstall();
    clock = undefined;
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('gives byte-identical files on two runs', async () => {
    const first = await recordStandIn({ fps: 10, speed: 1 });
    const second = await recordStandIn({ fps: 10, speed: 1 });
    expect(second.text).toBe(first.text);
    expect(first.text.length).toBeGreaterThan(5000);
  });
});
