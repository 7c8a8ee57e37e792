// asciicast v2 writer and reader (format of the asciinema CLI 2.x, docs.asciinema.org/manual/asciicast/v2,
// parser src/asciicast/v2.rs). We write v2, not v3: the Debian asciinema 2.2 package refuses v3 files.
// Simplified: only the header fields memsim knows; no theme, no "r" (resize) events, since a recording has
// one fixed size. Bytes are deterministic: header keys in a fixed order, times printed with exactly six
// decimals (microseconds, as asciinema itself writes them), strings escaped by JSON.stringify.

export type CastEventCode = 'o' | 'i' | 'm' | 'r';

/** One event line: [seconds since start, code, data]. */
export type CastEvent = [time: number, code: CastEventCode, data: string];

export interface CastHeader {
  width: number;
  height: number;
  /** Unix seconds of the recording; the only field that differs between two runs unless pinned. */
  timestamp?: number;
  title?: string;
  /** Players shorten any pause longer than this (seconds). */
  idleTimeLimit?: number;
  env?: { TERM: string; SHELL: string };
}

export interface ParsedCast {
  header: CastHeader & { version: number };
  events: CastEvent[];
}

/** Seconds with six decimals, as a JSON number ("1.500000" is valid JSON and what asciinema writes). */
export function formatCastTime(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`bad event time ${seconds}`);
  return seconds.toFixed(6);
}

export function formatCastHeader(header: CastHeader): string {
  // Built by hand, not JSON.stringify(object), so that key order and number format never depend on how the
  // object was assembled.
  const fields: string[] = [
    `"version": 2`,
    `"width": ${integer(header.width, 'width')}`,
    `"height": ${integer(header.height, 'height')}`,
  ];
  if (header.timestamp !== undefined) fields.push(`"timestamp": ${integer(header.timestamp, 'timestamp')}`);
  if (header.idleTimeLimit !== undefined) fields.push(`"idle_time_limit": ${plainNumber(header.idleTimeLimit)}`);
  if (header.title !== undefined) fields.push(`"title": ${JSON.stringify(header.title)}`);
  if (header.env !== undefined) {
    fields.push(`"env": {"TERM": ${JSON.stringify(header.env.TERM)}, "SHELL": ${JSON.stringify(header.env.SHELL)}}`);
  }
  return `{${fields.join(', ')}}`;
}

export function formatCastEvent([time, code, data]: CastEvent): string {
  return `[${formatCastTime(time)}, ${JSON.stringify(code)}, ${JSON.stringify(data)}]`;
}

/** The whole file: header line, one line per event, trailing newline. */
export function formatCast(header: CastHeader, events: readonly CastEvent[]): string {
  return [formatCastHeader(header), ...events.map(formatCastEvent)].join('\n') + '\n';
}

export function parseCast(text: string): ParsedCast {
  const lines = text.split('\n').filter((line) => line.length > 0);
  if (lines.length === 0) throw new Error('empty asciicast');
  const raw = JSON.parse(lines[0]!) as Record<string, unknown>;
  if (raw.version !== 2) throw new Error(`not asciicast v2 (version ${String(raw.version)})`);
  const header: ParsedCast['header'] = {
    version: 2,
    width: raw.width as number,
    height: raw.height as number,
    timestamp: raw.timestamp as number | undefined,
    title: raw.title as string | undefined,
    idleTimeLimit: raw.idle_time_limit as number | undefined,
    env: raw.env as CastHeader['env'],
  };
  const events = lines.slice(1).map((line) => JSON.parse(line) as CastEvent);
  return { header, events };
}

/**
 * Collects events in time order. Consecutive output writes at the same instant become one event: Ink writes
 * a frame as three chunks (synchronized-update start, frame, end) and a player should see them as one.
 * Times are given in milliseconds (the virtual clock's unit) and stored in seconds.
 */
export class CastEventLog {
  private readonly list: CastEvent[] = [];
  /** Set by a marker or input event: the next output write must start a new event, not extend an old one. */
  private outputClosed = true;

  output(timeMs: number, data: string): void {
    if (data.length === 0) return;
    const time = this.checkedTime(timeMs);
    const last = this.list[this.list.length - 1];
    if (!this.outputClosed && last !== undefined && last[1] === 'o' && last[0] === time) {
      last[2] += data;
    } else {
      this.list.push([time, 'o', data]);
    }
    this.outputClosed = false;
  }

  marker(timeMs: number, label: string): void {
    this.list.push([this.checkedTime(timeMs), 'm', label]);
    this.outputClosed = true;
  }

  input(timeMs: number, data: string): void {
    this.list.push([this.checkedTime(timeMs), 'i', data]);
    this.outputClosed = true;
  }

  /** Ends the current output event so that the next write, even at the same instant, starts its own. */
  closeOutput(): void {
    this.outputClosed = true;
  }

  events(): readonly CastEvent[] {
    return this.list;
  }

  private checkedTime(timeMs: number): number {
    const time = timeMs / 1000;
    const last = this.list[this.list.length - 1];
    if (last !== undefined && time < last[0]) throw new RangeError(`event at ${time}s after one at ${last[0]}s`);
    return time;
  }
}

function integer(value: number, name: string): string {
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be an integer, got ${value}`);
  return String(value);
}

function plainNumber(value: number): string {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`idle_time_limit must be > 0, got ${value}`);
  return String(value);
}
