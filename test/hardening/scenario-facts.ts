// The KernelFacts the scenario fuzzers load files against: the real ones (source/scenario/open.ts kernelFacts(),
// which boots a probe kernel) when the kernel is importable, else names harvested from the shipped scenarios so
// that the unmutated files load and mutations are judged against the same baseline.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KernelFacts } from '../../source/scenario/load.js';

export const SCENARIO_DIR = join(import.meta.dirname, '..', '..', 'scenarios');

export function shippedScenarios(): Array<{ name: string; text: string }> {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(SCENARIO_DIR, name), 'utf8') }));
}

function harvested(): KernelFacts {
  const all = shippedScenarios().map((s) => s.text).join('\n');
  const names = (re: RegExp) => [...new Set([...all.matchAll(re)].map((m) => m[1]!))];
  return {
    meminfo: names(/meminfo\.([A-Za-z_()0-9]+)/g),
    vmstat: names(/vmstat\.([a-z_0-9]+)/g),
    sysctl: [...new Set([...names(/(vm\.[a-z_0-9]+)/g), 'vm.swappiness', 'vm.overcommit_memory', 'vm.overcommit_ratio'])],
    checkSysctl: (name, value) => (value < 0 || value > 1_000_000 ? `sysctl ${name}=${value} is refused by the kernel (EINVAL)` : undefined),
  };
}

/** Real facts when the kernel is built, else the harvested stand-in; `source` says which, for the test output. */
export async function scenarioFacts(): Promise<{ facts: KernelFacts; source: 'kernel' | 'harvested' }> {
  try {
    const open = await import('../../source/scenario/open.js');
    return { facts: open.kernelFacts(), source: 'kernel' };
  } catch {
    return { facts: harvested(), source: 'harvested' };
  }
}
