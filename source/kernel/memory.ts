// Page faults: the role of mm/memory.c (handle_mm_fault, do_anonymous_page with the zero page, do_read_fault with
// fault-around, do_cow_fault, do_shared_fault, wp_page_copy, do_swap_page's entry) and mm/filemap.c's
// filemap_fault readahead. `touch` is how user space "accesses" memory: each page of the range is accessed once.
// Simplified: no fork (anon pages have one mapper), no THP, accessed bits are the frame's PG_REFERENCED flag,
// async readahead = the next 32-page window read when a fault lands 16 pages before the end of what is cached.
import { Kind, Lru, PG_REFERENCED } from './page-frames.js';
import { allocPage } from './page-alloc.js';
import { ensurePtePage, installPte, PTE_ZERO, rssAdd, swapSlotOf } from './pgtable.js';
import { findPage, markPageDirty, pagesOf, readIntoCache, READAHEAD_PAGES } from './filemap.js';
import { shmemGetPage } from './shmem.js';
import { findVmaIndex } from './mmap.js';
import { CHUNK, segBase, USED } from './sparse.js';
import { PROT_READ, PROT_WRITE, type FaultResult, type Result } from './types.js';
import type { Inode, KState, Mm, Task, Vma } from './state.js';

/** fault_around_bytes = 64 KiB: a read fault maps up to 16 cached neighbours. */
export const FAULT_AROUND_PAGES = 16;

interface FaultTally { minor: number; major: number; killed: boolean }

/** Access every page of [addr, addr+length) of `task`. EFAULT (nothing done) if any part is unmapped or the
 *  access is not allowed by the VMA's protection. */
export function touchRange(k: KState, task: Task, addr: number, length: number, write: boolean,
  ignoreProt = false): Result<FaultResult> {
  const mm = task.mm;
  if (!mm || !(length >= 0) || addr < 0) return { ok: false, errno: 'EFAULT' };
  if (length === 0) return { ok: true, value: { minor: 0, major: 0, stallMs: 0, killed: false } };
  const s = Math.floor(addr / 4096), e = Math.ceil((addr + length) / 4096);
  const need = write ? PROT_WRITE : PROT_READ;
  // The VMAs covering the range, checked before anything is faulted. Most accesses lie in one VMA, most often
  // the one of the task's previous access (mm.vmaCache): then no list and no search.
  let first: Vma | undefined;
  let parts: Vma[] | undefined;
  const cached = mm.vmaCache;
  if (cached !== null && s >= cached.start && e <= cached.end) {
    if (!accessAllowed(cached, e, need, ignoreProt)) return { ok: false, errno: 'EFAULT' };
    first = cached;
  } else {
    let cursor = s;
    let i = findVmaIndex(mm, s);
    if (i < 0) return { ok: false, errno: 'EFAULT' };
    for (; cursor < e; i++) {
      const v = mm.vmas[i];
      if (!v || v.start > cursor || !accessAllowed(v, e, need, ignoreProt)) return { ok: false, errno: 'EFAULT' };
      if (first === undefined) first = v;
      else (parts ??= [first]).push(v);
      cursor = v.end;
    }
    if (parts === undefined) mm.vmaCache = first!;
  }
  const t: FaultResult = { minor: 0, major: 0, stallMs: 0, killed: false }; // the tally is the result (one object)
  const stall0 = k.stallMs;
  if (parts === undefined) {
    const v = first!;
    const ok = v.file === null ? faultAnonRange(k, task, mm, s, e, write, t) : faultFileRange(k, task, mm, v, s, e, write, t);
    if (!ok) t.killed = true;
  } else {
    for (const v of parts) {
      const vs = Math.max(s, v.start), ve = Math.min(e, v.end);
      const ok = v.file === null ? faultAnonRange(k, task, mm, vs, ve, write, t) : faultFileRange(k, task, mm, v, vs, ve, write, t);
      if (!ok) { t.killed = true; break; }
    }
  }

  task.minFlt += t.minor;
  task.majFlt += t.major;
  k.ev.pgfault += t.minor + t.major;
  k.ev.pgmajfault += t.major;
  if (task.exiting) t.killed = true;
  t.stallMs = k.stallMs - stall0;
  return { ok: true, value: t };
}

