// Renders a dashboard playing a scenario into asciicast events on a virtual clock: the "camera" of
// `memsim record`. It plays the part of `asciinema rec` (script(1)-style capture of a pty's output with
// timestamps), except that time is virtual, so a recording takes a fraction of its length and is the same
// every time. Simplified: one fixed terminal size, no resize events.
//
// Timing model: the virtual clock is the viewer's clock. The dashboard, told `speed`, advances simulated time
// by speed x the clock's elapsed time, so an event at clock time t happened at simulated time t x speed.
import { CastEventLog, type CastEvent } from './asciicast.js';
import { flushImmediates, VirtualTtyInput, VirtualTtyOutput, type VirtualClock } from './virtual-terminal.js';

/** A key of a scenario step: its canonical name (ui/keymap) and the bytes a terminal sends for it. */
export interface KeyPress {
  name: string;
  bytes: string;
}

/** What the recorder reads from the scenario being played (an adapter over the scenario player). */
export interface ScenarioProgress {
  /** Captions the scenario showed since the last call, oldest first (the last one is on screen now). */
  takeCaptions(): string[];
  /** Keys of steps reached since the last call, to be typed into the dashboard. */
  takeKeys(): KeyPress[];
  /** True once every step has run (or the scenario stopped). */
  done(): boolean;
}

/** The dashboard once mounted (Ink's instance or a wrapper). */
export interface MountedDashboard {
  waitUntilExit(): Promise<unknown>;
  unmount(): void;
}

export interface RecordingSettings {
  cols: number;
  rows: number;
  fps: number;
  /** Clock time between two typed keys, so a viewer sees each one act. */
  keyGapMs?: number;
  /** Clock time the final screen stays before the recording ends. */
  tailMs?: number;
  /** Give up (error) when the scenario has not finished after this much clock time. */
  maxDurationMs?: number;
  /** Called with each key as it is typed (e.g. to show a key hint); before the key reaches stdin. */
  onKey?: (key: KeyPress) => void;
}

export interface RecordingResult {
  events: readonly CastEvent[];
  /** Clock time the recording covers, ms (the cast's duration). */
  durationMs: number;
  /** Captions replaced by the next one before any frame showed them: a viewer never sees these (no marker). */
  unseenCaptions: string[];
}

const DEFAULT_KEY_GAP_MS = 500;
const DEFAULT_TAIL_MS = 2000;
const DEFAULT_MAX_DURATION_MS = 6 * 60 * 60 * 1000;

/** Clock time between two frames of the dashboard at this frame rate, whole milliseconds. */
export function frameInterval(fps: number): number {
  return Math.max(1, Math.round(1000 / fps));
}

/**
 * One recording in progress. Create it after the virtual clock is installed, pass `stdin`/`stdout` to the
 * dashboard, call `progressChanged()` whenever the scenario player may have moved (the adapter does this after
 * every call the dashboard makes on the player), then `run()`.
 */
export class Recording {
  readonly log = new CastEventLog();
  readonly stdout: VirtualTtyOutput;
  readonly stdin = new VirtualTtyInput();
  private capturing = true;
  /** Caption whose marker waits for the first frame drawn after the caption changed. */
  private pendingMarker: string | undefined;
  private markerScheduled = false;
  private readonly unseenCaptions: string[] = [];
  private readonly keyQueue: KeyPress[] = [];
  private nextKeyAtMs = 0;
  private readonly keyGapMs: number;

  constructor(
    private readonly clock: VirtualClock,
    private readonly progress: ScenarioProgress,
    private readonly settings: RecordingSettings,
  ) {
    this.stdout = new VirtualTtyOutput(settings.cols, settings.rows, (data) => this.onOutput(data));
    this.keyGapMs = Math.max(frameInterval(settings.fps), settings.keyGapMs ?? DEFAULT_KEY_GAP_MS);
  }

  /** Reads captions and keys from the player; cheap, safe to call after every player call. */
  progressChanged(): void {
    for (const caption of this.progress.takeCaptions()) {
      // A caption still waiting for its first frame is replaced before anyone saw it: no chapter for it.
      if (this.pendingMarker !== undefined) this.unseenCaptions.push(this.pendingMarker);
      this.pendingMarker = caption;
    }
    const keys = this.progress.takeKeys();
    if (keys.length === 0) return;
    // The first key of a step waits one gap, so a viewer reads the caption before the key acts.
    if (this.keyQueue.length === 0) this.nextKeyAtMs = Math.max(this.nextKeyAtMs, this.clock.now + this.keyGapMs);
    this.keyQueue.push(...keys);
  }

  async run(mount: (io: { stdin: VirtualTtyInput; stdout: VirtualTtyOutput }) => MountedDashboard): Promise<RecordingResult> {
    const frameMs = frameInterval(this.settings.fps);
    const maxMs = this.settings.maxDurationMs ?? DEFAULT_MAX_DURATION_MS;
    this.progressChanged();
    const dashboard = mount({ stdin: this.stdin, stdout: this.stdout });
    let exited = false;
    // Taken at once: Ink 6.8 creates this promise lazily and never settles it if exit() came first.
    const exit = dashboard.waitUntilExit().finally(() => {
      exited = true;
    });
    // A render error rejects this while the loop still runs; it is rethrown by `await exit` below, so it must
    // not count as an unhandled rejection meanwhile (Node would end the process).
    exit.catch(() => {});
    await flushImmediates();
    while (!exited && (!this.progress.done() || this.keyQueue.length > 0)) {
      if (this.clock.now >= maxMs) {
        throw new Error(`the scenario did not finish within ${maxMs / 1000} s of recording time`);
      }
      await this.clock.tickAsync(frameMs);
      this.progressChanged();
      if (this.keyQueue.length > 0 && this.clock.now >= this.nextKeyAtMs) {
        await this.typeKey(this.keyQueue.shift()!);
        this.nextKeyAtMs = this.clock.now + this.keyGapMs;
      }
      await flushImmediates();
    }
    if (!exited) await this.clock.tickAsync(this.settings.tailMs ?? DEFAULT_TAIL_MS);
    await flushImmediates();
    const durationMs = this.clock.now;
    // What Ink writes while unmounting (cursor shown, leaving the alternate screen) is not part of the
    // tutorial: the recording ends on the dashboard's last frame.
    this.capturing = false;
    if (!exited) dashboard.unmount();
    await exit;
    return { events: this.log.events(), durationMs, unseenCaptions: this.unseenCaptions };
  }

  private async typeKey(key: KeyPress): Promise<void> {
    this.log.input(this.clock.now, key.bytes);
    this.settings.onKey?.(key);
    this.stdin.write(key.bytes);
    // Ink reads stdin on 'readable' (a real I/O callback): let it see the key before time moves.
    await flushImmediates();
  }

  private onOutput(data: string): void {
    if (!this.capturing) return;
    this.log.output(this.clock.now, data);
    if (this.pendingMarker !== undefined && !this.markerScheduled) {
      // Ink writes one frame in several synchronous chunks; the marker goes right after the whole frame,
      // at the same instant, so that a player seeking to the marker shows the new caption.
      this.markerScheduled = true;
      queueMicrotask(() => this.emitPendingMarker());
    }
  }

  private emitPendingMarker(): void {
    this.markerScheduled = false;
    if (this.pendingMarker === undefined || !this.capturing) return;
    this.log.marker(this.clock.now, this.pendingMarker);
    this.pendingMarker = undefined;
  }
}
