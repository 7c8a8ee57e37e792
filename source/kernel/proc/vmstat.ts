// /proc/vmstat: the role of mm/vmstat.c (vmstat_text, vmstat_show): zone and node gauges in their order, the two
// dirty thresholds, then the vm_event counters. Gauges in pages except nr_kernel_stack (kB), as the kernel prints.
// NUMA counters are those of a single node machine (every allocation local).
import { Kind, Lru } from '../page-frames.js';
import { VM_EVENT_NAMES, type VmEventName } from '../vmstat-events.js';
import type { KState } from '../state.js';

const NODE_EVENTS_IN_GAUGES: ReadonlySet<string> = new Set([
  'workingset_refault_anon', 'workingset_refault_file', 'workingset_activate_anon', 'workingset_activate_file',
  'workingset_restore_anon', 'workingset_restore_file', 'workingset_nodereclaim', 'nr_dirtied', 'nr_written',
  'nr_vmscan_write', 'nr_vmscan_immediate_reclaim',
]);

export function vmstatFields(k: KState): Array<[string, number]> {
  const f = k.frames, lru = f.lruSize, ev = k.ev;
  const allocs = f.pgalloc;
  const fileLike = f.nrKind[Kind.FILE] + f.nrKind[Kind.SHMEM] + f.nrKind[Kind.BUFFERS] + f.nrSwapCache;
  const { thresh, bgThresh } = k.hooks.dirtyThresholds(k);
  const e = (n: VmEventName) => ev[n];
  const out: Array<[string, number]> = [
    ['nr_free_pages', f.nrFree],
    ['nr_zone_inactive_anon', lru[Lru.INACTIVE_ANON]],
    ['nr_zone_active_anon', lru[Lru.ACTIVE_ANON]],
    ['nr_zone_inactive_file', lru[Lru.INACTIVE_FILE]],
    ['nr_zone_active_file', lru[Lru.ACTIVE_FILE]],
    ['nr_zone_unevictable', lru[Lru.UNEVICTABLE]],
    ['nr_zone_write_pending', f.nrDirty + f.nrWriteback],
    ['nr_mlock', 0], ['nr_bounce', 0], ['nr_zspages', 0], ['nr_free_cma', 0],
    ['numa_hit', allocs], ['numa_miss', 0], ['numa_foreign', 0], ['numa_interleave', 0], ['numa_local', allocs],
    ['numa_other', 0],
    ['nr_inactive_anon', lru[Lru.INACTIVE_ANON]],
    ['nr_active_anon', lru[Lru.ACTIVE_ANON]],
    ['nr_inactive_file', lru[Lru.INACTIVE_FILE]],
    ['nr_active_file', lru[Lru.ACTIVE_FILE]],
    ['nr_unevictable', lru[Lru.UNEVICTABLE]],
    ['nr_slab_reclaimable', f.nrKind[Kind.SLAB_RECLAIMABLE]],
    ['nr_slab_unreclaimable', f.nrKind[Kind.SLAB_UNRECLAIMABLE]],
    ['nr_isolated_anon', 0], ['nr_isolated_file', 0], ['workingset_nodes', 0],
    ['workingset_refault_anon', e('workingset_refault_anon')], ['workingset_refault_file', e('workingset_refault_file')],
    ['workingset_activate_anon', e('workingset_activate_anon')], ['workingset_activate_file', e('workingset_activate_file')],
    ['workingset_restore_anon', e('workingset_restore_anon')], ['workingset_restore_file', e('workingset_restore_file')],
    ['workingset_nodereclaim', e('workingset_nodereclaim')],
    ['nr_anon_pages', f.nrAnonMapped],
    ['nr_mapped', f.nrFileMapped],
    ['nr_file_pages', fileLike],
    ['nr_dirty', f.nrDirty],
    ['nr_writeback', f.nrWriteback],
    ['nr_writeback_temp', 0],
    ['nr_shmem', f.nrKind[Kind.SHMEM]],
    ['nr_shmem_hugepages', 0], ['nr_shmem_pmdmapped', 0], ['nr_file_hugepages', 0], ['nr_file_pmdmapped', 0],
    ['nr_anon_transparent_hugepages', 0],
    ['nr_vmscan_write', e('nr_vmscan_write')], ['nr_vmscan_immediate_reclaim', e('nr_vmscan_immediate_reclaim')],
    ['nr_dirtied', e('nr_dirtied')], ['nr_written', e('nr_written')], ['nr_throttled_written', 0],
    ['nr_kernel_misc_reclaimable', 0], ['nr_foll_pin_acquired', 0], ['nr_foll_pin_released', 0],
    ['nr_kernel_stack', f.nrKind[Kind.KERNEL_STACK] * 4],
    ['nr_page_table_pages', f.nrKind[Kind.PAGETABLE]],
    ['nr_sec_page_table_pages', 0],
    ['nr_swapcached', f.nrSwapCache],
    ['pgpromote_success', 0], ['pgpromote_candidate', 0],
    ['nr_dirty_threshold', thresh],
    ['nr_dirty_background_threshold', bgThresh],
  ];
  for (const name of VM_EVENT_NAMES) {
    if (NODE_EVENTS_IN_GAUGES.has(name)) continue;
    if (name === 'pgalloc_normal') out.push([name, allocs]);
    else if (name === 'pgfree') out.push([name, f.pgfree]);
    else out.push([name, ev[name]]);
  }
  return out;
}

export function vmstatRecord(k: KState): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [n, v] of vmstatFields(k)) out[n] = v;
  return out;
}

export function vmstatText(k: KState): string {
  return vmstatFields(k).map(([n, v]) => `${n} ${v}\n`).join('');
}
