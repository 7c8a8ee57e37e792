// `memsim record FILE.yaml -o OUT.cast`: plays a scenario through the real dashboard on a virtual clock and
// writes what a viewer would have seen as an asciicast v2 file (or, with --format txt, the final screen as text).
// The role `asciinema rec` plays for a real terminal, without a terminal and without waiting.
// `memsim record A.yaml B.yaml -o DIR` records several scenarios in one process (outputs.ts names the files).
// Exit status as `memsim run`: 0 all expectations held, 1 one failed (the file is still written), 2 bad usage
// or an invalid scenario file.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import type { Scenario } from '../scenario/schema.js';
import type { ScenarioPlayer } from '../scenario/player.js';
import type { Session } from '../shell/types.js';
import type { PlaybackPort } from '../ui/playback.js';
import { formatCast, parseCast, type CastHeader } from './asciicast.js';
import { resolveRecordOptions, RECORD_USAGE, type RecordFlags, type RecordOptions } from './options.js';
import { planOutputs } from './outputs.js';
import { observedPlayback, scenarioProgress } from './player-adapter.js';
import { Recording, type MountedDashboard } from './recorder.js';
import { finalScreenText } from './screen.js';
import { dropStrayCursorRestore, installVirtualClock, pinRecordingEnvironment, type VirtualTtyInput, type VirtualTtyOutput } from './virtual-terminal.js';

export type { RecordFlags, RecordOptions } from './options.js';

export interface RecordIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** A scenario ready to play: loaded, checked, with its machine booted. */
export type OpenedScenario =
  | { ok: true; scenario: Scenario; session: Session; player: ScenarioPlayer }
  | { ok: false; message: string };

/** What the dashboard's mount function takes and gives (source/ui/index.ts). */
export interface DashboardMountOptions {
  stdin: VirtualTtyInput;
  stdout: VirtualTtyOutput;
  session: Session;
  player: PlaybackPort;
  fps: number;
  speed: number;
  paused: boolean;
  columns: number;
  rows: number;
}
export type MountDashboard = (options: DashboardMountOptions) => {
  instance: { unmount(): void };
  done: Promise<unknown>;
  /** Stops the dashboard's timer, then Ink. */
  unmount?(): void;
  /** Optional on-screen key hint ("key: p") for typed scenario keys, if the dashboard offers one. */
  driver?: { showKeyHint?(label: string): void };
};

/** The two collaborators, injected so the tests can use stand-ins; `defaultRecordDeps` has the real ones. */
export interface RecordDeps {
  /** Loads the file (errors as FILE:LINE:COL: message), boots its machine, creates the player in 'external' key
   *  mode, holding each caption long enough to read at this speed. */
  openScenario(file: string, playback: { speed: number }): Promise<OpenedScenario>;
  /** Imports the dashboard. Called after the environment is pinned, before the clock is installed. */
  loadDashboard(): Promise<MountDashboard>;
}

export interface RecordOutcome {
  /** The asciicast v2 text. */
  cast: string;
  /** True when an expectation failed or an `until` timed out. */
  failed: boolean;
  /** Simulated time the scenario took (to its last step, without the final pause), ms. */
  simulatedMs: number;
  /** Length of the recording, ms (simulated time / speed, plus the final pause). */
  durationMs: number;
  /** Real time the recording took, ms. */
  wallMs: number;
  /** CPU time (user + system) of this process during the recording, ms: unlike wallMs, not inflated when other
   *  processes compete for the cores. */
  cpuMs: number;
  markers: number;
  /** Captions no frame ever showed (the next step replaced them at once): worth a warning to the author. */
  unseenCaptions: string[];
}

const CAST_ENV = { TERM: 'xterm-256color', SHELL: '/bin/sh' };

