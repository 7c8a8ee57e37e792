// /proc/meminfo: the role of fs/proc/meminfo.c (meminfo_proc_show, show_val_kb) and of si_mem_available()
// (mm/show_mem.c). Every number comes from a maintained counter; the field list and order are those of a
// Linux 6.x x86_64 kernel with CONFIG_ZSWAP (Zswap/Zswapped shown) and without CMA / unaccepted memory.
// Fields we do not model (huge pages, hardware corruption, bounce buffers...) print 0.
import { Kind, Lru } from '../page-frames.js';
import type { KState } from '../state.js';

/** Fixed kernel facts of the simulated box (kB). */
const VMALLOC_TOTAL_KB = 34359738367;
const VMALLOC_USED_KB = 21392;
const PERCPU_KB = 1216;
const DIRECTMAP_4K_KB = 110464;

/** si_mem_available(): free - reserves + the reclaimable halves of page cache and reclaimable slab (§6.2). */
export function memAvailablePages(k: KState): number {
  const f = k.frames;
  const wmarkLow = k.wmark.low;
  let avail = f.nrFree - k.wmark.totalreserve;
  const pagecache = f.lruSize[Lru.ACTIVE_FILE] + f.lruSize[Lru.INACTIVE_FILE];
  avail += pagecache - Math.min(Math.floor(pagecache / 2), wmarkLow);
  const reclaimable = f.nrKind[Kind.SLAB_RECLAIMABLE];
  avail += reclaimable - Math.min(Math.floor(reclaimable / 2), wmarkLow);
  return Math.max(0, avail);
}

/** CommitLimit in pages (§3.1). */
export function commitLimitPages(k: KState): number {
  const kbytes = k.sysctl.value('vm.overcommit_kbytes');
  const base = kbytes !== 0 ? Math.floor(kbytes / 4) : Math.floor((k.frames.total * k.sysctl.value('vm.overcommit_ratio')) / 100);
  return base + k.swap.totalPages;
}

function directMap(ramKb: number): [number, number, number] {
  const oneG = ramKb > 4 * 1048576 ? Math.floor((ramKb - 4 * 1048576) / 1048576) * 1048576 : 0;
  const twoM = Math.max(0, Math.floor((ramKb - DIRECTMAP_4K_KB - oneG) / 2048) * 2048);
  return [DIRECTMAP_4K_KB, twoM, oneG];
}

/** Every field in kernel order, kB (HugePages_* are counts). */
export function meminfoFields(k: KState): Array<[string, number]> {
  const f = k.frames;
  const kb = (pages: number) => pages * 4;
  const lru = f.lruSize;
  const slabR = f.nrKind[Kind.SLAB_RECLAIMABLE], slabU = f.nrKind[Kind.SLAB_UNRECLAIMABLE];
  const [dm4k, dm2m, dm1g] = directMap(Math.floor(k.config.ramBytes / 1024));
  return [
    ['MemTotal', kb(f.total)],
    ['MemFree', kb(f.nrFree)],
    ['MemAvailable', kb(memAvailablePages(k))],
    ['Buffers', kb(f.nrKind[Kind.BUFFERS])],
    ['Cached', kb(f.nrKind[Kind.FILE] + f.nrKind[Kind.SHMEM])],
    ['SwapCached', kb(f.nrSwapCache)],
    ['Active', kb(lru[Lru.ACTIVE_ANON] + lru[Lru.ACTIVE_FILE])],
    ['Inactive', kb(lru[Lru.INACTIVE_ANON] + lru[Lru.INACTIVE_FILE])],
    ['Active(anon)', kb(lru[Lru.ACTIVE_ANON])],
    ['Inactive(anon)', kb(lru[Lru.INACTIVE_ANON])],
    ['Active(file)', kb(lru[Lru.ACTIVE_FILE])],
    ['Inactive(file)', kb(lru[Lru.INACTIVE_FILE])],
    ['Unevictable', kb(lru[Lru.UNEVICTABLE])],
    ['Mlocked', 0],
    ['SwapTotal', kb(k.swap.totalPages)],
    ['SwapFree', kb(k.swap.freePages)],
    ['Zswap', 0],
    ['Zswapped', 0],
    ['Dirty', kb(f.nrDirty)],
    ['Writeback', kb(f.nrWriteback)],
    ['AnonPages', kb(f.nrAnonMapped)],
    ['Mapped', kb(f.nrFileMapped)],
    ['Shmem', kb(f.nrKind[Kind.SHMEM])],
    ['KReclaimable', kb(slabR)],
    ['Slab', kb(slabR + slabU)],
    ['SReclaimable', kb(slabR)],
    ['SUnreclaim', kb(slabU)],
    ['KernelStack', kb(f.nrKind[Kind.KERNEL_STACK])],
    ['PageTables', kb(f.nrKind[Kind.PAGETABLE])],
    ['SecPageTables', 0],
    ['NFS_Unstable', 0],
    ['Bounce', 0],
    ['WritebackTmp', 0],
    ['CommitLimit', kb(commitLimitPages(k))],
    ['Committed_AS', kb(k.committed)],
    ['VmallocTotal', VMALLOC_TOTAL_KB],
    ['VmallocUsed', VMALLOC_USED_KB],
    ['VmallocChunk', 0],
    ['Percpu', PERCPU_KB],
    ['HardwareCorrupted', 0],
    ['AnonHugePages', 0],
    ['ShmemHugePages', 0],
    ['ShmemPmdMapped', 0],
    ['FileHugePages', 0],
    ['FilePmdMapped', 0],
    ['HugePages_Total', 0],
    ['HugePages_Free', 0],
    ['HugePages_Rsvd', 0],
    ['HugePages_Surp', 0],
    ['Hugepagesize', 2048],
    ['Hugetlb', 0],
    ['DirectMap4k', dm4k],
    ['DirectMap2M', dm2m],
    ['DirectMap1G', dm1g],
  ];
}

export function meminfoRecord(k: KState): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [n, v] of meminfoFields(k)) out[n] = v;
  return out;
}

/** The text, byte-exact: "MemTotal:        2014088 kB" (name padded to 16, value width 8). */
export function meminfoText(k: KState): string {
  let s = '';
  for (const [name, v] of meminfoFields(k)) {
    if (name.startsWith('HugePages_')) s += `${(name + ':').padEnd(19)}${String(v).padStart(5)}\n`;
    else if (name === 'HardwareCorrupted') s += `HardwareCorrupted: ${String(v).padStart(5)} kB\n`; // "%5lu kB"
    else s += `${(name + ':').padEnd(16)}${String(v).padStart(8)} kB\n`;
  }
  return s;
}
