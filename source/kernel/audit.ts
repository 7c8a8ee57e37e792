// A slow consistency audit of the whole kernel state: the role of CONFIG_DEBUG_VM checks (VM_BUG_ON_PAGE,
// check_mm's "BUG: Bad rss-counter state") done all at once. It recounts everything from the frames, page tables,
// page caches and LRU lists and compares with the incrementally maintained counters. For tests only: it scans all
// frames (O(RAM)), which the kernel itself never does.
import { Kind, Lru, NR_KINDS, NR_LRU, PG_DIRTY, PG_WRITEBACK, PG_SWAPCACHE } from './page-frames.js';
import { pageTableFrames, PTE_ZERO } from './pgtable.js';
import { SimKernel } from './kernel.js';
import { findVma } from './mmap.js';
import { CHUNK, segBase } from './sparse.js';
import type { Kernel } from './types.js';
import type { KState } from './state.js';

/** Problems found (empty = consistent). Accepts the Kernel returned by bootKernel. */
export function auditKernel(kernel: Kernel): string[] {
  if (!(kernel instanceof SimKernel)) return ['auditKernel: not a SimKernel'];
  return auditState(kernel.k);
}

export function auditState(k: KState): string[] {
  const out: string[] = [];
  const f = k.frames;
  const bad = (msg: string) => { if (out.length < 50) out.push(msg); };
  // 1. Every frame in exactly one kind; flag counters.
  const kinds = new Float64Array(NR_KINDS);
  let dirty = 0, wb = 0, swapc = 0, anonMapped = 0, fileMapped = 0;
  for (let i = 0; i < f.fresh; i++) {
    const kd = f.kindOf(i);
    kinds[kd]++;
    const fl = f.flagsOf(i);
    if (fl & PG_DIRTY) dirty++;
    if (fl & PG_WRITEBACK) wb++;
    if (fl & PG_SWAPCACHE) swapc++;
    if (f.isMapped(i)) {
      if (kd === Kind.ANON) anonMapped++;
      else if (kd === Kind.FILE || kd === Kind.SHMEM || kd === Kind.BUFFERS) fileMapped++;
      else bad(`frame ${i}: kind ${kd} is mapped`);
    }
    if (kd === Kind.ANON && !f.isMapped(i) && !(fl & PG_SWAPCACHE)) bad(`anon frame ${i} leaked (unmapped, not in swap cache)`);
    if (kd === Kind.FREE && (f.lruOf(i) !== Lru.NONE || f.isMapped(i) || fl !== 0)) bad(`free frame ${i} has state`);
  }
  kinds[Kind.FREE] += f.total - f.fresh;
  for (let kd = 0; kd < NR_KINDS; kd++) if (kinds[kd] !== f.nrKind[kd]) bad(`kind ${kd}: counted ${kinds[kd]}, counter ${f.nrKind[kd]}`);
  if (f.nrFree !== f.nrKind[Kind.FREE]) bad(`nrFree ${f.nrFree} != nrKind[FREE] ${f.nrKind[Kind.FREE]}`);
  let sum = 0;
  for (let kd = 0; kd < NR_KINDS; kd++) sum += f.nrKind[kd];
  if (sum !== f.total) bad(`frames not conserved: ${sum} != ${f.total}`);
  if (dirty !== f.nrDirty) bad(`nrDirty ${f.nrDirty}, counted ${dirty}`);
  if (wb !== f.nrWriteback) bad(`nrWriteback ${f.nrWriteback}, counted ${wb}`);
  if (swapc !== f.nrSwapCache) bad(`nrSwapCache ${f.nrSwapCache}, counted ${swapc}`);
  if (anonMapped !== f.nrAnonMapped) bad(`nrAnonMapped ${f.nrAnonMapped}, counted ${anonMapped}`);
  if (fileMapped !== f.nrFileMapped) bad(`nrFileMapped ${f.nrFileMapped}, counted ${fileMapped}`);
  auditLru(k, bad);
  auditMms(k, bad);
  auditInodes(k, bad);
  const stacks = [...k.tasks.values()].reduce((a, t) => a + t.kstack.length, 0);
  if (stacks !== f.nrKind[Kind.KERNEL_STACK]) bad(`kernel stacks: tasks hold ${stacks}, counter ${f.nrKind[Kind.KERNEL_STACK]}`);
  if (k.committed < 0) bad(`Committed_AS negative: ${k.committed}`);
  if (k.swap.freePages < 0 || k.swap.freePages > k.swap.totalPages) bad(`swap free ${k.swap.freePages} of ${k.swap.totalPages}`);
  return out;
}

function auditLru(k: KState, bad: (m: string) => void): void {
  const f = k.frames;
  f.lruSettle(); // lruHead/lruTail below: make pending rotations first
  for (let l = 1; l < NR_LRU; l++) {
    let n = 0, prev = -1;
    for (let x = f.lruHead[l]; x !== -1; x = f.lruOlderThan(x)) {
      if (f.lruOf(x) !== l) { bad(`frame ${x} on list ${l} says lru ${f.lruOf(x)}`); break; }
      if (f.lruNewerThan(x) !== prev) { bad(`list ${l}: broken prev link at ${x}`); break; }
      prev = x;
      if (++n > f.total) { bad(`list ${l}: cycle`); break; }
    }
    if (n !== f.lruSize[l]) bad(`list ${l}: walked ${n}, size ${f.lruSize[l]}`);
    if (f.lruTail[l] !== prev) bad(`list ${l}: tail ${f.lruTail[l]} != last ${prev}`);
  }
}

