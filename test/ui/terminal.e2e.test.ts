// The dashboard in a real terminal (tmux): alternate screen, restore on every way out, resize, the size floor,
// and incremental frames equal to a full redraw. Runs a bundle of the real UI code over the FakeSession, so these
// terminal properties are tested independently of the simulated kernel (dashboard.e2e.test.ts runs dist/memsim.js).
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { bundleEntry } from './support/bundle.js';
import { hasTmux, Tmux } from './support/tmux.js';


const PROMPT = 'READY$';
let entry = '';
let tmux: Tmux | undefined;

function open(columns: number, rows: number, env = ''): Tmux {
  const t = new Tmux(columns, rows);
  tmux = t;
  t.run(`${env} node ${entry}; echo EXIT=$?`);
  t.waitFor((s) => s.includes('kernel log') && s.includes('PID'), 'the dashboard');
  expect(t.info().alternateOn).toBe(true);
  return t;
}

/** After the dashboard ended: main screen, cursor shown, nothing of the dashboard left, echo and icanon on. */
function expectRestored(t: Tmux, status: number): string {
  const screen = t.waitFor((s) => new RegExp(`EXIT=\\d+\\s*\\n${PROMPT.replace('$', '\\$')}\\s*$`).test(s), 'the prompt to come back');
  expect(screen).toContain(`EXIT=${status}`);
  const info = t.info();
  expect(info.alternateOn).toBe(false);
  expect(info.cursorVisible).toBe(true);
  expect(screen).not.toContain('kernel log');
  t.run('stty -a');
  const stty = t.waitFor((s) => s.includes('icanon') && s.trimEnd().endsWith(PROMPT), 'stty -a output');
  const words = stty.split(/\s+/);
  expect(words).toContain('echo');
  expect(words).toContain('icanon');
  expect(words).not.toContain('-echo');
  expect(words).not.toContain('-icanon');
  return screen;
}

describe.skipIf(!hasTmux)('dashboard in a real terminal (tmux, fake kernel)', () => {
  beforeAll(async () => {
    entry = await bundleEntry('test/ui/support/fake-dashboard.ts');
  });

  afterEach(() => {
    tmux?.kill();
    tmux = undefined;
  });

  test('q restores the terminal: main screen, cursor, echo + icanon, prompt back', () => {
    const t = open(80, 24);
    t.keys('q');
    expectRestored(t, 0);
  });

  test('Ctrl-C restores the terminal', () => {
    const t = open(80, 24);
    t.keys('C-c');
    expectRestored(t, 0);
  });

  test.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ])('%s restores the terminal (exit %i)', (signal, status) => {
    const t = open(80, 24);
    const pid = t.childPid();
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, signal as NodeJS.Signals);
    expectRestored(t, status);
  });

  test('an uncaught error restores the terminal first, then prints the error on the main screen', () => {
    const t = open(80, 24, 'MEMSIM_CRASH_AFTER=600');
    const screen = expectRestored(t, 1);
    expect(screen).toContain('memsim: internal error: injected crash (MEMSIM_CRASH_AFTER=600)');
  });

  test('colour by default; NO_COLOR=1 gives no colour codes and the meters still differ by fill character', () => {
    let t = open(80, 24);
    expect(t.screenWithEscapes()).toMatch(/\x1b\[[0-9;]*38;[25];/);
    t.keys('q');
    expectRestored(t, 0);
    t.kill();
    t = open(80, 24, 'NO_COLOR=1');
    const screen = t.screenWithEscapes();
    expect(screen).not.toMatch(/\x1b\[[0-9;]*3[0-9]m|\x1b\[[0-9;]*38;/);
    expect(screen).toMatch(/Mem {2}\[█+▓*▒+·+/);
    t.keys('q');
    expectRestored(t, 0);
  });

  test('fits 80x24, re-lays out on resize to 120x40, and refuses below 60x16', () => {
    const t = open(80, 24);
    let screen = t.screen();
    expect(screen).toContain('SCORE'); // narrow headings
    expect(screen.split('\n').every((line) => [...line].length <= 80)).toBe(true);
    t.resize(120, 40);
    screen = t.waitFor((s) => s.includes('oom_score_adj') && s.includes('CommitLimit'), 'the wide layout');
    // The footer is on the frame's last row (terminal rows - 1), and nothing of the 80x24 frame is left.
    const rows = screen.split('\n');
    expect(rows[38]).toContain('q quit');
    expect(screen).not.toContain('SCORE');
    t.resize(50, 14);
    t.waitFor((s) => s.includes('terminal too small (50x14), need 60x16'), 'the too-small message');
    t.resize(80, 24);
    t.waitFor((s) => s.includes('SCORE') && !s.includes('too small'), 'the 80x24 layout again');
    t.keys('q');
    expectRestored(t, 0);
  });

  test('after many incremental frames and resizes the screen equals a full redraw (Ctrl-L)', () => {
    const t = open(100, 30, 'MEMSIM_TEST_FPS=30');
    t.keys('p', 'p', 'f');
    t.waitFor((s) => (s.match(/ hog /g) ?? []).length >= 2, 'two hogs');
    t.resize(120, 40);
    t.waitFor((s) => s.includes('oom_score_adj'), 'the wide layout');
    t.resize(100, 33);
    t.waitFor((s) => !s.includes('oom_score_adj'), 'the narrower layout');
    // Let the frames run on, then freeze time: the screen stops changing.
    t.waitFor((s) => /up 0:0[3-9]/.test(s) || /up 0:[1-9]/.test(s), 'a few seconds of frames');
    t.keys('Space');
    const incremental = t.waitFor((s) => s.includes('PAUSED'), 'the pause banner');
    t.keys('C-l');
    // Ctrl-L clears the terminal, writes the same frame in full, then the footer says so (only the footer differs).
    const full = t.waitFor((s) => s.includes('screen redrawn'), 'the full redraw');
    const withoutFooter = (s: string): string[] => s.split('\n').filter((line) => !/q quit|screen redrawn/.test(line));
    expect(withoutFooter(full)).toEqual(withoutFooter(incremental));
    expect(withoutFooter(full).length).toBeGreaterThan(25);
    t.keys('q');
    expectRestored(t, 0);
  });
});
