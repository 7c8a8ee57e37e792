// vmstat(8) of procps-ng 4.x, default (narrow) layout: the two header lines and `%2lu %2lu %6lu %6lu %6lu %6lu %4u
// %4u %5u %5u %4u %4u %2u %2u %2u %2u %2u` data lines (procps-ng src/vmstat.c new_header/new_format). The first line
// averages si/so/bi/bo since boot, later lines (vmstat DELAY COUNT) show per-second rates over the interval.
// Memory in KiB: swpd = SwapTotal - SwapFree, free = MemFree, buff = Buffers, cache = Cached + SReclaimable.
// Simplified: memsim has no CPU model, so in/cs are 0 and the cpu columns read 0 0 100 0 0.

export const VMSTAT_HEADER =
  'procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----\n' +
  ' r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n';

export interface VmstatSample {
  timeMs: number;
  meminfo: Readonly<Record<string, number>>;
  /** /proc/vmstat counters (pswpin/pswpout in pages, pgpgin/pgpgout in KiB). */
  counters: Readonly<Record<string, number>>;
  running: number;
  blocked: number;
}

const KB_PER_PAGE = 4;

function pad(value: number, width: number): string {
  return String(Math.max(0, Math.trunc(value))).padStart(width);
}

/** (delta + half) / seconds, rounded as vmstat's integer arithmetic does. */
function perSecond(delta: number, seconds: number): number {
  if (seconds <= 0) return 0;
  return Math.floor((delta + Math.floor(seconds / 2)) / seconds);
}

/** One data line; with `previous`, rates over [previous, sample] (seconds rounded down, at least 1). */
export function formatVmstatLine(sample: VmstatSample, previous?: VmstatSample): string {
  const m = sample.meminfo;
  const c = sample.counters;
  const p = previous?.counters;
  const seconds = previous
    ? Math.max(1, Math.round((sample.timeMs - previous.timeMs) / 1000))
    : Math.max(1, Math.floor(sample.timeMs / 1000));
  const delta = (name: string) => (c[name] ?? 0) - (p?.[name] ?? 0);
  const fields = [
    pad(sample.running, 2),
    pad(sample.blocked, 2),
    pad((m.SwapTotal ?? 0) - (m.SwapFree ?? 0), 6),
    pad(m.MemFree ?? 0, 6),
    pad(m.Buffers ?? 0, 6),
    pad((m.Cached ?? 0) + (m.SReclaimable ?? 0), 6),
    pad(perSecond(delta('pswpin') * KB_PER_PAGE, seconds), 4),
    pad(perSecond(delta('pswpout') * KB_PER_PAGE, seconds), 4),
    pad(perSecond(delta('pgpgin'), seconds), 5),
    pad(perSecond(delta('pgpgout'), seconds), 5),
    pad(0, 4),
    pad(0, 4),
    pad(0, 2),
    pad(0, 2),
    pad(100, 2),
    pad(0, 2),
    pad(0, 2),
  ];
  return fields.join(' ') + '\n';
}
