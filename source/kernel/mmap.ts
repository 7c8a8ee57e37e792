// Address-space layout: the role of mm/mmap.c (do_mmap, mmap_region, get_unmapped_area top-down, do_vmi_munmap,
// brk, vm_stat_account, exit_mmap), mm/vma.c (split) and mm/mprotect.c (mprotect_fixup + its VM_ACCOUNT rule).
// VMAs live in a sorted array per mm (the maple tree's job). Commit charges go through k.hooks.vmEnoughMemory
// (mm/util.c, PRESSURE's overcommit.ts; default = mode-0 rule). Simplified: no VMA merging except brk growing
// the heap in place, no stack growth on fault, no ASLR randomness in placement (fixed typical bases).
import { mmapIsCharged } from './overcommit.js';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_NORESERVE, MAP_POPULATE, MAP_PRIVATE, MAP_SHARED, PROT_EXEC, PROT_READ,
  PROT_WRITE, type MmapArgs, type Result } from './types.js';
import { freeEmptyPageTables, rssTotal, updateHiwater, zapRange } from './pgtable.js';
import { createAnonShmem, lookupFile } from './fs.js';
import { maybeReleaseInode, truncatePages } from './filemap.js';
import { SparseChunks } from './sparse.js';
import type { Inode, KState, Mm, Task, Vma } from './state.js';

export const TASK_SIZE_PAGES = 0x7ffffffff; // 0x7ffffffff000 >> 12
export const PAGE = 4096;

export function newMm(k: KState, ownerPid: number): Mm {
  // All fields declared here (one V8 shape, fields inside the object); those a page fault reads come first.
  const mm: Mm = {
    id: k.nextMmId++, vmaCache: null, pt: new SparseChunks(k.chunkStore), rssAnon: 0, swapents: 0, vmas: [], vmaHint: 0,
    upper: [], ptPages: 0,
    rssFile: 0, rssShmem: 0, totalVm: 0, dataVm: 0, stackVm: 0, execVm: 0, exeVm: 0,
    hiwaterRss: 0, hiwaterVm: 0, startBrk: 0, brk: 0, mmapBase: 0, stackTop: 0, ownerPid,
  };
  k.mms.set(mm.id, mm);
  return mm;
}

/** vm_stat_account: which of VmExe/VmLib, VmStk, VmData a VMA counts in (fs/proc/task_mmu.c task_mem). */
function account(mm: Mm, v: Vma, sign: 1 | -1): void {
  const pages = (v.end - v.start) * sign;
  mm.totalVm += pages;
  if (sign > 0 && mm.totalVm > mm.hiwaterVm) mm.hiwaterVm = mm.totalVm;
  const write = (v.prot & PROT_WRITE) !== 0, exec = (v.prot & PROT_EXEC) !== 0;
  if (v.growsDown) mm.stackVm += pages;
  else if (exec && !write) mm.execVm += pages;
  else if (write && !v.shared) mm.dataVm += pages;
}

/** Index of the VMA containing vpn, or -1. The last answer is tried first (Linux's per-task vmacache had the
 *  same idea): a program touches the same mapping again and again. VMAs never overlap, so a hit is the answer. */
export function findVmaIndex(mm: Mm, vpn: number): number {
  const vmas = mm.vmas;
  const hint = mm.vmaHint ?? 0;
  const h = vmas[hint];
  if (h !== undefined && vpn >= h.start && vpn < h.end) return hint;
  let lo = 0, hi = vmas.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1, v = vmas[mid];
    if (vpn < v.start) hi = mid - 1; else if (vpn >= v.end) lo = mid + 1; else { mm.vmaHint = mid; return mid; }
  }
  return -1;
}

export function findVma(mm: Mm, vpn: number): Vma | undefined {
  const i = findVmaIndex(mm, vpn);
  return i < 0 ? undefined : mm.vmas[i];
}

/** Insert a new VMA (no overlap allowed) and account it. */
export function insertVma(mm: Mm, v: Vma): void {
  let i = mm.vmas.length;
  while (i > 0 && mm.vmas[i - 1].start >= v.end) i--;
  mm.vmas.splice(i, 0, v);
  account(mm, v, 1);
  if (v.file) v.file.mmaps.add(v);
}

