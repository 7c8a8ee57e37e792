// Terminal safety, end to end in tmux: the real bundled dashboard (dist/memsim.js, CI unset as Ink needs) is
// left by q, Ctrl-C, SIGTERM, SIGHUP and an injected uncaught exception (MEMSIM_CRASH_AFTER); each time the
// pane must be back on the main screen with no dashboard content, the cursor visible, and the tty in cooked
// mode (`stty -a` shows `echo` and `icanon`). The script runs under dash, which never repairs the tty itself.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hasTmux, TmuxPane } from './tmux.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MEMSIM = join(ROOT, 'dist', 'memsim.js');
let pane: TmuxPane | undefined;
afterEach(() => pane?.kill());

type Exit = 'q' | 'ctrl-c' | 'SIGTERM' | 'SIGHUP' | 'crash';

/** Runs the dashboard in a pane, leaves it the given way, returns the exit status and what the tty looks like after. */
async function leaveDashboard(how: Exit): Promise<{ status: number; stty: string; screen: string; alternate: string; cursor: string; stderr: string }> {
  pane = new TmuxPane(`safety-${how}`);
  const dir = pane.dir;
  const crashEnv = how === 'crash' ? 'MEMSIM_CRASH_AFTER=1500 ' : '';
  const script = [
    'printf "before-memsim\\n"',
    `sh -c 'echo $$ > ${dir}/pid; exec env -u CI -u CONTINUOUS_INTEGRATION ${crashEnv}node ${MEMSIM} --fps 10 2> ${dir}/stderr'`,
    `echo $? > ${dir}/status`,
    `stty -a > ${dir}/stty`,
    'printf "after-memsim\\n"',
    'sleep 600',
  ].join('; ');
  pane.start(script, 100, 30);
  const p = pane;
  // The dashboard is up once tmux reports the alternate screen and the footer is drawn.
  await p.waitFor('the dashboard', () => (p.format('#{alternate_on}') === '1' && /help|quit/.test(p.capture()) ? true : undefined));
  const pid = Number(p.readFile('pid'));
  if (how === 'q') p.sendKeys('q');
  if (how === 'ctrl-c') p.sendKeys('C-c');
  if (how === 'SIGTERM') process.kill(pid, 'SIGTERM');
  if (how === 'SIGHUP') process.kill(pid, 'SIGHUP');
  await p.waitFor('the shell after memsim', () => (p.readFile('stty') && /after-memsim/.test(p.capture()) ? true : undefined), 20_000);
  return {
    status: Number(p.readFile('status')),
    stty: p.readFile('stty')!,
    screen: p.capture(),
    alternate: p.format('#{alternate_on}'),
    cursor: p.format('#{cursor_flag}'),
    stderr: p.readFile('stderr') ?? '',
  };
}

const EXPECTED_STATUS: Record<Exit, number[]> = { q: [0], 'ctrl-c': [0, 130], SIGTERM: [143], SIGHUP: [129], crash: [1, 70] };

describe.skipIf(!hasTmux())('terminal safety (tmux)', () => {
  for (const how of ['q', 'ctrl-c', 'SIGTERM', 'SIGHUP', 'crash'] as const) {
    it(`after ${how}: main screen, cursor visible, echo and icanon on`, async () => {
      const after = await leaveDashboard(how);
      expect(after.alternate, 'alternate screen still on').toBe('0');
      expect(after.cursor, 'cursor hidden').toBe('1');
      expect(after.stty).toMatch(/(^|\s)echo(\s|$)/);
      expect(after.stty).toMatch(/(^|\s)icanon(\s|$)/);
      expect(after.screen).toContain('before-memsim');
      expect(after.screen, 'dashboard content left on the main screen').not.toMatch(/MemTotal|Swap.*%|help/);
      expect(EXPECTED_STATUS[how], `exit status ${after.status}; stderr: ${after.stderr}`).toContain(after.status);
      if (how === 'crash') {
        const lines = after.stderr.trim().split('\n');
        expect(lines[0], after.stderr).toMatch(/^memsim: .*injected crash/);
      }
    }, 60_000);
  }
});
