// Physical page frames: the role of `struct page` (include/linux/mm_types.h), the free lists of
// mm/page_alloc.c and the LRU lists of mm/swap.c + include/linux/mmzone.h, with the node counters of
// mm/vmstat.c. Simplified: one node, one zone, order-0 pages only, exact counters (no per-CPU drift).
//
// Struct-of-arrays: one typed-array slot per frame instead of one JS object per page, so 16 GiB (4 M frames) is
// a handful of flat arrays. They are allocated at full size but never filled: every "empty" value is 0, so the
// host OS backs only the parts ever written (frames never handed out are implicitly free above `fresh`), and
// booting a 64 GiB machine touches almost nothing. A used frame costs 12 bytes: a 16-bit state word (kind, LRU
// list id, flags and whether it is mapped: reclaim and free read them all, so one load instead of four) 2; prev,
// next 3 each (frame+1 in 16 + 8 bits; 16 + 16 on machines of 2^24 frames or more); the reverse map (owner +
// index) 4, as a handle into shared per-2-MiB groups (rmap-handles.ts).
// What is rare lives in maps, not in per-frame arrays that a few frames each would touch all over: the swap slot
// of a swap-cache page on an LRU list (off the lists, e.g. under swap writeback, it sits in the frame's unused
// link fields), and the mapcount of a page mapped more than once (a shared library's pages; a private anonymous
// page has one mapper). The free
// list is threaded through `next`. Every counter changes at the transition that causes it (alloc, free, map,
// unmap, dirty, LRU add/del); nothing is ever computed by scanning frames.
// The file runs past ~400 lines for a reason: the run versions used at boot (allocFresh, setFlagRun, mapIncRun,
// lruAddFreshRun) sit next to the per-page methods whose exact effect they must repeat.

import { IntHash } from './int-hash.js';
import { RmapGroups } from './rmap-handles.js';
import { LRU_BITS, LRU_SHIFT, LruLists, NIL } from './lru-lists.js';

/** What a frame holds. Each frame is in exactly one kind: free + every other kind = managed frames. */
export const enum Kind {
  FREE = 0,
  ANON = 1, // private anonymous page (heap, stack, COW copy); rmap: owner = mm id, index = virtual page number
  FILE = 2, // page cache of a regular file; owner = inode id, index = page offset in the file
  SHMEM = 3, // tmpfs / shared anonymous page; owner = inode id, index = page offset
  BUFFERS = 4, // page cache of a block device (meminfo Buffers); owner = inode id
  SLAB_RECLAIMABLE = 5,
  SLAB_UNRECLAIMABLE = 6,
  PAGETABLE = 7,
  KERNEL_STACK = 8,
  KERNEL = 9, // other kernel allocations (vmalloc, percpu, drivers): counted nowhere in meminfo but MemTotal
}
export const NR_KINDS = 10;

/** Page flags (a subset of include/linux/page-flags.h). */
export const PG_DIRTY = 1, PG_WRITEBACK = 2, PG_REFERENCED = 4, PG_SWAPCACHE = 8, PG_WORKINGSET = 16,
  PG_UNEVICTABLE = 32;

/** LRU list ids (enum lru_list order, shifted by one so that 0 = not on any LRU and a fresh array needs no fill). */
export const enum Lru {
  NONE = 0,
  INACTIVE_ANON = 1,
  ACTIVE_ANON = 2,
  INACTIVE_FILE = 3,
  ACTIVE_FILE = 4,
  UNEVICTABLE = 5,
}
/** Size of per-list arrays (index 0 unused). */
export const NR_LRU = 6;

// The state word of a frame: flags in bits 0-7 (the PG_* above and PRESSURE's 64 and 128), the Lru id in bits 8-10,
// the Kind in bits 11-14, MAPPED (page_mapped(): one page-table mapping or more) in bit 15. All zero = a free frame
// with no flags on no list, unmapped, so fresh memory needs no fill.
const FLAG_BITS = 0xff; // then the list id: LRU_BITS (lru-lists.ts)
const KIND_SHIFT = 11, KIND_BITS = 15 << KIND_SHIFT;
const MAPPED = 1 << 15;


