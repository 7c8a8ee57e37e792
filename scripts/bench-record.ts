// The bench row "`memsim record` of every shipped scenario at 100x30, 10 fps: >= 50x faster than real time".
// A tutorial author records with one command: `memsim record scenarios/*.yaml -o DIR` records every scenario in
// one process, so Node's start-up and the dashboard's import are paid once. Measured: that command's wall time
// against the simulated time of all scenarios (start-up included), each scenario's own time inside it (as the
// command prints it: loading, booting, recording, writing), and what one command costs before and after it
// records anything (the per-invocation floor, next to `node -e 0` in the same run). For comparison, one scenario
// per command: the shortest one (where start-up weighs most) in --quick, every one otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RowDefinition, RowResult } from './bench-rows.js';
import { describeStats, num, stats, type Stats } from './bench-stats.js';

const GOAL_X = 50;
const SIZE = ['--cols', '100', '--rows', '30', '--fps', '10'];

interface Timed {
  status: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** user + system of the process (GNU time), NaN without /usr/bin/time. */
  cpuMs: number;
}

/** Runs `node ARGS`; GNU time, when installed, adds the CPU time (a shared machine inflates wall time). */
function timedNode(args: string[], timeFile: string): Timed {
  const timed = existsSync('/usr/bin/time');
  rmSync(timeFile, { force: true });
  const t0 = performance.now();
  const run = timed
    ? spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, process.execPath, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, args, { encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  const cpuMs = timed && existsSync(timeFile)
    ? readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).reduce((a, b) => a + Number(b), 0) * 1000
    : NaN;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, wallMs, cpuMs };
}

/** One scenario as the command reports it: "wrote DIR/NAME.cast: ... 16.9 s simulated in 0.31 s (CPU 0.29 s)". */
interface Recorded {
  name: string;
  simulatedS: number;
  ownS: number;
  ownCpuS: number;
}

function parseSummaries(stdout: string): Recorded[] {
  const out: Recorded[] = [];
  const line = /^memsim record: wrote (?:.*\/)?([^/]+)\.cast: .* ([\d.]+) s simulated in ([\d.]+) s \(CPU ([\d.]+) s\)$/gm;
  for (const m of stdout.matchAll(line)) {
    out.push({ name: m[1]!, simulatedS: Number(m[2]), ownS: Number(m[3]), ownCpuS: Number(m[4]) });
  }
  return out;
}

function failure(head: Pick<RowResult, 'figure' | 'goal'>, what: string): RowResult {
  return { ...head, memsim: `n/a (${what})`, reference: 'simulated duration of each scenario', verdict: 'n/a' };
}