/** Records an opened scenario. Owns the process's timers and environment while it runs. */
export async function recordOpenedScenario(
  opened: Extract<OpenedScenario, { ok: true }>,
  options: RecordOptions,
  loadDashboard: RecordDeps['loadDashboard'],
): Promise<RecordOutcome> {
  const { scenario, session, player } = opened;
  // Real time, read before the virtual clock replaces Date.
  const startedMs = Date.now();
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const restoreEnvironment = pinRecordingEnvironment();
  let result;
  try {
    const mountDashboard = await loadDashboard();
    const clock = installVirtualClock();
    try {
      let showKeyHint: ((label: string) => void) | undefined;
      const recording = new Recording(clock, scenarioProgress(player), {
        cols: options.cols,
        rows: options.rows,
        fps: options.fps,
        onKey: (key) => showKeyHint?.(key.name),
      });
      const playback = observedPlayback(player, () => recording.progressChanged());
      result = await recording.run((io) => {
        const mounted = mountDashboard({
          stdin: io.stdin, stdout: io.stdout, session, player: playback, fps: options.fps, speed: options.speed,
          paused: false, columns: options.cols, rows: options.rows,
        });
        const driver = mounted.driver;
        if (driver?.showKeyHint) showKeyHint = (label) => driver.showKeyHint!(label);
        return {
          waitUntilExit: () => mounted.done,
          unmount: () => (mounted.unmount ? mounted.unmount() : mounted.instance.unmount()),
        } satisfies MountedDashboard;
      });
    } finally {
      clock.uninstall();
    }
  } finally {
    restoreEnvironment();
  }
  const outputs = result.events.filter((event) => event[1] === 'o').length;
  if (outputs < 2 && result.durationMs > 1000) {
    // Ink decides at import time to draw only the final frame when CI is set; a one-frame "recording" of a
    // long scenario means that happened (the dashboard was loaded before the environment was pinned).
    throw new Error(`the dashboard drew ${outputs} frame(s) in ${result.durationMs / 1000} s; was Ink loaded with CI set?`);
  }
  const header: CastHeader = {
    width: options.cols,
    height: options.rows,
    timestamp: options.timestamp ?? Math.floor(startedMs / 1000),
    idleTimeLimit: options.idleTimeLimit,
    title: options.title ?? scenario.title,
    env: CAST_ENV,
  };
  return {
    cast: formatCast(header, result.events),
    failed: player.failed,
    simulatedMs: scenarioEndMs(player) ?? session.kernel.nowMs(),
    durationMs: result.durationMs,
    wallMs: performance.now() - wallStart,
    cpuMs: cpuMillis(process.cpuUsage(cpuStart)),
    markers: result.events.filter((event) => event[1] === 'm').length,
    unseenCaptions: result.unseenCaptions,
  };
}

/** Simulated time at which the player finished (its 'end' event). */
function scenarioEndMs(player: ScenarioPlayer): number | undefined {
  const events = player.events();
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.kind === 'end') return event.timeMs;
  }
  return undefined;
}