export class FrameTable extends LruLists {
  /** Managed frames (MemTotal in pages). Frame numbers are 0..total-1. */
  readonly total: number;
  // this.state (LruLists): kind, Lru id, flags and MAPPED of each frame (see FLAG_BITS): read them with kindOf/
  // lruOf/flagsOf/hasFlag/isMapped. The LRU lists and every frame's links: lru-lists.ts; the free list is threaded
  // through `next` too.
  /** Page-table mappings of the frames mapped more than once (MAPPED set, count >= 2); see mapCount(). */
  private readonly mapShared = new IntHash(256);
  /** How many of those are anonymous: none without fork, so unmapping an anon page (every swap-out, every exit)
   *  need not look in the table at all - with 1,000 processes sharing their libraries that lookup misses. */
  private anonShared = 0;
  /** Reverse map (owner: anon = mm id, file/shmem/buffers = inode id; index: anon = virtual page number, file =
   *  page offset) as a handle into `groups` (rmap-handles.ts); 0 for kernel pages. Use ownerOf()/index(). */
  private readonly rmap: Uint32Array;
  private readonly groups = new RmapGroups();
  /** Swap slot of each swap-cache page (PG_SWAPCACHE set) that is on an LRU list; use swapSlot(). Off the lists
   *  the slot is parked in the frame's own link fields instead (LruLists.park): a page being swapped out leaves its
   *  list just before it gets its slot and stays off until the write completes, so the bulk of swap-outs and
   *  write completions touch the frame's links (already in cache from the unlink, or about to be written by
   *  free()) instead of a cache-missing hash entry each. A map: at any time only the pages
   *  being written to swap or swapped in are there, but over a run they are spread over every frame. */
  private readonly swapSlots = new IntHash();

  /** Frames >= fresh have never been allocated: implicitly free. */
  fresh = 0;
  /** Freed frames below `fresh`, a LIFO list threaded through `next` (a free frame is on no LRU), like the
   *  per-CPU free lists: hot pages first. */
  private freeHead = NIL;

  // --- counters, in pages (mm/vmstat.c node_stat_item / zone_stat_item)
  nrFree: number;
  readonly nrKind = new Float64Array(NR_KINDS);
  nrDirty = 0;
  nrWriteback = 0;
  nrSwapCache = 0;
  /** Anon pages mapped by a page table (meminfo AnonPages). */
  nrAnonMapped = 0;
  /** File/shmem/buffer pages mapped by >= 1 page table (meminfo Mapped). */
  nrFileMapped = 0;
  /** Event counters the allocator owns. */
  pgalloc = 0;
  pgfree = 0;

  /** wideLinks: 16 + 16-bit links; by default only when frame numbers need more than 24 bits (tests force it). */
  constructor(totalFrames: number, wideLinks = totalFrames + 1 >= 2 ** 24) {
    const n = totalFrames;
    if (!wideLinks && n + 1 >= 2 ** 24) throw new RangeError('FrameTable: 24-bit links need fewer than 2^24 - 1 frames');
    super(new Uint16Array(n), NR_LRU, wideLinks);
    this.total = totalFrames;
    this.nrKind[Kind.FREE] = totalFrames;
    this.nrFree = totalFrames;
    this.rmap = new Uint32Array(n);
  }

