// The C library as the simulated programs use it: malloc/free with glibc's (ptmalloc2) rules, wired to a Tracer so
// that under strace every brk/mmap/munmap malloc makes is printed as strace does, and with a per-call record of which
// syscalls a malloc or free needed (brk vs mmap) for the `malloc` program.
// INTERIM: until KERNEL-CORE's source/libc/malloc.ts lands, this file carries a reduced ptmalloc: requests below the
// 128 KiB mmap threshold are carved from a brk heap grown by request + M_TOP_PAD (128 KiB) + 32, rounded to pages;
// larger ones get their own mmap of request + 16 rounded to pages; free munmaps those and keeps heap chunks (no
// reuse, no trim, no dynamic threshold). Replace createAllocator's body with the libc Malloc when it exists.
import { MAP_ANONYMOUS, MAP_PRIVATE, PAGE_SIZE, PROT_READ, PROT_WRITE } from '../kernel/types.js';
import type { KernelApi, Result } from '../kernel/types.js';
import { failedReturn, hex, type Tracer } from './io.js';

export interface Allocator {
  malloc(n: number): Result<number>;
  free(addr: number): Result<void>;
  /** Names of the syscalls made since the last call to this (e.g. ['brk'] or ['mmap']). */
  takeSyscalls(): string[];
}

const MMAP_THRESHOLD = 128 * 1024;
const TOP_PAD = 128 * 1024;
const MINSIZE = 32;

const roundUp = (n: number, to: number) => Math.ceil(n / to) * to;

export function createAllocator(kernel: KernelApi, pid: number, tracer?: Tracer): Allocator {
  let made: string[] = [];
  let heapEnd: number | undefined; // current break
  let heapUsed = 0; // first free byte of the heap
  const mmapped = new Map<number, number>(); // user pointer -> mapping length

  const traced = (name: string, call: string, ret: string) => {
    made.push(name);
    tracer?.(call, ret);
  };

  const brk = (addr: number): number | undefined => {
    const result = addr === 0 ? kernel.currentBrk(pid) : kernel.brk(pid, addr);
    const value = result.ok ? result.value : undefined;
    traced('brk', addr === 0 ? 'brk(NULL)' : `brk(${hex(addr)})`, value === undefined ? failedReturn('ENOMEM') : hex(value));
    return value;
  };

  const mallocMmap = (nb: number): Result<number> => {
    const length = roundUp(nb + 8, PAGE_SIZE);
    const mapped = kernel.mmap(pid, { length, prot: PROT_READ | PROT_WRITE, flags: MAP_PRIVATE | MAP_ANONYMOUS });
    traced('mmap', `mmap(NULL, ${length}, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)`,
      mapped.ok ? hex(mapped.value) : failedReturn(mapped.errno));
    if (!mapped.ok) return mapped;
    mmapped.set(mapped.value + 16, length);
    return { ok: true, value: mapped.value + 16 };
  };

  const mallocHeap = (nb: number): Result<number> | undefined => {
    if (heapEnd === undefined) {
      const start = brk(0);
      if (start === undefined) return undefined;
      heapEnd = start;
      heapUsed = start;
    }
    if (heapUsed + nb + MINSIZE > heapEnd) {
      const want = roundUp(heapUsed + nb + TOP_PAD + MINSIZE, PAGE_SIZE);
      const got = brk(want);
      if (got === undefined || got < want) return undefined; // brk refused: glibc falls back to mmap
      heapEnd = got;
    }
    const pointer = heapUsed + 16;
    heapUsed += nb;
    return { ok: true, value: pointer };
  };

  return {
    malloc(n) {
      const nb = Math.max(MINSIZE, roundUp(n + 8, 16));
      if (nb >= MMAP_THRESHOLD) return mallocMmap(nb);
      return mallocHeap(nb) ?? mallocMmap(nb);
    },
    free(addr) {
      const length = mmapped.get(addr);
      if (length === undefined) return { ok: true, value: undefined };
      mmapped.delete(addr);
      const unmapped = kernel.munmap(pid, addr - 16, length);
      traced('munmap', `munmap(${hex(addr - 16)}, ${length})`, unmapped.ok ? '0' : failedReturn(unmapped.errno));
      return unmapped;
    },
    takeSyscalls() {
      const taken = made;
      made = [];
      return taken;
    },
  };
}