function cpuMillis(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

/**
 * The command: flags in, files out, exit status back. Several scenario files are recorded one after the other in
 * this process (see outputs.ts); the status is the worst one: 2 if a file was invalid (the others are still
 * recorded), else 1 if an expectation failed, else 0.
 */
export async function runRecord(
  scenarioFiles: readonly string[],
  flags: RecordFlags,
  io: RecordIo,
  deps: RecordDeps,
): Promise<number> {
  if (scenarioFiles.length === 0 || scenarioFiles.some((file) => file === '')) {
    io.stderr(`memsim record: missing the scenario file\n${RECORD_USAGE}\n`);
    return 2;
  }
  const options = resolveRecordOptions(flags);
  if (typeof options === 'string') {
    io.stderr(`memsim record: ${options}\n${RECORD_USAGE}\n`);
    return 2;
  }
  if (scenarioFiles.length > 1 && options.title !== undefined) {
    io.stderr(`memsim record: --title names one recording; with several scenario files each takes its scenario's title\n${RECORD_USAGE}\n`);
    return 2;
  }
  const plan = planOutputs(scenarioFiles, options.output, options.format, isDirectory);
  if (typeof plan === 'string') {
    io.stderr(`memsim record: ${plan}\n${RECORD_USAGE}\n`);
    return 2;
  }
  if (plan.directory !== undefined) {
    try {
      mkdirSync(plan.directory, { recursive: true });
    } catch (error) {
      io.stderr(`memsim record: cannot create the directory ${plan.directory}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
      return 2;
    }
  }
  const batchStart = performance.now();
  const batchCpu = process.cpuUsage();
  let status = 0;
  let simulatedMs = 0;
  let written = 0;
  for (const planned of plan.recordings) {
    const result = await recordOne(planned.scenario, { ...options, output: planned.output }, io, deps);
    status = Math.max(status, result.status);
    simulatedMs += result.simulatedMs;
    if (result.written) written += 1;
  }
  if (plan.recordings.length > 1) {
    io.stdout(
      `memsim record: ${written} of ${plan.recordings.length} recording(s) written to ${plan.directory}, ` +
        `${(simulatedMs / 1000).toFixed(1)} s simulated in ${seconds(performance.now() - batchStart)} s ` +
        `(CPU ${seconds(cpuMillis(process.cpuUsage(batchCpu)))} s)\n`,
    );
  }
  return status;
}

/**
 * One scenario file to one output. The summary line's time is the scenario's own: loading, booting, recording
 * and writing, not the dashboard's import, which the first recording of a process pays for all of them.
 */
async function recordOne(
  scenarioFile: string,
  options: RecordOptions,
  io: RecordIo,
  deps: RecordDeps,
): Promise<{ status: number; simulatedMs: number; written: boolean }> {
  const own = ownTime();
  const opened = await deps.openScenario(scenarioFile, { speed: options.speed });
  if (!opened.ok) {
    io.stderr(opened.message.endsWith('\n') ? opened.message : `${opened.message}\n`);
    return { status: 2, simulatedMs: 0, written: false };
  }
  own.pause();
  await importDashboardOnce(deps);
  own.resume();
  const outcome = await recordOpenedScenario(opened, options, deps.loadDashboard);
  dropStrayCursorRestore();
  const text = options.format === 'txt' ? await finalScreenText(parseCast(outcome.cast)) : outcome.cast;
  if (options.output === '-') io.stdout(text);
  else writeFileSync(options.output, text);
  const summary =
    `memsim record: ${options.output === '-' ? 'wrote' : `wrote ${options.output}:`} ${options.cols}x${options.rows}, ` +
    `${(outcome.durationMs / 1000).toFixed(1)} s, ${outcome.markers} chapter(s), ` +
    `${(outcome.simulatedMs / 1000).toFixed(1)} s simulated in ${own.text()}\n`;
  for (const caption of outcome.unseenCaptions) {
    io.stderr(
      `memsim record: warning: caption never on screen (the next step replaced it at once; give it time with ` +
        `\`after:\` on the next step): "${caption}"\n`,
    );
  }
  // The summary never mixes with a recording written to standard output.
  (options.output === '-' ? io.stderr : io.stdout)(summary);
  if (outcome.failed) {
    io.stderr(
      `memsim record: ${scenarioFile}: the scenario failed (the recording was written anyway)\n${failureLines(opened.player)}`,
    );
    return { status: 1, simulatedMs: outcome.simulatedMs, written: true };
  }
  return { status: 0, simulatedMs: outcome.simulatedMs, written: true };
}

const importedBy = new WeakMap<RecordDeps, Promise<unknown>>();

/** Imports the dashboard once per process (and deps), with the environment pinned as Ink must see it at import. */
function importDashboardOnce(deps: RecordDeps): Promise<unknown> {
  let imported = importedBy.get(deps);
  if (!imported) {
    const restore = pinRecordingEnvironment();
    imported = deps.loadDashboard().finally(restore);
    importedBy.set(deps, imported);
  }
  return imported;
}

/**
 * Real and CPU time of one recording, with pauses. CPU time (user + system of the process) is given too: on a busy
 * machine real time also counts waiting for a core. Hundredths, so a sub-second recording still gives a ratio.
 */
function ownTime(): { pause(): void; resume(): void; text(): string } {
  let wallMs = 0;
  let cpuMs = 0;
  let wallFrom = performance.now();
  let cpuFrom = process.cpuUsage();
  const stop = () => {
    wallMs += performance.now() - wallFrom;
    cpuMs += cpuMillis(process.cpuUsage(cpuFrom));
  };
  return {
    pause: stop,
    resume() {
      wallFrom = performance.now();
      cpuFrom = process.cpuUsage();
    },
    text() {
      stop();
      return `${seconds(wallMs)} s (CPU ${seconds(cpuMs)} s)`;
    },
  };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** One indented line per failed expectation or timeout, as the player reported them. */
function failureLines(player: ScenarioPlayer): string {
  let text = '';
  for (const event of player.events()) {
    if (event.kind === 'expect' && !event.ok) text += `  step ${event.step}: FAIL ${event.condition} (actual ${event.actual})\n`;
    if (event.kind === 'timeout') text += `  step ${event.step}: timed out after ${event.waitedMs / 1000} s: ${event.what}\n`;
  }
  return text;
}
