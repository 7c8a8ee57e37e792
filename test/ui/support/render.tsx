// Helpers to render the dashboard App with ink-testing-library and press keys as a terminal would send them.
import React from 'react';
import { render } from 'ink-testing-library';
import { App } from '../../../source/ui/App.js';
import { DashboardDriver } from '../../../source/ui/driver.js';
import { keyBytes } from '../../../source/ui/keymap.js';
import type { PlaybackPort } from '../../../source/ui/playback.js';
import { FakeSession } from './fake-session.js';

export interface Rendered {
  session: FakeSession;
  driver: DashboardDriver;
  frame(): string;
  press(...keys: string[]): Promise<void>;
  type(text: string): Promise<void>;
  /** Advance simulated time by n frames and let React render. */
  frames(n: number): Promise<void>;
  unmount(): void;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

export function renderApp(columns = 100, rows = 30, opts: { player?: PlaybackPort; paused?: boolean; session?: FakeSession } = {}): Rendered {
  const session = opts.session ?? new FakeSession();
  const driver = new DashboardDriver({ session, player: opts.player, fps: 4, paused: opts.paused });
  const ink = render(<App driver={driver} columns={columns} rows={rows} />);
  return {
    session,
    driver,
    frame: () => ink.lastFrame() ?? '',
    async press(...keys) {
      for (const key of keys) {
        ink.stdin.write(keyBytes(key));
        await settle();
      }
    },
    async type(text) {
      for (const ch of text) {
        ink.stdin.write(ch);
        await settle();
      }
    },
    async frames(n) {
      for (let i = 0; i < n; i++) driver.frame();
      await settle();
    },
    unmount: () => ink.unmount(),
  };
}
