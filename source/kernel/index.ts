// memsim's simulated Linux kernel: the one entry point. See KERNEL-INTERNALS.md (in /work/coord during
// development, docs of each module in its first comment) for the map of modules to Linux source files.
import { SimKernel } from './kernel.js';
import type { Kernel, MachineConfig } from './types.js';

export type * from './types.js';
export { PAGE_SIZE, PAGE_SHIFT, PROT_NONE, PROT_READ, PROT_WRITE, PROT_EXEC, MAP_SHARED, MAP_PRIVATE, MAP_FIXED,
  MAP_ANONYMOUS, MAP_NORESERVE, MAP_POPULATE } from './types.js';

/** Boot a simulated machine (default: 2 GiB RAM, 1 GiB swap, seed 1). Throws RangeError on an impossible
 *  configuration (RAM outside 256 MiB..1 TiB, negative swap, a sysctl out of range). */
export function bootKernel(cfg?: Partial<MachineConfig>): Kernel {
  return new SimKernel(cfg);
}
