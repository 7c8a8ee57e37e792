// Soak: the bundled dashboard (NODE_ENV=production, as shipped) renders 1,200 frames (300 simulated seconds at
// 4 fps) with hogs growing and being OOM-killed; React must be the production build (no performance.measure()
// entries: the development build leaks ~33 MB per 1,000 frames under Ink) and the heap must not grow.
import { execFileSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { bundleEntry } from './support/bundle.js';

test('1,200 frames: production React, no measure entries, heap peaks grow under 2 MB', async () => {
  const entry = await bundleEntry('test/ui/support/soak-entry.ts');
  const { CI: _ci, CONTINUOUS_INTEGRATION: _ci2, ...env } = process.env;
  const out = execFileSync(process.execPath, ['--expose-gc', entry], { encoding: 'utf8', env: { ...env, NODE_ENV: '' } });
  const result = JSON.parse(out.trim().split('\n').at(-1)!);
  console.log(`soak: ${JSON.stringify(result)}`);
  expect(result.nodeEnv).toBe('production');
  expect(result.measures).toBe(0);
  expect(result.oomKills).toBeGreaterThan(10);
  expect(result.frames).toBe(1200);
  expect(result.written).toBeGreaterThan(300_000);
  // The development build would add ~33 MB over these 1,000 frames (ink-terminal-notes §1.4.3).
  const heaps: number[] = result.heaps;
  expect(heaps).toHaveLength(6);
  expect(Math.max(...heaps.slice(3)) - Math.max(...heaps.slice(0, 3))).toBeLessThan(2 * 1024 * 1024);
}, 240_000);