/** Split v at vpn `at` (v keeps [start, at), a new VMA gets [at, end)); commit charge split by size. */
function splitVma(mm: Mm, v: Vma, at: number): Vma {
  const right: Vma = { ...v, start: at, pgoff: v.pgoff + (at - v.start) };
  if (v.charged > 0) {
    right.charged = Math.min(v.charged, v.end - at);
    v.charged -= right.charged;
  }
  v.end = at;
  mm.vmas.splice(mm.vmas.indexOf(v) + 1, 0, right);
  if (v.file) v.file.mmaps.add(right);
  return right;
}

/** VMAs overlapping [s, e), split so that each lies wholly inside. */
function isolateRange(mm: Mm, s: number, e: number): Vma[] {
  for (const v of [...mm.vmas]) {
    if (v.start < s && v.end > s) splitVma(mm, v, s);
  }
  for (const v of [...mm.vmas]) {
    if (v.start < e && v.end > e) splitVma(mm, v, e);
  }
  return mm.vmas.filter((v) => v.start >= s && v.end <= e);
}

/** Remove one VMA entirely: zap its pages, drop its charge, unlink from the file's i_mmap. */
function removeVma(k: KState, mm: Mm, v: Vma): void {
  zapRange(k, mm, v.start, v.end);
  account(mm, v, -1);
  mm.vmas.splice(mm.vmas.indexOf(v), 1);
  if (mm.vmaCache === v) mm.vmaCache = null;
  if (v.charged > 0) k.hooks.vmUnacctMemory(k, v.charged);
  if (v.file) {
    v.file.mmaps.delete(v);
    releaseObjectIfUnused(k, v.file);
  }
}

/** A shared anonymous object dies with its last mapping; an unlinked file's pages go with its last mapping. */
function releaseObjectIfUnused(k: KState, ino: Inode): void {
  if (ino.mmaps.size > 0) return;
  if (ino.shmem && ino.path === '') {
    truncatePages(k, ino, 0);
    k.inodes.delete(ino.id);
  } else maybeReleaseInode(k, ino);
}

/** Unmap [s, e) (vpns): the core of munmap, MAP_FIXED replacement, exit. */
export function unmapRange(k: KState, mm: Mm, s: number, e: number): void {
  const victims = isolateRange(mm, s, e);
  for (const v of victims) removeVma(k, mm, v);
  freeEmptyPageTables(k, mm, s, e);
}

/** exit_mmap: tear down the whole address space. */
export function exitMmap(k: KState, mm: Mm): void {
  updateHiwater(mm);
  for (const v of [...mm.vmas]) removeVma(k, mm, v);
  freeEmptyPageTables(k, mm, 0, TASK_SIZE_PAGES);
  k.mms.delete(mm.id);
}

function rangeFree(mm: Mm, s: number, e: number): boolean {
  return !mm.vmas.some((v) => v.start < e && v.end > s);
}

/** Top-down search for the highest gap of `pages` below mm.mmapBase (arch_get_unmapped_area_topdown). */
export function getUnmappedArea(mm: Mm, pages: number, hintVpn?: number): number | undefined {
  if (hintVpn !== undefined && hintVpn >= 16 && hintVpn + pages <= TASK_SIZE_PAGES && rangeFree(mm, hintVpn, hintVpn + pages)) {
    return hintVpn;
  }
  let top = Math.floor(mm.mmapBase / PAGE);
  for (let i = mm.vmas.length - 1; i >= -1; i--) {
    const v = i >= 0 ? mm.vmas[i] : undefined;
    if (v && v.start >= top) continue;
    const gapStart = v ? v.end : 16; // never below mmap_min_addr (64 KiB)
    if (top - gapStart >= pages) return top - pages;
    if (v) top = Math.min(top, v.start);
  }
  return undefined;
}

export interface VmaSpec {
  start: number; end: number; prot: number; shared: boolean; file: Inode | null; pgoff: number; name: string;
  special?: boolean; growsDown?: boolean;
  /** Charge even though not writable now (RELRO: mapped writable, relocated, then mprotected read-only). */
  charge?: boolean;
}

