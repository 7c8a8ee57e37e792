// Soak: the dashboard, headless, through a presenter's pressure loop for a long stretch of simulated time at the
// fastest speed, sampling the JS heap (after a forced GC) and the process RSS, and reading the sizes of every
// buffer that could grow with time (kernel log ring, command log, shell job table, history graphs).
// `npm run soak` runs one simulated hour (bundled to dist/soak.mjs, NODE_ENV=production, --expose-gc);
// test/hardening/soak.test.ts runs 10 simulated minutes of the same loop and asserts the heap growth bound.
// The terminal is virtual (source/record/virtual-terminal.ts) and so is the clock: no real time is waited.
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { installVirtualClock, flushImmediates, pinRecordingEnvironment, VirtualTtyInput, VirtualTtyOutput } from '../source/record/virtual-terminal.js';
import { createSession } from '../source/shell/session.js';
import { keyBytes } from '../source/ui/keymap.js';
import { mountDashboard } from '../source/ui/mount.js';

export interface SoakOptions {
  simulatedMinutes: number;
  /** Minutes of simulated time before the first heap sample counts (JIT, caches, history filling up). */
  warmupMinutes: number;
  fps?: number;
  speed?: number;
  onSample?: (sample: SoakSample) => void;
}

export interface SoakSample {
  simulatedMinute: number;
  heapUsedBytes: number;
  rssBytes: number;
}

export interface SoakReport {
  samples: SoakSample[];
  /** Heap after the last sample minus heap at the end of warm-up (after GC). */
  heapGrowthBytes: number;
  buffers: { dmesgLines: number; commandLog: number; jobs: number; historySamples: number };
  simulatedMs: number;
  frames: number;
  bytesWritten: number;
  wallMs: number;
  oomKills: number;
  /** The newest command log lines, to see that the loop really pressed its keys. */
  lastCommands: string[];
}

