// glibc's malloc (ptmalloc2, 64-bit) as user space sees it: the role of glibc malloc/malloc.c (__libc_malloc,
// _int_malloc, sysmalloc, __libc_free, _int_free, systrim, mtrim/malloc_trim, mallopt) for the main arena.
// Numbers are glibc's (reference §2): 16-byte header/alignment, 32-byte minimum chunk, M_MMAP_THRESHOLD 128 KiB
// rising dynamically up to 32 MiB, M_TRIM_THRESHOLD 128 KiB (2 x threshold after a rise), M_TOP_PAD 128 KiB,
// mmapped chunks of request + 16 rounded up to pages, heap top trimmed past the trim threshold.
// Simplified: one arena; no tcache/fastbin delay (free chunks coalesce at once); best fit among free chunks;
// brk failure falls back to a direct mmap of the request. It acts only through KernelApi syscalls of its pid.
import type { KernelApi, Result } from '../kernel/types.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../kernel/types.js';

const SIZE_SZ = 8;
const MALLOC_ALIGN = 16;
const MINSIZE = 32;
const PAGE = 4096;
export const DEFAULT_MMAP_THRESHOLD = 128 * 1024;
export const DEFAULT_MMAP_THRESHOLD_MAX = 32 * 1024 * 1024; // 4 MiB x sizeof(long)
export const DEFAULT_TOP_PAD = 128 * 1024;
export const DEFAULT_MMAP_MAX = 65536;
const FASTBIN_CONSOLIDATION_THRESHOLD = 64 * 1024;
/** sysmalloc's smallest mmap when brk fails (MMAP_AS_MORECORE_SIZE). */
const MMAP_AS_MORECORE_SIZE = 1024 * 1024;
/** The tcache_perthread_struct chunk glibc allocates from the heap on the first malloc. */
const TCACHE_CHUNK = 0x290;

export interface SyscallTraceEvent {
  name: 'brk' | 'mmap' | 'munmap' | 'madvise';
  args: (number | string)[];
  ret: number | string;
}

export type MalloptParam = 'M_MMAP_THRESHOLD' | 'M_TRIM_THRESHOLD' | 'M_TOP_PAD' | 'M_MMAP_MAX';

export interface MallocStats {
  /** Bytes between the heap start and the current break. */
  heapBytes: number;
  heapInUse: number;
  /** Free bytes inside the heap, top chunk included. */
  heapFree: number;
  mmappedBytes: number;
  mmappedChunks: number;
  mmapThreshold: number;
  trimThreshold: number;
}

interface Chunk { addr: number; size: number; inUse: boolean }

const alignUp = (n: number, a: number) => Math.ceil(n / a) * a;
const alignDown = (n: number, a: number) => Math.floor(n / a) * a;

/** request2size: the chunk size for a request of n bytes. */
export function request2size(n: number): number {
  return Math.max(MINSIZE, alignUp(n + SIZE_SZ, MALLOC_ALIGN));
}

/** Size of the mapping sysmalloc asks for a directly mmapped chunk: request + 16, whole pages. */
export function mmapChunkSize(n: number): number {
  return alignUp(request2size(n) + SIZE_SZ, PAGE);
}

export class Malloc {
  private mmapThreshold = DEFAULT_MMAP_THRESHOLD;
  private trimThreshold = DEFAULT_MMAP_THRESHOLD;
  private topPad = DEFAULT_TOP_PAD;
  private mmapMax = DEFAULT_MMAP_MAX;
  private noDynThreshold = false;
  /** Heap chunks in address order; the top chunk is [topStart(), brk) and not in the list. */
  private readonly heap: Chunk[] = [];
  private heapStart = -1;
  private brkNow = -1;
  /** Directly mmapped chunks: user pointer -> mapping. */
  private readonly mmapped = new Map<number, { addr: number; size: number }>();
  private readonly trace?: (ev: SyscallTraceEvent) => void;

  constructor(private readonly kernel: KernelApi, private readonly pid: number,
    opts: { trace?: (ev: SyscallTraceEvent) => void } = {}) {
    this.trace = opts.trace;
  }

