// `malloc SIZE...`: a teaching program (the C one-liner `p = malloc(n); memset(p, 1, n); free(p);` per size) that
// prints what glibc malloc did for each size: served from the brk heap or by its own mmap, how VmSize and VmRSS
// moved when the block was obtained (virtual only), written (resident), and freed (munmap gives it back at once, a
// heap chunk stays in the process). One phase per scheduling quantum, so the dashboard can watch it happen.
import type { ProcessInfo, Program, ProgramContext } from '../kernel/types.js';
import { strerror } from '../shell/errno.js';
import { createAllocator, type Allocator } from './allocator.js';
import { hex, type ProgramIO } from './io.js';

type Phase = 'malloc' | 'touch' | 'free';

/** kernel.process: the program reads its own /proc/PID/status. */
export type ProcessLookup = (pid: number) => ProcessInfo | undefined;

export class MallocDemo implements Program {
  readonly comm = 'malloc';
  private index = 0;
  private phase: Phase = 'malloc';
  private addr = 0;
  private allocator: Allocator | undefined;

  constructor(
    private readonly sizes: readonly number[],
    private readonly io: ProgramIO,
    private readonly inspect: ProcessLookup,
  ) {}

  step(ctx: ProgramContext): void {
    const size = this.sizes[this.index];
    if (size === undefined) {
      ctx.exit(0);
      return;
    }
    this.allocator ??= createAllocator(ctx.kernel, ctx.pid, this.io.trace);
    if (this.phase === 'malloc') this.doMalloc(ctx, this.allocator, size);
    else if (this.phase === 'touch') this.doTouch(ctx, size);
    else this.doFree(ctx, this.allocator);
  }

  private doMalloc(ctx: ProgramContext, allocator: Allocator, size: number): void {
    allocator.takeSyscalls();
    const got = allocator.malloc(size);
    if (!got.ok) {
      ctx.print(`malloc(${size}) = NULL: ${strerror(got.errno)}\n`);
      this.io.fail?.(got.errno);
      ctx.exit(1);
      return;
    }
    this.addr = got.value;
    const how = describeMalloc(allocator.takeSyscalls());
    ctx.print(`malloc(${size}) = ${hex(this.addr)}  ${how}  ${memory(ctx, this.inspect)}\n`);
    this.phase = 'touch';
  }

  private doTouch(ctx: ProgramContext, size: number): void {
    const fault = ctx.kernel.touch(ctx.pid, this.addr, size, true);
    const faults = fault.ok ? `${fault.value.minor} minor faults` : strerror(fault.errno);
    ctx.print(`memset(${hex(this.addr)}, 1, ${size})  ${faults}  ${memory(ctx, this.inspect)}\n`);
    this.phase = 'free';
  }

  private doFree(ctx: ProgramContext, allocator: Allocator): void {
    allocator.takeSyscalls();
    allocator.free(this.addr);
    const how = describeFree(allocator.takeSyscalls());
    ctx.print(`free(${hex(this.addr)})  ${how}  ${memory(ctx, this.inspect)}\n`);
    this.phase = 'malloc';
    this.index++;
  }
}

function describeMalloc(syscalls: string[]): string {
  if (syscalls.includes('mmap')) return '[mmap: a mapping of its own]';
  if (syscalls.includes('brk')) return '[brk: heap grown]';
  return '[heap: no syscall]';
}

function describeFree(syscalls: string[]): string {
  if (syscalls.includes('munmap')) return '[munmap: returned to the kernel]';
  if (syscalls.includes('brk')) return '[brk: heap top trimmed]';
  return '[kept in the heap for reuse]';
}

/** VmSize and VmRSS of the program now, as /proc/PID/status shows them. */
function memory(ctx: ProgramContext, inspect: ProcessLookup): string {
  const info = inspect(ctx.pid);
  return info ? `VmSize ${info.vmSizeKb} kB  VmRSS ${info.vmRssKb} kB` : '';
}