/** Create a VMA for exec/kernel use (charging it when it is private writable) without validation. */
export function mapFixed(k: KState, task: Task | null, mm: Mm, spec: VmaSpec): Result<Vma> {
  const pages = spec.end - spec.start;
  let charged = 0;
  if (!spec.special && !spec.shared && ((spec.prot & PROT_WRITE) || spec.charge)) {
    if (!k.hooks.vmEnoughMemory(k, task, pages, task?.uid === 0)) return { ok: false, errno: 'ENOMEM' };
    charged = pages;
  }
  const v: Vma = { mm, start: spec.start, end: spec.end, prot: spec.prot, shared: spec.shared, file: spec.file,
    pgoff: spec.pgoff, name: spec.name, special: spec.special ?? false, growsDown: spec.growsDown ?? false, charged };
  insertVma(mm, v);
  return { ok: true, value: v };
}

/** mmap(2) without MAP_POPULATE (memory.ts populates). Returns the address. */
export function doMmap(k: KState, task: Task, args: MmapArgs): Result<number> {
  const mm = task.mm;
  if (!mm) return { ok: false, errno: 'EINVAL' };
  const { length, prot, flags } = args;
  const offset = args.offset ?? 0;
  const type = flags & (MAP_SHARED | MAP_PRIVATE);
  if (!Number.isFinite(length) || length <= 0 || (type !== MAP_SHARED && type !== MAP_PRIVATE)) return { ok: false, errno: 'EINVAL' };
  if (offset < 0 || offset % PAGE !== 0 || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) !== 0) return { ok: false, errno: 'EINVAL' };
  const pages = Math.ceil(length / PAGE);
  if (pages > TASK_SIZE_PAGES) return { ok: false, errno: 'ENOMEM' };
  const anon = (flags & MAP_ANONYMOUS) !== 0;
  let file: Inode | null = null;
  if (!anon) {
    if (args.path === undefined) return { ok: false, errno: 'EBADF' };
    const r = lookupFile(k, args.path);
    if (!r.ok) return r.errno === 'EISDIR' ? { ok: false, errno: 'EACCES' } : r;
    file = r.value;
  }
  let start: number;
  if (flags & MAP_FIXED) {
    if (args.addr === undefined || args.addr % PAGE !== 0) return { ok: false, errno: 'EINVAL' };
    start = args.addr / PAGE;
    if (start + pages > TASK_SIZE_PAGES || start < 16) return { ok: false, errno: 'EPERM' };
  } else {
    const hint = args.addr !== undefined && args.addr > 0 ? Math.floor(args.addr / PAGE) : undefined;
    const got = getUnmappedArea(mm, pages, hint);
    if (got === undefined) return { ok: false, errno: 'ENOMEM' };
    start = got;
  }
  if (mm.vmas.length + 3 > k.sysctl.value('vm.max_map_count')) return { ok: false, errno: 'ENOMEM' };
  // Charge before changing anything (a failed call changes no state).
  const charge = mmapIsCharged({ prot, flags, file: !anon }, k.sysctl.value('vm.overcommit_memory')) ? pages : 0;
  if (charge > 0 && !k.hooks.vmEnoughMemory(k, task, charge, task.uid === 0)) return { ok: false, errno: 'ENOMEM' };
  if (flags & MAP_FIXED) unmapRange(k, mm, start, start + pages);
  if (anon && type === MAP_SHARED) file = createAnonShmem(k, pages * PAGE);
  const v: Vma = { mm, start, end: start + pages, prot, shared: type === MAP_SHARED, file, pgoff: anon ? 0 : offset / PAGE,
    name: file ? (file.path === '' ? '/dev/zero (deleted)' : file.path) : '', special: false, growsDown: false, charged: charge };
  insertVma(mm, v);
  return { ok: true, value: start * PAGE };
}

export function wantsPopulate(args: MmapArgs): boolean {
  return (args.flags & MAP_POPULATE) !== 0;
}

export function doMunmap(k: KState, task: Task, addr: number, length: number): Result<void> {
  const mm = task.mm;
  if (!mm) return { ok: false, errno: 'EINVAL' };
  if (addr % PAGE !== 0 || !(length > 0) || addr < 0) return { ok: false, errno: 'EINVAL' };
  const s = addr / PAGE, e = s + Math.ceil(length / PAGE);
  if (e > TASK_SIZE_PAGES) return { ok: false, errno: 'EINVAL' };
  unmapRange(k, mm, s, e);
  return { ok: true, value: undefined };
}

