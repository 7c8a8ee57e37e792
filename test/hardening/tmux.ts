// A tmux pane to run the real dashboard in: a private tmux server (own socket, so nothing touches the user's
// tmux), a fixed size, and polling of capture-pane/display-message with a deadline instead of sleeping.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V']).status === 0;
}

export class TmuxPane {
  readonly socket: string;
  readonly dir: string;

  constructor(readonly name: string) {
    this.dir = mkdtempSync(join(tmpdir(), 'memsim-tmux-'));
    this.socket = join(this.dir, 'sock');
  }

  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8' });
  }

  /** Start `command` (a sh script) in a new detached session of cols x rows with a clean environment. */
  start(command: string, cols = 100, rows = 30, env: Record<string, string> = {}): void {
    const envArgs = Object.entries({ TERM: 'xterm-256color', ...env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    this.tmux('-f', '/dev/null', 'new-session', '-d', '-s', this.name, '-x', String(cols), '-y', String(rows), ...envArgs, 'sh', '-c', command);
    this.tmux('set-option', '-t', this.name, 'remain-on-exit', 'on');
  }

  capture(): string {
    return this.tmux('capture-pane', '-p', '-t', this.name);
  }

  format(fmt: string): string {
    return this.tmux('display-message', '-p', '-t', this.name, fmt).trim();
  }

  sendKeys(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.name, ...keys);
  }

  /** Poll `probe` until it returns a value (not undefined) or the deadline passes. */
  async waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${this.capture()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  readFile(name: string): string | undefined {
    try {
      return readFileSync(join(this.dir, name), 'utf8');
    } catch {
      return undefined;
    }
  }

  kill(): void {
    spawnSync('tmux', ['-S', this.socket, 'kill-server']);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
