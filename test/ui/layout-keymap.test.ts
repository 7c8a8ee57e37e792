// The pure parts: layout per terminal size (shrink order), the key table and the command lines keys produce.
import { describe, expect, test } from 'vitest';
import { computeLayout } from '../../source/ui/layout.js';
import { commandFor, findBinding, helpLines, KEY_BINDINGS, KEY_NAMES, keyNameOf } from '../../source/ui/keymap.js';
import { handleKey, INITIAL_UI } from '../../source/ui/ui-state.js';

function used(l: ReturnType<typeof computeLayout>): number {
  return l.statusRows + l.meterRows + l.graphRows + 1 + l.tableRows + (l.logLines > 0 ? l.logLines + 1 : 0) + l.captionRows + l.footerRows;
}

describe('layout', () => {
  test('80x24: frame of 23 rows (one less than the terminal), 9 process rows, 4 log lines, 1 graph row', () => {
    const l = computeLayout(80, 24, 1);
    expect(l).toMatchObject({ height: 23, tooSmall: false, graphRows: 1, tableRows: 9, logLines: 4, captionRows: 1 });
    expect(used(l)).toBe(23);
  });

  test('120x40 uses the room: taller graphs, longer logs, more process rows', () => {
    const l = computeLayout(120, 40, 0);
    expect(l).toMatchObject({ height: 39, graphRows: 5, logLines: 8, tableRows: 18 });
    expect(used(l)).toBe(39);
  });

  test('shrink order: extra graph rows and log lines, then process rows down to 3, then log lines down to 2', () => {
    const heights = [30, 24, 20, 18, 17, 16];
    const sizes = heights.map((rows) => computeLayout(80, rows, 1));
    for (const [i, l] of sizes.entries()) expect(used(l), `rows ${heights[i]}`).toBe(l.height);
    expect(sizes.map((l) => [l.graphRows, l.logLines, l.tableRows])).toEqual([
      [2, 5, 13], [1, 4, 9], [1, 4, 5], [1, 4, 3], [1, 3, 3], [1, 2, 3],
    ]);
  });

  test('below 60 columns or 16 rows the layout is refused', () => {
    expect(computeLayout(59, 40, 0).tooSmall).toBe(true);
    expect(computeLayout(200, 15, 0).tooSmall).toBe(true);
    expect(computeLayout(60, 16, 0).tooSmall).toBe(false);
  });
});

describe('key table', () => {
  test('every key name is unique and every issue key is bound', () => {
    expect(new Set(KEY_NAMES).size).toBe(KEY_NAMES.length);
    const required = ['p', 'P', 'f', 't', '+', '-', 's', '1', '2', '3', 'k', 'a', 'A', 'o', '[', ']', 'up', 'down',
      'pageup', 'pagedown', 'home', 'end', '<', '>', 'enter', '/', 'tab', 'space', '.', '{', '}', ':', '?', 'q', 'ctrl-c'];
    for (const key of required) expect(findBinding(key), key).toBeDefined();
    expect(KEY_BINDINGS.every((b) => b.description.length > 5)).toBe(true);
    // The ? overlay shows them whole in an 80-column terminal.
    for (const line of helpLines()) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  test('Ink key events map to the canonical names', () => {
    expect(keyNameOf(' ', {})).toBe('space');
    expect(keyNameOf('c', { ctrl: true })).toBe('ctrl-c');
    expect(keyNameOf('', { pageDown: true })).toBe('pagedown');
    expect(keyNameOf('', { delete: true })).toBe('backspace');
    expect(keyNameOf('P', { shift: true })).toBe('P');
  });

  test('command lines are the real commands, with clamped values', () => {
    const ctx = { sysctl: { 'vm.overcommit_memory': 2, 'vm.swappiness': 195 }, serial: 7, selectedPid: 42, selectedOomScoreAdj: 950 };
    expect(commandFor('overcommitCycle', ctx)).toBe('sysctl -w vm.overcommit_memory=0');
    expect(commandFor('swappinessUp', ctx)).toBe('sysctl -w vm.swappiness=200');
    expect(commandFor('adjUp', ctx)).toBe('echo 1000 > /proc/42/oom_score_adj');
    expect(commandFor('kill', ctx, 'TERM')).toBe('kill -15 42');
    expect(commandFor('shmWrite', ctx)).toBe('dd if=/dev/zero of=/dev/shm/shm7 bs=1M count=64');
    expect(commandFor('hogFaster', ctx)).toBeUndefined();
  });

  test('q closes an overlay first, then quits; Ctrl-C always quits', () => {
    const ctx = { rows: [], sysctl: {}, pageRows: 5, logLines: 4, newestHogPid: undefined };
    const help = handleKey(INITIAL_UI, '?', '?', ctx).state;
    expect(help.mode).toBe('help');
    const back = handleKey(help, 'q', 'q', ctx);
    expect(back.state.mode).toBe('main');
    expect(back.effects.quit).toBeUndefined();
    expect(handleKey(back.state, 'q', 'q', ctx).effects.quit).toBe(true);
    expect(handleKey(help, 'ctrl-c', '', ctx).effects.quit).toBe(true);
  });
});
