// The vm.* sysctl table: the role of kernel/sysctl.c + mm/*.c ctl_table entries (vm_table, page_alloc_sysctl_table,
// vmscan, page-writeback, oom_kill, util.c) and of proc_dointvec_minmax range checks. Values are the defaults of a
// Linux 6.x x86_64 kernel; the boot-dependent ones (min_free_kbytes, user/admin_reserve_kbytes) are filled by
// boot.ts. Simplified: only integer-valued entries (lowmem_reserve_ratio and numa_zonelist_order are text or
// arrays and are left out); writes are checked against the range the kernel checks, out of range -> EINVAL and
// the old value stays. Side effects (watermark recompute, drop_caches) run in kernel.ts through hooks.
import type { Errno, Result } from './types.js';

const INT_MAX = 2147483647;
const ULONG_MAX = Number.MAX_SAFE_INTEGER; // stands in for ULONG_MAX: no test can reach it

export interface SysctlDef {
  name: string;
  def: number;
  min: number;
  max: number;
  /** Mode 0200 (drop_caches, compact_memory, stat_refresh): reads fail with EACCES even for root. */
  writeOnly?: boolean;
  /** Writing here zeroes this other entry (ratio <-> bytes pairs): dirty_* only when the value changed
   *  (dirty_ratio_handler), overcommit_* on every write (overcommit_ratio_handler). */
  twin?: string;
}

// In the order `ls /proc/sys/vm` prints them (alphabetical).
export const SYSCTL_DEFS: readonly SysctlDef[] = [
  { name: 'vm.admin_reserve_kbytes', def: 8192, min: 0, max: ULONG_MAX },
  { name: 'vm.compact_memory', def: 0, min: 1, max: 1, writeOnly: true },
  { name: 'vm.compact_unevictable_allowed', def: 1, min: 0, max: 1 },
  { name: 'vm.compaction_proactiveness', def: 20, min: 0, max: 100 },
  { name: 'vm.dirty_background_bytes', def: 0, min: 0, max: ULONG_MAX, twin: 'vm.dirty_background_ratio' },
  { name: 'vm.dirty_background_ratio', def: 10, min: 0, max: 100, twin: 'vm.dirty_background_bytes' },
  // dirty_bytes_min = 2 pages (mm/page-writeback.c): 0 cannot be written back, use dirty_ratio.
  { name: 'vm.dirty_bytes', def: 0, min: 8192, max: ULONG_MAX, twin: 'vm.dirty_ratio' },
  { name: 'vm.dirty_expire_centisecs', def: 3000, min: 0, max: INT_MAX },
  { name: 'vm.dirty_ratio', def: 20, min: 0, max: 100, twin: 'vm.dirty_bytes' },
  { name: 'vm.dirty_writeback_centisecs', def: 500, min: 0, max: INT_MAX },
  { name: 'vm.dirtytime_expire_seconds', def: 43200, min: 0, max: INT_MAX },
  { name: 'vm.drop_caches', def: 0, min: 1, max: 4, writeOnly: true },
  { name: 'vm.extfrag_threshold', def: 500, min: 0, max: 1000 },
  { name: 'vm.hugetlb_optimize_vmemmap', def: 0, min: 0, max: 1 },
  { name: 'vm.hugetlb_shm_group', def: 0, min: 0, max: INT_MAX },
  { name: 'vm.laptop_mode', def: 0, min: 0, max: INT_MAX },
  { name: 'vm.legacy_va_layout', def: 0, min: 0, max: INT_MAX },
  { name: 'vm.max_map_count', def: 65530, min: 0, max: INT_MAX },
  { name: 'vm.memfd_noexec', def: 0, min: 0, max: 2 },
  { name: 'vm.memory_failure_early_kill', def: 0, min: 0, max: 1 },
  { name: 'vm.memory_failure_recovery', def: 1, min: 0, max: 1 },
  { name: 'vm.min_free_kbytes', def: 0, min: 0, max: INT_MAX },
  { name: 'vm.min_slab_ratio', def: 5, min: 0, max: 100 },
  { name: 'vm.min_unmapped_ratio', def: 1, min: 0, max: 100 },
  { name: 'vm.mmap_min_addr', def: 65536, min: 0, max: ULONG_MAX },
  { name: 'vm.mmap_rnd_bits', def: 28, min: 28, max: 32 },
  { name: 'vm.mmap_rnd_compat_bits', def: 8, min: 8, max: 16 },
  { name: 'vm.nr_hugepages', def: 0, min: 0, max: ULONG_MAX },
  { name: 'vm.nr_hugepages_mempolicy', def: 0, min: 0, max: ULONG_MAX },
  { name: 'vm.nr_overcommit_hugepages', def: 0, min: 0, max: ULONG_MAX },
  { name: 'vm.numa_stat', def: 1, min: 0, max: 1 },
  { name: 'vm.oom_dump_tasks', def: 1, min: 0, max: 1 },
  { name: 'vm.oom_kill_allocating_task', def: 0, min: -INT_MAX - 1, max: INT_MAX },
  { name: 'vm.overcommit_kbytes', def: 0, min: 0, max: ULONG_MAX, twin: 'vm.overcommit_ratio' },
  { name: 'vm.overcommit_memory', def: 0, min: 0, max: 2 },
  { name: 'vm.overcommit_ratio', def: 50, min: 0, max: INT_MAX, twin: 'vm.overcommit_kbytes' },
  { name: 'vm.page-cluster', def: 3, min: 0, max: 31 },
  { name: 'vm.page_lock_unfairness', def: 5, min: 0, max: INT_MAX },
  { name: 'vm.panic_on_oom', def: 0, min: 0, max: 2 },
  { name: 'vm.percpu_pagelist_high_fraction', def: 0, min: 0, max: INT_MAX },
  { name: 'vm.stat_interval', def: 1, min: 0, max: INT_MAX },
  { name: 'vm.stat_refresh', def: 0, min: 0, max: INT_MAX, writeOnly: true },
  { name: 'vm.swappiness', def: 60, min: 0, max: 200 },
  { name: 'vm.unprivileged_userfaultfd', def: 0, min: 0, max: 1 },
  { name: 'vm.user_reserve_kbytes', def: 131072, min: 0, max: ULONG_MAX },
  { name: 'vm.vfs_cache_pressure', def: 100, min: 0, max: INT_MAX },
  { name: 'vm.watermark_boost_factor', def: 15000, min: 0, max: INT_MAX },
  { name: 'vm.watermark_scale_factor', def: 10, min: 1, max: 3000 },
  { name: 'vm.zone_reclaim_mode', def: 0, min: 0, max: INT_MAX },
];