/** A forced full GC, also without --expose-gc (the flag can be turned on at run time). */
function collectGarbage(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g();
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** One round of what a presenter does, spread over `framesPerCycle` frames: keys for pressure, then recovery. */
function pressureStep(frame: number, framesPerCycle: number, press: (key: string) => void, exec: (line: string) => void, files: () => string[]): void {
  const step = frame % framesPerCycle;
  const plan: Record<number, () => void> = {
    0: () => press('p'),
    1: () => press('P'),
    2: () => press('f'),
    3: () => press('t'),
    4: () => press('+'),
    5: () => press('s'),
    6: () => press('3'),
    7: () => press('o'),
    8: () => press('o'),
    9: () => press('o'),
    10: () => exec('kill -9 $(pidof hog) $(pidof bighog)'),
    11: () => { for (const f of files()) exec(`rm ${f}`); },
    // The ':' prompt, one step per frame as a person types: open, text, Enter; Escape in case it stayed open.
    12: () => press(':'),
    13: () => { for (const ch of 'free -h') press(ch); },
    14: () => press('enter'),
    15: () => press('escape'),
  };
  plan[step]?.();
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const restoreEnv = pinRecordingEnvironment();
  const clock = installVirtualClock();
  const started = performance.now();
  let bytesWritten = 0;
  const stdout = new VirtualTtyOutput(120, 40, (data) => { bytesWritten += data.length; });
  const stdin = new VirtualTtyInput();
  const session = createSession({ machine: { ramBytes: 2 ** 30, swapBytes: 2 ** 29, seed: 7 } });
  const mounted = mountDashboard({
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    session, fps: options.fps ?? 4, speed: options.speed ?? 16, paused: false, columns: 120, rows: 40,
  });
  const driver = mounted.driver;
  const frameMs = 1000 / driver.fps;
  const press = (key: string) => stdin.write(keyBytes(key));
  const exec = (line: string) => { session.exec(line, 'cli'); };
  const files = () => {
    const out: string[] = [];
    for (const dir of ['/dev/shm', '/var/tmp']) {
      const list = session.kernel.readdir(dir);
      if (list.ok) out.push(...list.value.filter((f) => f.kind === 'file').map((f) => f.path));
    }
    return out;
  };
  const samples: SoakSample[] = [];
  let frames = 0;
  let nextSampleMinute = 0;
  let warmHeap: number | undefined;
  const endMs = options.simulatedMinutes * 60_000;
  try {
    while (session.kernel.nowMs() < endMs) {
      pressureStep(frames, 16, press, exec, files);
      await flushImmediates();
      await clock.tickAsync(frameMs);
      await flushImmediates();
      frames++;
      const minute = session.kernel.nowMs() / 60_000;
      if (minute >= nextSampleMinute) {
        collectGarbage();
        const sample = { simulatedMinute: Math.round(minute * 10) / 10, heapUsedBytes: process.memoryUsage().heapUsed, rssBytes: process.memoryUsage.rss() };
        samples.push(sample);
        options.onSample?.(sample);
        if (warmHeap === undefined && minute >= options.warmupMinutes) warmHeap = sample.heapUsedBytes;
        nextSampleMinute = Math.floor(minute) + 1;
      }
    }
  } finally {
    mounted.unmount();
    clock.uninstall();
    restoreEnv();
  }
  const last = samples[samples.length - 1]!;
  return {
    samples,
    heapGrowthBytes: last.heapUsedBytes - (warmHeap ?? last.heapUsedBytes),
    buffers: {
      dmesgLines: session.kernel.dmesg(0).length,
      commandLog: session.commandLog().length,
      jobs: session.shell.jobs().length,
      historySamples: driver.history.size,
    },
    simulatedMs: session.kernel.nowMs(),
    frames,
    bytesWritten,
    wallMs: performance.now() - started,
    oomKills: session.kernel.snapshot().vmstat.oom_kill ?? 0,
    lastCommands: session.commandLog().slice(-20).map((e) => `${e.origin} ${e.line} -> ${e.status}`),
  };
}

const MiB = 2 ** 20;
/** The stated bound: heap growth after warm-up over the whole soak (one hour: about 0.4 MiB per 10 minutes seen). */
export const HEAP_GROWTH_LIMIT_BYTES = 16 * MiB;

async function main(): Promise<void> {
  const minutes = Number(process.env.MEMSIM_SOAK_MINUTES ?? 60);
  const warmupMinutes = Number(process.env.MEMSIM_SOAK_WARMUP ?? Math.min(5, minutes / 4));
  console.log(`soak: ${minutes} simulated minutes of the dashboard at 16x, 120x40 virtual terminal, NODE_ENV=${process.env.NODE_ENV}`);
  const report = await runSoak({
    simulatedMinutes: minutes,
    warmupMinutes,
    onSample: (s) => console.log(`  t=${String(s.simulatedMinute).padStart(5)} min  heap ${(s.heapUsedBytes / MiB).toFixed(1)} MiB  rss ${(s.rssBytes / MiB).toFixed(1)} MiB`),
  });
  console.log(`soak: ${report.frames} frames, ${(report.simulatedMs / 60_000).toFixed(1)} simulated min in ${(report.wallMs / 1000).toFixed(1)} s wall, ${report.oomKills} OOM kills, ${(report.bytesWritten / 1024).toFixed(0)} KiB written to the terminal`);
  console.log(`soak: last commands:\n  ${report.lastCommands.join('\n  ')}`);
  console.log(`soak: heap growth after warm-up ${(report.heapGrowthBytes / MiB).toFixed(2)} MiB; buffers ${JSON.stringify(report.buffers)}`);
  // For test/hardening/soak.test.ts: the whole report on one line.
  if (process.env.MEMSIM_SOAK_JSON === '1') console.log(`SOAK-REPORT ${JSON.stringify(report)}`);
  process.exitCode = report.heapGrowthBytes > HEAP_GROWTH_LIMIT_BYTES ? 1 : 0;
}

if (process.argv[1]?.endsWith('soak.mjs')) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
