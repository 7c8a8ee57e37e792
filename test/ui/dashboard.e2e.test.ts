// The built `memsim` (dist/memsim.js, built by test/global-setup.ts) in a real terminal (tmux) over the real
// simulated kernel: the panels at 80x24 and 120x40, and the newcomer's path — press p on a small machine, watch
// RSS rise until the OOM killer's line appears in the kernel log — then q brings the shell back clean.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { hasTmux, Tmux } from './support/tmux.js';

const BIN = 'dist/memsim.js';

let tmux: Tmux | undefined;

function start(columns: number, rows: number, flags: string): Tmux {
  const t = new Tmux(columns, rows);
  tmux = t;
  t.run(`node ${BIN} ${flags}; echo EXIT=$?`);
  t.waitFor((s) => s.includes('kernel log') && s.includes('PID') && s.includes('q quit'), 'the dashboard', 30_000);
  return t;
}

function quit(t: Tmux): void {
  t.keys('q');
  const screen = t.waitFor((s) => /EXIT=\d+\s*\nREADY\$\s*$/.test(s), 'the prompt');
  expect(screen).toContain('EXIT=0');
  expect(t.info().alternateOn).toBe(false);
}

/** RSS column (kB) of the first row whose COMM is `comm`, read by the header's column positions. */
function rssOf(screen: string, comm: string): number | undefined {
  const lines = screen.split('\n');
  const header = lines.find((l) => l.includes('PID') && l.includes('RSS'));
  const row = lines.find((l) => new RegExp(`\\s${comm}\\s`).test(l) && /^[> ]\s*\d+ /.test(l));
  if (!header || !row) return undefined;
  const end = header.indexOf('RSS') + 'RSS'.length + 1; // right-aligned under the heading (+ sort marker)
  const cell = row.slice(end - 7, end).trim();
  const m = cell.match(/^([\d.]+)([KMG])$/);
  if (!m) return undefined;
  return Number(m[1]) * { K: 1, M: 1024, G: 1024 * 1024 }[m[2] as 'K' | 'M' | 'G'];
}

describe.skipIf(!hasTmux || !existsSync(BIN))('memsim dashboard end to end (tmux, dist/memsim.js)', () => {
  afterEach(() => {
    tmux?.kill();
    tmux = undefined;
  });

  test('80x24: every panel fits; the frame is one row shorter than the terminal', () => {
    const t = start(80, 24, '--ram 1G');
    const lines = t.screen().split('\n');
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
    for (const part of ['memsim  up', 'Mem  [', 'Swap [', 'kswapd', 'PSI', 'swappiness', 'PID', 'RSS', 'kernel log', 'command log']) {
      expect(lines.join('\n')).toContain(part);
    }
    expect(lines[22]).toContain('q quit');
    expect(lines[23]?.trim() ?? '').toBe('');
    quit(t);
  });

  test('120x40: wide headings and every panel', () => {
    const t = start(120, 40, '--ram 1G');
    const screen = t.screen();
    for (const part of ['oom_score_adj', 'CommitLimit', 'buff/cache', 'kernel log', 'command log']) expect(screen).toContain(part);
    expect(screen.split('\n')[38]).toContain('q quit');
    quit(t);
  });

  test('p on a 256M machine without swap: hog RSS rises, then the OOM killer line in the kernel log', () => {
    const t = start(100, 30, '--ram 256M --swap 0');
    t.keys('p');
    const first = t.waitFor((s) => (rssOf(s, 'hog') ?? 0) > 0, 'a hog row', 20_000);
    const rss1 = rssOf(first, 'hog')!;
    t.waitFor((s) => (rssOf(s, 'hog') ?? 0) > rss1 + 8 * 1024 || /Out of memory: Killed/.test(s), 'hog RSS to rise', 30_000);
    const screen = t.waitFor((s) => /Out of memory: Killed process \d+ \(hog\)/.test(s), 'the OOM kill line', 60_000);
    expect(screen).toContain('$ hog --rate 64M/s &');
    quit(t);
  });
});
