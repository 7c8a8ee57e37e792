import { describe, expect, it } from 'vitest';
import { formatLoadError, loadScenarioText, type LoadResult } from '../../source/scenario/load.js';
import { FACTS } from './helpers.js';

function errorsOf(text: string): string[] {
  const result = loadScenarioText(text, 'demo.yaml', FACTS);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.errors.map(formatLoadError);
}

function scenarioOf(text: string) {
  const result: LoadResult = loadScenarioText(text, 'demo.yaml', FACTS);
  if (!result.ok) throw new Error(result.errors.map(formatLoadError).join('\n'));
  return result.scenario;
}

describe('loading a valid scenario', () => {
  it('reads every part of the issue-4 example', () => {
    const scenario = scenarioOf(`title: The OOM killer picks a victim
description: Two hogs fill a 1 GiB machine
seed: 7
machine:
  ram: 1GiB
  swap: 0
  sysctl: { vm.overcommit_memory: 1, vm.swappiness: 60 }
steps:
  - say: Protect sshd, then start two hogs
    run: echo -17 > /proc/$(pidof sshd)/oom_adj
  - after: 1s
    run: [ "hog --name chrome --rate 200M/s &", "hog --name slack --rate 50M/s &" ]
  - until: vmstat.oom_kill >= 1
    timeout: 30s
    expect:
      proc.chrome.alive: false
      dmesg: '/Out of memory: Killed process \\d+ \\(chrome\\)/'
      meminfo.MemAvailable: "> 100MiB"
  - at: 2m
    keys: "p p s"
`);
    expect(scenario.title).toBe('The OOM killer picks a victim');
    expect(scenario.seed).toBe(7);
    expect(scenario.machine).toEqual({ ramBytes: 2 ** 30, swapBytes: 0, sysctl: { 'vm.overcommit_memory': 1, 'vm.swappiness': 60 } });
    expect(scenario.steps).toHaveLength(4);
    const [first, second, third, fourth] = scenario.steps;
    expect(first!.run).toEqual(['echo -17 > /proc/$(pidof sshd)/oom_adj']);
    expect(first!.timing).toEqual({ kind: 'next' });
    expect(second!.timing).toEqual({ kind: 'after', ms: 1000 });
    expect(second!.run).toHaveLength(2);
    expect(third!.timing.kind).toBe('until');
    if (third!.timing.kind === 'until') expect(third!.timing.timeoutMs).toBe(30_000);
    expect(third!.expect.map((e) => e.address.kind)).toEqual(['proc', 'dmesg', 'meminfo']);
    expect(third!.expect[2]!.matcher).toEqual({ kind: 'compare', op: '>', value: 100 * 2 ** 20 });
    expect(fourth!.timing).toEqual({ kind: 'at', ms: 120_000 });
    expect(fourth!.keys).toEqual(['p', 'p', 's']);
    expect(third!.pos).toEqual({ line: 13, col: 5 });
  });

  it('defaults: seed 1, kernel machine, until timeout 60 s', () => {
    const scenario = scenarioOf('title: t\nsteps:\n  - until: vmstat.oom_kill >= 1\n');
    expect(scenario.seed).toBe(1);
    expect(scenario.machine).toEqual({ sysctl: {} });
    expect(scenario.steps[0]!.timing).toMatchObject({ kind: 'until', timeoutMs: 60_000 });
  });
});