export function doMprotect(k: KState, task: Task, addr: number, length: number, prot: number): Result<void> {
  const mm = task.mm;
  if (!mm) return { ok: false, errno: 'EINVAL' };
  if (addr % PAGE !== 0 || length < 0 || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) !== 0) return { ok: false, errno: 'EINVAL' };
  if (length === 0) return { ok: true, value: undefined };
  const s = addr / PAGE, e = s + Math.ceil(length / PAGE);
  // The whole range must be mapped (ENOMEM otherwise), checked before any change.
  let cursor = s;
  for (const v of mm.vmas) {
    if (v.end <= cursor || v.start >= e) continue;
    if (v.start > cursor) break;
    cursor = v.end;
  }
  if (cursor < e) return { ok: false, errno: 'ENOMEM' };
  // New charge: private writable now, not charged before (mprotect_fixup's VM_ACCOUNT rule).
  let need = 0;
  for (const v of mm.vmas) {
    if (v.end <= s || v.start >= e) continue;
    if (!v.shared && !v.special && (prot & PROT_WRITE) && v.charged === 0) {
      need += Math.min(v.end, e) - Math.max(v.start, s);
    }
  }
  if (need > 0 && !k.hooks.vmEnoughMemory(k, task, need, task.uid === 0)) return { ok: false, errno: 'ENOMEM' };
  for (const v of isolateRange(mm, s, e)) {
    account(mm, v, -1);
    if (!v.shared && !v.special && (prot & PROT_WRITE) && v.charged === 0) v.charged = v.end - v.start;
    v.prot = prot;
    account(mm, v, 1);
  }
  return { ok: true, value: undefined };
}

/** brk(2): returns the new break, or the old one when growing failed. */
export function doBrk(k: KState, task: Task, newBrk: number): Result<number> {
  const mm = task.mm;
  if (!mm) return { ok: false, errno: 'EINVAL' };
  const old = mm.brk;
  if (!Number.isFinite(newBrk) || newBrk < mm.startBrk) return { ok: true, value: old };
  const oldEnd = Math.ceil(old / PAGE), newEnd = Math.ceil(newBrk / PAGE), base = Math.ceil(mm.startBrk / PAGE);
  if (newEnd === oldEnd) { mm.brk = newBrk; return { ok: true, value: newBrk }; }
  const heap = mm.vmas.find((v) => v.name === '[heap]');
  if (newEnd < oldEnd) {
    zapRange(k, mm, newEnd, oldEnd);
    if (heap) {
      account(mm, heap, -1);
      const released = oldEnd - newEnd;
      heap.end = newEnd;
      heap.charged -= released;
      k.hooks.vmUnacctMemory(k, released);
      if (heap.end <= heap.start) {
        mm.vmas.splice(mm.vmas.indexOf(heap), 1);
        if (mm.vmaCache === heap) mm.vmaCache = null;
      } else account(mm, heap, 1);
    }
    freeEmptyPageTables(k, mm, newEnd, oldEnd);
    mm.brk = newBrk;
    return { ok: true, value: newBrk };
  }
  // Growing: the new range must not touch the next mapping (plus the stack guard gap, ignored here).
  if (!rangeFree(mm, oldEnd, newEnd)) return { ok: true, value: old };
  const grow = newEnd - oldEnd;
  if (!k.hooks.vmEnoughMemory(k, task, grow, task.uid === 0)) return { ok: true, value: old };
  if (heap) {
    account(mm, heap, -1);
    heap.end = newEnd;
    heap.charged += grow;
    account(mm, heap, 1);
  } else {
    insertVma(mm, { mm, start: base, end: newEnd, prot: PROT_READ | PROT_WRITE, shared: false, file: null, pgoff: 0,
      name: '[heap]', special: false, growsDown: false, charged: grow });
  }
  mm.brk = newBrk;
  return { ok: true, value: newBrk };
}

export function mmRssPages(mm: Mm): number {
  return rssTotal(mm);
}
