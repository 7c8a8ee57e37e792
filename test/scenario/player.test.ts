// The player's step machine against a stand-in session whose commands take known times.
import { describe, expect, it } from 'vitest';
import { formatLoadError, loadScenarioText } from '../../source/scenario/load.js';
import { readingTimeMs, ScenarioPlayer, type PlayerEvent } from '../../source/scenario/player.js';
import { formatEvent, runScenario } from '../../source/scenario/run.js';
import { FakeSession } from './fake-session.js';
import { FACTS } from './helpers.js';

function scenario(text: string) {
  const result = loadScenarioText(text, 't.yaml', { ...FACTS, keyNames: ['p', 's', 'up'] });
  if (!result.ok) throw new Error(result.errors.map(formatLoadError).join('\n'));
  return result.scenario;
}

function brief(events: readonly PlayerEvent[]): string[] {
  return events.map((e) => {
    switch (e.kind) {
      case 'caption': return `${e.timeMs} say ${e.text}`;
      case 'command': return `${e.timeMs} $ ${e.line}`;
      case 'output': return `${e.timeMs} -> ${e.status} ${JSON.stringify(e.output)}`;
      case 'kernel': return `${e.timeMs} kernel ${e.text}`;
      case 'until': return `${e.timeMs} until ${e.condition}`;
      case 'expect': return `${e.timeMs} ${e.ok ? 'ok' : 'FAIL'} ${e.condition} = ${e.actual}`;
      case 'timeout': return `${e.timeMs} timeout ${e.what}`;
      case 'key': return `${e.timeMs} key ${e.key}${e.line ? ` ${e.line}` : ''}`;
      case 'step': return `${e.timeMs} step ${e.step}/${e.of}`;
      case 'end': return `${e.timeMs} end ${e.ok ? 'ok' : 'failed'}`;
    }
  });
}

const STORY = `title: story
steps:
  - say: start
    run: [ "echo hello", "sleep 1500", "oom-in-2s &" ]
    expect: { output: hello, status: 0 }
  - after: 1s
    say: one second later
  - until: vmstat.oom_kill >= 1
    say: waiting for the OOM killer
    expect:
      dmesg: '/Killed process \\d+/'
  - at: 10s
    run: fail
    expect: { status: ENOMEM, output: Cannot allocate }
`;

