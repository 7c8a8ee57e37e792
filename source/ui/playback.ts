// The part of RUNNER's ScenarioPlayer (source/scenario/player.ts) the dashboard uses: it advances the shared
// Session's clock (running the steps that fall due) and tells the caption and the step number to show.
// Kept structural so the dashboard builds and tests without the scenario code.
export interface PlaybackPort {
  /** Advance simulated time by ms, running due steps; the dashboard calls this instead of Session.advance. */
  advance(ms: number): void;
  /** Caption (`say:`) of the current step, if any. */
  readonly caption: string | undefined;
  /** 1-based number of the current step (0 before the first). */
  readonly stepIndex: number;
  readonly stepCount: number;
  readonly finished: boolean;
  /** Scenario title, shown in the caption bar. */
  readonly title?: string;
  /** Canonical key names (keymap.ts) of `keys:` steps reached since the last call; the dashboard presses them.
   *  The recorder's view leaves this out: it types the keys into the dashboard's stdin instead. */
  takeKeys?(): string[];
}