const BY_NAME = new Map(SYSCTL_DEFS.map((d) => [d.name, d]));

/** "vm.page-cluster" <-> "sys/vm/page-cluster" (sysctl(8) maps '.' to '/'). */
export function sysctlNameFromProcPath(path: string): string | undefined {
  const m = /^(?:\/proc\/)?sys\/vm\/([A-Za-z0-9_-]+)$/.exec(path);
  return m ? `vm.${m[1]}` : undefined;
}

export class SysctlTable {
  private readonly values = new Map<string, number>();

  constructor() {
    for (const d of SYSCTL_DEFS) this.values.set(d.name, d.def);
  }

  names(): string[] { return SYSCTL_DEFS.map((d) => d.name); }
  has(name: string): boolean { return BY_NAME.has(name); }
  def(name: string): SysctlDef | undefined { return BY_NAME.get(name); }

  /** Value without permission checks (for the kernel's own use and snapshots). */
  value(name: string): number {
    const v = this.values.get(name);
    if (v === undefined) throw new Error(`unknown sysctl ${name}`);
    return v;
  }

  /** Set a boot-time default (not a user write: no range check, no twin clearing). */
  setBoot(name: string, value: number): void {
    if (!this.values.has(name)) throw new Error(`unknown sysctl ${name}`);
    this.values.set(name, value);
  }

  get(name: string): Result<number> {
    const d = BY_NAME.get(name);
    if (!d) return { ok: false, errno: 'ENOENT' };
    if (d.writeOnly) return { ok: false, errno: 'EACCES' };
    return { ok: true, value: this.values.get(name)! };
  }

  /** Check a user write; returns the errno or undefined when it may be applied. */
  check(name: string, value: number): Errno | undefined {
    const d = BY_NAME.get(name);
    if (!d) return 'ENOENT';
    if (!Number.isInteger(value) || value < d.min || value > d.max) {
      return 'EINVAL';
    }
    // percpu_pagelist_high_fraction: 0 (default sizing) or at least MIN_PERCPU_PAGELIST_HIGH_FRACTION = 8.
    if (name === 'vm.percpu_pagelist_high_fraction' && value !== 0 && value < 8) return 'EINVAL';
    return undefined;
  }

  /** Apply a checked write, including the ratio/bytes exclusivity. */
  apply(name: string, value: number): void {
    const d = BY_NAME.get(name)!;
    const changed = this.values.get(name) !== value;
    if (!d.writeOnly) this.values.set(name, value);
    if (d.twin && (changed || name.startsWith('vm.overcommit_'))) this.values.set(d.twin, 0);
  }

  all(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const d of SYSCTL_DEFS) out[d.name] = this.values.get(d.name)!;
    return out;
  }
}

/** Parse the text written to /proc/sys/vm/NAME like proc_dointvec: optional spaces, a decimal integer. */
export function parseSysctlText(text: string): number | undefined {
  const t = text.trim();
  if (!/^[-+]?\d+$/.test(t)) return undefined;
  return Number(t);
}
