// The Session: command log, clock policy (advance in quanta, polling lines), runToCompletion's timeout.
import { describe, expect, it } from 'vitest';
import { createSession } from '../../source/shell/session.js';

describe('Session', () => {
  it('logs each line with its origin, output and final status', () => {
    const session = createSession();
    const t0 = session.kernel.nowMs();
    const job = session.exec('echo hi; false', 'prompt');
    expect(job.done).toBe(true);
    expect(session.commandLog()).toEqual([
      { seq: 1, timeMs: t0, line: 'echo hi; false', status: 1, output: 'hi\n', origin: 'prompt' },
    ]);
  });

  it('keeps only the newest logSize entries', () => {
    const session = createSession({ logSize: 3 });
    for (let i = 1; i <= 5; i++) session.exec(`echo ${i}`, 'key');
    expect(session.commandLog().map((e) => [e.seq, e.output])).toEqual([[3, '3\n'], [4, '4\n'], [5, '5\n']]);
  });

  it('a waiting line finishes while advance() moves time, within one quantum of its program', () => {
    const session = createSession();
    const t0 = session.kernel.nowMs();
    const job = session.exec('sleep 1s; echo done', 'scenario');
    session.advance(900);
    expect(job.done).toBe(false);
    expect(session.commandLog()[0]!.status).toBeUndefined();
    session.advance(200);
    expect(job.result).toMatchObject({ status: 0, stdout: 'done\n' });
    expect(session.commandLog()[0]).toMatchObject({ status: 0, output: 'done\n' });
    expect(session.kernel.nowMs() - t0).toBe(1100);
  });

  it('background output keeps flowing into the entry that started it; a new array when it changes', () => {
    const session = createSession();
    session.exec('vmstat 1 2 &', 'prompt');
    const before = session.commandLog();
    expect(before[0]!.output).toMatch(/^\[1\] \d+\n$/);
    session.advance(1500);
    const after = session.commandLog();
    expect(after).not.toBe(before);
    expect(after[0]!.output.split('\n').filter((l) => /^\s*\d/.test(l))).toHaveLength(2);
  });

  it('runToCompletion interrupts a line still running at the timeout (^C: 130)', () => {
    const session = createSession();
    const t0 = session.kernel.nowMs();
    const result = session.runToCompletion('sleep 1h', 'cli', 2000);
    expect(result.status).toBe(130);
    expect(session.kernel.nowMs() - t0).toBeGreaterThanOrEqual(2000);
    expect(session.kernel.nowMs() - t0).toBeLessThanOrEqual(2100);
    expect(session.kernel.pidof('sleep')).toEqual([]);
  });

  it('a killed login shell is replaced by a new one, and the session goes on', () => {
    const session = createSession();
    const old = session.shell.pid;
    expect(session.runToCompletion('kill -9 $(pidof bash)', 'cli').status).toBe(0);
    session.advance(100);
    const job = session.exec('echo 5 > /proc/sys/vm/swappiness', 'prompt');
    session.advance(10);
    const now = session.shell.pid;
    expect(now).not.toBe(old);
    expect(job.output()).toBe(`memsim: bash (${old}) was killed; new login shell bash (${now})\n`);
    expect(job.result?.status).toBe(0);
    expect(session.kernel.sysctlGet('vm.swappiness')).toEqual({ ok: true, value: 5 });
    expect(session.kernel.process(now)).toMatchObject({ comm: 'bash', ppid: session.kernel.pidof('sshd-session')[0] });
    const hog = session.runToCompletion('hog --size 1M &', 'cli');
    expect(hog.status).toBe(0);
  });

  it('runToCompletion returns when the kernel panics instead of waiting for time that never comes', () => {
    const session = createSession({ machine: { ramBytes: 256 * 2 ** 20, swapBytes: 0, sysctl: { 'vm.panic_on_oom': 1 } } });
    const result = session.runToCompletion('hog --rate 1G/s & sleep 10m', 'cli', 1_200_000);
    expect(session.kernel.snapshot().panicked).toBe(true);
    expect(result.status).toBe(137);
    expect(result.stderr).toMatch(/\] Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled\n/);
    expect(result.stderr.endsWith('memsim: the simulated kernel panicked; restart memsim\n')).toBe(true);
    expect(session.kernel.nowMs()).toBeLessThan(60_000);
  });

  it('^C stops a builtin wait for a job that never ends', () => {
    const session = createSession();
    session.runToCompletion('hog --size 1M &', 'cli');
    const result = session.runToCompletion('wait', 'cli', 1000);
    expect(result.status).toBe(130);
    expect(session.shell.busy).toBe(false);
    expect(session.kernel.pidof('hog')).toHaveLength(1);
  });
});
