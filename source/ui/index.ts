// The dashboard's public entry points. env.js must stay the FIRST import: it fixes NODE_ENV, NO_COLOR and CI
// before react, ink and chalk are evaluated. Import this module dynamically from the CLI so `memsim run` and
// `memsim sh` never load React.
import './env.js';
import type { Session } from '../shell/types.js';
import { mountDashboard, type MountOptions } from './mount.js';
import { enterTerminal } from './terminal.js';
import { relaxTierUp } from './jit-budget.js';
import type { PlaybackPort } from './playback.js';

export { App, type AppProps } from './App.js';
export { DashboardDriver, type DriverOptions, SPEEDS, DEFAULT_FPS } from './driver.js';
export { mountDashboard, type MountOptions, type MountedDashboard } from './mount.js';
export { KEY_BINDINGS, KEY_NAMES, findBinding, keyBytes, commandFor, helpLines, type KeyBinding } from './keymap.js';
export { computeLayout, MIN_COLUMNS, MIN_ROWS } from './layout.js';
export type { PlaybackPort } from './playback.js';

export interface DashboardOptions {
  session: Session;
  player?: PlaybackPort;
  fps?: number;
  speed?: number;
  paused?: boolean;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  /** Rewrite the whole frame every time instead of only changed lines (for comparisons in tests). */
  fullRedraw?: boolean;
}

export const NOT_A_TTY_MESSAGE =
  'memsim: the dashboard needs a terminal (stdin and stdout must be a TTY); use `memsim run FILE` or `memsim sh` instead\n';

/**
 * Runs the dashboard full-screen on the real terminal until the user quits. Resolves to the exit status:
 * 0 after q / Ctrl-C, 1 after a render error (printed once the terminal is restored), 2 when not on a TTY.
 */
export async function runDashboard(options: DashboardOptions): Promise<number> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  if (!stdin.isTTY || !stdout.isTTY) {
    stderr.write(NOT_A_TTY_MESSAGE);
    return 2;
  }
  let mounted: ReturnType<typeof mountDashboard> | undefined;
  const terminal = enterTerminal(stdin, stdout, () => mounted?.unmount());
  const mountOptions: MountOptions = { ...options, stdin, stdout, stderr, realClock: true };
  const crash = injectedCrash();
  try {
    mounted = mountDashboard(mountOptions);
    relaxTierUp(); // after the first frame: see jit-budget.ts
    await mounted.done;
    terminal.restore();
    return 0;
  } catch (error) {
    terminal.restore();
    stderr.write(`memsim: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.MEMSIM_DEBUG === '1' && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
    return 1;
  } finally {
    if (crash) clearTimeout(crash);
    terminal.dispose();
    // Ink leaves stdin flowing/referenced after unmount; let the process end when the CLI returns.
    stdin.pause();
    stdin.unref?.();
  }
}

/**
 * MEMSIM_CRASH_AFTER=MS (undocumented, for the hardening tests): throw an uncaught error from a timer MS ms after
 * the dashboard starts, to prove the terminal is restored on a crash.
 */
function injectedCrash(): ReturnType<typeof setTimeout> | undefined {
  const ms = Number(process.env.MEMSIM_CRASH_AFTER ?? '');
  if (!Number.isFinite(ms) || ms <= 0) return undefined;
  return setTimeout(() => {
    throw new Error(`injected crash (MEMSIM_CRASH_AFTER=${ms})`);
  }, ms);
}
