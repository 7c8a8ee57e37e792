// The rows of the issue 7 table. Each row measures memsim and its reference in the same run, several times,
// and judges the medians against the goal. A row whose feature is not built yet reports `n/a` and why.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { faultIn, loadBootKernel, PRESSURE_16G, PRESSURE_64G, runPressure, type PressureConfig } from './bench-kernel.js';
import type { Kernel } from '../source/kernel/types.js';
import { framesOf, runInPty } from './bench-pty.js';
import { recordRow } from './bench-record.js';
import { describeStats, num, repeat, stats } from './bench-stats.js';

export interface RowResult {
  figure: string;
  memsim: string;
  reference: string;
  goal: string;
  verdict: 'meets' | 'short' | 'n/a';
}

export interface RowContext {
  quick: boolean;
}

export interface RowDefinition {
  id: string;
  describe(): Pick<RowResult, 'figure' | 'goal'>;
  run(ctx: RowContext): Promise<RowResult>;
}

/** dist/ (where this bundle lives) and the repository root. */
const distDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(distDir, '..');
const memsimBin = join(distDir, 'memsim.js');

const COLS = 120;
const ROWS = 40;

function notBuilt(head: Pick<RowResult, 'figure' | 'goal'>, what: string, reference = ''): RowResult {
  return { ...head, memsim: `n/a (not built yet: ${what})`, reference, verdict: 'n/a' };
}

function verdict(ok: boolean): 'meets' | 'short' {
  return ok ? 'meets' : 'short';
}

// ---------------------------------------------------------------------------------------------------------
// Page faults: the simulated kernel vs the real one.

const TOUCH_C = `
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
/* Write-faults every 4 KiB page of a fresh anonymous mapping; prints pages and seconds. */
int main(int argc, char **argv) {
  size_t bytes = (size_t)strtoull(argv[1], 0, 10);
  struct timespec a, b;
  char *p = mmap(0, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) { perror("mmap"); return 1; }
  madvise(p, bytes, MADV_NOHUGEPAGE); /* one fault per 4 KiB page, like the simulation */
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (size_t off = 0; off < bytes; off += 4096) p[off] = 1;
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("%zu %.9f\\n", bytes / 4096, (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9);
  return 0;
}
`;

