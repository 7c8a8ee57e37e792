// The dashboard's controller, outside React: it owns the clock policy (frames per second x speed, pause, single
// step), runs key commands through the Session, keeps one kernel snapshot per frame and the trend history, and
// tells subscribers (the App) when something changed. The recorder drives it with fake timers; tests drive it
// by calling frame() directly.
import type { CommandLogEntry, Session, ShellJob } from '../shell/types.js';
import type { KernelLogLine, KernelSnapshot } from '../kernel/types.js';
import { History } from './history.js';
import { freeNumbers } from './free-view.js';
import type { PlaybackPort } from './playback.js';

export const SPEEDS: readonly number[] = [0.25, 0.5, 1, 2, 4, 8, 16];
export const DEFAULT_FPS = 4;
const MAX_FPS = 30;

export interface DriverOptions {
  session: Session;
  player?: PlaybackPort;
  /** Frames per second, 1..30 (default 4): how often simulated time advances and the screen may change. */
  fps?: number;
  /** Simulated seconds per real second, one of SPEEDS (default 1). */
  speed?: number;
  paused?: boolean;
}

export class DashboardDriver {
  readonly session: Session;
  readonly player: PlaybackPort | undefined;
  readonly fps: number;
  readonly history = new History();
  private speedValue: number;
  private pausedFlag: boolean;
  private current: KernelSnapshot;
  private versionCounter = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private running = false;
  private readonly listeners = new Set<() => void>();
  private keyHandler: ((key: string) => void) | undefined;
  private lastDisplayKey = '';
  private hint: { label: string; framesLeft: number } | undefined;

  constructor(options: DriverOptions) {
    this.session = options.session;
    this.player = options.player;
    this.fps = Math.min(MAX_FPS, Math.max(1, Math.round(options.fps ?? DEFAULT_FPS)));
    // An exact --speed is kept (the recorder promises cast time = simulated time / speed); { and } step to the
    // next listed speed from there.
    this.speedValue = Math.min(SPEEDS[SPEEDS.length - 1]!, Math.max(SPEEDS[0]!, options.speed ?? 1));
    this.pausedFlag = options.paused ?? false;
    this.current = this.session.kernel.snapshot();
    this.record();
  }

  /** Simulated ms that one frame advances at 1x. */
  get frameMs(): number {
    return 1000 / this.fps;
  }

  get speed(): number {
    return this.speedValue;
  }

  get paused(): boolean {
    return this.pausedFlag;
  }

  /** Increases whenever anything the App shows may have changed (useSyncExternalStore's snapshot). */
  get version(): number {
    return this.versionCounter;
  }

