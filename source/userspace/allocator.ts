// The C library as the simulated programs use it: glibc malloc/free from source/libc/malloc.ts (KERNEL-CORE's
// ptmalloc2 model), wired to a Tracer so that under strace every brk/mmap/munmap malloc makes is printed as strace
// does (`mmap(NULL, 1052672, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f...`), and with a per-call
// record of which syscalls a malloc or free needed (brk vs mmap), for the `malloc` program.
import type { Errno, KernelApi, Result } from '../kernel/types.js';
import { Malloc, type SyscallTraceEvent } from '../libc/malloc.js';
import { strerror } from '../shell/errno.js';
import { hex, type Tracer } from './io.js';

export interface Allocator {
  malloc(n: number): Result<number>;
  free(addr: number): Result<void>;
  /** Names of the syscalls made since the last call to this (e.g. ['brk'] or ['mmap']). */
  takeSyscalls(): string[];
}

export function createAllocator(kernel: KernelApi, pid: number, tracer?: Tracer): Allocator {
  let made: string[] = [];
  let firstBrk = true;
  let breakBefore: number | undefined;
  const libc = new Malloc(kernel, pid, {
    trace: (event) => {
      made.push(event.name);
      if (!tracer) return;
      // glibc's first sbrk() asks for the current break (brk(0)) before it grows the heap.
      if (event.name === 'brk' && firstBrk) {
        firstBrk = false;
        if (breakBefore !== undefined) tracer('brk(NULL)', hex(breakBefore));
      }
      tracer(formatCall(event), formatReturn(event));
    },
  });
  return {
    malloc: (n) => {
      if (firstBrk && tracer) {
        const current = kernel.currentBrk(pid);
        breakBefore = current.ok ? current.value : undefined;
      }
      return libc.malloc(n);
    },
    free: (addr) => libc.free(addr),
    takeSyscalls: () => {
      const taken = made;
      made = [];
      return taken;
    },
  };
}

/** An argument as strace shows it: NULL for a null address, hex for addresses, decimal for sizes and fds. */
function formatArg(name: SyscallTraceEvent['name'], value: number | string, index: number): string {
  if (typeof value === 'string') return value;
  if (index === 0) return value === 0 ? 'NULL' : hex(value);
  if (name === 'madvise' && index === 2) return value === 4 ? 'MADV_DONTNEED' : String(value);
  return String(value);
}

function formatCall(event: SyscallTraceEvent): string {
  return `${event.name}(${event.args.map((a, i) => formatArg(event.name, a, i)).join(', ')})`;
}

function formatReturn(event: SyscallTraceEvent): string {
  const ret = event.ret;
  if (typeof ret === 'string') {
    const errno = /^-1 ([A-Z0-9]+)$/.exec(ret);
    return errno ? `${ret} (${strerror(errno[1] as Errno)})` : ret;
  }
  return event.name === 'brk' || event.name === 'mmap' ? hex(ret) : String(ret);
}