/** May [.., e) be accessed in v with `need` (PROT_READ/PROT_WRITE)? A file page beyond EOF would be SIGBUS:
 *  the whole access is refused up front instead (nothing changes). */
function accessAllowed(v: Vma, e: number, need: number, ignoreProt: boolean): boolean {
  if ((!(v.prot & need) && !ignoreProt) || v.special) return false;
  return !(v.file && v.file.path !== '' && v.pgoff + (Math.min(e, v.end) - v.start) > pagesOf(v.file.sizeBytes));
}

/** Private anonymous memory: the hot path (millions of pages per second), one PTE page at a time. The page
 *  table's use count is published (chunk[USED]) before anything that may reclaim, kill or swap in. */
function faultAnonRange(k: KState, task: Task, mm: Mm, s: number, e: number, write: boolean, t: FaultTally): boolean {
  const f = k.frames;
  let vpn = s;
  while (vpn < e) {
    const key = Math.floor(vpn / CHUNK);
    let h = mm.pt.find(key);
    if (h < 0) {
      if (!ensurePtePage(k, mm, vpn, task)) return false;
      h = mm.pt.find(key);
    }
    const chunk = mm.pt.segData(h), b = segBase(h), at = b - key * CHUNK; // chunk[at + vpn] is vpn's entry
    const base = key * CHUNK, stop = Math.min(e, base + CHUNK);
    let added = 0, minor = 0;
    if (write && f.freshOnly()) { // boot's heaps: never-used frames, taken as runs
      added = minor = faultFreshAnon(k, mm, chunk, at, vpn, stop);
      vpn += added;
    }
    for (; vpn < stop; vpn++) {
      const o = at + vpn, pte = chunk[o];
      if (pte === 0 || pte === PTE_ZERO) {
        if (!write) {
          if (pte === 0) { chunk[o] = PTE_ZERO; added++; minor++; }
          continue;
        }
        let fr: number;
        if (f.nrFree > k.wmark.low) fr = f.alloc(Kind.ANON, mm.id, vpn);
        else {
          // Slow path may reclaim (even from this mm) or kill: publish our counts first.
          chunk[b + USED] += added; t.minor += minor; added = 0; minor = 0;
          fr = allocPage(k, Kind.ANON, mm.id, vpn, task);
          if (fr < 0 || task.mm !== mm || mm.pt.find(key) !== h) { if (fr >= 0) f.free(fr); return false; }
          if (chunk[o] !== pte) { f.free(fr); vpn--; continue; } // entry changed under us: redo this page
        }
        f.lruAdd(fr, Lru.INACTIVE_ANON);
        chunk[o] = fr + 1;
        f.mapInc(fr);
        mm.rssAnon++;
        if (pte === 0) added++;
        minor++;
      } else if (pte < 0) {
        chunk[b + USED] += added; t.minor += minor; added = 0; minor = 0;
        if (!swapInPage(k, task, mm, vpn, pte, write, t)) return false;
      } else {
        f.setFlag(pte - 1, PG_REFERENCED);
      }
    }
    if (added !== 0) chunk[b + USED] += added; // a re-read of present pages leaves the count's cache line alone
    t.minor += minor;
  }
  return true;
}

/**
 * The per-page write faults of the empty entries [vpn, vpn + n) at the start of [vpn, stop) (chunk[at + vpn]: vpn's
 * entry), when each of them would take a never-used frame from the allocator's fast path: one allocFresh run, one
 * LRU run, one mapIncRun, the same frames, reverse map, lists and counters. Returns n (0: not that case; the caller
 * faults page by page). The caller counts the entries in the chunk's use count.
 */
function faultFreshAnon(k: KState, mm: Mm, chunk: Int32Array, at: number, vpn: number, stop: number): number {
  const f = k.frames;
  // Offsets in the chunk's segment as int32: vpn and at are doubles (see readRun).
  const o0 = (at + vpn) | 0, end = (at + stop) | 0;
  let o = o0;
  while (o < end && chunk[o] === 0) o++;
  const n = o - o0;
  // Each alloc of the loop needs free > low before it: free - (n - 1) > low for the last.
  if (n === 0 || f.nrFree - n < k.wmark.low) return 0;
  const first = f.allocFresh(Kind.ANON, n, mm.id, vpn, 1);
  if (first < 0) return 0;
  f.lruAddFreshRun(first, n, Lru.INACTIVE_ANON);
  for (let j = 0; j < n; j++) chunk[o0 + j] = first + j + 1;
  f.mapIncRun(first, n);
  mm.rssAnon += n;
  return n;
}