function auditMms(k: KState, bad: (m: string) => void): void {
  const f = k.frames;
  const maps = new Int32Array(f.fresh);
  for (const t of k.tasks.values()) {
    const mm = t.mm;
    if (!mm) continue;
    let anon = 0, file = 0, shm = 0, swp = 0, vm = 0;
    for (const v of mm.vmas) vm += v.end - v.start;
    if (vm !== mm.totalVm) bad(`pid ${t.pid}: totalVm ${mm.totalVm}, VMAs ${vm}`);
    for (const key of mm.pt.keys()) {
      const h = mm.pt.find(key), chunk = mm.pt.segData(h), b = segBase(h);
      let used = 0;
      for (let o = 0; o < CHUNK; o++) {
        const e = chunk[b + o];
        if (e === 0) continue;
        used++;
        const vpn = key * 512 + o;
        if (findVma(mm, vpn) === undefined) bad(`pid ${t.pid}: PTE outside any VMA at vpn ${vpn}`);
        if (e === PTE_ZERO) continue;
        if (e < 0) { swp++; continue; }
        const fr = e - 1, kd = f.kindOf(fr);
        maps[fr]++;
        if (kd === Kind.ANON) {
          anon++;
          if (f.ownerOf(fr) !== mm.id || f.index(fr) !== vpn) bad(`pid ${t.pid}: anon frame ${fr} rmap (${f.ownerOf(fr)}, ${f.index(fr)}) != (${mm.id}, ${vpn})`);
        } else if (kd === Kind.SHMEM) shm++;
        else if (kd === Kind.FILE || kd === Kind.BUFFERS) file++;
        else bad(`pid ${t.pid}: PTE maps frame ${fr} of kind ${kd}`);
      }
      if (used !== mm.pt.usedIn(key)) bad(`pid ${t.pid}: chunk ${key} used ${mm.pt.usedIn(key)}, counted ${used}`);
    }
    if (anon !== mm.rssAnon || file !== mm.rssFile || shm !== mm.rssShmem) {
      bad(`pid ${t.pid}: rss anon/file/shmem ${mm.rssAnon}/${mm.rssFile}/${mm.rssShmem}, page table ${anon}/${file}/${shm}`);
    }
    if (swp !== mm.swapents) bad(`pid ${t.pid}: swapents ${mm.swapents}, page table ${swp}`);
    const tables = pageTableFrames(mm);
    if (tables.length !== mm.ptPages) bad(`pid ${t.pid}: ptPages ${mm.ptPages}, tables ${tables.length}`);
    for (const fr of tables) if (f.kindOf(fr) !== Kind.PAGETABLE) bad(`pid ${t.pid}: page-table frame ${fr} has kind ${f.kindOf(fr)}`);
  }
  for (let fr = 0; fr < f.fresh; fr++) {
    const want = maps[fr];
    if (f.mapCount(fr) !== want) bad(`frame ${fr}: mapcount ${f.mapCount(fr)}, PTEs ${want}`);
  }
}

function auditInodes(k: KState, bad: (m: string) => void): void {
  const f = k.frames;
  let cached = 0;
  for (const ino of k.inodes.values()) {
    let pages = 0, dirty = 0, swapped = 0;
    for (const key of ino.pages.keys()) {
      const h = ino.pages.find(key), chunk = ino.pages.segData(h), b = segBase(h);
      for (let o = 0; o < CHUNK; o++) {
        const e = chunk[b + o];
        if (e === 0) continue;
        if (e < 0) { swapped++; continue; }
        pages++;
        const fr = e - 1;
        if (f.kindOf(fr) !== (ino.shmem ? Kind.SHMEM : ino.blockdev ? Kind.BUFFERS : Kind.FILE)) bad(`${ino.path || 'shmem'}: frame ${fr} kind ${f.kindOf(fr)}`);
        if (f.ownerOf(fr) !== ino.id) bad(`${ino.path}: frame ${fr} owner ${f.ownerOf(fr)} != ${ino.id}`);
        if (f.hasFlag(fr, PG_DIRTY)) dirty++;
      }
    }
    cached += pages;
    if (pages !== ino.nrPages) bad(`${ino.path || 'shmem object'}: nrPages ${ino.nrPages}, counted ${pages}`);
    if (dirty !== ino.nrDirty) bad(`${ino.path}: nrDirty ${ino.nrDirty}, counted ${dirty}`);
    if (swapped !== ino.nrSwapped) bad(`${ino.path || 'shmem object'}: nrSwapped ${ino.nrSwapped}, counted ${swapped}`);
  }
  const want = f.nrKind[Kind.FILE] + f.nrKind[Kind.SHMEM] + f.nrKind[Kind.BUFFERS];
  // Shmem pages in the swap cache only (not in any inode) are PRESSURE's transient state; allow them.
  const swapOnlyShmem = countSwapCacheOnly(k);
  if (cached + swapOnlyShmem !== want) bad(`page cache: inodes hold ${cached}, frame counters ${want}`);
}

function countSwapCacheOnly(k: KState): number {
  const f = k.frames;
  let n = 0;
  for (let fr = 0; fr < f.fresh; fr++) {
    if (f.kindOf(fr) === Kind.SHMEM && f.hasFlag(fr, PG_SWAPCACHE)) {
      const ino = k.inodes.get(f.ownerOf(fr));
      if (!ino || ino.pages.get(f.index(fr)) !== fr + 1) n++;
    }
  }
  return n;
}
