// The floor under the `startup` bench row: how long Node plus Ink, React and yoga take to draw a full-screen
// frame when there is nothing else to do (no kernel, no dashboard), built and launched exactly as dist/memsim.js
// is (scripts/build.mjs with its plugins, the CommonJS bundle run through the V8 code cache by
// source/cli/launcher.ts). Measured in the bench's pty wrapper side by side with `node -e 0` and the dashboard,
// alternating, so the three figures share the machine's load.
// Usage: node scripts/startup-floor.mjs [RUNS]   (after `npm run build`; default 9 runs of each)
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 9);

// The floor program: the alternate screen, then one Ink frame of 39 rows x 120 columns of text (a few colours),
// about the dashboard's first frame in bytes; quits on any key, as the dashboard quits on q.
const FLOOR_MAIN = `
process.stdout.write('\\x1b[?1049h\\x1b[H\\x1b[2J');
void import('./floor-ui.js').then((ui) => ui.show());
`;
const FLOOR_UI = `
import React from 'react';
import { Box, Text, render } from 'ink';
export function show(): void {
  const rows = Array.from({ length: 38 }, (_, i) =>
    React.createElement(Text, { key: i, color: i % 2 ? 'green' : undefined }, \`row \${i} \`.padEnd(110, '.')));
  const app = render(React.createElement(Box, { flexDirection: 'column', height: 39, width: 120 }, ...rows),
    { exitOnCtrlC: false, patchConsole: false, incrementalRendering: true });
  process.stdin.setRawMode?.(true);
  process.stdin.once('data', () => { app.unmount(); process.stdout.write('\\x1b[?1049l'); process.exit(0); });
}
`;

function buildFloor() {
  const dir = mkdtempSync(join(tmpdir(), 'memsim-floor-'));
  for (const file of ['scripts/build.mjs', 'scripts/build-plugins.mjs', 'source/cli/launcher.ts']) {
    mkdirSync(join(dir, dirname(file)), { recursive: true });
    cpSync(join(root, file), join(dir, file));
  }
  writeFileSync(join(dir, 'source/cli/main.ts'), FLOOR_MAIN);
  writeFileSync(join(dir, 'source/cli/floor-ui.ts'), FLOOR_UI);
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  const built = spawnSync(process.execPath, [join(dir, 'scripts/build.mjs'), 'memsim'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(built.stderr);
  return dir;
}

/** ms from spawning the pty wrapper to the end of the first frame of >= 1000 bytes (or to exit: exitOnly). */
function timeInPty(command, exitOnly) {
  return new Promise((resolve) => {
    const { CI: _ci, CONTINUOUS_INTEGRATION: _cci, ...env } = process.env;
    const t0 = performance.now();
    const chunks = [];
    const child = spawn('script', ['-qfec', `bash -c "stty rows 40 cols 120; ${command}"`, '/dev/null'],
      { stdio: ['pipe', 'pipe', 'pipe'], env: { ...env, TERM: 'xterm-256color' } });
    let quitting = false;
    child.stdout.on('data', (d) => {
      chunks.push([performance.now() - t0, d.length]);
      if (!quitting) { quitting = true; setTimeout(() => child.stdin.write('q'), 1500); }
    });
    child.stderr.resume();
    const kill = setTimeout(() => child.kill('SIGTERM'), 20_000);
    child.on('exit', () => {
      clearTimeout(kill);
      if (exitOnly) return resolve(performance.now() - t0);
      const frames = [];
      let last = -Infinity;
      for (const [t, n] of chunks) {
        if (t - last >= 30) frames.push({ at: t, bytes: 0 });
        frames[frames.length - 1].bytes += n;
        last = t;
      }
      const frame = frames.find((f) => f.bytes >= 1000);
      if (!frame) return resolve(NaN);
      resolve(chunks.filter(([t]) => t >= frame.at && t < frame.at + 200).pop()[0]);
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const floorDir = buildFloor();
try {
  const variants = [
    ['node -e 0', 'node -e 0', true],
    ['floor (ink+react+yoga, one 120x39 frame)', `node '${join(floorDir, 'dist/memsim.js')}'`, false],
    ['memsim dashboard', `node '${join(root, 'dist/memsim.js')}' --fps 1`, false],
  ];
  // One untimed run each: writes the code caches, warms the page cache.
  for (const [, command, exitOnly] of variants) await timeInPty(command, exitOnly);
  const times = variants.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [v, [, command, exitOnly]] of variants.entries()) times[v].push(await timeInPty(command, exitOnly));
  }
  const base = median(times[0]);
  console.log(`load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}; ${runs} runs each, alternating`);
  for (const [v, [name]] of variants.entries()) {
    const m = median(times[v]);
    const over = v === 0 ? '' : ` (+${Math.round(m - base)} ms over node)`;
    console.log(`${name}: median ${Math.round(m)} ms${over}, min ${Math.round(Math.min(...times[v]))}, max ${Math.round(Math.max(...times[v]))}`);
  }
} finally {
  rmSync(floorDir, { recursive: true, force: true });
}
