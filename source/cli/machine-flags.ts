// The machine flags, the same for `memsim`, `memsim sh`, `memsim run` (where they override the scenario's
// `machine:`): --ram SIZE --swap SIZE --sysctl NAME=VALUE... --seed N. Sizes go through the shell's one size
// parser; sysctl names and values are checked by a throwaway kernel, exactly as `sysctl -w` would be.
import type { MachineConfig } from '../kernel/types.js';
import type { KernelFacts } from '../scenario/load.js';
import { MAX_RAM_BYTES, MAX_SWAP_BYTES, MIN_RAM_BYTES } from '../kernel/boot.js';
import { formatSize, parseSize, quoteValue } from '../shell/size.js';
import { listFlag, numberFlag, stringFlag, UsageError, type FlagSpecs, type ParsedArgs } from './args.js';

export const MACHINE_FLAGS: FlagSpecs = {
  ram: { type: 'string' },
  swap: { type: 'string' },
  sysctl: { type: 'string', isMultiple: true },
  seed: { type: 'string' },
};

export const MACHINE_HELP = `
Machine (the same for every command; a scenario's machine: sets the same things)
  --ram SIZE            physical RAM, 256MiB to 128GiB, e.g. 1GiB (default 2GiB)
  --swap SIZE           swap device size, 0 (none) to 256GiB (default 1GiB)
  --sysctl NAME=VALUE   set a vm sysctl at boot, e.g. --sysctl vm.swappiness=10 (repeatable)
  --seed N              seed of the simulation's random numbers (default 1)`;

/** A size flag within what the kernel can boot (source/kernel/boot.ts limits). */
function sizeFlag(command: string, args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const text = stringFlag(args, name);
  if (text === undefined) return undefined;
  const size = parseSize(text);
  if (!size.ok) throw new UsageError(`${command}: --${name}: ${size.error}`);
  if (size.value < min || size.value > max) {
    throw new UsageError(`${command}: --${name}: ${formatSize(size.value)} is outside ${formatSize(min)}..${formatSize(max)}`);
  }
  return size.value;
}

/** Whether machineFromFlags will ask for kernel facts (a --sysctl flag is checked against a kernel's names). */
export function needsKernelFacts(args: ParsedArgs): boolean {
  return listFlag(args, 'sysctl').length > 0;
}

/** The machine the flags ask for (only what was given; the kernel fills in its defaults). */
export function machineFromFlags(command: string, args: ParsedArgs, facts: () => KernelFacts): Partial<MachineConfig> {
  const machine: Partial<MachineConfig> = {};
  const ram = sizeFlag(command, args, 'ram', MIN_RAM_BYTES, MAX_RAM_BYTES);
  if (ram !== undefined) machine.ramBytes = ram;
  const swap = sizeFlag(command, args, 'swap', 0, MAX_SWAP_BYTES);
  if (swap !== undefined) machine.swapBytes = swap;
  const seed = numberFlag(command, args, 'seed', { min: 0, max: 2 ** 32 - 1, integer: true });
  if (seed !== undefined) machine.seed = seed;
  if (needsKernelFacts(args)) {
    const sysctls = listFlag(args, 'sysctl');
    const known = facts();
    machine.sysctl = {};
    for (const assignment of sysctls) {
      const match = /^([a-z0-9_.]+)=(-?\d+)$/.exec(assignment.trim());
      if (!match) throw new UsageError(`${command}: --sysctl expects NAME=NUMBER, e.g. vm.swappiness=10, got ${quoteValue(assignment)}`);
      const [, name, value] = match as unknown as [string, string, string];
      if (!known.sysctl.includes(name)) throw new UsageError(`${command}: --sysctl: unknown sysctl '${name}'`);
      const refused = known.checkSysctl(name, Number(value));
      if (refused) throw new UsageError(`${command}: --sysctl: ${refused}`);
      machine.sysctl[name] = Number(value);
    }
  }
  return machine;
}