  /** What frame f holds. */
  kindOf(f: number): Kind {
    return (this.state[f] & KIND_BITS) >>> KIND_SHIFT;
  }
  /** Mapped by at least one page table (page_mapped)? */
  isMapped(f: number): boolean {
    return (this.state[f] & MAPPED) !== 0;
  }
  /** The LRU list frame f is on (Lru.NONE: none). */
  lruOf(f: number): Lru {
    return (this.state[f] & LRU_BITS) >>> LRU_SHIFT;
  }
  /** All flags of frame f. */
  flagsOf(f: number): number {
    return this.state[f] & FLAG_BITS;
  }
  /** Is any of the flags in `mask` set? */
  hasFlag(f: number, mask: number): boolean {
    return (this.state[f] & mask) !== 0;
  }
  /** Set or clear flags without counters: PG_REFERENCED, PG_WORKINGSET and PRESSURE's own bits only (the counted
   *  ones have their transition methods below). */
  setFlag(f: number, mask: number): void {
    const st = this.state[f];
    if ((st & mask) === mask) return;
    this.state[f] = st | mask;
    this.lruVersion[(st & LRU_BITS) >>> LRU_SHIFT]++;
  }
  /**
   * setFlag(f, mask) for f = first, first + 1, ... (count frames); `untilSet`: stop at the first frame that has
   * the flags already (folio_mark_accessed's first access, filemap.ts). Returns the frames done. For runs of pages
   * read or mapped together: boot marks ~30,000 in code V8 has not optimised.
   */
  setFlagRun(first: number, count: number, mask: number, untilSet: boolean): number {
    const state = this.state, end = first + count;
    // lruVersion[list]++ per frame, added up per stretch of frames on one list: an increment of a Float64Array
    // element boxes two heap numbers in unoptimised code.
    let list = 0, changes = 0, f = first;
    for (; f < end; f++) {
      const st = state[f];
      if ((st & mask) === mask) {
        if (untilSet) break;
        continue;
      }
      state[f] = st | mask;
      const l = (st & LRU_BITS) >>> LRU_SHIFT;
      if (l !== list) { this.lruVersion[list] += changes; list = l; changes = 0; }
      changes++;
    }
    this.lruVersion[list] += changes;
    return f - first;
  }
  clearFlag(f: number, mask: number): void {
    const st = this.state[f];
    if ((st & mask) === 0) return;
    this.state[f] = st & ~mask;
    this.lruVersion[(st & LRU_BITS) >>> LRU_SHIFT]++;
  }
  /** A page of f's list changed (see lruVersion); for a page on no list this counts in slot 0, unused. */
  private touched(f: number): void {
    this.lruVersion[(this.state[f] & LRU_BITS) >>> LRU_SHIFT]++;
  }

  /** Reverse-map owner (anon: mm id; file, shmem, buffers: inode id). Use these, not the array: the layout of
   *  owner and index is this file's business. */
  ownerOf(f: number): number {
    return this.groups.ownerOf(this.rmap[f]);
  }
  index(f: number): number {
    return this.groups.indexOf(this.rmap[f]);
  }
  /** Point an allocated frame at a new owner and index (an anon page taken over by another mm). */
  setRmap(f: number, owner: number, index: number): void {
    const old = this.rmap[f];
    this.rmap[f] = this.groups.acquire(owner, index); // before the release: the group may be the same
    this.groups.release(old);
    this.touched(f);
  }
  setOwner(f: number, owner: number): void {
    this.setRmap(f, owner, this.index(f));
  }
  setIndex(f: number, index: number): void {
    this.setRmap(f, this.ownerOf(f), index);
  }
  /** Reverse-map groups alive (rmap-handles.ts), for tests. */
  get rmapGroups(): number {
    return this.groups.size;
  }
  /** Swap slot of a swap-cache page, -1 when not in the swap cache. */
  swapSlot(f: number): number {
    const st = this.state[f];
    if (!(st & PG_SWAPCACHE)) return -1;
    return st & LRU_BITS ? this.swapSlots.get(f) : this.parked(f);
  }
  /** Exact number of page-table mappings (page_mapcount). */
  mapCount(f: number): number {
    return this.state[f] & MAPPED ? this.sharedCount(f, this.state[f]) : 0;
  }
  /** The mapcount of a mapped frame whose state word is st. */
  private sharedCount(f: number, st: number): number {
    if (this.anonShared === 0 && (st & KIND_BITS) === Kind.ANON << KIND_SHIFT) return 1;
    return this.mapShared.get(f, 1);
  }

