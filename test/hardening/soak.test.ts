// The soak in the suite: 10 simulated minutes of the dashboard (the bundled dist/soak.mjs, NODE_ENV=production as
// users run it, --expose-gc) through the pressure loop of scripts/soak.ts; heap growth after a 3-minute warm-up
// must stay under 4 MiB, and every buffer that lives as long as the dashboard must stay bounded.
// `npm run soak` runs the same loop for one simulated hour.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SoakReport } from '../../scripts/soak.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MiB = 2 ** 20;
/** Stated bound for the 7 minutes after warm-up (the bounded buffers are full well before, see below). */
const HEAP_GROWTH_BOUND = 4 * MiB;

let report: SoakReport;

beforeAll(() => {
  const { CI, CONTINUOUS_INTEGRATION, ...env } = process.env;
  const out = execFileSync(process.execPath, ['--expose-gc', join(ROOT, 'dist', 'soak.mjs')], {
    cwd: ROOT,
    env: { ...env, NODE_ENV: 'production', MEMSIM_SOAK_MINUTES: '10', MEMSIM_SOAK_WARMUP: '3', MEMSIM_SOAK_JSON: '1' },
    encoding: 'utf8',
    timeout: 280_000,
  });
  const line = out.split('\n').find((l) => l.startsWith('SOAK-REPORT '));
  if (!line) throw new Error(`no report from dist/soak.mjs:\n${out}`);
  report = JSON.parse(line.slice('SOAK-REPORT '.length)) as SoakReport;
  console.log(out.split('\n').filter((l) => !l.startsWith('SOAK-REPORT')).join('\n'));
}, 300_000);

describe('soak: 10 simulated minutes of the dashboard under pressure', () => {
  it('really ran the pressure loop: 10 minutes, OOM kills, keys and prompt lines executed, frames drawn', () => {
    expect(report.simulatedMs).toBeGreaterThanOrEqual(10 * 60_000);
    expect(report.samples.length).toBeGreaterThanOrEqual(10);
    expect(report.oomKills).toBeGreaterThan(0);
    expect(report.lastCommands.some((c) => c.startsWith('key hog'))).toBe(true);
    expect(report.lastCommands.some((c) => c.startsWith('prompt free -h -> 0'))).toBe(true);
    expect(report.bytesWritten).toBeGreaterThan(20_000);
  });

  it('keeps every long-lived buffer bounded: kernel log ring, command log, history graphs, job table', () => {
    expect(report.buffers.dmesgLines).toBeLessThanOrEqual(4096);
    expect(report.buffers.commandLog).toBeLessThanOrEqual(200);
    expect(report.buffers.historySamples).toBeLessThanOrEqual(300);
    expect(report.buffers.jobs).toBeLessThanOrEqual(20);
  });

  // Found here (NOTES.md HARDEN -> UI 20:13: ~2 MiB per simulated minute in a build of 20:05, React/Ink side, the
  // driver alone flat); gone in the build of 20:14 (heap flat at 15-16 MiB over 10 minutes).
  it('keeps JS heap growth after warm-up below 4 MiB', () => {
    expect(report.heapGrowthBytes).toBeLessThan(HEAP_GROWTH_BOUND);
  });
});
