// `hog`: a memory hog, the program behind "start a process that eats memory". Like stress-ng's vm stressor or
// the classic memhog: it mallocs at a steady rate (glibc malloc: small steps from the brk heap, big ones mmapped)
// and touches a share of what it got (memset), so RSS grows with it; --shared maps MAP_SHARED|MAP_ANONYMOUS instead
// (shmem: counted in Shmem and buff/cache). On reaching --size it holds the memory until killed. SIGUSR1 doubles
// the rate, SIGUSR2 halves it (the dashboard's +/- keys).
import { MAP_ANONYMOUS, MAP_SHARED, PAGE_SIZE, PROT_READ, PROT_WRITE } from '../kernel/types.js';
import type { Program, ProgramContext, Signal } from '../kernel/types.js';
import { strerror } from '../shell/errno.js';
import { SIGNAL_NUMBER } from '../shell/signals.js';
import { formatSize } from '../shell/size.js';
import { createAllocator, type Allocator } from './allocator.js';
import { hex, traceReturn, type ProgramIO } from './io.js';

export interface HogOptions {
  /** Bytes per second of allocation. */
  rateBps: number;
  /** Stop allocating at this many bytes (undefined: until memory runs out). */
  sizeBytes?: number;
  /** Share of each allocation written to, 0..100. */
  touchPercent: number;
  shared: boolean;
  comm: string;
}

/** Default allocation rate when --rate is not given. */
export const HOG_DEFAULT_RATE_BPS = 256 * 2 ** 20;

/** Largest single allocation per step, so one step stays bounded whatever the rate and quantum. */
const MAX_CHUNK = 64 * 2 ** 20;
/** Smallest allocation: below it the hog sleeps until the rate allows this much (few steps at low rates). */
const MIN_BATCH = 64 * 1024;

export class Hog implements Program {
  readonly comm: string;
  private allocated = 0;
  private touched = 0;
  private rateBps: number;
  private allocator: Allocator | undefined;
  private reported = false;
  /** The rate applies from here: time and bytes allocated when it last changed (start, SIGUSR1/2). */
  private paceStartMs: number | undefined;
  private paceStartBytes = 0;

  constructor(
    private readonly options: HogOptions,
    private readonly io: ProgramIO,
  ) {
    this.comm = options.comm;
    this.rateBps = options.rateBps;
  }

  step(ctx: ProgramContext): void {
    const limit = this.options.sizeBytes ?? Number.POSITIVE_INFINITY;
    if (this.allocated >= limit) {
      this.reportHolding(ctx);
      // Holding: a sleeping process (ps state S) until a signal comes.
      ctx.sleep?.(1000);
      return;
    }
    const want = this.nextChunk(ctx, limit);
    if (want === 0) return;
    const addr = this.options.shared ? this.mapShared(ctx, want) : this.mallocPrivate(ctx, want);
    if (addr === undefined) return;
    this.allocated += want;
    const touchBytes = Math.floor((want * this.options.touchPercent) / 100);
    if (touchBytes > 0) {
      const fault = ctx.kernel.touch(ctx.pid, addr, touchBytes, true);
      if (fault.ok) this.touched += touchBytes;
    }
  }

  onSignal(ctx: ProgramContext, sig: Signal): void {
    if (sig === 'SIGUSR1' || sig === 'SIGUSR2') {
      this.rateBps = sig === 'SIGUSR1' ? this.rateBps * 2 : Math.max(PAGE_SIZE, Math.floor(this.rateBps / 2));
      this.paceStartMs = ctx.nowMs;
      this.paceStartBytes = this.allocated;
    } else ctx.exit(128 + SIGNAL_NUMBER[sig]);
  }

  /**
   * Bytes to allocate now, in whole pages (so --size N ends at exactly N): what the rate allowed since the pace
   * started, minus what is allocated. Less than MIN_BATCH (and not the end): sleep until that much is due.
   */
  private nextChunk(ctx: ProgramContext, limit: number): number {
    this.paceStartMs ??= ctx.nowMs;
    const elapsedMs = ctx.nowMs - this.paceStartMs + ctx.quantumMs;
    const due = this.paceStartBytes + Math.floor((this.rateBps * elapsedMs) / 1000 / PAGE_SIZE) * PAGE_SIZE;
    const want = Math.min(limit - this.allocated, due - this.allocated, MAX_CHUNK);
    if (want >= MIN_BATCH || (want > 0 && this.allocated + want >= limit)) return want;
    const dueAtMs = ((this.allocated + MIN_BATCH - this.paceStartBytes) * 1000) / this.rateBps;
    const waitMs = Math.ceil(dueAtMs - elapsedMs);
    if (waitMs > ctx.quantumMs) ctx.sleep?.(waitMs - ctx.quantumMs);
    return 0;
  }

  private mallocPrivate(ctx: ProgramContext, bytes: number): number | undefined {
    this.allocator ??= createAllocator(ctx.kernel, ctx.pid, this.io.trace);
    const got = this.allocator.malloc(bytes);
    if (got.ok) return got.value;
    this.io.stderr(`${this.comm}: malloc(${bytes}) failed after ${formatSize(this.allocated)}: ${strerror(got.errno)}\n`);
    this.io.fail?.(got.errno);
    ctx.exit(1);
    return undefined;
  }

  private mapShared(ctx: ProgramContext, bytes: number): number | undefined {
    const length = Math.ceil(bytes / PAGE_SIZE) * PAGE_SIZE;
    const mapped = ctx.kernel.mmap(ctx.pid, { length, prot: PROT_READ | PROT_WRITE, flags: MAP_SHARED | MAP_ANONYMOUS });
    this.io.trace?.(
      `mmap(NULL, ${length}, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0)`,
      traceReturn(mapped, hex),
    );
    if (mapped.ok) return mapped.value;
    this.io.stderr(`${this.comm}: mmap(${length}) failed after ${formatSize(this.allocated)}: ${strerror(mapped.errno)}\n`);
    this.io.fail?.(mapped.errno);
    ctx.exit(1);
    return undefined;
  }

  private reportHolding(ctx: ProgramContext): void {
    if (this.reported) return;
    this.reported = true;
    ctx.print(`${this.comm}: allocated ${formatSize(this.allocated)}, touched ${formatSize(this.touched)}; holding it (pid ${ctx.pid})\n`);
  }
}

