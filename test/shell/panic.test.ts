// vm.panic_on_oom=1: once the kernel panics the clock stands still, so the running line and every later line must
// end at once (they used to wait for time forever, busy-looping). Each test returning at all is the hang check
// (vitest's testTimeout).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openScenario } from '../../source/scenario/open.js';
import { runScenario } from '../../source/scenario/run.js';
import { createSession } from '../../source/shell/session.js';
import { PANIC_NOTE } from '../../source/shell/panic.js';

const PANIC_LINE = /^\[ *\d+\.\d{6}\] Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled$/m;
const END_LINE = /^\[ *\d+\.\d{6}\] ---\[ end Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled \]---$/m;

function panickingSession() {
  return createSession({ machine: { ramBytes: 512 * 2 ** 20, swapBytes: 0, sysctl: { 'vm.panic_on_oom': 1 } } });
}

describe('after a kernel panic', () => {
  it('a foreground hog line ends with 137 and the console panic lines; nothing after it on the line runs', () => {
    const session = panickingSession();
    const result = session.runToCompletion('hog --rate 200M/s; echo after', 'cli');
    expect(result.status).toBe(137);
    expect(result.stdout).not.toContain('after');
    expect(result.stderr).toMatch(PANIC_LINE);
    expect(result.stderr).toMatch(END_LINE);
    expect(result.stderr).not.toContain('Killed');
    expect(result.stderr.endsWith(PANIC_NOTE)).toBe(true);
    expect(session.kernel.snapshot().panicked).toBe(true);
  });

  it('a line waiting in sleep while a background hog panics the kernel ends; later lines refuse with status 1', () => {
    const session = panickingSession();
    const result = session.runToCompletion('hog --rate 200M/s & sleep 6; echo after; dmesg', 'cli');
    expect(result.status).toBe(137);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^\[1\] \d+\n/);
    expect(result.stderr).toMatch(PANIC_LINE);
    // The panic happened well before the 6 s sleep could end: the clock stopped there.
    expect(session.kernel.nowMs()).toBeLessThan(6_000);

    const later = session.runToCompletion('echo hi', 'cli');
    expect(later).toEqual({ status: 1, errno: undefined, stdout: '', stderr: PANIC_NOTE });
    expect(session.shell.lastStatus).toBe(1);
  });

  it('lines started after more time has passed still refuse (a frozen machine runs nothing)', () => {
    const session = panickingSession();
    session.runToCompletion('hog --rate 200M/s', 'cli');
    session.advance(10_000);
    expect(session.runToCompletion('sleep 1', 'cli')).toMatchObject({ status: 1, stderr: PANIC_NOTE });
  });
});

const PANIC_SCENARIO = `title: panic
seed: 1
machine:
  ram: 512MiB
  swap: 0
  sysctl: { vm.panic_on_oom: 1 }
steps:
  - say: grow until the kernel panics
    run: hog --rate 200M/s --name grow &
  - until: vmstat.oom_kill >= 1
    timeout: 30s
    run: echo never
    expect:
      status: 0
`;

describe('a scenario whose machine panics', () => {
  it('ends as a failure naming the panic instead of hanging or throwing', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'memsim-panic-')), 'panic.yaml');
    writeFileSync(file, PANIC_SCENARIO);
    const opened = openScenario(file);
    if (!opened.ok) throw new Error(opened.message);
    let timeline = '';
    const outcome = await runScenario(opened.scenario, opened.session, { write: (text) => void (timeline += text) });
    expect(outcome.exitStatus).toBe(1);
    expect(timeline).toMatch(/FAIL timeout: the kernel panicked and the machine stopped/);
    expect(timeline).toMatch(/Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled/);
    expect(timeline).toMatch(/^FAIL: /m);
    // It stops when the kernel panics (1.98 s), not when the until's 30 s timeout runs out.
    expect(opened.session.kernel.nowMs()).toBeLessThan(5_000);
  });
});