/** Real kernel: pages/s of a C program touching 1 GiB, built with the system's cc now. */
function realFaultRates(runs: number): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'memsim-bench-c-'));
  try {
    writeFileSync(join(dir, 'touch.c'), TOUCH_C);
    execFileSync('cc', ['-O2', '-o', join(dir, 'touch'), join(dir, 'touch.c')]);
    const rates: number[] = [];
    for (let i = 0; i < runs; i++) {
      const [pages, seconds] = execFileSync(join(dir, 'touch'), [String(1024 ** 3)], { encoding: 'utf8' })
        .trim().split(' ').map(Number);
      rates.push(pages / seconds);
    }
    return rates;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const faultsRow: RowDefinition = {
  id: 'faults',
  describe: () => ({
    figure: 'page faults per second, anonymous memory, 16 GiB simulated machine (8 GiB touched)',
    goal: 'memsim >= 5x the real kernel',
  }),
  async run(ctx) {
    const head = this.describe();
    let reference: string;
    let refMedian = NaN;
    try {
      const ref = stats(realFaultRates(ctx.quick ? 3 : 5));
      refMedian = ref.median;
      reference = `${describeStats(ref, 'pages/s')}: C program, 1 GiB, real kernel`;
    } catch (error) {
      reference = `n/a (no C compiler: ${(error as Error).message.split('\n')[0]})`;
    }
    const boot = await loadBootKernel();
    if (!boot) return notBuilt(head, 'source/kernel/index.ts bootKernel', reference);
    const runs = await repeat(ctx.quick ? 1 : 3, () => faultIn(boot, 16, 8));
    const rate = stats(runs.map((r) => r.pages / (r.faultMs / 1000)));
    const bootMs = stats(runs.map((r) => r.bootMs));
    return {
      ...head,
      memsim: `${describeStats(rate, 'pages/s')}; boot ${num(bootMs.median)} ms; ${num(rate.median / refMedian)}x`,
      reference,
      verdict: Number.isNaN(refMedian) ? 'n/a' : verdict(rate.median >= 5 * refMedian),
    };
  },
};

// ---------------------------------------------------------------------------------------------------------
// Simulated seconds per wall second under continuous pressure.

function pressureRow(id: string, cfg: PressureConfig, goalX: number, fullSec: number, quickSec: number): RowDefinition {
  return {
    id,
    describe: () => ({
      figure: `simulated seconds per wall second, ${cfg.ramGiB} GiB RAM + ${cfg.swapGiB} GiB swap, ${cfg.processes} processes, continuous pressure (kswapd, swap, OOM kills)`,
      goal: `>= ${goalX}x`,
    }),
    async run(ctx) {
      const head = this.describe();
      const boot = await loadBootKernel();
      if (!boot) return notBuilt(head, 'source/kernel/index.ts bootKernel', '1.0 (real time)');
      const seconds = ctx.quick ? quickSec : fullSec;
      const runs = await repeat(ctx.quick ? 1 : 3, () => runPressure(boot, cfg, seconds));
      const speed = stats(runs.map((r) => r.simulatedMs / r.wallMs));
      const perCpu = stats(runs.map((r) => r.simulatedMs / r.cpuMs));
      const last = runs[runs.length - 1];
      const activity = `after ${last.warmupSec} s of warm-up, per ${seconds} s: ${last.oomKills} OOM kills, ${num(last.swapOutPages)} pages swapped out, ${num(last.kswapdScanned)} scanned by kswapd; at the end ${num(last.memFreeMiB)} MiB free, ${num(last.swapUsedMiB)} MiB swap used, ${last.processes} workers`;
      const pressured = last.oomKills > 0 && last.swapOutPages > 0 && last.kswapdScanned > 0;
      return {
        ...head,
        memsim: `${describeStats(speed, 'x')} (per CPU second: ${num(perCpu.median)}x); ${activity}${pressured ? '' : ' (NOT under full pressure yet)'}`,
        reference: '1.0 (real time)',
        verdict: verdict(pressured && speed.median >= goalX),
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The dashboard in a pty vs htop in the same pty.

/** The dashboard command at a given refresh rate, or null when dist/memsim.js has no dashboard yet. */
function dashboardCommand(fps: number): string {
  return `node '${memsimBin}' --fps ${fps}`;
}

async function dashboardAvailable(): Promise<boolean> {
  if (!existsSync(memsimBin)) return false;
  const run = await runInPty(dashboardCommand(1), { cols: COLS, rows: ROWS, quitKeys: 'q', runMs: 2500 });
  return framesOf(run.chunks).some((f) => f.bytes >= 1000);
}

function htopAvailable(): boolean {
  return spawnSync('htop', ['--version']).status === 0;
}

/** Median bytes of the steady-state frames (the first two, start-up and first refresh, excluded). */
async function bytesPerFrame(command: string, runMs: number): Promise<number[]> {
  const run = await runInPty(command, { cols: COLS, rows: ROWS, quitKeys: 'q', runMs });
  const first = run.chunks[0]?.[0] ?? 0;
  const frames = framesOf(run.chunks).filter((f) => f.atMs < first + runMs); // not the exit
  return frames.slice(2).map((f) => f.bytes);
}

const bytesRow: RowDefinition = {
  id: 'bytes',
  describe: () => ({
    figure: 'bytes written to the terminal per steady-state frame at 120x40, 1 refresh/s',
    goal: '<= htop',
  }),
  async run(ctx) {
    const head = this.describe();
    const runMs = ctx.quick ? 6000 : 12000;
    const reference = htopAvailable()
      ? stats(await bytesPerFrame('htop -d 10', runMs))
      : null;
    const refText = reference ? `${describeStats(reference, 'B')}: htop -d 10, same pty` : 'n/a (htop not installed)';
    if (!(await dashboardAvailable())) return notBuilt(head, 'the dashboard (memsim with no subcommand)', refText);
    const ours = stats(await bytesPerFrame(dashboardCommand(1), runMs));
    return {
      ...head,
      memsim: describeStats(ours, 'B'),
      reference: refText,
      verdict: reference ? verdict(ours.median <= reference.median) : 'n/a',
    };
  },
};

/** CPU seconds per 100 frames in steady state: the difference between a short and a long run cancels start-up. */
async function cpuPer100Frames(command: string, shortMs: number, longMs: number, startKeys?: string): Promise<number> {
  const measure = async (ms: number) => {
    const run = await runInPty(command, { cols: COLS, rows: ROWS, quitKeys: 'q', runMs: ms, startKeys });
    const first = run.chunks[0]?.[0] ?? 0;
    return { cpu: run.cpuSeconds, frames: framesOf(run.chunks, 15).filter((f) => f.atMs < first + ms).length };
  };
  const a = await measure(shortMs);
  const b = await measure(longMs);
  return (100 * (b.cpu - a.cpu)) / Math.max(1, b.frames - a.frames);
}

const cpuRow: RowDefinition = {
  id: 'cpu',
  describe: () => ({ figure: 'CPU seconds per 100 frames at 120x40, 10 refreshes/s', goal: '<= 3x htop' }),
  async run(ctx) {
    const head = this.describe();
    const runs = ctx.quick ? 1 : 3;
    const [shortMs, longMs] = ctx.quick ? [3000, 8000] : [4000, 14000];
    const reference = htopAvailable() ? stats(await repeat(runs, () => cpuPer100Frames('htop -d 1', shortMs, longMs))) : null;
    const refText = reference ? `${describeStats(reference, 's')}: htop -d 1` : 'n/a (htop not installed)';
    if (!(await dashboardAvailable())) return notBuilt(head, 'the dashboard', refText);
    // `p` starts a memory hog, so numbers change and a frame is written at every refresh, as htop's are.
    const ours = stats(await repeat(runs, () => cpuPer100Frames(dashboardCommand(10), shortMs, longMs, 'p')));
    return {
      ...head,
      memsim: `${describeStats(ours, 's')}; ${num(ours.median / (reference?.median ?? NaN))}x htop`,
      reference: refText,
      verdict: reference ? verdict(ours.median <= 3 * reference.median) : 'n/a',
    };
  },
};

const startupRow: RowDefinition = {
  id: 'startup',
  describe: () => ({ figure: 'time to first full frame (pty, from spawn)', goal: '<= node start-up + 150 ms' }),
  async run(ctx) {
    const head = this.describe();
    const runs = ctx.quick ? 3 : 7;
    const nodeRun = async () => (await runInPty('node -e 0', { cols: COLS, rows: ROWS, quitKeys: '', runMs: 10_000 })).wallMs;
    if (!(await dashboardAvailable())) {
      const nodeStart = stats(await repeat(runs, nodeRun, 1));
      return notBuilt(head, 'the dashboard', `${describeStats(nodeStart, 'ms')}: \`node -e 0\` in the same pty wrapper`);
    }
    const dashboardRun = async () => {
      const run = await runInPty(dashboardCommand(1), { cols: COLS, rows: ROWS, quitKeys: 'q', runMs: 1500 });
      const frame = framesOf(run.chunks).find((f) => f.bytes >= 1000);
      if (!frame) throw new Error('no frame');
      // The frame is complete at its last chunk.
      const end = run.chunks.filter(([t]) => t >= frame.atMs && t < frame.atMs + 200).pop();
      return end ? end[0] : frame.atMs;
    };
    // Alternating, after one untimed start of each: both series see the same machine (its speed drifts by tens of
    // ms within a minute on a shared VM, and a difference of two medians taken minutes apart carries that drift).
    await nodeRun();
    await dashboardRun();
    const nodeTimes: number[] = [], dashboardTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      nodeTimes.push(await nodeRun());
      dashboardTimes.push(await dashboardRun());
    }
    const nodeStart = stats(nodeTimes), first = stats(dashboardTimes);
    const refText = `${describeStats(nodeStart, 'ms')}: \`node -e 0\` in the same pty wrapper, alternating with the dashboard`;
    return {
      ...head,
      memsim: `${describeStats(first, 'ms')}; +${num(first.median - nodeStart.median)} ms over node`,
      reference: refText,
      verdict: verdict(first.median <= nodeStart.median + 150),
    };
  },
};

// ---------------------------------------------------------------------------------------------------------
// Resident memory of a big machine after 10 simulated minutes (measured in a fresh child process).

const rssRow: RowDefinition = {
  id: 'rss',
  describe: () => ({
    figure: 'resident memory, 64 GiB simulated machine, 1,000 processes, after 10 simulated minutes of pressure',
    goal: '<= 100 MiB + 16 B per simulated page',
  }),
  async run(ctx) {
    const head = this.describe();
    const pages = (64 * 1024 ** 3) / 4096;
    const reference = `${num((64 * pages) / 1024 ** 2)} MiB (64 B struct page x ${num(pages)} pages); goal ${num(100 + (16 * pages) / 1024 ** 2)} MiB`;
    if (!(await loadBootKernel())) return notBuilt(head, 'source/kernel/index.ts bootKernel', reference);
    const seconds = ctx.quick ? 30 : 600;
    const out = execFileSync(process.execPath, ['--expose-gc', join(distDir, 'bench.mjs'), '--rss-child', String(seconds)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    const result = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
      rssMiB: number; rssAfterGcMiB: number; heapMiB: number; wallS: number; withUi: boolean;
    };
    const goalMiB = 100 + (16 * pages) / 1024 ** 2;
    return {
      ...head,
      memsim: `${num(result.rssMiB)} MiB RSS settled (10 s idle, a GC each second; ${num(result.rssAfterGcMiB)} MiB right after the first GC), heap ${num(result.heapMiB)} MiB, after ${seconds} simulated s${result.withUi ? ' with the dashboard drawing 120x40 frames' : ', kernel only'} (n=1, ${num(result.wallS)} s wall)`,
      reference,
      verdict: verdict(result.rssMiB <= goalMiB),
    };
  },
};

/**
 * Body of `bench.mjs --rss-child SECONDS`: the 64 GiB / 1,000-process pressure workload with the real dashboard
 * mounted on a fake 120x40 terminal, one frame drawn per simulated second (the driver is paused: the workload
 * moves time). Prints its own RSS after a GC as JSON.
 */
export async function rssChild(seconds: number): Promise<void> {
  const boot = await loadBootKernel();
  if (!boot) throw new Error('no kernel');
  const { createSession } = await import('../source/shell/session.js');
  const ui = await import('../source/ui/index.js');
  const stdout = Object.assign(new Writable({ write: (_c, _e, done) => { bytes += _c.length; done(); } }), {
    isTTY: true, columns: 120, rows: 40,
  }) as unknown as NodeJS.WriteStream;
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true, setRawMode() { return stdin; }, ref() { return stdin; }, unref() { return stdin; },
  }) as unknown as NodeJS.ReadStream;
  let bytes = 0;
  let mounted: ReturnType<typeof ui.mountDashboard> | undefined;
  const t0 = performance.now();
  const frame = async (kernel: Kernel) => {
    mounted ??= ui.mountDashboard({ stdin, stdout, session: createSession({ kernel }), paused: true, columns: 120, rows: 40 });
    mounted.driver.refresh();
    await new Promise((resolve) => setTimeout(resolve, 0)); // let Ink's throttled render run
  };
  if (seconds > 0) await runPressure(boot, PRESSURE_64G, seconds, frame);
  else {
    // `--rss-child 0` (diagnostics, not a row): the same dashboard over the same machine freshly booted, no
    // workload, 10 frames while the clock runs: the baseline the workload's memory comes on top of.
    const kernel = boot({ ramBytes: PRESSURE_64G.ramGiB * 1024 ** 3, swapBytes: PRESSURE_64G.swapGiB * 1024 ** 3 });
    for (let s = 0; s < 10; s++) { kernel.tick(1000); await frame(kernel); }
  }
  mounted?.unmount();
  const wallS = (performance.now() - t0) / 1000;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const first = process.memoryUsage();
  // V8 returns freed heap pages and the backing stores of dead ArrayBuffers (page-table chunks of exited
  // processes) on background threads, and its memory reducer shrinks the heap only after several idle seconds:
  // a real dashboard idles between frames, so its RSS settles. Measured after 600 simulated s: 648 MiB right
  // after the GC, 626 after 1 s, 527 after 5 s, 496 after 7-8 s. Idle 10 s (a GC each second), report both.
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    gc?.();
  }
  const mem = process.memoryUsage();
  if (process.env.MEMSIM_RSS_DIAG) await writeRssDiagnostics(process.env.MEMSIM_RSS_DIAG);
  console.log(JSON.stringify({
    rssMiB: mem.rss / 1024 ** 2,
    rssAfterGcMiB: first.rss / 1024 ** 2,
    heapMiB: mem.heapUsed / 1024 ** 2,
    wallS,
    withUi: bytes > 0,
  }));
}

/** MEMSIM_RSS_DIAG=PREFIX (diagnostics only, not part of the figure): after the settled reading, write
 *  PREFIX.smaps (/proc/self/smaps), PREFIX.v8.json (heap space and code statistics) and, when
 *  MEMSIM_RSS_SNAPSHOT is set, PREFIX.heapsnapshot, to see what the resident memory is made of (PREFIX.pid with
 *  MEMSIM_RSS_HOLD). */
async function writeRssDiagnostics(prefix: string): Promise<void> {
  const { readFileSync } = await import('node:fs');
  const v8 = await import('node:v8');
  writeFileSync(`${prefix}.smaps`, readFileSync('/proc/self/smaps', 'utf8'));
  writeFileSync(`${prefix}.v8.json`, JSON.stringify({
    heap: v8.getHeapStatistics(), spaces: v8.getHeapSpaceStatistics(), code: v8.getHeapCodeStatistics(),
    memory: process.memoryUsage(),
  }, null, 1));
  if (process.env.MEMSIM_RSS_SNAPSHOT) v8.writeHeapSnapshot(`${prefix}.heapsnapshot`);
  // MEMSIM_RSS_HOLD=SECONDS: stay alive that long after the reading, e.g. for `gdb -p PID -batch -ex 'call
  // (void) malloc_stats()'` (glibc: per-arena bytes held vs in use, i.e. how much of the malloc heap is free).
  const hold = Number(process.env.MEMSIM_RSS_HOLD ?? 0);
  if (hold > 0) {
    writeFileSync(`${prefix}.pid`, String(process.pid));
    await new Promise((resolve) => setTimeout(resolve, hold * 1000));
  }
}

export function rowDefinitions(): RowDefinition[] {
  return [
    faultsRow,
    pressureRow('pressure16', PRESSURE_16G, 100, 60, 10),
    pressureRow('pressure64', PRESSURE_64G, 20, 30, 5),
    bytesRow,
    cpuRow,
    startupRow,
    rssRow,
    recordRow(memsimBin, join(repoRoot, 'scenarios')),
  ];
}
