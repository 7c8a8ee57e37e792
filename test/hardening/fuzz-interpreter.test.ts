// Fuzzing the shell interpreter through a Session (source/shell/session.ts): random command lines of every
// command, valid and not, run to completion on a small machine. Each ends in a CommandResult (status, stderr on
// failure), never an exception; the kernel's identities hold after each line; a parse or usage error (status 2)
// leaves the kernel exactly as it was; a refused sysctl write leaves the sysctl unchanged.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createSession } from '../../source/shell/session.js';
import { FUZZ_TIMEOUT_MS, fuzz, reportTotal } from './fuzz-support.js';
import { baselineOf, checkGlobal, stateFingerprint } from './kernel/invariants.js';
import { commandLine, simpleCommand } from './shell-lines.js';

afterAll(() => reportTotal('fuzz-interpreter'));

/** Simulated time a line may run before the session interrupts it (keeps `sleep 1h` cheap). */
const LINE_TIMEOUT_MS = 600;
const statuses = new Map<number, number>();
afterAll(() => console.log(`interpreter fuzz: exit statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`));

function newSession() {
  return createSession({ machine: { ramBytes: 512 * 2 ** 20, swapBytes: 128 * 2 ** 20, seed: 1 } });
}

describe('shell interpreter fuzz', () => {
  it('random sequences of command lines end in a result each, and keep the kernel consistent', () => {
    fuzz('interpreter/sequences', fc.array(commandLine, { minLength: 1, maxLength: 8 }), (lines) => {
      const session = newSession();
      const base = baselineOf(session.kernel);
      for (const line of lines) {
        const result = session.runToCompletion(line, 'prompt', LINE_TIMEOUT_MS);
        statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
        expect(Number.isInteger(result.status) && result.status >= 0 && result.status <= 255, `${line}: status ${result.status}`).toBe(true);
        // A blank line leaves $? as it was (bash), so only non-blank lines must explain a status 2.
        if (result.status === 2 && line.trim() !== '') expect(result.stderr.length, `${JSON.stringify(line)}: status 2 without a message`).toBeGreaterThan(0);
        expect(checkGlobal(session.kernel.snapshot(), base), line).toEqual([]);
      }
      expect(session.commandLog().length).toBe(lines.length);
    }, 15);
  }, FUZZ_TIMEOUT_MS);

  // A program refusing its options still forked and exited (as in Unix), so only parse errors and builtins
  // (which run inside the shell) must leave the kernel exactly as it was when they refuse a line at once
  // (done without time passing, status != 0, a message on stderr; real tools use 1, 2 or 255 for that).
  const BUILTINS = new Set(['echo', 'true', 'false', 'wait', 'jobs', 'cat', 'free', 'dmesg', 'pidof', 'ls', 'sysctl', 'ps', 'vmstat', 'kill', 'rm']);
  it('a parse error or a builtin refusing its arguments changes nothing in the kernel', () => {
    const session = newSession();
    session.runToCompletion('hog --rate 16M/s &', 'prompt', 500);
    let refused = 0;
    fuzz('interpreter/refused-unchanged', simpleCommand, (line) => {
      const before = stateFingerprint(session.kernel);
      const job = session.shell.start(line);
      job.poll();
      const builtin = BUILTINS.has(line.trim().split(/\s+/)[0] ?? '');
      const result = job.done ? job.result : undefined;
      if (result && result.status !== 0 && result.stderr !== '' && (builtin || result.stderr.startsWith('memsim: sh:'))) {
        refused++;
        expect(stateFingerprint(session.kernel), `${line} -> ${result.stderr}`).toBe(before);
      }
      // No time passes here: a started program just waits, so 400 lines cost no simulated pressure.
    }, 400);
    console.log(`interpreter fuzz: ${refused} lines refused at once, kernel unchanged`);
    expect(refused).toBeGreaterThan(20);
  }, FUZZ_TIMEOUT_MS);

  it('a refused sysctl or /proc write leaves the value as it was', () => {
    const session = newSession();
    const cases = ['sysctl -w vm.swappiness=201', 'sysctl -w vm.swappiness=-1', 'sysctl -w vm.overcommit_memory=3', 'sysctl -w vm.swappiness=x',
      'echo 300 > /proc/sys/vm/swappiness', 'echo x > /proc/sys/vm/overcommit_memory', 'echo 1001 > /proc/1/oom_score_adj', 'echo 5 > /proc/sys/vm/drop_caches'];
    for (const line of cases) {
      const before = session.kernel.snapshot();
      const result = session.runToCompletion(line, 'prompt', LINE_TIMEOUT_MS);
      expect(result.status, line).not.toBe(0);
      expect(result.stderr, line).toMatch(/\S/);
      const after = session.kernel.snapshot();
      expect(after.sysctl, line).toEqual(before.sysctl);
      expect(after.processes.map((p) => p.oomScoreAdj), line).toEqual(before.processes.map((p) => p.oomScoreAdj));
    }
  });

  // Found here (NOTES.md HARDEN -> SHELL: killing the login shell killed the session for good); fixed: a new
  // login shell starts, as after a fresh ssh login.
  it('after the login shell is killed, the session still runs commands', () => {
    const session = newSession();
    expect(session.runToCompletion('kill -9 $(pidof bash)', 'prompt', LINE_TIMEOUT_MS).status).toBe(0);
    session.advance(1000);
    const result = session.runToCompletion('hog --size 1M &', 'prompt', LINE_TIMEOUT_MS);
    expect(result.stderr).toMatch(/^\[1\] \d+\n$/); // bash's job notice, not "fork: No such process"
    expect(result.status).toBe(0);
  });
});