  malloc(n: number): Result<number> {
    if (!Number.isFinite(n) || n < 0 || n > Number.MAX_SAFE_INTEGER / 2) return { ok: false, errno: 'ENOMEM' };
    if (this.heapStart < 0 && !this.initHeap()) return { ok: false, errno: 'ESRCH' };
    const nb = request2size(n);
    const fromBins = this.takeFreeChunk(nb);
    if (fromBins !== undefined) return { ok: true, value: fromBins + 2 * SIZE_SZ };
    if (this.topSize() >= nb + MINSIZE) return { ok: true, value: this.splitTop(nb) + 2 * SIZE_SZ };
    if (nb >= this.mmapThreshold && this.mmapped.size < this.mmapMax) {
      const m = this.mmapChunk(n);
      if (m.ok) return m;
    }
    if (this.growHeap(nb)) return { ok: true, value: this.splitTop(nb) + 2 * SIZE_SZ };
    // sysmalloc: brk failed, so mmap the backing store instead (MMAP_AS_MORECORE): the brk size plus the old top,
    // at least 1 MiB. Simplified: that region serves this request alone and is unmapped when it is freed.
    const size = Math.max(alignUp(this.heapGrowth(nb) + this.topSize(), PAGE), MMAP_AS_MORECORE_SIZE);
    const m = this.mmapRegion(size);
    return m.ok ? m : { ok: false, errno: 'ENOMEM' };
  }

  free(ptr: number): Result<void> {
    if (ptr === 0) return { ok: true, value: undefined };
    const m = this.mmapped.get(ptr);
    if (m) {
      this.mmapped.delete(ptr);
      this.syscall('munmap', [m.addr, m.size], this.kernel.munmap(this.pid, m.addr, m.size), 0);
      // Dynamic threshold (§2.5): a freed mmapped chunk larger than the threshold and <= 32 MiB raises it.
      if (!this.noDynThreshold && m.size > this.mmapThreshold && m.size <= DEFAULT_MMAP_THRESHOLD_MAX) {
        this.mmapThreshold = m.size;
        this.trimThreshold = 2 * m.size;
      }
      return { ok: true, value: undefined };
    }
    const i = this.heap.findIndex((c) => c.addr + 2 * SIZE_SZ === ptr && c.inUse);
    if (i < 0) return { ok: false, errno: 'EINVAL' }; // glibc: "free(): invalid pointer" and abort
    const mergedSize = this.coalesce(i);
    if (mergedSize >= FASTBIN_CONSOLIDATION_THRESHOLD && this.topSize() >= this.trimThreshold) this.systrim(this.topPad);
    return { ok: true, value: undefined };
  }

  /** malloc_trim(pad): trim the top, then MADV_DONTNEED whole free pages inside the heap. */
  mallocTrim(pad = 0): void {
    if (this.heapStart < 0) return;
    this.systrim(pad);
    for (const c of this.heap) {
      if (c.inUse) continue;
      const s = alignUp(c.addr + 2 * SIZE_SZ, PAGE), e = alignDown(c.addr + c.size, PAGE);
      if (e > s) this.syscall('madvise', [s, e - s, 'MADV_DONTNEED'], this.kernel.madviseDontneed(this.pid, s, e - s), 0);
    }
  }

  mallopt(param: MalloptParam, value: number): boolean {
    if (!Number.isInteger(value) || value < 0) return false;
    switch (param) {
      case 'M_MMAP_THRESHOLD':
        if (value > DEFAULT_MMAP_THRESHOLD_MAX) return false;
        this.mmapThreshold = value; break;
      case 'M_TRIM_THRESHOLD': this.trimThreshold = value; break;
      case 'M_TOP_PAD': this.topPad = value; break;
      case 'M_MMAP_MAX': this.mmapMax = value; break;
    }
    this.noDynThreshold = true;
    return true;
  }

  stats(): MallocStats {
    const inUse = this.heap.reduce((a, c) => a + (c.inUse ? c.size : 0), 0);
    const heapBytes = this.heapStart < 0 ? 0 : this.brkNow - this.heapStart;
    let mmappedBytes = 0;
    for (const m of this.mmapped.values()) mmappedBytes += m.size;
    return { heapBytes, heapInUse: inUse, heapFree: heapBytes - inUse, mmappedBytes, mmappedChunks: this.mmapped.size,
      mmapThreshold: this.mmapThreshold, trimThreshold: this.trimThreshold };
  }

  /** Usable size of a live allocation (malloc_usable_size), or undefined. */
  usableSize(ptr: number): number | undefined {
    const m = this.mmapped.get(ptr);
    if (m) return m.size - 2 * SIZE_SZ;
    const c = this.heap.find((x) => x.addr + 2 * SIZE_SZ === ptr && x.inUse);
    return c ? c.size - SIZE_SZ : undefined;
  }

