// Conditions against a stand-in kernel that returns fixed numbers, so every operator and unit is checked exactly.
import { describe, expect, it } from 'vitest';
import type { Kernel, ProcessInfo } from '../../source/kernel/types.js';
import { evaluate, parseAddress, parseCondition, parseMatcher, type StepObservations } from '../../source/scenario/conditions.js';
import type { Condition } from '../../source/scenario/schema.js';
import { FACTS } from './helpers.js';

const MEMINFO_KB = {
  MemTotal: 1_000_000, MemFree: 102_400, MemAvailable: 300_000, Buffers: 1_000, Cached: 200_000,
  SwapTotal: 512_000, SwapFree: 500_000, Shmem: 4_096, HugePages_Total: 3,
};

function proc(comm: string, pid: number, overrides: Partial<ProcessInfo> = {}): ProcessInfo {
  return {
    pid, ppid: 1, uid: 0, user: 'root', comm, state: 'S', kernelThread: false, startTimeMs: 0,
    vmPeakKb: 0, vmSizeKb: 10_000, vmHwmKb: 0, vmRssKb: 262_144, rssAnonKb: 200_000, rssFileKb: 0, rssShmemKb: 0,
    vmDataKb: 0, vmStkKb: 0, vmExeKb: 0, vmLibKb: 0, vmPteKb: 0, vmSwapKb: 0, minFlt: 0, majFlt: 0,
    oomScore: 667, oomScoreAdj: -1000, oomKilled: false, ...overrides,
  };
}

const PROCESSES = [proc('chrome', 100, { state: 'X', oomKilled: true }), proc('sshd', 50)];

const fakeKernel = {
  snapshot: () => ({ meminfo: MEMINFO_KB, vmstat: { oom_kill: 1, nr_free_pages: 25_600 } }),
  sysctlGet: (name: string) => (name === 'vm.swappiness' ? { ok: true, value: 60 } : { ok: false, errno: 'ENOENT' }),
  readProc: (path: string) => {
    if (path === '/proc/meminfo') {
      return { ok: true, value: Object.entries(MEMINFO_KB).map(([k, v]) => `${k}: ${v} kB`).join('\n') };
    }
    if (path === '/proc/50/oom_adj') return { ok: true, value: '-17\n' };
    return { ok: false, errno: 'ENOENT' };
  },
  processByComm: (comm: string) => PROCESSES.find((p) => p.comm === comm),
  dmesg: () => [
    { seq: 0, timeMs: 0, level: 6, text: 'Linux version 6.8.0 (memsim)' },
    { seq: 1, timeMs: 5, level: 3, text: 'Out of memory: Killed process 100 (chrome) total-vm:10000kB' },
  ],
} as unknown as Kernel;

const STEP: StepObservations = {
  output: 'hog: allocated 256MiB\n',
  lastResult: { status: 1, errno: 'ENOMEM', stdout: '', stderr: '' },
};

function check(text: string): { ok: boolean; actual: string } {
  const condition = parseCondition(text, FACTS);
  if (!condition.ok) throw new Error(condition.error);
  return evaluate(condition.value, fakeKernel, STEP);
}

function expectation(address: string, value: unknown): { ok: boolean; actual: string } {
  const parsed = parseAddress(address, FACTS);
  if (!parsed.ok) throw new Error(parsed.error);
  const matcher = parseMatcher(value, parsed.value);
  if (!matcher.ok) throw new Error(matcher.error);
  const condition: Condition = { address: parsed.value, matcher: matcher.value, source: address };
  return evaluate(condition, fakeKernel, STEP);
}

describe('each comparison operator on a size (meminfo kB compared in bytes)', () => {
  // MemFree is 102400 kB = exactly 100 MiB.
  it.each([
    ['meminfo.MemFree == 100MiB', true], ['meminfo.MemFree == 100M', true], ['meminfo.MemFree == 104857600', true],
    ['meminfo.MemFree != 100MiB', false], ['meminfo.MemFree < 100MiB', false], ['meminfo.MemFree <= 100MiB', true],
    ['meminfo.MemFree > 99MiB', true], ['meminfo.MemFree >= 101MiB', false], ['meminfo.MemFree > 0.5G', false],
    ['meminfo.MemFree 100MiB', true], ['meminfo.MemFree>=102400K', true], ['meminfo.MemFree >= 102401KiB', false],
  ])('%s -> %s', (text, ok) => {
    expect(check(text).ok).toBe(ok);
  });

  it('shows the actual value in bytes and MiB', () => {
    expect(check('meminfo.MemFree < 1M').actual).toBe('100.0MiB (104857600)');
  });

  it('HugePages_* are counts, not kB', () => {
    expect(check('meminfo.HugePages_Total == 3').ok).toBe(true);
  });
});