  snapshot(): KernelSnapshot {
    return this.current;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the frame timer (not while paused: a paused dashboard has no timer and writes nothing). */
  start(): void {
    this.running = true;
    this.syncTimer();
  }

  stop(): void {
    this.running = false;
    this.syncTimer();
  }

  /** One frame: advance simulated time by frameMs x speed (through the player when a scenario plays). */
  frame(): void {
    const ms = this.frameMs * this.speed;
    if (this.player && !this.player.finished) this.player.advance(ms);
    else this.session.advance(ms);
    const hintGone = this.expireHint();
    this.refresh();
    if (hintGone) this.changed();
    this.pressScenarioKeys();
  }

  /**
   * Shows "key LABEL" in the footer for about one second of frames: for keys a scenario presses (live) and keys
   * the recorder types (it calls this just before writing the key to stdin), so a viewer sees what was pressed.
   */
  showKeyHint(label: string): void {
    this.hint = { label, framesLeft: this.fps };
    this.changed();
  }

  get keyHint(): string | undefined {
    return this.hint?.label;
  }

  /** The App registers how a key press is handled; scenario `keys:` go through the same path as typed keys. */
  onKey(handler: ((key: string) => void) | undefined): void {
    this.keyHandler = handler;
  }

  private pressScenarioKeys(): void {
    const keys = this.player?.takeKeys?.() ?? [];
    for (const key of keys) {
      this.showKeyHint(key);
      this.keyHandler?.(key);
    }
  }

  /** Counts the hint's frames down; true when it just went away (the footer must be redrawn). */
  private expireHint(): boolean {
    if (!this.hint) return false;
    this.hint.framesLeft -= 1;
    if (this.hint.framesLeft > 0) return false;
    this.hint = undefined;
    return true;
  }

  togglePause(): void {
    this.pausedFlag = !this.pausedFlag;
    this.syncTimer();
    this.changed();
  }

  /** `.`: one frame of simulated time; only while paused (while running it would just be a skipped beat). */
  step(): void {
    if (this.pausedFlag) this.frame();
  }

  slower(): void {
    this.speedValue = [...SPEEDS].reverse().find((s) => s < this.speedValue) ?? this.speedValue;
    this.changed();
  }

  faster(): void {
    this.speedValue = SPEEDS.find((s) => s > this.speedValue) ?? this.speedValue;
    this.changed();
  }

  /** Runs a command line through the Session; it shows in the command log at once. */
  exec(line: string, origin: CommandLogEntry['origin']): ShellJob {
    const job = this.session.exec(line, origin);
    this.refresh();
    return job;
  }

  commandLog(): readonly CommandLogEntry[] {
    return this.session.commandLog();
  }

  /** The newest `count` kernel log lines. */
  kernelLog(count: number): KernelLogLine[] {
    const from = Math.max(0, this.current.dmesgNextSeq - count);
    return this.session.kernel.dmesg(from).slice(-count);
  }

  formatLogTime(timeMs: number): string {
    return this.session.kernel.formatLogTime(timeMs);
  }

  /**
   * Takes a new snapshot and tells the App — only when something it shows differs: rendering a frame that comes
   * out identical costs Ink a full layout and cell grid (~10 ms at 120x40) for nothing.
   */
  refresh(): void {
    this.current = this.session.kernel.snapshot();
    this.record();
    const key = this.displayKey();
    if (key === this.lastDisplayKey) return;
    this.lastDisplayKey = key;
    this.changed();
  }

  /** Everything the dashboard draws from the machine, as one string (cheap next to a render). */
  private displayKey(): string {
    const snap = this.current;
    const procs = snap.processes.map((p) =>
      `${p.pid} ${p.comm} ${p.user} ${p.state} ${p.vmRssKb} ${p.vmSizeKb} ${p.rssFileKb + p.rssShmemKb} ${p.vmSwapKb} ${p.oomScore} ${p.oomScoreAdj} ${p.oomKilled ? 1 : 0}`);
    const log = this.session.commandLog();
    const recent = log.slice(-12).map((e) => `${e.seq} ${e.status ?? '-'} ${e.output.length}`);
    const player = this.player ? `${this.player.caption ?? ''}|${this.player.stepIndex}|${this.player.finished}` : '';
    return [
      Math.floor(snap.timeMs / 1000), JSON.stringify(snap.meminfo), snap.kswapd.state,
      snap.psi.some.avg10.toFixed(2), snap.psi.full.avg10.toFixed(2), JSON.stringify(snap.sysctl),
      snap.dmesgNextSeq, snap.panicked, snap.vmstat['oom_kill'] ?? 0, this.history.total, log.length,
      recent.join(','), player, procs.join(','),
    ].join('|');
  }

  private record(): void {
    const snap = this.current;
    const free = freeNumbers(snap);
    this.history.offer({
      timeMs: snap.timeMs,
      freeKb: free.freeKb,
      buffCacheKb: free.buffCacheKb,
      swapUsedKb: free.swapUsedKb,
      psiSome: snap.psi.some.avg10,
    });
  }

  private changed(): void {
    this.versionCounter += 1;
    for (const listener of this.listeners) listener();
  }

  private syncTimer(): void {
    const wanted = this.running && !this.pausedFlag;
    if (wanted && this.timer === undefined) {
      this.timer = setInterval(() => this.frame(), this.frameMs);
    } else if (!wanted && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