describe('ScenarioPlayer', () => {
  it('runs steps in order at the right simulated times', () => {
    const session = new FakeSession();
    const player = new ScenarioPlayer(scenario(STORY), session, { pollMs: 50 });
    player.runToEnd();
    expect(brief(player.events())).toEqual([
      '0 step 1/4',
      '0 say start',
      '0 $ echo hello',
      '0 -> 0 "hello\\n"',
      '0 $ sleep 1500',
      '1500 -> 0 ""',
      '1500 $ oom-in-2s &',
      '1500 -> 0 "[1] 7\\n"',
      '1500 ok output: hello = hello',
      '1500 ok status: 0 = 0',
      '1500 step 2/4',
      '2500 say one second later',
      '2500 step 3/4',
      '2500 say waiting for the OOM killer',
      '3500 kernel Out of memory: Killed process 7 (hog)',
      '3500 until vmstat.oom_kill >= 1',
      '3500 ok dmesg: /Killed process \\d+/ = Out of memory: Killed process 7 (hog)',
      '3500 step 4/4',
      '10000 $ fail',
      '10000 -> 1 "fail: Cannot allocate memory\\n"',
      '10000 ok status: ENOMEM = 1 (ENOMEM)',
      '10000 ok output: Cannot allocate = fail: Cannot allocate memory',
      '10000 end ok',
    ]);
    expect(player.finished).toBe(true);
    expect(player.failed).toBe(false);
    expect(player.stepIndex).toBe(4);
    expect(player.caption).toBe('waiting for the OOM killer');
  });

  it('the dashboard drives it frame by frame: caption and step follow the clock', () => {
    const session = new FakeSession();
    const player = new ScenarioPlayer(scenario(STORY), session);
    expect(player.caption).toBe('start');
    expect(player.stepIndex).toBe(1);
    player.advance(1000); // still in `sleep 1500`
    expect(session.nowMs).toBe(1000);
    expect(player.stepIndex).toBe(1);
    player.advance(1000); // 2000: step 2 waits until 2500
    expect(player.stepIndex).toBe(2);
    expect(player.caption).toBe('start');
    player.advance(600); // 2600
    expect(player.caption).toBe('waiting for the OOM killer');
    expect(player.stepIndex).toBe(3);
    player.advance(10_000);
    expect(player.finished).toBe(true);
    expect(session.nowMs).toBe(12_600);
    player.advance(1000); // time goes on after the end
    expect(session.nowMs).toBe(13_600);
  });

  it('an until that times out fails the run and stops it', () => {
    const session = new FakeSession();
    const player = new ScenarioPlayer(scenario(`title: t
steps:
  - until: vmstat.oom_kill >= 1
    timeout: 2s
  - run: echo never
`), session);
    player.runToEnd();
    expect(brief(player.events())).toEqual([
      '0 step 1/2',
      '2000 timeout until vmstat.oom_kill >= 1',
      '2000 end failed',
    ]);
    expect(player.failed).toBe(true);
    expect(session.executed).toEqual([]);
  });

  it('a failed expectation is reported with the actual value and the run goes on', () => {
    const session = new FakeSession();
    const player = new ScenarioPlayer(scenario(`title: t
steps:
  - expect: { meminfo.MemFree: "> 2MiB" }
  - run: echo still runs
`), session);
    player.runToEnd();
    expect(brief(player.events())).toContain('0 FAIL meminfo.MemFree: > 2MiB = 1.0MiB (1048576)');
    expect(session.executed.map((e) => e.line)).toEqual(['echo still runs']);
    expect(player.failureCount).toBe(1);
  });

  it('a foreground command that does not end within the step timeout fails', () => {
    const session = new FakeSession();
    const player = new ScenarioPlayer(scenario('title: t\nsteps:\n  - run: [forever, echo next]\n    timeout: 3s\n'), session);
    player.runToEnd();
    expect(brief(player.events())).toEqual([
      '0 step 1/1', '0 $ forever', '3000 timeout command forever', '3000 $ echo next', '3000 -> 0 "next\\n"', '3000 end failed',
    ]);
  });

  it('kernel lines a command prints at once come before its output and the expectations', () => {
    const player = new ScenarioPlayer(scenario("title: t\nsteps:\n  - run: printk\n    expect: { dmesg: at once }\n"), new FakeSession());
    player.runToEnd();
    expect(brief(player.events())).toEqual([
      '0 step 1/1', '0 $ printk', '0 kernel printed at once', '0 -> 0 ""', '0 ok dmesg: at once = printed at once', '0 end ok',
    ]);
  });

  it('for an audience, each caption stays for its reading time before the next step begins', () => {
    const session = new FakeSession();
    const player = new ScenarioPlayer(scenario('title: t\nsteps:\n  - say: one\n  - say: two\n    run: echo x\n  - after: 1s\n    say: three\n'),
      session, { captionHoldMs: (text) => text.length * 1000 });
    player.runToEnd();
    expect(brief(player.events()).filter((l) => / (say|\$|end) /.test(l))).toEqual([
      '0 say one', '3000 say two', '3000 $ echo x', '7000 say three', '12000 end ok',
    ]);
    expect(readingTimeMs('x')).toBe(3000);
    expect(readingTimeMs('x'.repeat(200))).toBe(12_000);
  });

  it('keys: handed out in external mode, turned into command lines headless', () => {
    const text = 'title: t\nsteps:\n  - keys: "p up s"\n';
    const external = new ScenarioPlayer(scenario(text), new FakeSession());
    expect(external.takeKeys()).toEqual(['p', 'up', 's']);
    expect(external.takeKeys()).toEqual([]);

    const session = new FakeSession();
    const headless = new ScenarioPlayer(scenario(text), session, {
      keys: (key) => ({ p: 'echo hog', s: 'echo sync' } as Record<string, string>)[key],
    });
    expect(session.executed).toEqual([
      { line: 'echo hog', origin: 'key', atMs: 0 },
      { line: 'echo sync', origin: 'key', atMs: 0 },
    ]);
    expect(brief(headless.events()).filter((l) => l.includes('key'))).toEqual(['0 key p echo hog', '0 key up', '0 key s echo sync']);
  });
});

