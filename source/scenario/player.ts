// Plays a loaded scenario against a Session as simulated time advances. The one engine behind the headless
// runner (`memsim run`), the dashboard (`memsim --scenario`) and the recorder (`memsim record`): whoever owns the
// clock calls advance(ms) instead of Session.advance(ms), and the player runs the steps that fall due.
//
// A step goes through: wait (at / after / until) -> caption -> keys -> commands one after another (each one
// finishes before the next starts; `&` lines return at once) -> expectations. The caption of an `until` step is
// shown while it waits, since it usually explains what we wait for. An `until` that times out stops the scenario.
//
// Keys: in 'external' mode (dashboard, recorder) the keys of a step are handed out through takeKeys() and typed
// into the real dashboard by its owner; in 'commands' mode (headless) each machine key runs the same command line
// the dashboard would run for it (source/ui/keymap.ts), and navigation/time keys do nothing.
import type { Kernel } from '../kernel/types.js';
import type { CommandResult, Session, ShellJob } from '../shell/types.js';
import { evaluate, type Verdict } from './evaluate.js';
import { DEFAULT_COMMAND_TIMEOUT_MS, type Condition, type Scenario, type Step } from './schema.js';

export type PlayerEvent =
  | { kind: 'step'; timeMs: number; step: number; of: number }
  | { kind: 'caption'; timeMs: number; step: number; text: string }
  | { kind: 'key'; timeMs: number; step: number; key: string; line?: string }
  | { kind: 'command'; timeMs: number; step: number; line: string }
  | { kind: 'output'; timeMs: number; step: number; line: string; output: string; status: number; errno?: string }
  | { kind: 'kernel'; timeMs: number; level: number; text: string }
  | { kind: 'until'; timeMs: number; step: number; condition: string; actual: string }
  | { kind: 'expect'; timeMs: number; step: number; condition: string; ok: boolean; actual: string }
  | { kind: 'timeout'; timeMs: number; step: number; what: string; waitedMs: number; actual?: string }
  | { kind: 'end'; timeMs: number; ok: boolean };

/** Turns a dashboard key into the command line it stands for, or undefined for keys that only move the view. */
export type KeyCommand = (key: string, kernel: Kernel) => string | undefined;

export interface PlayerOptions {
  /** 'external': hand keys to takeKeys(); a function: run each key's command line (headless). */
  keys?: 'external' | KeyCommand;
  /** How often, in simulated ms, an `until` condition is looked at (a running command: every 10 ms). */
  pollMs?: number;
  /** Called for every event as it happens (the runner prints the timeline from this). */
  onEvent?: (event: PlayerEvent) => void;
  /**
   * For a watching audience (dashboard, recording): simulated ms a caption stays before the next step may
   * begin, so it can be read. Undefined (headless): steps follow each other at once.
   */
  captionHoldMs?: (caption: string) => number;
}

/** Reading time for a caption at normal speed: 2 s plus 50 ms a character, 3 s to 12 s. */
export function readingTimeMs(caption: string): number {
  return Math.min(12_000, Math.max(3_000, 2_000 + 50 * caption.length));
}

type Phase =
  | { kind: 'between' }
  | { kind: 'waiting'; startMs: number; deadlineMs: number }
  | { kind: 'running'; next: number; job?: ShellJob; jobStartMs: number }
  | { kind: 'over' };

const DEFAULT_POLL_MS = 50;
/** The Session's scheduling quantum: a command that ends is noticed within one. */
const COMMAND_POLL_MS = 10;

export class ScenarioPlayer {
  readonly title: string;
  readonly stepCount: number;
  private readonly events_: PlayerEvent[] = [];
  private readonly pollMs: number;
  private readonly keyMode: 'external' | KeyCommand;
  private stepNumber = 0;
  private phase: Phase = { kind: 'between' };
  private caption_: { id: number; text: string } | undefined;
  private pendingKeys: string[] = [];
  private stepOutput = '';
  private stepResult: CommandResult | undefined;
  private dmesgSeq: number;
  private failures = 0;
  private holdUntilMs = 0;
  /** Set when the kernel log shows a panic: the machine is frozen, so the scenario cannot go on. */
  private panicSeen = false;

  constructor(
    readonly scenario: Scenario,
    readonly session: Session,
    private readonly options: PlayerOptions = {},
  ) {
    this.title = scenario.title;
    this.stepCount = scenario.steps.length;
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.keyMode = options.keys ?? 'external';
    // Boot messages are not part of the story; the timeline starts with what the scenario causes.
    this.dmesgSeq = session.kernel.snapshot().dmesgNextSeq;
    this.act();
  }

  // ------------------------------------------------------------------ what the views read