describe('every kind of problem is reported as FILE:LINE:COL', () => {
  it('YAML syntax error', () => {
    expect(errorsOf('title: t\nsteps: [\n  - say: x\n')[0]).toMatch(/^demo\.yaml:\d+:\d+: YAML: /);
    expect(errorsOf('title: "unterminated\n')).toEqual(['demo.yaml:2:1: YAML: Missing closing "quote']);
  });

  it('duplicate key', () => {
    expect(errorsOf('title: a\ntitle: b\nsteps: [{say: x}]\n')).toEqual(['demo.yaml:2:1: YAML: Map keys must be unique']);
  });

  it('unknown key at top level, in machine and in a step', () => {
    expect(errorsOf('title: t\ntitel: x\nmachine:\n  rams: 1G\nsteps:\n  - say: x\n    sya: y\n')).toEqual([
      "demo.yaml:2:1: unknown key 'titel' in the scenario (allowed: title, description, seed, machine, steps)",
      "demo.yaml:4:3: unknown key 'rams' in machine (allowed: ram, swap, sysctl)",
      "demo.yaml:7:5: unknown key 'sya' in a step (allowed: at, after, until, timeout, say, run, expect, keys)",
    ]);
  });

  it('missing title and steps', () => {
    expect(errorsOf('description: d\n')).toEqual([
      'demo.yaml:1:1: missing key: title is required',
      'demo.yaml:1:1: missing key: steps is required',
    ]);
  });

  it('wrong types', () => {
    expect(errorsOf('title: [a]\nseed: x\nsteps:\n  - say: 5\n    run: {a: 1}\n    expect: [1]\n  - hello\n')).toEqual([
      'demo.yaml:1:8: wrong type: title must be a string',
      'demo.yaml:2:7: wrong type: seed must be a whole number',
      'demo.yaml:4:10: wrong type: say must be a string',
      'demo.yaml:5:10: wrong type: run must be a command line or a list of command lines',
      'demo.yaml:6:13: wrong type: expect must be a map of ADDRESS: VALUE',
      'demo.yaml:7:5: wrong type: each step must be a map (say, run, expect, at/after/until ...)',
    ]);
  });

  it('bad size', () => {
    const [error] = errorsOf('title: t\nmachine:\n  ram: 1GB\nsteps: [{say: x}]\n');
    expect(error).toMatch(/^demo\.yaml:3:8: bad size for machine\.ram: invalid size '1GB': unit 'GB' is ambiguous/);
  });

  it('bad duration', () => {
    expect(errorsOf('title: t\nsteps:\n  - after: soon\n')[0]).toMatch(/^demo\.yaml:3:12: bad duration for after: /);
  });

  it('more than one of at/after/until', () => {
    expect(errorsOf('title: t\nsteps:\n  - at: 1s\n    after: 2s\n')).toEqual([
      'demo.yaml:4:5: a step has at most one of at, after, until',
    ]);
  });

  it('unknown field address in expect and in until', () => {
    expect(errorsOf('title: t\nsteps:\n  - expect:\n      meminfo.MemFre: 1\n      vmstat.oom_kill: 0\n  - until: proc.x.VmRss > 1M\n'))
      .toEqual([
        "demo.yaml:4:7: unknown field 'meminfo.MemFre': /proc/meminfo has no MemFre (did you mean MemFree?)",
        "demo.yaml:6:12: unknown field 'proc.x.VmRss': a process has VmPeak, VmSize, VmHWM, VmRSS, RssAnon, RssFile, " +
          'RssShmem, VmData, VmStk, VmExe, VmLib, VmPTE, VmSwap, oom_score, oom_score_adj, oom_adj, alive, pid (did you mean VmRSS?)',
      ]);
    expect(errorsOf('title: t\nsteps:\n  - expect: { free.cached: 1 }\n')[0]).toMatch(/^demo\.yaml:3:15: unknown field 'free\.cached'/);
    expect(errorsOf('title: t\nsteps:\n  - expect: { cpu.load: 1 }\n')[0]).toMatch(/^demo\.yaml:3:15: unknown field 'cpu\.load'/);
  });

  it('unknown sysctl and a value the kernel refuses', () => {
    expect(errorsOf('title: t\nmachine:\n  sysctl:\n    vm.swapiness: 10\n    vm.swappiness: 300\nsteps: [{say: x}]\n')).toEqual([
      "demo.yaml:4:5: unknown sysctl 'vm.swapiness'",
      'demo.yaml:5:20: vm.swappiness=300: Invalid argument',
    ]);
  });

  it('bad regex', () => {
    expect(errorsOf("title: t\nsteps:\n  - expect:\n      dmesg: '/Killed (process/'\n")).toEqual([
      'demo.yaml:4:14: bad regex /Killed (process/: /Killed (process/: Unterminated group',
    ]);
  });

  it('bad comparison', () => {
    expect(errorsOf('title: t\nsteps:\n  - expect:\n      meminfo.MemFree: "=> 5M"\n')).toEqual([
      "demo.yaml:4:24: bad comparison '=> 5M': use one of == != < <= > >= followed by a value",
    ]);
    expect(errorsOf('title: t\nsteps:\n  - until: vmstat.oom_kill >= 1M\n')[0]).toBe(
      "demo.yaml:3:12: bad comparison: '1M' has a unit, but this value is a plain number",
    );
  });

  it('unknown errno name in status', () => {
    expect(errorsOf('title: t\nsteps:\n  - run: x\n    expect: { status: ENOMEMORY }\n')).toEqual([
      "demo.yaml:4:23: unknown errno name 'ENOMEMORY'",
    ]);
  });

  it('reports every problem of a file, in order', () => {
    const errors = errorsOf('title: t\nmachine: { ram: lots, swap: 1Q }\nsteps:\n  - after: x\n    expect: { bogus: 1 }\n');
    expect(errors.map((e) => e.split(': ')[0])).toEqual(['demo.yaml:2:17', 'demo.yaml:2:29', 'demo.yaml:4:12', 'demo.yaml:5:15']);
  });
});