describe('runScenario', () => {
  it('prints the timeline and exits 0 when everything holds', async () => {
    let out = '';
    const outcome = await runScenario(scenario(STORY), new FakeSession(), { write: (t) => { out += t; } });
    expect(outcome.exitStatus).toBe(0);
    expect(out.split('\n').slice(0, 6)).toEqual([
      'story  (t.yaml, 4 steps, seed 1)',
      '[   0.000] -- step 1/4',
      '[   0.000] >> start',
      '[   0.000] $ echo hello',
      '             hello',
      '[   0.000] $ sleep 1500',
    ]);
    expect(out).toContain('[   3.500] kernel: Out of memory: Killed process 7 (hog)\n');
    expect(out).toContain('[  10.000] $ fail\n             fail: Cannot allocate memory\n             [exit 1, ENOMEM]\n');
    expect(out).toContain('[  10.000] ok   status: ENOMEM (1 (ENOMEM))\n');
    expect(out.endsWith('PASS: 5 of 5 expectations held\n')).toBe(true);
  });

  it('exit status 1 and a FAIL line with the actual value', async () => {
    let out = '';
    const outcome = await runScenario(scenario('title: t\nsteps:\n  - run: fail\n    expect: { status: 0 }\n'),
      new FakeSession(), { write: (t) => { out += t; } });
    expect(outcome.exitStatus).toBe(1);
    expect(out).toContain('[   0.000] FAIL status: 0 (actual: 1 (ENOMEM))\n');
    expect(out.endsWith('FAIL: 0 of 1 expectations held\n')).toBe(true);
  });

  it('--speed paces the same run in real time without changing what happens', async () => {
    const fast = await runScenario(scenario(STORY), new FakeSession(), { write: () => {} });
    const started = performance.now();
    const paced = await runScenario(scenario(STORY), new FakeSession(), { speed: 500, write: () => {} });
    // 10 s of simulated time at 500x is at least 20 ms of real time.
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    expect(paced.events).toEqual(fast.events);
  });

  it('--json prints one document with every event', async () => {
    let out = '';
    const outcome = await runScenario(scenario(STORY), new FakeSession(), { json: true, write: (t) => { out += t; } });
    const doc = JSON.parse(out);
    expect(doc).toMatchObject({ title: 'story', ok: true, exitStatus: 0, simulatedMs: 10_000, steps: 4,
      expectations: { total: 5, failed: 0, timeouts: 0 } });
    expect(doc.events).toHaveLength(outcome.events.length);
    expect(doc.events[0]).toEqual({ kind: 'step', timeMs: 0, step: 1, of: 4 });
  });
});

describe('formatEvent', () => {
  it('keeps continuation lines of a multi-line kernel message under the text column', () => {
    expect(formatEvent({ kind: 'kernel', timeMs: 4720, level: 4, text: 'Mem-Info:\nactive_file:0\n' })).toBe(
      '[   4.720] kernel: Mem-Info:\n                   active_file:0\n',
    );
  });

  it('shows exit status and errno under a failed command', () => {
    expect(formatEvent({ kind: 'output', timeMs: 0, step: 1, line: 'malloc 4G', output: 'malloc: Cannot allocate memory\n', status: 1, errno: 'ENOMEM' }))
      .toBe('             malloc: Cannot allocate memory\n             [exit 1, ENOMEM]\n');
  });
});
