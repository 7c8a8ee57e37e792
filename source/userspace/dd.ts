// `dd if=FILE|/dev/zero of=PATH bs=SIZE [count=N]` (GNU coreutils dd.c, reduced to these operands): copies in
// records of bs bytes through the page cache, or into tmpfs under /dev/shm, and ends with dd's own three lines
// (`N+M records in`, `N+M records out`, `X bytes (Y MB, Z MiB) copied, T s, R MB/s`), formatted as print_xfer_stats
// does (human_readable with SI and IEC units, %g seconds). SIGINT prints the statistics and ends it, SIGUSR1 prints
// them and goes on, as in dd.
import type { Program, ProgramContext, Signal } from '../kernel/types.js';
import { strerror } from '../shell/errno.js';
import { Copier, COPY_BYTES_PER_SECOND, type CopyEnds } from './copy.js';
import type { ProgramIO } from './io.js';

export interface DdOptions extends CopyEnds {
  blockSize: number;
  /** Records to copy; undefined: until end of input (forever for /dev/zero). */
  count?: number;
  /** status=none (no statistics) or status=noxfer (no transfer line). */
  status?: 'none' | 'noxfer';
  /** conv=fsync|fdatasync: flush before exiting (simplified to sync(2) of everything, which is a superset). */
  fsync?: boolean;
}

export class Dd implements Program {
  readonly comm = 'dd';
  private readonly copier: Copier;
  private startMs: number | undefined;
  private fullIn = 0;
  private partialIn = 0;
  private fullOut = 0;
  private partialOut = 0;
  private bytes = 0;
  private lastStepBytes = 0;
  private lastNowMs = 0;
  private synced = false;
  private pendingExit = false;

  constructor(
    private readonly options: DdOptions,
    private readonly io: ProgramIO,
  ) {
    this.copier = new Copier(options, io.trace);
  }

  step(ctx: ProgramContext): void {
    this.lastNowMs = ctx.nowMs;
    if (this.pendingExit) return this.finish(ctx, 0);
    if (this.startMs === undefined && !this.open(ctx)) return;
    const bs = this.options.blockSize;
    const budget = Math.floor((COPY_BYTES_PER_SECOND * ctx.quantumMs) / 1000);
    let records = Math.max(1, Math.floor(budget / bs));
    if (this.options.count !== undefined) records = Math.min(records, this.options.count - this.recordsIn());
    if (records <= 0) return this.finish(ctx, 0);
    this.lastStepBytes = 0;
    for (let i = 0; i < records; i++) {
      const read = this.copier.read(ctx, bs);
      if (!read.ok) return this.fail(ctx, read.errno, 'reading', this.options.input);
      if (read.bytes === 0) return this.finish(ctx, 0);
      if (read.bytes === bs) this.fullIn++;
      else this.partialIn++;
      const wrote = this.copier.write(ctx, read.bytes);
      if (!wrote.ok) return this.fail(ctx, wrote.errno, 'writing', this.options.output ?? 'standard output');
      if (wrote.bytes === bs) this.fullOut++;
      else this.partialOut++;
      this.bytes += wrote.bytes;
      this.lastStepBytes += wrote.bytes;
      if (read.bytes < bs) return this.finish(ctx, 0);
    }
    if (this.options.count !== undefined && this.recordsIn() >= this.options.count) this.finish(ctx, 0);
  }

  onSignal(ctx: ProgramContext, sig: Signal): void {
    const quiet = this.options.status === 'none';
    if (sig === 'SIGUSR1') {
      if (!quiet) this.io.stderr(this.statistics());
      return;
    }
    if (sig === 'SIGINT' && !quiet) this.io.stderr(this.statistics());
    ctx.exit(sig === 'SIGINT' ? 130 : sig === 'SIGHUP' ? 129 : 143);
  }

  private open(ctx: ProgramContext): boolean {
    this.startMs = ctx.nowMs;
    const input = this.copier.openInput(ctx);
    if (!input.ok) {
      this.io.stderr(`dd: failed to open '${this.options.input}': ${strerror(input.errno)}\n`);
      this.io.fail?.(input.errno);
      ctx.exit(1);
      return false;
    }
    const output = this.copier.openOutput(ctx);
    if (!output.ok) {
      this.io.stderr(`dd: failed to open '${this.options.output}': ${strerror(output.errno)}\n`);
      this.io.fail?.(output.errno);
      ctx.exit(1);
      return false;
    }
    return true;
  }