function swapInPage(k: KState, task: Task, mm: Mm, vpn: number, pte: number, write: boolean, t: FaultTally): boolean {
  const r = k.hooks.swapIn(k, task, mm, vpn, swapSlotOf(pte), write);
  if (r === null) return false;
  k.stallMs += r.stallMs;
  if (r.major) t.major++; else t.minor++;
  return true;
}

/** Allocate an anonymous copy for a COW write at vpn and map it (the file page, if mapped, is unmapped). */
function cowPage(k: KState, task: Task, mm: Mm, vpn: number): boolean {
  const f = k.frames;
  const old = mm.pt.get(vpn);
  const fr = allocPage(k, Kind.ANON, mm.id, vpn, task);
  if (fr < 0 || task.mm !== mm) { if (fr >= 0) f.free(fr); return false; }
  if (old > 0 && old !== PTE_ZERO) {
    const prev = old - 1;
    rssAdd(mm, f.kindOf(prev), -1);
    f.mapDec(prev);
    mm.pt.set(vpn, 0);
  } else if (old === PTE_ZERO) mm.pt.set(vpn, 0);
  f.lruAdd(fr, Lru.INACTIVE_ANON);
  installPte(k, mm, vpn, fr);
  return true;
}

/** File-backed and shmem VMAs, page by page (these are not the bulk path). */
function faultFileRange(k: KState, task: Task, mm: Mm, v: Vma, s: number, e: number, write: boolean, t: FaultTally): boolean {
  const f = k.frames;
  const ino = v.file!;
  for (let vpn = s; vpn < e; vpn++) {
    if (!ensurePtePage(k, mm, vpn, task)) return false;
    const pte = mm.pt.get(vpn);
    const index = v.pgoff + (vpn - v.start);
    if (pte > 0 && pte !== PTE_ZERO) {
      const fr = pte - 1;
      f.setFlag(fr, PG_REFERENCED);
      if (!write) continue;
      if (!v.shared && f.kindOf(fr) !== Kind.ANON) {
        if (!cowPage(k, task, mm, vpn)) return false;
        t.minor++;
      } else if (v.shared && !ino.shmem && !f.isDirty(fr)) {
        markPageDirty(k, ino, fr); // write-protect fault of dirty tracking (do_wp_page -> page_mkwrite)
        t.minor++;
      }
      continue;
    }
    if (pte < 0) { if (!swapInPage(k, task, mm, vpn, pte, write, t)) return false; continue; }
    if (ino.shmem) {
      const got = shmemGetPage(k, task, ino, index, write);
      if (!got.ok) return false;
      if (got.major) t.major++; else t.minor++;
      if (write && !v.shared) { if (!cowPage(k, task, mm, vpn)) return false; continue; }
      installPte(k, mm, vpn, got.frame);
      continue;
    }
    const filePages = pagesOf(ino.sizeBytes);
    if (index >= filePages) return false; // beyond EOF: SIGBUS
    const fr = fileFaultPage(k, task, ino, index, filePages, t);
    if (fr < 0) return false;
    if (write && !v.shared) { if (!cowPage(k, task, mm, vpn)) return false; continue; }
    installPte(k, mm, vpn, fr);
    f.setFlag(fr, PG_REFERENCED);
    if (write) markPageDirty(k, ino, fr);
    else faultAround(k, mm, v, vpn);
  }
  return true;
}

/**
 * The page-cache frame of file page `index` for a fault (filemap_fault): a missing page is read in with readahead
 * (a major fault); a cached one is a minor fault, and when it lies close to the end of the cached window the async
 * readahead reads on from that end. Counts the fault in t. -1: the read failed (the task is being killed).
 */
