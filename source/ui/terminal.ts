// Terminal hygiene for the real terminal: the alternate screen (Ink 6 has none), and a restore that runs on
// every way out — q, Ctrl-C, SIGTERM, SIGHUP (an SSH link that drops), SIGINT from outside, an uncaught error.
// The restore is registered through signal-exit: a plain process.on('exit') does not run on SIGTERM/SIGHUP
// (measured, ink-terminal-notes §1.4.5), and the screen would stay switched. Errors are printed only after the
// main screen is back, or they would vanish with the alternate screen.
import { onExit } from 'signal-exit';

const ENTER_ALT = '\x1b[?1049h\x1b[H\x1b[2J';
const LEAVE_ALT = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';
const RESET_ATTRS = '\x1b[0m';

export interface TerminalSession {
  /** Leaves the alternate screen, shows the cursor, turns raw mode off. Idempotent. */
  restore(): void;
  /** Removes the exit hooks (after a normal restore). */
  dispose(): void;
}

export function enterTerminal(
  stdin: NodeJS.ReadStream,
  stdout: NodeJS.WriteStream,
  beforeRestore: () => void,
): TerminalSession {
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    try {
      beforeRestore();
    } catch {
      // Unmounting must not stop the terminal from being restored.
    }
    try {
      if (stdin.isTTY) stdin.setRawMode(false);
    } catch {
      // stdin may already be closed (SIGHUP).
    }
    try {
      stdout.write(RESET_ATTRS + SHOW_CURSOR + LEAVE_ALT);
    } catch {
      // The terminal may be gone (SIGHUP); nothing left to restore then.
    }
  };
  stdout.write(ENTER_ALT);
  const removeExitHook = onExit(() => {
    restore();
  });
  const onUncaught = (error: unknown): void => {
    restore();
    // One line a user can report; the stack only with MEMSIM_DEBUG=1.
    const message = error instanceof Error ? error.message : String(error);
    const stack = process.env.MEMSIM_DEBUG === '1' && error instanceof Error && error.stack ? `\n${error.stack}` : '';
    process.stderr.write(`memsim: internal error: ${message}${stack}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  return {
    restore,
    dispose() {
      removeExitHook();
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
    },
  };
}