  /** Take a free frame and give it `kind`; -1 when none is free. Watermarks are page-alloc.ts's business. */
  alloc(kind: Kind, owner: number, index: number): number {
    if (this.freeHead === NIL && this.fresh >= this.total) return -1;
    const h = this.groups.acquire(owner, index); // first: it throws on an out-of-range owner or index
    let f: number;
    if (this.freeHead !== NIL) { f = this.freeHead; this.freeHead = this.next(f); } else f = this.fresh++;
    // state (flags, lru, mapped) is 0 here: fresh memory is zero and free() resets them.
    if (h !== 0) this.rmap[f] = h; // free() left 0 behind: kernel pages (handle 0) never touch the slot
    this.state[f] = kind << KIND_SHIFT;
    this.nrFree--;
    this.nrKind[Kind.FREE]--;
    this.nrKind[kind]++;
    this.pgalloc++;
    return f;
  }

  /**
   * Take `count` never-used frames at once, first..first+count-1, frame first+i for (owner, index + i * step):
   * the same table as `count` alloc(kind, owner, index + i * step) calls while the free list is empty, as at
   * boot (kernel reservations: step 0 with owner 0; page-cache fills: step 1 or more). Why: boot hands out ~50,000
   * frames before the first frame is drawn, in code V8 has not optimised yet, and one tight loop here costs a
   * fraction of as many calls. Returns first, or -1 with nothing taken when the free list is not empty or fewer
   * than `count` frames are fresh: the caller then allocates one page at a time.
   */
  allocFresh(kind: Kind, count: number, owner: number, index: number, step: number): number {
    if (this.freeHead !== NIL || this.fresh + count > this.total || count <= 0) return -1;
    const first = this.fresh;
    try {
      // One group of the reverse map at a time (all of them at once for kernel pages: handle 0).
      for (let i = 0; i < count;) {
        const at = index + i * step;
        const n = this.groups.runLength(at, count - i, step);
        // First, as in alloc(): acquireRun throws on an out-of-range owner or index; the runs before stay taken.
        const h = this.groups.acquireRun(owner, at, n, step);
        const f = this.fresh;
        if (h !== 0 || step !== 0) { // kernel pages keep handle 0: their slots are never written (see free())
          // Handle h + j * step for frame f + j; only j = 0 can be 0 (owner 0's group), and stays unwritten.
          const rmap = this.rmap, end = f + n;
          for (let fj = h === 0 ? f + 1 : f, hj = h === 0 ? step : h; fj < end; fj++, hj += step) rmap[fj] = hj;
        }
        this.state.fill(kind << KIND_SHIFT, f, f + n);
        this.fresh += n;
        i += n;
      }
    } finally {
      const taken = this.fresh - first;
      this.nrFree -= taken;
      this.nrKind[Kind.FREE] -= taken;
      this.nrKind[kind] += taken;
      this.pgalloc += taken;
    }
    return first;
  }

  /** No freed frame waits for reuse: alloc() hands out never-used frames, in order (allocFresh can). */
  freshOnly(): boolean {
    return this.freeHead === NIL;
  }

  /** Return a frame to the free pool. It must be off the LRU, unmapped, and not in the swap cache. */
  free(f: number): void {
    const st = this.state[f];
    const k = (st & KIND_BITS) >>> KIND_SHIFT;
    if (k === Kind.FREE) throw new Error(`double free of frame ${f}`);
    if ((st & LRU_BITS) !== 0) throw new Error(`freeing frame ${f} still on LRU ${this.lruOf(f)}`);
    if (st & MAPPED) throw new Error(`freeing mapped frame ${f} (mapcount ${this.mapCount(f)})`);
    if (st & PG_DIRTY) this.nrDirty--;
    if (st & PG_WRITEBACK) this.nrWriteback--;
    if (st & PG_SWAPCACHE) this.nrSwapCache--; // off the LRU: the slot was parked, nothing to delete
    this.state[f] = 0; // Kind.FREE, no flags
    // Only write what is non-zero: untouched parts of these arrays are never backed by host memory.
    const h = this.rmap[f];
    this.groups.release(h);
    if (h !== 0) this.rmap[f] = 0;
    this.nrKind[k]--;
    this.nrKind[Kind.FREE]++;
    this.nrFree++;
    this.pgfree++;
    this.setNext(f, this.freeHead);
    this.freeHead = f;
  }

