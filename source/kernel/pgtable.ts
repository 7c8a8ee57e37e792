// Page tables of one address space: the role of mm/pgtable-generic.c, mm/memory.c (__pte_alloc, zap_pte_range,
// free_pgtables) and include/linux/rmap.h's page_add/remove_*_rmap for the per-mm RSS counters.
// x86_64 4-level paging reduced to what VmPTE shows: a PTE page per 2 MiB of address space that has an entry,
// a PMD page per 1 GiB and a PUD page per 512 GiB that has a PTE page below it (the PGD is not counted, as in
// mm_pgtables_bytes). Each of those is a real frame of kind PAGETABLE, so PageTables in meminfo is exact.
//
// PTE encoding (Int32 in SparseChunks): 0 none; 1..PTE_ZERO-1 frame+1 (present); PTE_ZERO the shared zero page;
// negative: swap entry -(slot+1).
import { Kind, Lru } from './page-frames.js';
import { allocKernelPage } from './page-alloc.js';
import { CHUNK, segBase, USED } from './sparse.js';
import type { KState, Mm, Task } from './state.js';

export const PTE_ZERO = 0x7fffffff;
export const PMD_SPAN = 1 << 18; // pages per PMD page (1 GiB)
export const PUD_SPAN = 2 ** 27; // pages per PUD page (512 GiB)

export const isPresent = (e: number): boolean => e > 0 && e !== PTE_ZERO;
export const isSwapPte = (e: number): boolean => e < 0;
export const swapPte = (slot: number): number => -(slot + 1);
export const swapSlotOf = (e: number): number => -e - 1;

// The upper-level tables of an mm (PMD pages, PUD pages) are few (a PMD per GiB of address space in use, a PUD
// per 512 GiB): a flat list of (tag, frame, children) triples, tag = 2 * (vpn >> 18) for a PMD and
// 2 * (vpn >> 27) + 1 for a PUD, scanned linearly; four Maps per mm cost ~0.7 KiB per process.
const pmdTag = (pmdKey: number): number => 2 * pmdKey;
const pudTag = (pudKey: number): number => 2 * pudKey + 1;

/** Index in mm.upper of the triple of `tag`, or -1. */
function upperAt(mm: Mm, tag: number): number {
  const u = mm.upper;
  for (let i = 0; i < u.length; i += 3) if (u[i] === tag) return i;
  return -1;
}

/** Make sure the PTE page covering vpn exists (allocating PUD/PMD/PTE pages). False when out of memory. */
export function ensurePtePage(k: KState, mm: Mm, vpn: number, task: Task | null): boolean {
  const key = Math.floor(vpn / CHUNK);
  if (mm.pt.find(key) >= 0) return true;
  const pmdKey = Math.floor(vpn / PMD_SPAN), pudKey = Math.floor(vpn / PUD_SPAN);
  const needPud = upperAt(mm, pudTag(pudKey)) < 0, needPmd = upperAt(mm, pmdTag(pmdKey)) < 0;
  const frames: number[] = [];
  for (let i = 0; i < 1 + (needPmd ? 1 : 0) + (needPud ? 1 : 0); i++) {
    const fr = allocKernelPage(k, Kind.PAGETABLE, task);
    if (fr < 0) { for (const g of frames) k.frames.free(g); return false; }
    frames.push(fr);
  }
  if (needPud) { mm.upper.push(pudTag(pudKey), frames.pop()!, 0); mm.ptPages++; }
  if (needPmd) {
    mm.upper.push(pmdTag(pmdKey), frames.pop()!, 0);
    mm.upper[upperAt(mm, pudTag(pudKey)) + 2]++;
    mm.ptPages++;
  }
  mm.pt.ensure(key);
  mm.pt.setAux(key, frames.pop()!); // the PTE page's frame lives beside its entries
  mm.upper[upperAt(mm, pmdTag(pmdKey)) + 2]++;
  mm.ptPages++;
  return true;
}

/** Free the PTE pages of [start, end) that hold no entry any more, and upper levels left empty (free_pgtables). */
export function freeEmptyPageTables(k: KState, mm: Mm, start: number, end: number): void {
  if (end <= start) return;
  const k0 = Math.floor(start / CHUNK), k1 = Math.floor((end - 1) / CHUNK);
  const keys = k1 - k0 + 1 > mm.pt.size * 2
    ? mm.pt.keys().filter((x) => x >= k0 && x <= k1)
    : Array.from({ length: k1 - k0 + 1 }, (_, i) => k0 + i);
  for (const key of keys) {
    if (mm.pt.find(key) < 0 || mm.pt.usedIn(key) !== 0) continue;
    // Keep a PTE page still needed by another VMA overlapping this 2 MiB (it may hold entries soon).
    if (chunkStillCovered(mm, key, start, end)) continue;
    const fr = mm.pt.aux(key);
    mm.pt.drop(key);
    k.frames.free(fr);
    mm.ptPages--;
    const pmdKey = Math.floor((key * CHUNK) / PMD_SPAN);
    const at = upperAt(mm, pmdTag(pmdKey));
    if (--mm.upper[at + 2] === 0) freeUpper(k, mm, pmdKey, at);
  }
}