  private recordsIn(): number {
    return this.fullIn + this.partialIn;
  }

  private fail(ctx: ProgramContext, errno: Parameters<typeof strerror>[0], doing: string, path: string): void {
    this.io.stderr(`dd: error ${doing} '${path}': ${strerror(errno)}\n`);
    this.io.fail?.(errno);
    this.finish(ctx, 1);
  }

  private finish(ctx: ProgramContext, code: number): void {
    if (code === 0 && this.options.fsync && !this.synced) {
      // fsync blocks until the data is on disk: the kernel charges that time; exit on the next step.
      this.synced = true;
      const synced = ctx.kernel.sync(ctx.pid);
      this.io.trace?.('fsync(1)', synced.ok ? '0' : `-1 ${synced.errno} (${strerror(synced.errno)})`);
      this.pendingExit = true;
      return;
    }
    if (this.options.status !== 'none') this.io.stderr(this.statistics());
    ctx.exit(code);
  }

  /** print_stats(): the records lines and the transfer line. */
  private statistics(): string {
    const elapsedMs = this.lastNowMs - (this.startMs ?? this.lastNowMs) + (this.lastStepBytes / COPY_BYTES_PER_SECOND) * 1000;
    const records = `${this.fullIn}+${this.partialIn} records in\n${this.fullOut}+${this.partialOut} records out\n`;
    if (this.options.status === 'noxfer') return records;
    return records + formatTransfer(this.bytes, elapsedMs / 1000) + '\n';
  }
}

/** The last line of dd's statistics (print_xfer_stats). */
export function formatTransfer(bytes: number, seconds: number): string {
  const si = humanReadable(bytes, 1000, ['kB', 'MB', 'GB', 'TB', 'PB']);
  const iec = humanReadable(bytes, 1024, ['KiB', 'MiB', 'GiB', 'TiB', 'PiB']);
  const rate = seconds > 0 ? `${humanReadable(bytes / seconds, 1000, ['kB', 'MB', 'GB', 'TB', 'PB'])}/s` : 'Infinity B/s';
  const time = `${formatG(seconds)} s`;
  if (bytes < 1000) return `${bytes} byte${bytes === 1 ? '' : 's'} copied, ${time}, ${rate}`;
  if (bytes < 1024) return `${bytes} bytes (${si}) copied, ${time}, ${rate}`;
  return `${bytes} bytes (${si}, ${iec}) copied, ${time}, ${rate}`;
}

/** gnulib human_readable with autoscale, round-to-nearest, a space before the unit and the B suffix. */
export function humanReadable(value: number, base: number, units: readonly string[]): string {
  if (value < base) return `${Math.round(value)} B`;
  let scaled = value;
  let unit = -1;
  while (scaled >= base && unit < units.length - 1) {
    scaled /= base;
    unit++;
  }
  // One decimal below 10 (as human_readable does when it keeps a fraction), whole numbers from 10 up.
  if (scaled < 10) {
    const rounded = Math.round(scaled * 10) / 10;
    if (rounded < 10) return `${rounded.toFixed(1)} ${units[unit]}`;
    scaled = rounded;
  }
  const whole = Math.round(scaled);
  if (whole >= base && unit < units.length - 1) return `${(whole / base).toFixed(1)} ${units[unit + 1]}`;
  return `${whole} ${units[unit]}`;
}

/** printf's %g: 6 significant digits, trailing zeros removed, exponent form below 1e-4. */
export function formatG(value: number): string {
  if (value === 0) return '0';
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (exponent < -4 || exponent >= 6) {
    const [mantissa, exp] = value.toExponential(5).split('e');
    const trimmed = mantissa!.replace(/\.?0+$/, '');
    const expNumber = Number(exp);
    return `${trimmed}e${expNumber < 0 ? '-' : '+'}${String(Math.abs(expNumber)).padStart(2, '0')}`;
  }
  return value.toPrecision(6).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}
