// `memsim record` flags: defaults and checks. The CLI (source/cli/, meow) parses the command line and hands the
// flags here; every bad value is refused before anything runs, with a one-line message (exit status 2).
// Modelled on `asciinema rec`'s options (--cols, --rows, -t/--title, -i/--idle-time-limit), plus what a
// virtual clock adds (--fps, --speed, --timestamp).
import { SPEEDS } from '../ui/driver.js';

/** Flags as the CLI parsed them (numbers may be NaN when the user typed something that is not a number). */
export interface RecordFlags {
  output?: string;
  cols?: number;
  rows?: number;
  fps?: number;
  speed?: number;
  title?: string;
  idleTimeLimit?: number;
  timestamp?: number;
  format?: string;
}

export type RecordFormat = 'cast' | 'txt';

export interface RecordOptions {
  /** Path of the file to write, or '-' for standard output. */
  output: string;
  cols: number;
  rows: number;
  fps: number;
  speed: number;
  /** Default: the scenario's title. */
  title?: string;
  idleTimeLimit: number;
  /** Unix seconds for the header; default: now. */
  timestamp?: number;
  format: RecordFormat;
}

export const RECORD_DEFAULTS = { cols: 100, rows: 30, fps: 10, speed: 1, idleTimeLimit: 2 } as const;

/** Bounds: below 20x5 nothing of the dashboard fits; 30 fps is the dashboard's own limit; the rest stops typos. */
const LIMITS = {
  cols: [20, 500],
  rows: [5, 200],
  fps: [1, 30],
} as const;

export const RECORD_USAGE =
  'usage: memsim record FILE.yaml... -o OUT.cast|DIR [--cols 100] [--rows 30] [--fps 10] [--speed X] [--title T] ' +
  '[--idle-time-limit S] [--timestamp N] [--format cast|txt]';

/** Checks and completes the flags; a string is the error message to print (exit status 2). */
export function resolveRecordOptions(flags: RecordFlags): RecordOptions | string {
  if (flags.output === undefined || flags.output === '') return 'missing -o OUT.cast (use -o - for standard output)';
  const format = flags.format ?? 'cast';
  if (format !== 'cast' && format !== 'txt') return `--format must be cast or txt, got '${format}'`;
  const cols = integerIn('cols', flags.cols ?? RECORD_DEFAULTS.cols);
  const rows = integerIn('rows', flags.rows ?? RECORD_DEFAULTS.rows);
  const fps = integerIn('fps', flags.fps ?? RECORD_DEFAULTS.fps);
  const speed = dashboardSpeed(flags.speed ?? RECORD_DEFAULTS.speed);
  const idleTimeLimit = flags.idleTimeLimit ?? RECORD_DEFAULTS.idleTimeLimit;
  for (const checked of [cols, rows, fps, speed]) if (typeof checked === 'string') return checked;
  if (!Number.isFinite(idleTimeLimit) || idleTimeLimit <= 0) {
    return `--idle-time-limit must be a number of seconds > 0, got ${idleTimeLimit}`;
  }
  if (flags.timestamp !== undefined && !(Number.isInteger(flags.timestamp) && flags.timestamp >= 0)) {
    return `--timestamp must be a whole number of seconds since 1970 (>= 0), got ${flags.timestamp}`;
  }
  return {
    output: flags.output,
    cols: cols as number,
    rows: rows as number,
    fps: fps as number,
    speed: speed as number,
    ...(flags.title !== undefined ? { title: flags.title } : {}),
    idleTimeLimit,
    ...(flags.timestamp !== undefined ? { timestamp: flags.timestamp } : {}),
    format,
  };
}

function integerIn(name: 'cols' | 'rows' | 'fps', value: number): number | string {
  const [low, high] = LIMITS[name];
  if (!Number.isInteger(value) || value < low || value > high) {
    return `--${name} must be a whole number from ${low} to ${high}, got ${value}`;
  }
  return value;
}

/** The dashboard plays any speed within its range (it would clamp anything else, breaking cast time = simulated / speed). */
function dashboardSpeed(value: number): number | string {
  const low = SPEEDS[0]!;
  const high = SPEEDS[SPEEDS.length - 1]!;
  if (!Number.isFinite(value) || value < low || value > high) return `--speed must be from ${low} to ${high}, got ${value}`;
  return value;
}