function fileFaultPage(k: KState, task: Task, ino: Inode, index: number, filePages: number, t: FaultTally): number {
  const fr = findPage(ino, index);
  if (fr < 0) {
    if (readIntoCache(k, ino, index, READAHEAD_PAGES, task) < 0) return -1;
    t.major++;
    return findPage(ino, index);
  }
  if (findPage(ino, index + FAULT_AROUND_PAGES) < 0 && index + FAULT_AROUND_PAGES < filePages) {
    let from = index + 1;
    while (findPage(ino, from) >= 0) from++;
    if (readIntoCache(k, ino, from, READAHEAD_PAGES, task) < 0) return -1;
  }
  t.minor++;
  return fr;
}

/** do_fault_around: map the cached pages of the aligned 16-page window around vpn (not counted as faults). */
function faultAround(k: KState, mm: Mm, v: Vma, vpn: number): void {
  const ino = v.file!;
  const winStart = Math.max(v.start, vpn - (vpn % FAULT_AROUND_PAGES));
  const winEnd = Math.min(v.end, winStart + FAULT_AROUND_PAGES);
  for (let p = winStart; p < winEnd; p++) {
    if (p === vpn || mm.pt.get(p) !== 0) continue;
    const fr = findPage(ino, v.pgoff + (p - v.start));
    if (fr < 0 || !ensurePtePage(k, mm, p, null)) continue;
    installPte(k, mm, p, fr);
  }
}

/**
 * touchRange(k, task, s * 4096, (e - s) * 4096, false, ignoreProt) where [s, e) lies in one file VMA, done a
 * PTE page at a time with offsets inside it: exec's start-up reads (exec.ts) map thousands of pages before the
 * dashboard's first frame, in code V8 has not optimised, and user-space page numbers are above 2^31, so each
 * page of the per-page loop boxed a handful of numbers. Same faults, readahead, fault-around, frames, counters
 * and lookup order as faultFileRange. Returns false, with nothing done, when the range is not that case or an
 * allocation could leave the allocator's fast path (reclaim, OOM): the caller then uses touchRange.
 */
export function touchFileReadRun(k: KState, task: Task, s: number, e: number, ignoreProt = false): boolean {
  const mm = task.mm;
  if (mm === null || !(e > s) || s < 0) return false;
  // touchRange's VMA lookup, with its side effects (the mm's VMA hint).
  const cached = mm.vmaCache;
  const v = cached !== null && s >= cached.start && e <= cached.end ? cached : mm.vmas[findVmaIndex(mm, s)];
  if (v === undefined || e > v.end || v.file === null || v.file.shmem) return false;
  if (!accessAllowed(v, e, PROT_READ, ignoreProt)) return false;
  // Every page this run may allocate: the range and readahead past its end, and 3 page-table pages per chunk.
  const worst = (e - s) + 2 * READAHEAD_PAGES + FAULT_AROUND_PAGES + 3 * (Math.floor((e - s) / CHUNK) + 3);
  if (k.frames.nrFree - worst <= k.wmark.low) return false;
  const t: FaultTally = { minor: 0, major: 0, killed: false };
  readRun(k, task, mm, v, s, e, t); // false (the task is being killed) cannot happen above the low watermark
  mm.vmaCache = v;
  task.minFlt += t.minor;
  task.majFlt += t.major;
  k.ev.pgfault += t.minor + t.major;
  k.ev.pgmajfault += t.major;
  return true;
}

