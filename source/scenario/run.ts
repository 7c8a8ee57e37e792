// The headless runner behind `memsim run FILE [--json] [--speed N]`: plays a scenario on the virtual clock and
// prints a timeline (simulated time, captions, commands with their output, kernel log lines as they appear,
// ok/FAIL for each expectation with the value found), or one JSON document with the same events.
// Exit status: 0 every expectation held, 1 one failed or an `until`/command timed out, 2 the file is invalid.
import type { Session } from '../shell/types.js';
import { ScenarioPlayer, type KeyCommand, type PlayerEvent } from './player.js';
import type { Scenario } from './schema.js';

export interface RunOptions {
  json?: boolean;
  /** Pace simulated time at this multiple of real time; undefined = as fast as possible. */
  speed?: number;
  /** Where the timeline goes (the JSON document is written once, at the end). */
  write: (text: string) => void;
  keyCommand?: KeyCommand;
}

export interface RunOutcome {
  exitStatus: 0 | 1;
  events: readonly PlayerEvent[];
  simulatedMs: number;
}

/** `[   12.345]`: simulated seconds, as dmesg shows time. */
export function formatTime(ms: number): string {
  return `[${(ms / 1000).toFixed(3).padStart(8)}]`;
}

function indent(text: string, prefix: string): string {
  return text.replace(/\n$/, '').split('\n').map((line) => `${prefix}${line}`).join('\n');
}

/** One event as timeline text (possibly several lines, newline-terminated); '' for events not shown. */
export function formatEvent(event: PlayerEvent): string {
  const at = formatTime(event.timeMs);
  switch (event.kind) {
    case 'step':
      return `${at} -- step ${event.step}/${event.of}\n`;
    case 'caption':
      return `${at} >> ${event.text}\n`;
    case 'key':
      return `${at} key ${event.key}${event.line ? ` -> ${event.line}` : ' (dashboard only: nothing to run headless)'}\n`;
    case 'command':
      return `${at} $ ${event.line}\n`;
    case 'output': {
      const body = event.output === '' ? '' : `${indent(event.output, `${' '.repeat(at.length)}   `)}\n`;
      const status = event.status === 0 ? '' : `${' '.repeat(at.length)}   [exit ${event.status}${event.errno ? `, ${event.errno}` : ''}]\n`;
      return body + status;
    }
    case 'kernel':
      // A few kernel messages span lines (the OOM report's Mem-Info): keep them under the timestamp column.
      return `${at} kernel: ${event.text.replace(/\n+$/, '').replace(/\n/g, `\n${' '.repeat(at.length + 9)}`)}\n`;
    case 'until':
      return `${at} until ${event.condition}: holds (${event.actual})\n`;
    case 'expect':
      return `${at} ${event.ok ? 'ok  ' : 'FAIL'} ${event.condition}${event.ok ? ` (${event.actual})` : ` (actual: ${event.actual})`}\n`;
    case 'timeout':
      return `${at} FAIL timeout: ${event.what} after ${event.waitedMs / 1000}s${event.actual ? ` (actual: ${event.actual})` : ''}\n`;
    case 'end':
      return '';
  }
}

function summary(events: readonly PlayerEvent[]): { total: number; failed: number; timeouts: number } {
  const expects = events.filter((e) => e.kind === 'expect');
  return {
    total: expects.length,
    failed: expects.filter((e) => !e.ok).length,
    timeouts: events.filter((e) => e.kind === 'timeout').length,
  };
}

function summaryLine(events: readonly PlayerEvent[]): string {
  const { total, failed, timeouts } = summary(events);
  const parts = [`${total - failed} of ${total} expectations held`];
  if (timeouts > 0) parts.push(`${timeouts} timed out`);
  return `${failed + timeouts === 0 ? 'PASS' : 'FAIL'}: ${parts.join(', ')}\n`;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Play the scenario on the session to its end and report it. */
export async function runScenario(scenario: Scenario, session: Session, options: RunOptions): Promise<RunOutcome> {
  const startMs = session.kernel.nowMs();
  if (!options.json) {
    options.write(`${scenario.title}  (${scenario.file}, ${scenario.steps.length} steps, seed ${scenario.seed})\n`);
  }
  const player = new ScenarioPlayer(scenario, session, {
    keys: options.keyCommand ?? (() => undefined),
    onEvent: options.json ? undefined : (event) => options.write(formatEvent(event)),
  });
  if (options.speed === undefined) {
    player.runToEnd();
  } else {
    // Real-time pacing for a presenter who wants to watch the timeline scroll.
    const chunkMs = 100;
    const wallStart = performance.now();
    while (!player.finished) {
      player.advance(chunkMs);
      const dueWallMs = (session.kernel.nowMs() - startMs) / options.speed;
      const aheadMs = dueWallMs - (performance.now() - wallStart);
      if (aheadMs > 1) await realSleep(aheadMs);
    }
  }
  const events = player.events();
  const simulatedMs = session.kernel.nowMs() - startMs;
  const exitStatus = player.failed ? 1 : 0;
  if (options.json) {
    options.write(`${JSON.stringify({
      file: scenario.file,
      title: scenario.title,
      ...(scenario.description ? { description: scenario.description.trim() } : {}),
      seed: scenario.seed,
      ok: exitStatus === 0,
      exitStatus,
      simulatedMs,
      steps: scenario.steps.length,
      expectations: summary(events),
      events,
    }, null, 2)}\n`);
  } else {
    options.write(summaryLine(events));
  }
  return { exitStatus, events, simulatedMs };
}