  get caption(): string | undefined {
    return this.caption_?.text;
  }
  /** The caption with the number of the step that set it, so two equal captions can be told apart. */
  captionInfo(): { id: number; text: string } | undefined {
    return this.caption_;
  }
  /** 1-based number of the step being played (0 before the first). */
  get stepIndex(): number {
    return this.stepNumber;
  }
  get finished(): boolean {
    return this.phase.kind === 'over';
  }
  /** True once an expectation failed, an until timed out or a command did not finish in time. */
  get failed(): boolean {
    return this.failures > 0;
  }
  get failureCount(): number {
    return this.failures;
  }
  events(): readonly PlayerEvent[] {
    return this.events_;
  }
  /** Keys reached since the last call ('external' mode), in order. */
  takeKeys(): string[] {
    const keys = this.pendingKeys;
    this.pendingKeys = [];
    return keys;
  }
  /** The recorder's name for takeKeys(). */
  takePendingKeys(): string[] {
    return this.takeKeys();
  }

  // ------------------------------------------------------------------ the clock

  private get kernel(): Kernel {
    return this.session.kernel;
  }
  private now(): number {
    return this.kernel.nowMs();
  }

  /** Advance simulated time by ms, running every step that falls due on the way. */
  advance(ms: number): void {
    const target = this.now() + ms;
    this.act();
    while (this.now() < target) {
      const before = this.now();
      const wake = Math.min(target, this.nextWakeMs());
      this.session.advance(Math.max(1, wake - before));
      this.collectKernelLog();
      this.act();
      if (this.panicSeen && !this.finished) this.stopAfterPanic(this.now());
      if (this.now() <= before) {
        if (!this.kernel.snapshot().panicked) throw new Error(`the simulated clock did not move at ${before} ms`);
        if (!this.finished) this.stopAfterPanic(before);
        return; // a panicked kernel whose clock stands still
      }
    }
  }

  /** Headless: play to the end as fast as the machine allows. */
  runToEnd(): void {
    while (!this.finished) this.advance(Math.max(1, this.nextWakeMs() - this.now()));
  }

  /** The next simulated time at which the player has something to do (or look at). */
  private nextWakeMs(): number {
    const now = this.now();
    switch (this.phase.kind) {
      case 'waiting': {
        const step = this.currentStep();
        return step.timing.kind === 'until' ? Math.min(this.phase.deadlineMs, now + this.pollMs) : this.phase.deadlineMs;
      }
      case 'running':
        return now + COMMAND_POLL_MS;
      case 'between':
        return Math.max(now + 1, this.holdUntilMs);
      default:
        return now + 1000;
    }
  }

  // ------------------------------------------------------------------ playing

  private currentStep(): Step {
    return this.scenario.steps[this.stepNumber - 1]!;
  }

  private emit(event: PlayerEvent): void {
    // Kernel lines printed by what just happened (a drop_caches write, an OOM kill) come first, in time order.
    if (event.kind !== 'kernel') this.collectKernelLog();
    this.events_.push(event);
    this.options.onEvent?.(event);
  }

  private collectKernelLog(): void {
    for (const line of this.kernel.dmesg(this.dmesgSeq)) {
      if (line.text.startsWith('Kernel panic - not syncing')) this.panicSeen = true;
      this.emit({ kind: 'kernel', timeMs: line.timeMs, level: line.level, text: line.text });
      this.dmesgSeq = line.seq + 1;
    }
  }

  /** Do everything that can be done without time passing. */
  private act(): void {
    for (;;) {
      const before = this.phase;
      switch (this.phase.kind) {
        case 'between':
          this.beginNextStep();
          break;
        case 'waiting':
          this.checkWait(this.phase);
          break;
        case 'running':
          this.runCommands(this.phase);
          break;
        case 'over':
          return;
      }
      if (this.phase === before) return; // nothing more until time passes
    }
  }

  private beginNextStep(): void {
    if (this.now() < this.holdUntilMs) return; // the audience is still reading the caption
    if (this.stepNumber >= this.stepCount) {
      this.finish();
      return;
    }
    this.stepNumber += 1;
    const step = this.currentStep();
    const now = this.now();
    this.stepOutput = '';
    this.stepResult = undefined;
    this.emit({ kind: 'step', timeMs: now, step: step.number, of: this.stepCount });
    const deadlineMs =
      step.timing.kind === 'at' ? step.timing.ms
      : step.timing.kind === 'after' ? now + step.timing.ms
      : step.timing.kind === 'until' ? now + step.timing.timeoutMs
      : now;
    if (step.timing.kind === 'until') this.showCaption(step);
    this.phase = { kind: 'waiting', startMs: now, deadlineMs };
  }