describe('inclusive ranges', () => {
  it.each([
    // buff/cache = Buffers + Cached = 201000 kB = 196.29 MiB
    ['free.buff_cache', '195MiB..196MiB', false],
    ['free.buff_cache', '196MiB..197MiB', true],
    ['free.buff_cache', '197MiB..300MiB', false],
    ['meminfo.MemFree', '100MiB..100MiB', true],
    ['vmstat.oom_kill', '1..3', true],
    ['vmstat.oom_kill', '2..3', false],
  ])('%s in %s -> %s', (address, range, ok) => {
    expect(expectation(address, range).ok).toBe(ok);
  });
});

describe('free columns come from procps free.ts derivations, in bytes', () => {
  it.each([
    ['free.total', 1_000_000], ['free.free', 102_400], ['free.available', 300_000], ['free.used', 700_000],
    ['free.shared', 4_096], ['free.buff_cache', 201_000], ['free.swap_total', 512_000], ['free.swap_used', 12_000],
    ['free.swap_free', 500_000],
  ])('%s is %d kB', (address, kb) => {
    expect(expectation(address, kb * 1024).ok).toBe(true);
    expect(expectation(address, kb * 1024 + 1).ok).toBe(false);
  });
});

describe('plain numbers: vmstat, sysctl, oom values', () => {
  it('vmstat counters and sysctls compare as plain numbers', () => {
    expect(check('vmstat.oom_kill >= 1').ok).toBe(true);
    expect(check('vmstat.nr_free_pages == 25600').ok).toBe(true);
    expect(expectation('sysctl.vm.swappiness', 60)).toEqual({ ok: true, actual: '60' });
    expect(expectation('sysctl.vm.swappiness', '> 60').ok).toBe(false);
  });

  it('negative numbers (oom_score_adj)', () => {
    expect(check('proc.sshd.oom_score_adj == -1000').ok).toBe(true);
    expect(check('proc.sshd.oom_score_adj < -999').ok).toBe(true);
    expect(check('proc.sshd.oom_adj == -17').ok).toBe(true);
  });
});

describe('processes by comm', () => {
  it('alive is false for a killed task still shown as X, true for a live one', () => {
    expect(expectation('proc.chrome.alive', false)).toEqual({ ok: true, actual: 'false' });
    expect(expectation('proc.sshd.alive', true).ok).toBe(true);
    expect(check('proc.sshd.alive == false').ok).toBe(false);
    expect(expectation('proc.nobody.alive', false).ok).toBe(true);
  });

  it('status memory fields are in bytes, pid and oom_score are numbers', () => {
    expect(check('proc.sshd.VmRSS == 256MiB').ok).toBe(true);
    expect(check('proc.sshd.pid == 50').ok).toBe(true);
    expect(check('proc.sshd.oom_score > 600').ok).toBe(true);
  });

  it('a missing process fails with a reason', () => {
    expect(check('proc.nobody.VmRSS > 0')).toEqual({ ok: false, actual: 'no process named nobody' });
  });
});

describe('text: dmesg and output', () => {
  it('regex and substring on the kernel log', () => {
    expect(expectation('dmesg', '/Killed process \\d+ \\(chrome\\)/')).toEqual({
      ok: true,
      actual: 'Out of memory: Killed process 100 (chrome) total-vm:10000kB',
    });
    expect(expectation('dmesg', '/killed PROCESS/i').ok).toBe(true);
    expect(expectation('dmesg', 'Killed process 100').ok).toBe(true);
    expect(expectation('dmesg', 'Killed process 101').ok).toBe(false);
    expect(check('dmesg /Out of memory/').ok).toBe(true);
  });

  it("output matches what the step's commands printed", () => {
    expect(expectation('output', 'allocated 256MiB').ok).toBe(true);
    expect(expectation('output', '/allocated \\d+GiB/')).toEqual({ ok: false, actual: 'no match in: hog: allocated 256MiB⏎' });
  });
});

describe('status', () => {
  it('an errno name or an exit status', () => {
    expect(expectation('status', 'ENOMEM')).toEqual({ ok: true, actual: '1 (ENOMEM)' });
    expect(expectation('status', 'EINVAL').ok).toBe(false);
    expect(expectation('status', 0).ok).toBe(false);
    expect(expectation('status', 1).ok).toBe(true);
    expect(expectation('status', '!= 0').ok).toBe(true);
  });
});

describe('matcher errors', () => {
  it.each([
    ['proc.sshd.alive', 'maybe', "wrong type: expected true or false, got 'maybe'"],
    ['meminfo.MemFree', true, 'wrong type: a size is expected, not true'],
    ['meminfo.MemFree', '300MiB..200MiB', "bad range '300MiB..200MiB': the low end is above the high end"],
    ['vmstat.oom_kill', 'lots', "bad comparison: 'lots' is not a number"],
    ['meminfo.MemFree', '> 1GB', 'bad size: ' + "invalid size '1GB': unit 'GB' is ambiguous, use G or GiB (powers of two)"],
    ['dmesg', '/x/g', 'bad regex /x/g: unknown flags \'g\' (use i, m, s, u)'],
  ])('%s: %s', (address, value, message) => {
    const parsed = parseAddress(address, FACTS);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parseMatcher(value, parsed.value)).toEqual({ ok: false, error: message });
  });
});