  // --- internals
  private initHeap(): boolean {
    const b = this.kernel.currentBrk(this.pid); // brk(0) happened at start-up (ld.so); not traced again
    if (!b.ok) return false;
    this.heapStart = b.value;
    this.brkNow = b.value;
    return true;
  }

  private topStart(): number {
    const last = this.heap[this.heap.length - 1];
    return last ? last.addr + last.size : this.heapStart;
  }

  private topSize(): number { return this.brkNow - this.topStart(); }

  private splitTop(nb: number): number {
    if (this.heap.length === 0 && this.topSize() >= TCACHE_CHUNK + nb + MINSIZE) {
      this.heap.push({ addr: this.heapStart, size: TCACHE_CHUNK, inUse: true }); // tcache_perthread_struct
    }
    const addr = this.topStart();
    this.heap.push({ addr, size: nb, inUse: true });
    return addr;
  }

  /** Best fit among free heap chunks; split off a remainder of at least MINSIZE. */
  private takeFreeChunk(nb: number): number | undefined {
    let best = -1;
    for (let i = 0; i < this.heap.length; i++) {
      const c = this.heap[i];
      if (!c.inUse && c.size >= nb && (best < 0 || c.size < this.heap[best].size)) best = i;
    }
    if (best < 0) return undefined;
    const c = this.heap[best];
    if (c.size - nb >= MINSIZE) {
      this.heap.splice(best + 1, 0, { addr: c.addr + nb, size: c.size - nb, inUse: false });
      c.size = nb;
    }
    c.inUse = true;
    return c.addr;
  }

  /** Mark chunk i free and merge it with free neighbours (and into top when it is the last); returns the size
   *  of the merged free chunk (the new top size when it joined the top). */
  private coalesce(i: number): number {
    const c = this.heap[i];
    c.inUse = false;
    const next = this.heap[i + 1];
    if (next && !next.inUse) { c.size += next.size; this.heap.splice(i + 1, 1); }
    const prev = this.heap[i - 1];
    let merged = c;
    if (prev && !prev.inUse) { prev.size += c.size; this.heap.splice(i, 1); merged = prev; }
    if (this.heap[this.heap.length - 1] === merged) {
      this.heap.pop(); // merged into top
      return this.topSize();
    }
    return merged.size;
  }

  /** Bytes sysmalloc asks brk for: nb + top_pad + MINSIZE - old top, page aligned. */
  private heapGrowth(nb: number): number {
    const first = this.heap.length === 0;
    const want = (first ? TCACHE_CHUNK : 0) + nb + this.topPad + MINSIZE - this.topSize();
    return alignUp(Math.max(want, 0), PAGE);
  }

  /** sysmalloc's heap extension with brk. */
  private growHeap(nb: number): boolean {
    const target = this.brkNow + this.heapGrowth(nb);
    const r = this.kernel.brk(this.pid, target);
    const got = r.ok ? r.value : this.brkNow;
    this.trace?.({ name: 'brk', args: [target], ret: got });
    if (got !== target) return false;
    this.brkNow = got;
    return true;
  }

  private mmapChunk(n: number): Result<number> {
    return this.mmapRegion(mmapChunkSize(n));
  }

  private mmapRegion(size: number): Result<number> {
    const r = this.kernel.mmap(this.pid, { length: size, prot: PROT_READ | PROT_WRITE, flags: MAP_PRIVATE | MAP_ANONYMOUS });
    this.trace?.({ name: 'mmap', args: [0, size, 'PROT_READ|PROT_WRITE', 'MAP_PRIVATE|MAP_ANONYMOUS', -1, 0],
      ret: r.ok ? r.value : `-1 ${r.errno}` });
    if (!r.ok) return r;
    const ptr = r.value + 2 * SIZE_SZ;
    this.mmapped.set(ptr, { addr: r.value, size });
    return { ok: true, value: ptr };
  }

  /** systrim: give whole pages of the top chunk back, keeping pad + MINSIZE. */
  private systrim(pad: number): void {
    const extra = alignDown(this.topSize() - pad - MINSIZE - 1, PAGE);
    if (extra <= 0) return;
    const target = this.brkNow - extra;
    const r = this.kernel.brk(this.pid, target);
    const got = r.ok ? r.value : this.brkNow;
    this.trace?.({ name: 'brk', args: [target], ret: got });
    if (got === target) this.brkNow = got;
  }

  private syscall(name: SyscallTraceEvent['name'], args: (number | string)[], r: Result<unknown>, okRet: number): void {
    this.trace?.({ name, args, ret: r.ok ? okRet : `-1 ${r.errno}` });
  }
}
