// Runs a full-screen program (memsim's dashboard, htop) in a real pseudo-terminal of a fixed size and records
// what it writes, with timestamps; also the CPU time it used. Uses util-linux `script` for the pty (no native
// node module needed) and bash's `times` builtin for the CPU seconds of everything the shell waited for.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyRun {
  /** [ms since spawn, bytes] of every chunk read from the pty. */
  chunks: Array<[number, number]>;
  /** User + system CPU seconds of the command and its children. */
  cpuSeconds: number;
  /** ms from spawn until the process tree exited. */
  wallMs: number;
}

export interface PtyOptions {
  cols: number;
  rows: number;
  /** Keys written to the program `runMs` after its first output, to make it quit (e.g. "q"); SIGTERM follows
   *  10 s later (a program that never writes is stopped after 30 s). */
  quitKeys: string;
  runMs: number;
  /** Keys written 500 ms after the first output (e.g. "p" to start a hog, so every frame changes). */
  startKeys?: string;
  env?: NodeJS.ProcessEnv;
}

/** Parses bash `times` output: the second line is the children's "XmY.YYYs XmY.YYYs". */
function parseTimes(text: string): number {
  const lines = text.trim().split('\n');
  const children = lines[lines.length - 1] ?? '';
  let total = 0;
  for (const m of children.matchAll(/(\d+)m([\d.]+)s/g)) total += Number(m[1]) * 60 + Number(m[2]);
  return total;
}

export function runInPty(command: string, opts: PtyOptions): Promise<PtyRun> {
  const dir = mkdtempSync(join(tmpdir(), 'memsim-bench-'));
  const timesFile = join(dir, 'times');
  const scriptFile = join(dir, 'run.sh');
  writeFileSync(scriptFile, `stty rows ${opts.rows} cols ${opts.cols}\n${command}\ntimes > '${timesFile}'\n`);
  // CI makes Ink print only the last frame: the dashboard must see an interactive terminal.
  const { CI: _ci, CONTINUOUS_INTEGRATION: _cci, ...base } = process.env;
  const env = { ...base, TERM: 'xterm-256color', ...opts.env };
  const t0 = performance.now();
  const child = spawn('script', ['-qfec', `bash '${scriptFile}'`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env });
  const chunks: Array<[number, number]> = [];
  let quit: NodeJS.Timeout | undefined;
  let kill = setTimeout(() => child.kill('SIGTERM'), 30_000);
  // The run time counts from the first output, so a slow start (a loaded machine) does not eat the measurement.
  child.stdout.on('data', (d: Buffer) => {
    chunks.push([performance.now() - t0, d.length]);
    if (quit) return;
    if (opts.startKeys) setTimeout(() => child.stdin.write(opts.startKeys ?? ''), 500);
    quit = setTimeout(() => child.stdin.write(opts.quitKeys), opts.runMs);
    clearTimeout(kill);
    kill = setTimeout(() => child.kill('SIGTERM'), opts.runMs + 10_000);
  });
  child.stderr.resume();
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(quit);
      clearTimeout(kill);
      const wallMs = performance.now() - t0;
      let cpuSeconds = NaN;
      try {
        cpuSeconds = parseTimes(readFileSync(timesFile, 'utf8'));
      } catch {
        // killed before `times` ran: CPU unknown
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ chunks, cpuSeconds, wallMs });
    });
  });
}

export interface Frame {
  atMs: number;
  bytes: number;
}

/** Groups chunks into frames: a pause of gapMs or more between chunks starts a new frame. */
export function framesOf(chunks: Array<[number, number]>, gapMs = 30): Frame[] {
  const frames: Frame[] = [];
  let last = -Infinity;
  for (const [t, n] of chunks) {
    if (t - last >= gapMs) frames.push({ atMs: t, bytes: 0 });
    frames[frames.length - 1].bytes += n;
    last = t;
  }
  return frames;
}