export function recordRow(memsimBin: string, scenarioDir: string): RowDefinition {
  return {
    id: 'record',
    describe: () => ({
      figure: '`memsim record` of every shipped scenario at 100x30, 10 fps',
      goal: `>= ${GOAL_X}x faster than real time (every scenario)`,
    }),
    async run(ctx) {
      const head = this.describe();
      const files = existsSync(scenarioDir) ? readdirSync(scenarioDir).filter((f) => f.endsWith('.yaml')).sort() : [];
      if (files.length === 0) return failure(head, 'no scenarios/*.yaml');
      const paths = files.map((f) => join(scenarioDir, f));
      const tmp = mkdtempSync(join(tmpdir(), 'memsim-bench-rec-'));
      const timeFile = join(tmp, 'time');
      try {
        const nodeStart = stats([0, 1, 2].map(() => timedNode(['-e', '0'], timeFile).wallMs));
        // The whole batch, as a tutorial author runs it.
        const batches: Array<{ run: Timed; recorded: Recorded[] }> = [];
        for (let i = 0; i < (ctx.quick ? 1 : 3); i++) {
          const out = join(tmp, `batch${i}`);
          const run = timedNode([memsimBin, 'record', ...paths, '-o', out, ...SIZE], timeFile);
          const recorded = parseSummaries(run.stdout);
          if (run.status !== 0 || recorded.length !== files.length) {
            return failure(head, `memsim record scenarios/*.yaml: exit ${run.status}, ${recorded.length} of ${files.length} recorded; ${run.stderr.trim().split('\n')[0]}`);
          }
          batches.push({ run, recorded });
        }
        const simulatedS = batches[0]!.recorded.reduce((sum, r) => sum + r.simulatedS, 0);
        const whole = stats(batches.map((b) => (simulatedS * 1000) / b.run.wallMs));
        const wholeCpu = stats(batches.map((b) => (simulatedS * 1000) / b.run.cpuMs));
        // Start-up (Node, memsim's main bundle) and exit: the command's wall time outside every scenario's own time.
        const floorMs = stats(batches.map((b) => b.run.wallMs - 1000 * b.recorded.reduce((sum, r) => sum + r.ownS, 0)));
        // Each scenario: the median over the runs of its own speed inside the command (real and CPU time).
        const perScenario = batches[0]!.recorded.map((first, i) => ({
          name: first.name,
          simulatedS: first.simulatedS,
          speed: stats(batches.map((b) => b.recorded[i]!.simulatedS / Math.max(b.recorded[i]!.ownS, 0.01))).median,
          cpuSpeed: stats(batches.map((b) => b.recorded[i]!.simulatedS / Math.max(b.recorded[i]!.ownCpuS, 0.01))).median,
        }));
        const slowest = perScenario.reduce((a, b) => (b.speed < a.speed ? b : a));
        const slowestCpu = perScenario.reduce((a, b) => (b.cpuSpeed < a.cpuSpeed ? b : a));
        const each = stats(perScenario.map((s) => s.speed));
        const eachCpu = stats(perScenario.map((s) => s.cpuSpeed));

        // One scenario per command, for comparison with recording them one by one.
        const shortest = perScenario.reduce((a, b) => (b.simulatedS < a.simulatedS ? b : a));
        const singles = (ctx.quick ? [shortest.name] : perScenario.map((s) => s.name)).map((name) => {
          const run = timedNode([memsimBin, 'record', join(scenarioDir, `${name}.yaml`), '-o', join(tmp, `${name}.cast`), ...SIZE], timeFile);
          const simulated = perScenario.find((s) => s.name === name)!.simulatedS;
          return { name, speed: (simulated * 1000) / run.wallMs, wallMs: run.wallMs, ok: run.status === 0 };
        });
        const singleSlowest = singles.reduce((a, b) => (b.speed < a.speed ? b : a));
        const singleText = ctx.quick
          ? `${singleSlowest.name} alone ${num(singleSlowest.speed)}x (${num(singleSlowest.wallMs / 1000)} s wall for ${num(shortest.simulatedS)} s)`
          : `median ${num(stats(singles.map((s) => s.speed)).median)}x, slowest ${singleSlowest.name} ${num(singleSlowest.speed)}x`;

        const ok = slowest.speed >= GOAL_X && whole.median >= GOAL_X && singles.every((s) => s.ok);
        return {
          ...head,
          memsim:
            `one command for all ${files.length} scenarios (${num(simulatedS)} simulated s): ${describeStats(whole, 'x')} ` +
            `(wall, Node start-up included; per CPU second ${num(wholeCpu.median)}x); each scenario's own time in it: ` +
            `median ${num(each.median)}x, slowest ${slowest.name} ${num(slowest.speed)}x (per CPU second: median ` +
            `${num(eachCpu.median)}x, slowest ${slowestCpu.name} ${num(slowestCpu.cpuSpeed)}x); start-up and exit of the command ` +
            `${describeMs(floorMs)}; one scenario per command: ${singleText}`,
          reference: `simulated duration of each scenario (1.0x); \`node -e 0\` ${describeMs(nodeStart)}`,
          verdict: ok ? 'meets' : 'short',
        };
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
  };
}

function describeMs(s: Stats): string {
  return describeStats(s, 'ms');
}