/** faultFileRange's read path (the same for private and shared mappings) over [s, e), one PTE page at a time. */
function readRun(k: KState, task: Task, mm: Mm, v: Vma, s: number, e: number, t: FaultTally): boolean {
  const f = k.frames, ino = v.file!;
  const filePages = pagesOf(ino.sizeBytes);
  for (let key = Math.floor(s / CHUNK); key * CHUNK < e; key++) {
    const base = key * CHUNK;
    // Page numbers are above 2^31: differences of them are doubles (heap numbers in unoptimised code, one more
    // allocated by every operation on them), so the small ones below are made int32 (| 0) once per PTE page.
    const o0 = (Math.max(s, base) - base) | 0, o1 = (Math.min(e, base + CHUNK) - base) | 0;
    if (!ensurePtePage(k, mm, base + o0, task)) return false;
    const h = mm.pt.find(key), chunk = mm.pt.segData(h), b = segBase(h); // entry o is chunk[b + o]
    // The VMA's ends relative to this PTE page, clamped to what the fault-around windows below can see
    // (ws >= 0, we <= CHUNK + 16), and the file index of offset 0 (> -CHUNK: a valid index for o0..o1).
    const vs = Math.max(v.start - base, 0) | 0, ve = Math.min(v.end - base, CHUNK + FAULT_AROUND_PAGES) | 0;
    const index0 = (v.pgoff - (v.start - base)) | 0;
    for (let o = o0; o < o1; o++) {
      const pte = chunk[b + o];
      if (pte > 0 && pte !== PTE_ZERO) { o += referenceMapped(k, chunk, b + o, o1 - o, pte) - 1; continue; }
      if (pte < 0) {
        if (!swapInPage(k, task, mm, base + o, pte, false, t)) return false;
        continue;
      }
      const fr = fileFaultPage(k, task, ino, index0 + o, filePages, t);
      if (fr < 0) return false;
      mapInChunk(k, mm, chunk, b, o, fr);
      f.setFlag(fr, PG_REFERENCED);
      // do_fault_around: the aligned 16-page window, inside the VMA. A window that crosses into the next PTE
      // page (a VMA starting just below a 512-page boundary) takes the general path.
      const ws = Math.max(vs, o - (o % FAULT_AROUND_PAGES)), we = Math.min(ve, ws + FAULT_AROUND_PAGES);
      if (we > CHUNK) {
        faultAround(k, mm, v, base + o);
        if (o + 1 < o1) mm.pt.find(key); // the next page's lookup, as faultFileRange makes it
        continue;
      }
      mapCachedInChunk(k, mm, ino, chunk, b, ws, o, index0);
      mapCachedInChunk(k, mm, ino, chunk, b, o + 1, we, index0);
    }
  }
  return true;
}

/** setFlag(fr, PG_REFERENCED) for the present entry chunk[at] = pte and the entries after it (up to max) that map
 *  the frames after its frame (pages mapped together): one call per run. Returns the entries done (>= 1). */
function referenceMapped(k: KState, chunk: Int32Array, at: number, max: number, pte: number): number {
  let n = 1;
  while (n < max && chunk[at + n] === pte + n) n++; // frame numbers stay far below PTE_ZERO
  k.frames.setFlagRun(pte - 1, n, PG_REFERENCED, false);
  return n;
}

/**
 * Fault-around's mapping of [from, to) of the PTE page chunk[b..] (entry p: file page index0 + p): every empty
 * entry whose file page is cached gets it, in order, as installPte would, with findPage's page-map lookups. Runs of
 * consecutive entries mapping consecutive frames (pages read together) are written and counted at once.
 */
function mapCachedInChunk(k: KState, mm: Mm, ino: Inode, chunk: Int32Array, b: number, from: number, to: number,
  index0: number): void {
  let key = -1, a = chunk, at = 0; // the file's page-map chunk looked up last: a[at + i] is page i's entry
  for (let p = from; p < to;) {
    if (chunk[b + p] !== 0) { p++; continue; }
    const i = index0 + p, fk = Math.floor(i / CHUNK);
    if (fk !== key) {
      key = fk;
      const h = ino.pages.find(fk);
      if (h < 0) { p++; key = -1; continue; } // nothing of that chunk is cached (a later page looks it up again)
      a = ino.pages.segData(h);
      at = segBase(h) - fk * CHUNK;
    }
    const e = a[at + i];
    if (e <= 0) { p++; continue; }
    // The run: empty entries whose pages are cached in the frames after e - 1, in the same page-map chunk.
    const stop = Math.min(to, (fk + 1) * CHUNK - index0);
    let n = 1;
    while (p + n < stop && chunk[b + p + n] === 0 && a[at + i + n] === e + n) n++;
    for (let j = 0; j < n; j++) chunk[b + p + j] = e + j;
    chunk[b + USED] += n;
    k.frames.mapIncRun(e - 1, n);
    rssAdd(mm, k.frames.kindOf(e - 1), n); // the pages of one file's cache hold one kind (FILE)
    p += n;
  }
}

/** installPte on entry o of the chunk at chunk[b..], known to be empty (or the zero page). */
function mapInChunk(k: KState, mm: Mm, chunk: Int32Array, b: number, o: number, fr: number): void {
  if (chunk[b + o] === 0) chunk[b + USED]++;
  chunk[b + o] = fr + 1;
  k.frames.mapInc(fr);
  rssAdd(mm, k.frames.kindOf(fr), 1);
}
