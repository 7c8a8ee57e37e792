// The virtual terminal a recording is rendered into: a fake TTY output of a fixed size, a fake TTY input
// that takes key presses, a virtual clock, and the process environment pinned so that Ink/chalk produce the
// same bytes on every machine. Models what a real terminal (a pty in raw mode) offers to Ink 6.8; simplified:
// no resize, no terminal replies (no kitty keyboard query, no cursor position reports).
//
// Why fake timers work inside the esbuild bundle too: Ink's frame throttle (es-toolkit debounce) and the
// dashboard's own loop look up the global setTimeout/setInterval/Date.now at call time, so installing the
// clock any time before render() is enough; only React's scheduler keeps its own references, and it uses
// setImmediate, which we deliberately leave real (Ink's input path needs it too).
import FakeTimers, { type InstalledClock } from '@sinonjs/fake-timers';
import { PassThrough, Writable } from 'node:stream';

export type VirtualClock = InstalledClock;

/** Replaces the global timers and Date with a clock starting at 0 that moves only when told to. */
export function installVirtualClock(): VirtualClock {
  return FakeTimers.install({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    now: 0,
    // A dashboard loop re-arms its timer forever; tickAsync only runs what is due, so the default limit of
    // 1000 timers per tick would only be reached by a runaway loop.
    loopLimit: 100_000,
  });
}

/** Lets pending I/O callbacks (stdin 'readable', React's scheduler) run before the clock moves on. */
export function flushImmediates(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A TTY-looking output stream that hands every chunk to `onWrite` synchronously, in write order, after the
 * pty's output processing: a real tty (even in Node's raw mode, which keeps ONLCR) turns "\n" into "\r\n",
 * and that is what `asciinema rec` captures from the pty and what a terminal needs to start lines at column 0.
 */
export class VirtualTtyOutput extends Writable {
  readonly isTTY = true;
  constructor(
    readonly columns: number,
    readonly rows: number,
    private readonly onWrite: (data: string) => void,
  ) {
    super({ decodeStrings: false });
  }

  override _write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const text = typeof chunk === 'string' ? chunk : String(chunk);
    this.onWrite(text.replace(/\n/g, '\r\n'));
    callback();
  }

  // Ink and cli-cursor query these on TTY streams.
  getColorDepth(): number {
    return 8;
  }
  hasColors(): boolean {
    return true;
  }
}

/** A TTY-looking input stream: whatever is written into it reaches Ink's useInput as key presses. */
export class VirtualTtyInput extends PassThrough {
  readonly isTTY = true;
  isRaw = false;
  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

/** Environment variables that change what Ink/chalk write, and the values a recording always uses. */
const PINNED_ENV: Record<string, string | undefined> = {
  // 256 colours whatever the recording machine's terminal is; matches TERM in the cast header.
  FORCE_COLOR: '2',
  TERM: 'xterm-256color',
  // Ink decides at import time to write only the last frame when it thinks it runs in CI.
  CI: undefined,
  CONTINUOUS_INTEGRATION: undefined,
  // Would switch Ink to its text-only screen-reader output.
  INK_SCREEN_READER: undefined,
  // Would make Ink probe for the kitty keyboard protocol (a query the virtual terminal never answers).
  TERM_PROGRAM: undefined,
  KITTY_WINDOW_ID: undefined,
  NO_COLOR: undefined,
};

/** Pins the environment for recording; returns a function that puts the previous values back. */
export function pinRecordingEnvironment(env: NodeJS.ProcessEnv = process.env): () => void {
  const saved = new Map<string, string | undefined>();
  // React's development build leaks memory under Ink (ink-terminal-notes 1.4.3) and is slower; the bundle has
  // NODE_ENV=production compiled in. Only a value already set wins (vitest's 'test': its JSX needs React's dev build).
  saved.set('NODE_ENV', env.NODE_ENV);
  env.NODE_ENV ||= 'production';
  for (const [name, value] of Object.entries(PINNED_ENV)) {
    saved.set(name, env[name]);
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
  };
}

const SHOW_CURSOR = '\x1b[?25h';

/**
 * Ink hides the cursor through cli-cursor, whose restore-cursor registers an exit handler that writes "show
 * cursor" to the REAL process.stderr, although Ink drew on the virtual terminal. On a terminal that is harmless;
 * into a pipe or a log file it is a stray escape sequence. Drops exactly that write when stderr is not a TTY.
 */
const filtered = new WeakSet<NodeJS.WriteStream>();

export function dropStrayCursorRestore(stderr: NodeJS.WriteStream = process.stderr): void {
  // Once per stream: a batch of recordings calls this after each one.
  if (stderr.isTTY || filtered.has(stderr)) return;
  filtered.add(stderr);
  const write = stderr.write.bind(stderr) as (...args: unknown[]) => boolean;
  stderr.write = ((chunk: unknown, ...rest: unknown[]) => (chunk === SHOW_CURSOR ? true : write(chunk, ...rest))) as typeof stderr.write;
}
