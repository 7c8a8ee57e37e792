// Drives a real terminal for end-to-end tests: a private tmux server (own socket, no user config) with one pane
// running an interactive bash; tests type commands with send-keys and read the screen with capture-pane.
// Waiting is always "poll the screen until a condition holds, with a deadline" — never a fixed sleep.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

let counter = 0;

/** Whether tmux is installed here (CI installs it; elsewhere the terminal tests are skipped). */
export const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
})();

export interface PaneInfo {
  alternateOn: boolean;
  cursorVisible: boolean;
  width: number;
  height: number;
  panePid: number;
}

export class Tmux {
  readonly socket = `memsim-ui-${process.pid}-${++counter}`;
  private readonly target = 'main';
  private socketPath = '';

  constructor(columns: number, rows: number) {
    // A clean bash: no rc files, a fixed prompt that tests look for, CI removed (Ink stops live output under CI).
    this.tmux(
      'new-session', '-d', '-s', this.target, '-x', String(columns), '-y', String(rows),
      'env -u CI -u CONTINUOUS_INTEGRATION -u NO_COLOR -u FORCE_COLOR TERM=xterm-256color PS1="READY$ " bash --norc --noprofile',
    );
    this.tmux('set-option', '-g', 'status', 'off');
    this.socketPath = this.tmux('display-message', '-p', '#{socket_path}').trim();
    this.waitFor((s) => s.includes('READY$'), 'the shell prompt');
  }

  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  /** Types a line into the pane's shell. */
  run(line: string): void {
    this.tmux('send-keys', '-t', this.target, '-l', line);
    this.tmux('send-keys', '-t', this.target, 'Enter');
  }

  /** Sends tmux key names (`p`, `q`, `C-c`, `Up`, `Enter`, `Space` ...). */
  keys(...names: string[]): void {
    this.tmux('send-keys', '-t', this.target, ...names);
  }

  /** The visible screen, one string per row. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.target);
  }

  /** The visible screen with its colour and attribute escape sequences. */
  screenWithEscapes(): string {
    return this.tmux('capture-pane', '-p', '-e', '-t', this.target);
  }

  info(): PaneInfo {
    const out = this.tmux('display-message', '-p', '-t', this.target, '#{alternate_on} #{cursor_flag} #{pane_width} #{pane_height} #{pane_pid}');
    const [alt, cursor, width, height, pid] = out.trim().split(' ').map(Number);
    return { alternateOn: alt === 1, cursorVisible: cursor === 1, width: width!, height: height!, panePid: pid! };
  }

  resize(columns: number, rows: number): void {
    this.tmux('resize-window', '-t', this.target, '-x', String(columns), '-y', String(rows));
  }

  /** pid of the program the pane's shell is running in the foreground (the dashboard). */
  childPid(): number | undefined {
    const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(this.info().panePid)], { encoding: 'utf8' }).trim();
    const pid = Number(out.split('\n')[0]);
    return Number.isFinite(pid) && pid > 0 ? pid : undefined;
  }

  /** Polls the screen until `check` holds; throws with the last screen after `timeoutMs`. */
  waitFor(check: (screen: string) => boolean, what: string, timeoutMs = 15_000): string {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      last = this.screen();
      if (check(last)) return last;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen was:\n${last}`);
      // Poll interval: a blocking wait of 30 ms between captures (Atomics.wait needs no event loop).
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
    }
  }

  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
    // tmux leaves its socket file behind.
    if (this.socketPath.includes('memsim-ui-')) rmSync(this.socketPath, { force: true });
  }
}
