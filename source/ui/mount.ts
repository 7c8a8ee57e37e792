// Mounts the App on any pair of streams (a real terminal, a virtual one in the recorder, a test stream):
// builds the driver, renders with Ink's incremental line diff (fixed by patches/ink+6.8.0.patch), follows
// resizes, and resolves when the dashboard quits. Nothing here assumes process.stdout or touches the
// terminal's modes: the alternate screen and signal handling are terminal.ts's job (runDashboard).
import React from 'react';
import { render, type Instance } from 'ink';
import type { Session } from '../shell/types.js';
import { App } from './App.js';
import { DashboardDriver } from './driver.js';
import type { PlaybackPort } from './playback.js';

export interface MountOptions {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  session: Session;
  player?: PlaybackPort;
  fps?: number;
  speed?: number;
  paused?: boolean;
  /** Size to use when the stream does not report one (default 80x24). */
  columns?: number;
  rows?: number;
  /** Full redraw each frame instead of Ink's line diff (only for comparisons in tests). */
  fullRedraw?: boolean;
  /** Frames are paced by real timers (the live dashboard), not by a virtual clock: see maxFps below. */
  realClock?: boolean;
}

export interface MountedDashboard {
  driver: DashboardDriver;
  instance: Instance;
  /** Resolves when the user quits (q, Ctrl-C); rejects on a render error. The driver is stopped by then. */
  done: Promise<void>;
  /** Unmounts at once (signals, errors). Safe to call twice. */
  unmount(): void;
}

const CLEAR_SCREEN = '\x1b[2J\x1b[H';

function sizeOf(stdout: NodeJS.WriteStream, options: MountOptions): { columns: number; rows: number } {
  return { columns: stdout.columns || options.columns || 80, rows: stdout.rows || options.rows || 24 };
}

export function mountDashboard(options: MountOptions): MountedDashboard {
  const { stdin, stdout } = options;
  const driver = new DashboardDriver(options);
  const element = (): React.JSX.Element => {
    const { columns, rows } = sizeOf(stdout, options);
    return React.createElement(App, { driver, columns, rows });
  };
  // Registered before Ink's own resize listener, so it runs first: clear the screen and re-render the App at the
  // new size; Ink's listener (patched, see patches/ink+6.8.0.patch) then forgets the old frame and writes the
  // new one in full. A terminal that changed size may have moved or reflowed the old frame, so nothing of it is
  // trusted.
  let instance: Instance | undefined;
  const onResize = (): void => {
    stdout.write(CLEAR_SCREEN);
    instance?.rerender(element());
  };
  stdout.on('resize', onResize);
  instance = render(element(), {
    stdin,
    stdout,
    stderr: options.stderr ?? stdout,
    exitOnCtrlC: false, // Ctrl-C is a key of the App: it quits through the same path as q
    patchConsole: false, // nothing may print over the dashboard
    // On a real clock, a throttle window a little shorter than the frame interval: equal to it, timer jitter puts
    // every other tick inside the window and Ink merges the two, so --fps 10 drew ~5 frames a second (React and
    // layout still ran on every tick). Frames still follow the driver ticks (and keys): at most 1.25 x fps a
    // second. A virtual clock (the recorder, tests) has no jitter and keeps the exact window.
    maxFps: options.realClock ? driver.fps * 1.25 : driver.fps,
    incrementalRendering: !options.fullRedraw,
  });
  // The first frame is drawn (render() writes it synchronously): the moment for dist/memsim.js's launcher to save
  // its V8 code cache (source/cli/launcher.ts), if it asked to; nothing is registered under vitest or a bench.
  (globalThis as Record<symbol, (() => void) | undefined>)[Symbol.for('memsim.codeCachePoint')]?.();
  // Ink 6 creates the exit promise lazily: create it now, or an early exit() leaves it unsettled (notes §1.4.2).
  const exited = instance.waitUntilExit();
  driver.start();
  let unmounted = false;
  const cleanup = (): void => {
    driver.stop();
    stdout.off('resize', onResize);
  };
  const done = exited.then(
    () => cleanup(),
    (error: unknown) => {
      cleanup();
      throw error;
    },
  );
  const inkInstance = instance;
  return {
    driver,
    instance: inkInstance,
    done,
    unmount() {
      if (unmounted) return;
      unmounted = true;
      cleanup();
      inkInstance.unmount();
    },
  };
}
