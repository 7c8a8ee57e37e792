// One way to turn a scenario file into something playable, shared by `memsim run`, `memsim --scenario` and
// `memsim record`, so they refuse the same files with the same messages and build the same machine.
import { MIN_RAM_BYTES } from '../kernel/boot.js';
import { bootKernel } from '../kernel/index.js';
import type { Kernel, MachineConfig } from '../kernel/types.js';
import { createSession } from '../shell/session.js';
import type { Session } from '../shell/types.js';
import { KEY_NAMES } from '../ui/keymap.js';
import { formatLoadError, loadScenarioFile, type KernelFacts } from './load.js';
import type { Scenario } from './schema.js';

/** The field and sysctl names of the kernel: the same for every machine, so read once per process. */
interface KernelNames {
  meminfo: string[];
  vmstat: string[];
  sysctl: string[];
}
let cachedNames: KernelNames | undefined;
const NAMES_PROBE: Partial<MachineConfig> = { ramBytes: MIN_RAM_BYTES, swapBytes: 0 };

function namesOf(probe: Kernel): KernelNames {
  const snapshot = probe.snapshot();
  return { meminfo: Object.keys(snapshot.meminfo), vmstat: Object.keys(snapshot.vmstat), sysctl: probe.sysctlNames() };
}

/**
 * The names a kernel provides and the sysctl values it accepts, read from throwaway kernels. Booting one costs
 * about as much as loading a scenario (40-250 ms), and `memsim record` opens many files in one process: the names
 * are read once per process (from the smallest machine), and a default machine to try sysctl writes on is booted
 * only when a file writes one. Each facts object gets its own machine for those writes (a write changes what the
 * next one is checked against, as in the machine that applies them in order), never one another file wrote to.
 */
export function kernelFacts(probe?: Kernel): KernelFacts {
  let writable = probe;
  // The names do not depend on the machine's size: the smallest machine boots in about half the time.
  const names = probe ? namesOf(probe) : (cachedNames ??= namesOf(bootKernel(NAMES_PROBE)));
  // Writes are checked on a default machine, as before; booted only for a file that writes a sysctl.
  const writableProbe = (): Kernel => (writable ??= bootKernel());
  return {
    meminfo: names.meminfo,
    vmstat: names.vmstat,
    sysctl: names.sysctl,
    checkSysctl(name, value) {
      const result = writableProbe().sysctlSet(name, value);
      return result.ok ? undefined : `sysctl ${name}=${value} is refused by the kernel (${result.errno})`;
    },
    keyNames: KEY_NAMES,
  };
}

/** The kernel configuration a scenario asks for, with command-line machine flags taking precedence. */
export function scenarioMachine(scenario: Scenario, overrides: Partial<MachineConfig> = {}): Partial<MachineConfig> {
  const machine: Partial<MachineConfig> = { seed: scenario.seed, sysctl: { ...scenario.machine.sysctl } };
  if (scenario.machine.ramBytes !== undefined) machine.ramBytes = scenario.machine.ramBytes;
  if (scenario.machine.swapBytes !== undefined) machine.swapBytes = scenario.machine.swapBytes;
  return { ...machine, ...overrides, sysctl: { ...machine.sysctl, ...overrides.sysctl } };
}

export type OpenedScenario =
  | { ok: true; scenario: Scenario; session: Session }
  | { ok: false; /** Every problem as FILE:LINE:COL: message, one per line. */ message: string };

/** Load and check a scenario file and boot its machine. A refused file runs nothing (exit status 2). */
export function openScenario(file: string, overrides: Partial<MachineConfig> = {}): OpenedScenario {
  const loaded = loadScenarioFile(file, kernelFacts());
  if (!loaded.ok) return { ok: false, message: loaded.errors.map(formatLoadError).join('\n') };
  const session = createSession({ machine: scenarioMachine(loaded.scenario, overrides) });
  return { ok: true, scenario: loaded.scenario, session };
}