  /** Change what an allocated frame holds (e.g. an anon page moved into a shmem object). */
  setKind(f: number, kind: Kind): void {
    const old = this.kindOf(f);
    const mapped = this.isMapped(f);
    if (mapped) this.unaccountMapped(f, old);
    if (mapped && (old === Kind.ANON) !== (kind === Kind.ANON) && this.mapShared.get(f, 1) > 1) {
      this.anonShared += kind === Kind.ANON ? 1 : -1;
    }
    this.nrKind[old]--;
    this.nrKind[kind]++;
    this.state[f] = (this.state[f] & ~KIND_BITS) | (kind << KIND_SHIFT);
    if (mapped) this.accountMapped(f, kind);
  }

  // --- flags with counters
  setDirty(f: number): boolean {
    if (this.state[f] & PG_DIRTY) return false;
    this.setFlag(f, PG_DIRTY);
    this.nrDirty++;
    return true;
  }
  clearDirty(f: number): boolean {
    if (!(this.state[f] & PG_DIRTY)) return false;
    this.clearFlag(f, PG_DIRTY);
    this.nrDirty--;
    return true;
  }
  setWriteback(f: number, on: boolean): void {
    const has = (this.state[f] & PG_WRITEBACK) !== 0;
    if (has === on) return;
    if (on) { this.setFlag(f, PG_WRITEBACK); this.nrWriteback++; } else { this.clearFlag(f, PG_WRITEBACK); this.nrWriteback--; }
  }
  setSwapCache(f: number, slot: number): void {
    if (!(this.state[f] & PG_SWAPCACHE)) this.nrSwapCache++;
    this.setFlag(f, PG_SWAPCACHE);
    if (this.state[f] & LRU_BITS) this.swapSlots.set(f, slot); else this.park(f, slot);
  }
  clearSwapCache(f: number): void {
    if (!(this.state[f] & PG_SWAPCACHE)) return;
    this.nrSwapCache--;
    this.clearFlag(f, PG_SWAPCACHE);
    if (this.state[f] & LRU_BITS) this.swapSlots.delete(f);
  }
  isDirty(f: number): boolean { return (this.state[f] & PG_DIRTY) !== 0; }

