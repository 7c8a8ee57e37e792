// Component tests of the dashboard: what is on screen for a known machine state, and what each key does to the
// machine (through the command line it runs) and to the screen.
import { describe, expect, test } from 'vitest';
import { computeFree, formatFree } from '../../source/procps/free.js';
import { KEY_BINDINGS } from '../../source/ui/keymap.js';
import type { PlaybackPort } from '../../source/ui/playback.js';
import { DashboardDriver } from '../../source/ui/driver.js';
import { FakeSession } from './support/fake-session.js';
import { renderApp } from './support/render.js';

/** The cells of one row of `free -h` output, e.g. row('Mem:') -> [total, used, free, shared, buff/cache, available]. */
function freeRow(meminfo: Record<string, number>, label: string): string[] {
  const text = formatFree(computeFree(meminfo), { unit: 'h', wide: false });
  const line = text.split('\n').find((l) => l.startsWith(label))!;
  return line.slice(label.length).trim().split(/\s+/);
}

describe('header meters', () => {
  test('show exactly the numbers `free -h` prints for the same /proc/meminfo', async () => {
    const r = renderApp(100, 30);
    r.session.fake.meminfo = {
      ...r.session.fake.meminfo,
      MemTotal: 4_030_000, MemFree: 812_345, MemAvailable: 2_100_000, Buffers: 54_321, Cached: 1_234_567,
      Shmem: 98_765, SReclaimable: 44_444, SwapTotal: 2_097_148, SwapFree: 1_500_000,
    };
    await r.frames(1);
    const [total, used, free, shared, buffCache, available] = freeRow(r.session.fake.meminfo, 'Mem:');
    const [swapTotal, swapUsed] = freeRow(r.session.fake.meminfo, 'Swap:');
    const screen = r.frame();
    expect(screen).toContain(`total ${total}`);
    expect(screen).toContain(`used ${used} `);
    expect(screen).toContain(`free ${free} `);
    expect(screen).toContain(`shared ${shared} `);
    expect(screen).toContain(`buff/cache ${buffCache} `);
    expect(screen).toContain(`available ${available}`);
    expect(screen).toContain(`used ${swapUsed} of ${swapTotal}`);
    // Concrete values, so a wrong formula in both places cannot pass: 4030000 kB = 3.8Gi, 1929999 kB used = 1.8Gi.
    expect([total, used, swapUsed]).toEqual(['3.8Gi', '1.8Gi', '583Mi']);
    r.unmount();
  });

  test('Mem bar: used, shared, cache and free have their own fill characters; watermarks are marked', async () => {
    const r = renderApp(100, 30);
    await r.frames(1);
    const bar = r.frame().split('\n').find((l) => l.startsWith('Mem  ['))!;
    expect(bar).toMatch(/\[█+▓*▒+·+/);
    expect(bar).toMatch(/[mlh]\]/);
    // 1.5 GB of 2 GB MemAvailable -> about a quarter of the bar is `used`.
    const inner = bar.slice(bar.indexOf('[') + 1, bar.indexOf(']'));
    const usedCells = (inner.match(/█/g) ?? []).length;
    expect(usedCells / inner.length).toBeCloseTo(500_000 / 2_000_000, 1);
    r.unmount();
  });

  test('reclaim line shows kswapd, PSI avg10, overcommit mode, Committed_AS vs CommitLimit, swappiness', async () => {
    const r = renderApp(140, 40);
    r.session.fake.kswapd = 'reclaiming';
    await r.frames(1);
    const screen = r.frame();
    expect(screen).toContain('kswapd reclaiming');
    expect(screen).toContain('PSI some 1.50 full 0.25');
    expect(screen).toContain('overcommit 0 (heuristic)');
    expect(screen).toContain('Committed_AS 878Mi / CommitLimit 2.0Gi');
    expect(screen).toContain('swappiness 60');
    r.unmount();
  });
});

