// The machine flags, the same for `memsim`, `memsim sh`, `memsim run` (where they override the scenario's
// `machine:`): --ram SIZE --swap SIZE --sysctl NAME=VALUE... --seed N. Sizes go through the shell's one size
// parser; sysctl names and values are checked by a throwaway kernel, exactly as `sysctl -w` would be.
import type { MachineConfig } from '../kernel/types.js';
import type { KernelFacts } from '../scenario/load.js';
import { parseSize } from '../shell/size.js';
import { listFlag, numberFlag, stringFlag, UsageError, type FlagSpecs, type ParsedArgs } from './args.js';

export const MACHINE_FLAGS: FlagSpecs = {
  ram: { type: 'string' },
  swap: { type: 'string' },
  sysctl: { type: 'string', isMultiple: true },
  seed: { type: 'string' },
};

export const MACHINE_HELP = `
Machine (the same for every command; a scenario's machine: sets the same things)
  --ram SIZE            physical RAM, e.g. 1GiB, 512M (default 2GiB)
  --swap SIZE           swap device size, 0 for none (default 1GiB)
  --sysctl NAME=VALUE   set a vm sysctl at boot, e.g. --sysctl vm.swappiness=10 (repeatable)
  --seed N              seed of the simulation's random numbers (default 1)`;

function sizeFlag(command: string, args: ParsedArgs, name: string): number | undefined {
  const text = stringFlag(args, name);
  if (text === undefined) return undefined;
  const size = parseSize(text);
  if (!size.ok) throw new UsageError(`${command}: --${name}: ${size.error}`);
  return size.value;
}

/** The machine the flags ask for (only what was given; the kernel fills in its defaults). */
export function machineFromFlags(command: string, args: ParsedArgs, facts: () => KernelFacts): Partial<MachineConfig> {
  const machine: Partial<MachineConfig> = {};
  const ram = sizeFlag(command, args, 'ram');
  if (ram !== undefined) {
    if (ram === 0) throw new UsageError(`${command}: --ram: a machine needs some RAM`);
    machine.ramBytes = ram;
  }
  const swap = sizeFlag(command, args, 'swap');
  if (swap !== undefined) machine.swapBytes = swap;
  const seed = numberFlag(command, args, 'seed', { min: 0, max: 2 ** 32 - 1, integer: true });
  if (seed !== undefined) machine.seed = seed;
  const sysctls = listFlag(args, 'sysctl');
  if (sysctls.length > 0) {
    const known = facts();
    machine.sysctl = {};
    for (const assignment of sysctls) {
      const match = /^([a-z0-9_.]+)=(-?\d+)$/.exec(assignment.trim());
      if (!match) throw new UsageError(`${command}: --sysctl expects NAME=NUMBER, e.g. vm.swappiness=10, got '${assignment}'`);
      const [, name, value] = match as unknown as [string, string, string];
      if (!known.sysctl.includes(name)) throw new UsageError(`${command}: --sysctl: unknown sysctl '${name}'`);
      const refused = known.checkSysctl(name, Number(value));
      if (refused) throw new UsageError(`${command}: --sysctl: ${refused}`);
      machine.sysctl[name] = Number(value);
    }
  }
  return machine;
}
