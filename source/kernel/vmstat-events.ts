// The event counters of /proc/vmstat (include/linux/vm_event_item.h, in its order), cumulative since boot.
// Gauges (nr_*) are not here: they come from page-frames.ts counters when vmstat is printed (proc/vmstat.ts).
// Any module may increment them: `k.ev.pgscan_kswapd += n`.

export const VM_EVENT_NAMES = [
  'pgpgin', 'pgpgout', 'pswpin', 'pswpout',
  'pgalloc_dma', 'pgalloc_dma32', 'pgalloc_normal', 'pgalloc_movable', 'pgalloc_device',
  'allocstall_dma', 'allocstall_dma32', 'allocstall_normal', 'allocstall_movable', 'allocstall_device',
  'pgskip_dma', 'pgskip_dma32', 'pgskip_normal', 'pgskip_movable', 'pgskip_device',
  'pgfree', 'pgactivate', 'pgdeactivate', 'pglazyfree', 'pgfault', 'pgmajfault', 'pglazyfreed', 'pgrefill',
  'pgreuse', 'pgsteal_kswapd', 'pgsteal_direct', 'pgsteal_khugepaged', 'pgsteal_proactive',
  'pgscan_kswapd', 'pgscan_direct', 'pgscan_khugepaged', 'pgscan_proactive', 'pgscan_direct_throttle',
  'pgscan_anon', 'pgscan_file', 'pgsteal_anon', 'pgsteal_file',
  'zone_reclaim_failed', 'pginodesteal', 'slabs_scanned', 'kswapd_inodesteal',
  'kswapd_low_wmark_hit_quickly', 'kswapd_high_wmark_hit_quickly', 'pageoutrun', 'pgrotated',
  'drop_pagecache', 'drop_slab', 'oom_kill',
  'pgmigrate_success', 'pgmigrate_fail', 'compact_migrate_scanned', 'compact_free_scanned', 'compact_isolated',
  'compact_stall', 'compact_fail', 'compact_success', 'compact_daemon_wake',
  'unevictable_pgs_culled', 'unevictable_pgs_scanned', 'unevictable_pgs_rescued', 'unevictable_pgs_mlocked',
  'unevictable_pgs_munlocked', 'unevictable_pgs_cleared', 'unevictable_pgs_stranded',
  'thp_fault_alloc', 'thp_fault_fallback', 'thp_collapse_alloc', 'thp_split_page', 'thp_zero_page_alloc',
  'balloon_inflate', 'balloon_deflate', 'swap_ra', 'swap_ra_hit',
  'workingset_refault_anon', 'workingset_refault_file', 'workingset_activate_anon', 'workingset_activate_file',
  'workingset_restore_anon', 'workingset_restore_file', 'workingset_nodereclaim',
  // node counters that only ever grow; printed among the gauges by proc/vmstat.ts
  'nr_dirtied', 'nr_written', 'nr_vmscan_write', 'nr_vmscan_immediate_reclaim',
] as const;

export type VmEventName = (typeof VM_EVENT_NAMES)[number];
export type VmEvents = Record<VmEventName, number>;

export function newVmEvents(): VmEvents {
  // Built in one step: adding the 88 properties one by one (ev[n] = 0) left the object in V8's dictionary mode,
  // so every `k.ev.NAME += n` on the hot paths was a hash lookup.
  return Object.fromEntries(VM_EVENT_NAMES.map((n) => [n, 0])) as VmEvents;
}