  // --- mapcount (page_add_*_rmap / page_remove_rmap): Mapped and AnonPages move on 0 <-> 1 transitions
  mapInc(f: number): void {
    const st = this.state[f];
    if (!(st & MAPPED)) {
      this.state[f] = st | MAPPED;
      this.accountMapped(f, (st & KIND_BITS) >>> KIND_SHIFT);
      this.lruVersion[(st & LRU_BITS) >>> LRU_SHIFT]++;
    } else {
      const c = this.mapShared.get(f, 1);
      if (c === 1 && (st & KIND_BITS) === Kind.ANON << KIND_SHIFT) this.anonShared++;
      this.mapShared.set(f, c + 1);
    }
  }
  /** mapInc(f) for f = first..first+count-1 in that order (exec maps runs of page-cache pages read together). */
  mapIncRun(first: number, count: number): void {
    const state = this.state;
    let anon = 0, file = 0; // first mappings, counted as accountMapped does
    let list = 0, changes = 0; // lruVersion per stretch of one list, as in setFlagRun
    for (let f = first, end = first + count; f < end; f++) {
      const st = state[f];
      if (st & MAPPED) { this.mapInc(f); continue; } // a further mapping: no list change
      state[f] = st | MAPPED;
      const k = (st & KIND_BITS) >>> KIND_SHIFT;
      if (k === Kind.ANON) anon++;
      else if (k === Kind.FILE || k === Kind.SHMEM || k === Kind.BUFFERS) file++;
      const l = (st & LRU_BITS) >>> LRU_SHIFT;
      if (l !== list) { this.lruVersion[list] += changes; list = l; changes = 0; }
      changes++;
    }
    this.lruVersion[list] += changes;
    this.nrAnonMapped += anon;
    this.nrFileMapped += file;
  }
  mapDec(f: number): void {
    const st = this.state[f];
    if (!(st & MAPPED)) throw new Error(`negative mapcount on frame ${f}`);
    const c = this.sharedCount(f, st);
    if (c === 1) {
      this.state[f] = st & ~MAPPED;
      this.unaccountMapped(f, (st & KIND_BITS) >>> KIND_SHIFT);
      this.lruVersion[(st & LRU_BITS) >>> LRU_SHIFT]++;
    } else if (c === 2) {
      this.mapShared.delete(f);
      if ((st & KIND_BITS) === Kind.ANON << KIND_SHIFT) this.anonShared--;
    } else this.mapShared.set(f, c - 1);
  }
  private accountMapped(_f: number, k: number): void {
    if (k === Kind.ANON) this.nrAnonMapped++;
    else if (k === Kind.FILE || k === Kind.SHMEM || k === Kind.BUFFERS) this.nrFileMapped++;
  }
  private unaccountMapped(_f: number, k: number): void {
    if (k === Kind.ANON) this.nrAnonMapped--;
    else if (k === Kind.FILE || k === Kind.SHMEM || k === Kind.BUFFERS) this.nrFileMapped--;
  }

  // --- LRU lists (lru-lists.ts): head = newest, tail = oldest. A swap-cache page's slot moves between the hash
  // (on a list) and its links (off every list) as it joins and leaves.
  lruAdd(f: number, list: Lru): void {
    if ((this.state[f] & LRU_BITS) !== 0) throw new Error(`frame ${f} already on LRU ${this.lruOf(f)}`);
    if (this.state[f] & PG_SWAPCACHE) this.swapSlots.set(f, this.parked(f)); // before the links overwrite it
    this.linkHead(f, list);
  }
  /** lruAdd(f, list) for f = first..first+count-1 in that order, for a run allocFresh just handed out (all of its
   *  state words equal: no flags, on no list): LruLists.linkHeadRun, without a call per page. */
  lruAddFreshRun(first: number, count: number, list: Lru): void {
    if ((this.state[first] & (LRU_BITS | PG_SWAPCACHE)) !== 0) throw new Error(`frame ${first} is not fresh`);
    this.linkHeadRun(first, count, list);
  }
  /** Put at the tail (oldest end), as rotate-for-writeback and deactivate_file_folio do. */
  lruAddTail(f: number, list: Lru): void {
    if ((this.state[f] & LRU_BITS) !== 0) throw new Error(`frame ${f} already on LRU ${this.lruOf(f)}`);
    if (this.state[f] & PG_SWAPCACHE) this.swapSlots.set(f, this.parked(f));
    this.linkTail(f, list);
  }
  lruDel(f: number): void {
    if ((this.state[f] & LRU_BITS) === 0) return;
    this.unlink(f);
    if (this.state[f] & PG_SWAPCACHE) { this.park(f, this.swapSlots.get(f)); this.swapSlots.delete(f); }
  }
  /** Move to the head of `list` (activation, or rotation within the same list). */
  lruMove(f: number, list: Lru): void {
    if ((this.state[f] & LRU_BITS) === 0) { this.lruAdd(f, list); return; }
    this.unlink(f); // a swap-cache page keeps its hash entry: it stays on a list
    this.linkHead(f, list);
  }
}