  private checkWait(phase: Extract<Phase, { kind: 'waiting' }>): void {
    const step = this.currentStep();
    const now = this.now();
    if (step.timing.kind === 'until') {
      const verdict = this.judge(step.timing.condition);
      if (verdict.ok) {
        this.emit({ kind: 'until', timeMs: now, step: step.number, condition: step.timing.condition.source, actual: verdict.actual });
      } else if (now >= phase.deadlineMs) {
        this.failures += 1;
        this.emit({
          kind: 'timeout', timeMs: now, step: step.number, what: `until ${step.timing.condition.source}`,
          waitedMs: now - phase.startMs, actual: verdict.actual,
        });
        this.finish();
        return;
      } else {
        return;
      }
    } else if (now < phase.deadlineMs) {
      return;
    } else {
      this.showCaption(step);
    }
    this.pressKeys(step);
    this.phase = { kind: 'running', next: 0, jobStartMs: now };
  }

  private showCaption(step: Step): void {
    if (step.say === undefined) return;
    this.caption_ = { id: step.number, text: step.say };
    this.holdUntilMs = this.now() + (this.options.captionHoldMs?.(step.say) ?? 0);
    this.emit({ kind: 'caption', timeMs: this.now(), step: step.number, text: step.say });
  }

  private pressKeys(step: Step): void {
    for (const key of step.keys) {
      if (this.keyMode === 'external') {
        this.pendingKeys.push(key);
        this.emit({ kind: 'key', timeMs: this.now(), step: step.number, key });
        continue;
      }
      const line = this.keyMode(key, this.kernel);
      this.emit({ kind: 'key', timeMs: this.now(), step: step.number, key, ...(line ? { line } : {}) });
      if (line) {
        const job = this.session.exec(line, 'key');
        job.poll();
        this.finishCommand(step, job);
      }
    }
  }

  /** Start the step's commands one by one; each must end (or time out) before the next starts. */
  private runCommands(phase: Extract<Phase, { kind: 'running' }>): void {
    const step = this.currentStep();
    const now = this.now();
    if (phase.job) {
      if (!phase.job.done) {
        const limit = step.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
        if (now - phase.jobStartMs < limit) return;
        this.failures += 1;
        this.emit({ kind: 'timeout', timeMs: now, step: step.number, what: `command ${phase.job.line}`, waitedMs: now - phase.jobStartMs });
        // Like pressing ^C after waiting long enough (the shell's jobs can be interrupted).
        (phase.job as ShellJob & { interrupt?: () => void }).interrupt?.();
        this.stepOutput += phase.job.output();
      } else {
        this.finishCommand(step, phase.job);
      }
      this.phase = { kind: 'running', next: phase.next, jobStartMs: now };
      return;
    }
    if (phase.next < step.run.length) {
      const line = step.run[phase.next]!;
      this.emit({ kind: 'command', timeMs: now, step: step.number, line });
      const job = this.session.exec(line, 'scenario');
      job.poll(); // builtins (echo, sysctl, cat /proc/...) finish without simulated time passing
      this.phase = { kind: 'running', next: phase.next + 1, job, jobStartMs: now };
      return;
    }
    this.checkExpectations(step);
    this.phase = { kind: 'between' };
  }

  private finishCommand(step: Step, job: ShellJob): void {
    if (!job.done) {
      // A key's command that does not end at once (keys start background work) is left to run.
      return;
    }
    const result = job.result!;
    const output = job.output();
    this.stepOutput += output;
    this.stepResult = result;
    this.emit({
      kind: 'output', timeMs: this.now(), step: step.number, line: job.line, output, status: result.status,
      ...(result.errno ? { errno: result.errno } : {}),
    });
  }

  private judge(condition: Condition): Verdict {
    return evaluate(condition, this.kernel, { output: this.stepOutput, lastResult: this.stepResult });
  }

  private checkExpectations(step: Step): void {
    for (const condition of step.expect) {
      const verdict = this.judge(condition);
      if (!verdict.ok) this.failures += 1;
      this.emit({ kind: 'expect', timeMs: this.now(), step: step.number, condition: condition.source, ...verdict });
    }
  }

  /** A panicked kernel stops the clock: nothing the scenario waits for can happen, so it ends as a failure. */
  private stopAfterPanic(now: number): void {
    this.failures += 1;
    const step = this.stepNumber;
    this.emit({ kind: 'timeout', timeMs: now, step, what: 'the kernel panicked and the machine stopped', waitedMs: 0 });
    this.finish();
  }

  private finish(): void {
    this.collectKernelLog();
    this.phase = { kind: 'over' };
    this.emit({ kind: 'end', timeMs: this.now(), ok: this.failures === 0 });
  }
}