describe('shell syntax in run lines', () => {
  it('is checked before anything runs, with the column inside the line', () => {
    expect(errorsOf('title: t\nsteps:\n  - run: free | head\n  - run: [ "echo ok", "cat x | wc" ]\n')).toEqual([
      'demo.yaml:3:15: shell: pipes are not supported',
      'demo.yaml:4:30: shell: pipes are not supported',
    ]);
  });
});

describe('keys', () => {
  it('are checked against the dashboard key names when known', () => {
    const result = loadScenarioText('title: t\nsteps:\n  - keys: "p x s"\n', 'demo.yaml', { ...FACTS, keyNames: ['p', 's'] });
    expect(result.ok ? [] : result.errors.map(formatLoadError)).toEqual([
      "demo.yaml:3:14: unknown key name 'x' in keys (see the dashboard's ? help)",
    ]);
  });
});

describe('hostile input', () => {
  it('machine sizes outside what the kernel boots are refused with their position', () => {
    expect(errorsOf('title: t\nmachine: { ram: 1T, swap: 1P }\nsteps: [{say: x}]\n')).toEqual([
      'demo.yaml:2:17: bad size for machine.ram: 1TiB is outside 256MiB..128GiB',
      "demo.yaml:2:27: bad size for machine.swap: invalid size '1P': unknown unit 'P' (use K, M, G, T or KiB, MiB, GiB, TiB)",
    ]);
    expect(errorsOf('title: t\nmachine: { ram: 4096 }\nsteps: [{say: x}]\n')).toEqual([
      'demo.yaml:2:17: bad size for machine.ram: 4KiB is outside 256MiB..128GiB',
    ]);
  });

  it('control characters in echoed values are escaped: one error stays one line', () => {
    const errors = errorsOf('title: t\nmachine: { ram: "1\\n2" }\nsteps:\n  - after: "1\\u001b[2J"\n    expect: { "meminfo.Mem\\nFree": 1 }\n');
    expect(errors).toHaveLength(3);
    for (const error of errors) expect(error).not.toMatch(/[\u0000-\u001f]/);
    expect(errors[2]).toContain("unknown field 'meminfo.Mem\\nFree'");
  });

  it('absurd nesting is one error, not a crash', () => {
    const deep = `title: t\nsteps: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    expect(errorsOf(deep)).toEqual(['demo.yaml:1:1: YAML: nested too deeply']);
  });
});

describe('not a scenario at all', () => {
  it('binary data is one error', () => {
    expect(errorsOf('\u007fELF\u0002\u0001\u0001\u0000\u0000title: x')).toEqual(['demo.yaml:1:1: not a text scenario file (binary data)']);
  });
});

describe('expectations that could never hold', () => {
  it('status and output need commands in the same step', () => {
    expect(errorsOf('title: t\nsteps:\n  - say: x\n    expect: { status: 0 }\n')).toEqual([
      "demo.yaml:4:13: status checks the step's own commands, but this step has no run",
    ]);
  });
});