describe('keys run real command lines through the session', () => {
  test('p starts a hog: the line is in the command log, a hog row appears and its RSS rises', async () => {
    const r = renderApp(100, 30);
    await r.press('p');
    expect(r.session.lines).toEqual(['hog --rate 64M/s &']);
    expect(r.frame()).toContain('$ hog --rate 64M/s &');
    await r.frames(4); // 1 s of simulated time at 4 fps
    const hogRow = (): string => r.frame().split('\n').find((l) => / hog /.test(l))!;
    const rss1 = hogRow();
    await r.frames(8);
    const rss2 = hogRow();
    expect(rss1).toContain('65M'); // 1000 kB at spawn + 64 MiB/s x 1 s
    expect(rss2).toContain('193M'); // + 2 s more
    r.unmount();
  });

  test('3 drops the page cache: echo 3 > /proc/sys/vm/drop_caches, buff/cache falls on screen', async () => {
    const r = renderApp(100, 30);
    await r.frames(1);
    expect(r.frame()).toContain('buff/cache 341Mi');
    await r.press('3');
    await r.frames(1);
    expect(r.session.lines).toEqual(['echo 3 > /proc/sys/vm/drop_caches']);
    expect(r.frame()).toContain('$ echo 3 > /proc/sys/vm/drop_caches');
    expect(r.frame()).toContain('buff/cache 60Mi '); // Buffers 20000 + Shmem 12000 + SReclaimable 30000 kB
    expect(r.frame()).toContain('drop_caches: 3');
    r.unmount();
  });

  test('o cycles vm.overcommit_memory, ] and [ step vm.swappiness, s runs sync', async () => {
    const r = renderApp(100, 30);
    await r.press('o', ']', ']', '[', 's');
    expect(r.session.lines).toEqual([
      'sysctl -w vm.overcommit_memory=1', 'sysctl -w vm.swappiness=70', 'sysctl -w vm.swappiness=80',
      'sysctl -w vm.swappiness=70', 'sync',
    ]);
    expect(r.session.fake.sysctl['vm.overcommit_memory']).toBe(1);
    expect(r.frame()).toContain('swappiness 70');
    expect(r.frame()).toContain('ovc 1');
    r.unmount();
  });

  test('a / A change oom_score_adj of the selected row; k asks for the signal, 9 sends SIGKILL', async () => {
    const r = renderApp(100, 30);
    await r.frames(1);
    await r.press('down'); // rows sorted by RSS: systemd, sshd, bash -> select sshd
    await r.press('a', 'a');
    expect(r.session.lines).toEqual(['echo -100 > /proc/412/oom_score_adj', 'echo -200 > /proc/412/oom_score_adj']);
    expect(r.frame().split('\n').find((l) => l.includes('sshd'))).toMatch(/-200 S$/);
    await r.press('k');
    expect(r.frame()).toContain('kill 412 (sshd)?');
    await r.press('9');
    expect(r.session.lines.at(-1)).toBe('kill -9 412');
    await r.frames(1);
    expect(r.frame()).not.toMatch(/ sshd /);
    r.unmount();
  });

  test('k then Esc kills nothing; + with no hog says so instead of running a command', async () => {
    const r = renderApp(100, 30);
    await r.press('k', 'escape', '+');
    expect(r.session.lines).toEqual([]);
    expect(r.frame()).toContain('no hog running (press p)');
    await r.press('p', '+');
    expect(r.session.lines).toEqual(['hog --rate 64M/s &', 'kill -USR1 1000']);
    r.unmount();
  });

  test(': runs a typed command (origin prompt) and Up recalls it', async () => {
    const r = renderApp(100, 30);
    await r.press(':');
    await r.type('sync');
    expect(r.frame()).toContain('$ sync█');
    await r.press('enter');
    expect(r.session.lines).toEqual(['sync']);
    expect(r.session.commandLog()[0]!.origin).toBe('prompt');
    await r.press(':', 'up');
    expect(r.frame()).toContain('$ sync█');
    await r.press('escape');
    expect(r.session.lines).toEqual(['sync']);
    r.unmount();
  });
});

