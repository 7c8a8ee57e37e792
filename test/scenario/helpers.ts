// A fixed set of kernel names for loader and condition tests, so they do not depend on the kernel's tables.
import type { KernelFacts } from '../../source/scenario/load.js';

export const FACTS: KernelFacts = {
  meminfo: ['MemTotal', 'MemFree', 'MemAvailable', 'Buffers', 'Cached', 'SwapTotal', 'SwapFree', 'Shmem', 'HugePages_Total'],
  vmstat: ['nr_free_pages', 'oom_kill', 'pswpout', 'pgscan_kswapd'],
  sysctl: ['vm.swappiness', 'vm.overcommit_memory', 'vm.overcommit_ratio', 'vm.min_free_kbytes'],
  checkSysctl(name, value) {
    if (name === 'vm.swappiness' && (value < 0 || value > 200)) return `vm.swappiness=${value}: Invalid argument`;
    if (name === 'vm.overcommit_memory' && (value < 0 || value > 2)) return `vm.overcommit_memory=${value}: Invalid argument`;
    return undefined;
  },
};