function chunkStillCovered(mm: Mm, key: number, start: number, end: number): boolean {
  const cs = key * CHUNK, ce = cs + CHUNK;
  for (const v of mm.vmas) if (v.start < ce && v.end > cs && (v.end <= start || v.start >= end)) return true;
  return false;
}

/** Free the PMD page at mm.upper[at] (its last PTE page is gone), and its PUD page if that was its last PMD. */
function freeUpper(k: KState, mm: Mm, pmdKey: number, at: number): void {
  k.frames.free(mm.upper[at + 1]);
  mm.upper.splice(at, 3);
  mm.ptPages--;
  const pud = upperAt(mm, pudTag(Math.floor((pmdKey * PMD_SPAN) / PUD_SPAN)));
  if (--mm.upper[pud + 2] > 0) return;
  k.frames.free(mm.upper[pud + 1]);
  mm.upper.splice(pud, 3);
  mm.ptPages--;
}

/** Frames of all the mm's page-table pages (for audits: PTE pages' frames are kept in their chunks). */
export function pageTableFrames(mm: Mm): number[] {
  const frames = mm.pt.keys().map((key) => mm.pt.aux(key));
  for (let i = 0; i < mm.upper.length; i += 3) frames.push(mm.upper[i + 1]);
  return frames;
}

/** Count a newly mapped frame in the mm's RSS (by what the frame holds). */
export function rssAdd(mm: Mm, kind: number, delta: number): void {
  if (kind === Kind.ANON) mm.rssAnon += delta;
  else if (kind === Kind.SHMEM) mm.rssShmem += delta;
  else mm.rssFile += delta;
}

export function rssTotal(mm: Mm): number {
  return mm.rssAnon + mm.rssFile + mm.rssShmem;
}

/** Record the RSS high-water mark before RSS drops (update_hiwater_rss). */
export function updateHiwater(mm: Mm): void {
  const rss = rssTotal(mm);
  if (rss > mm.hiwaterRss) mm.hiwaterRss = rss;
}

/** Point vpn at a present frame (the PTE page must exist and the slot must be empty or the zero page). */
export function installPte(k: KState, mm: Mm, vpn: number, frame: number): void {
  const old = mm.pt.get(vpn);
  if (old !== 0 && old !== PTE_ZERO) throw new Error(`installPte over live entry at vpn ${vpn}`);
  mm.pt.set(vpn, frame + 1);
  k.frames.mapInc(frame);
  rssAdd(mm, k.frames.kindOf(frame), 1);
}

/**
 * Remove every entry of [start, end) (zap_page_range): anonymous pages are freed, file and shmem pages are
 * only unmapped (they stay in their file's cache), swap entries release their slot.
 */
export function zapRange(k: KState, mm: Mm, start: number, end: number): void {
  if (end <= start) return;
  updateHiwater(mm);
  const f = k.frames;
  const k0 = Math.floor(start / CHUNK), k1 = Math.floor((end - 1) / CHUNK);
  const keys = k1 - k0 + 1 > mm.pt.size * 2
    ? mm.pt.keys().filter((x) => x >= k0 && x <= k1)
    : Array.from({ length: k1 - k0 + 1 }, (_, i) => k0 + i);
  for (const key of keys) {
    const h = mm.pt.find(key);
    if (h < 0) continue;
    const chunk = mm.pt.segData(h), b = segBase(h);
    if (chunk[b + USED] === 0) continue;
    const base = key * CHUNK;
    const s = Math.max(start, base) - base, e = Math.min(end, base + CHUNK) - base;
    let cleared = 0, anon = 0, file = 0, shmem = 0;
    for (let o = s; o < e; o++) {
      const pte = chunk[b + o];
      if (pte === 0) continue;
      chunk[b + o] = 0;
      cleared++;
      if (pte === PTE_ZERO) continue;
      if (pte < 0) {
        mm.swapents--;
        k.hooks.swapFree(k, swapSlotOf(pte));
        continue;
      }
      const fr = pte - 1;
      const kind = f.kindOf(fr);
      if (kind === Kind.ANON) anon++; else if (kind === Kind.SHMEM) shmem++; else file++;
      f.mapDec(fr);
      if (kind === Kind.ANON && !f.isMapped(fr)) freeAnonFrame(k, fr);
    }
    chunk[b + USED] -= cleared;
    mm.rssAnon -= anon;
    mm.rssFile -= file;
    mm.rssShmem -= shmem;
  }
}

/** An anonymous page nobody maps any more: off its LRU, out of the swap cache, back to the free pool. */
export function freeAnonFrame(k: KState, fr: number): void {
  const f = k.frames;
  if (f.lruOf(fr) !== Lru.NONE) f.lruDel(fr);
  if (f.swapSlot(fr) >= 0) {
    k.hooks.swapFree(k, f.swapSlot(fr));
    f.clearSwapCache(fr);
  }
  f.free(fr);
}