describe('navigation and views', () => {
  test('sort keys, filter, details with /proc/PID/status fields and mappings', async () => {
    const r = renderApp(120, 40);
    await r.frames(1);
    expect(r.frame()).toContain('RSS▼');
    await r.press('>');
    expect(r.frame()).toContain('oom_score▼');
    await r.press('/');
    await r.type('ssh');
    await r.press('enter');
    const rows = r.frame().split('\n').filter((l) => /^[> ]\s+\d+ root/.test(l));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('sshd');
    await r.press('enter');
    const details = r.frame();
    expect(details).toContain('PID 412 sshd');
    expect(details).toMatch(/VmRSS:\s+8192 kB/);
    expect(details).toContain('[heap]');
    expect(details).toContain('262144 kB');
    await r.press('escape');
    expect(r.frame()).toContain('kernel log');
    r.unmount();
  });

  test('? lists every key of the key table with its description', async () => {
    const r = renderApp(240, 60);
    await r.press('?');
    const screen = r.frame();
    for (const b of KEY_BINDINGS) {
      expect(screen, b.key).toContain(`${b.label.padEnd(7)} ${b.description}`);
    }
    await r.press('escape');
    expect(r.frame()).toContain('kernel log');
    r.unmount();
  });

  test('space pauses with a banner, . steps one frame, { } change speed', async () => {
    const r = renderApp(100, 30);
    await r.press('space');
    expect(r.driver.paused).toBe(true);
    expect(r.frame()).toContain('PAUSED');
    const before = r.session.fake.timeMs;
    await r.press('.');
    expect(r.session.fake.timeMs - before).toBe(250);
    await r.press('}', '}');
    expect(r.frame()).toContain('speed 4x');
    await r.press('.');
    expect(r.session.fake.timeMs - before).toBe(250 + 1000);
    await r.press('{', '{', '{', '{', '{', '{');
    expect(r.frame()).toContain('speed 0.25x');
    await r.press('space');
    expect(r.frame()).not.toContain('PAUSED');
    r.unmount();
  });

  test('an OOM-killed process stays marked X for a moment, and the OOM report is in the kernel log', async () => {
    const r = renderApp(100, 30);
    r.session.fake.meminfo.MemFree = 200_000;
    await r.press('P'); // 256 MiB/s: free runs out within a second
    await r.frames(4);
    const screen = r.frame();
    expect(screen).toMatch(/bighog OOM-killed.* X/);
    // Its RSS is already 0, yet it is pinned on top of the RSS-sorted table while it is shown.
    const firstRow = screen.split('\n').find((l) => /^[> ]\s+\d+ root/.test(l));
    expect(firstRow).toMatch(/1000 root\s+bighog OOM-killed\s+\S+\s+0K/);
    expect(screen).toContain('Out of memory: Killed process 1000 (bighog)');
    expect(screen).toContain('oom kills 1');
    await r.frames(12); // reaped 2 s later
    expect(r.frame()).not.toContain('bighog OOM-killed');
    expect(r.frame()).toContain('procs 3');
    r.unmount();
  });

  test('caption bar shows the scenario caption and step k of n', async () => {
    const player: PlaybackPort = {
      advance: () => undefined, caption: 'Protect sshd, then start two hogs', stepIndex: 2, stepCount: 5,
      finished: false, title: 'The OOM killer',
    };
    const r = renderApp(100, 30, { player });
    await r.frames(1);
    expect(r.frame()).toContain('│ step 2 of 5 · The OOM killer');
    expect(r.frame()).toContain('▌ Protect sshd, then start two hogs');
    r.unmount();
  });

  test('a long caption wraps over up to 3 rows at 80x24, cut with … after that', async () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const player: PlaybackPort = { advance: () => undefined, caption: words, stepIndex: 1, stepCount: 3, finished: false };
    const r = renderApp(80, 24, { player });
    await r.frames(1);
    const rows = r.frame().split('\n').filter((l) => l.startsWith('▌ '));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^▌ word0 word1 /);
    expect(rows[2]!.endsWith('…')).toBe(true);
    expect(r.frame().split('\n').length).toBeLessThanOrEqual(23);
    r.unmount();
  });

  test('an exact --speed is kept; { and } step to the listed speeds from there', async () => {
    const driver = new DashboardDriver({ session: new FakeSession(), speed: 3 });
    expect(driver.speed).toBe(3);
    driver.faster();
    expect(driver.speed).toBe(4);
    driver.slower();
    driver.slower();
    expect(driver.speed).toBe(1);
  });

  test('a frame in which nothing shown changed does not re-render; one that changes something does', () => {
    const session = new FakeSession();
    const driver = new DashboardDriver({ session, fps: 4 });
    driver.frame(); // t = 0.25 s: the history's first second is still open
    const v = driver.version;
    driver.frame();
    driver.frame(); // t = 0.75 s: same second on the clock, same numbers
    expect(driver.version).toBe(v);
    driver.frame(); // t = 1.0 s: the clock shows a new second and a graph sample is taken
    expect(driver.version).toBe(v + 1);
    session.fake.meminfo.MemFree! -= 4;
    driver.frame();
    expect(driver.version).toBe(v + 2);
  });

  test('scenario keys from the player are pressed like typed keys', async () => {
    let keys = ['p', '3'];
    const player: PlaybackPort = {
      advance: () => undefined, caption: undefined, stepIndex: 1, stepCount: 1, finished: false,
      takeKeys: () => {
        const k = keys;
        keys = [];
        return k;
      },
    };
    const r = renderApp(100, 30, { player });
    await r.frames(1);
    expect(r.session.lines).toEqual(['hog --rate 64M/s &', 'echo 3 > /proc/sys/vm/drop_caches']);
    // The last key pressed shows in the footer for one second of frames (4 at 4 fps).
    expect(r.frame()).toContain(' key 3 ');
    await r.frames(3);
    expect(r.frame()).toContain(' key 3 ');
    await r.frames(1);
    expect(r.frame()).not.toContain(' key 3 ');
    r.unmount();
  });

  test('below 60x16 only one line says the terminal is too small', async () => {
    const r = renderApp(59, 30);
    expect(r.frame()).toBe('terminal too small (59x30), need 60x16');
    r.unmount();
  });

  test.each([
    [80, 24],
    [60, 16],
  ])('%ix%i: every panel is there and nothing is wider or taller than the frame', async (columns, rows) => {
    const r = renderApp(columns, rows);
    await r.press('p');
    await r.frames(2);
    const lines = r.frame().split('\n');
    expect(lines.length).toBeLessThanOrEqual(rows - 1);
    for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(columns);
    const text = lines.join('\n');
    for (const part of ['memsim', 'Mem  [', 'Swap [', 'kswapd', 'free ', 'PID', 'kernel log', 'command log', 'q quit']) {
      expect(text).toContain(part);
    }
    r.unmount();
  });
});
