// Replays the output events of an asciicast into a headless xterm.js terminal (@xterm/headless, the same
// emulator asciinema-player's ancestors and VS Code use) to read the screen as text: for `--format txt` and
// for the tests that check what a viewer sees. Simplified: colours and attributes are dropped, only the
// characters of the visible screen are kept.
import xterm from '@xterm/headless';
import type { CastEvent, ParsedCast } from './asciicast.js';

const { Terminal } = xterm;
type HeadlessTerminal = InstanceType<typeof Terminal>;

/** The visible screen, one string per row, trailing spaces removed. */
export function screenText(terminal: HeadlessTerminal): string[] {
  const buffer = terminal.buffer.active;
  const rows: string[] = [];
  for (let row = 0; row < terminal.rows; row++) {
    rows.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
  }
  return rows;
}

function writeAsync(terminal: HeadlessTerminal, data: string): Promise<void> {
  return new Promise((resolve) => terminal.write(data, resolve));
}

export interface ScreenAtEvent {
  /** Index of the event in the cast's event list. */
  index: number;
  event: CastEvent;
  screen: string[];
}

/**
 * Plays the cast's "o" events at the header's size. Returns the final screen and the screen as it was at each
 * event for which `snapshotAt` is true (after all events before it in the file).
 */
export async function replayCast(
  cast: ParsedCast,
  snapshotAt: (event: CastEvent) => boolean = () => false,
): Promise<{ finalScreen: string[]; snapshots: ScreenAtEvent[] }> {
  const terminal = new Terminal({ cols: cast.header.width, rows: cast.header.height, allowProposedApi: true });
  try {
    const snapshots: ScreenAtEvent[] = [];
    for (const [index, event] of cast.events.entries()) {
      if (snapshotAt(event)) snapshots.push({ index, event, screen: screenText(terminal) });
      if (event[1] === 'o') await writeAsync(terminal, event[2]);
    }
    return { finalScreen: screenText(terminal), snapshots };
  } finally {
    terminal.dispose();
  }
}

/** The final screen as plain text (`--format txt`): rows joined by newlines, trailing blank rows dropped. */
export async function finalScreenText(cast: ParsedCast): Promise<string> {
  const { finalScreen } = await replayCast(cast);
  while (finalScreen.length > 0 && finalScreen[finalScreen.length - 1] === '') finalScreen.pop();
  return finalScreen.join('\n') + '\n';
}
