// Key names a scenario writes in `keys:` (e.g. "p p s", "down enter", "ctrl+c") and the bytes an xterm sends
// for them in legacy (non-kitty) mode, which is what Ink 6's input parser reads. Models xterm's "normal"
// cursor-key mode (CSI A, not SS3 A) and the VT220 editing keys; simplified: no Alt/Shift combinations beyond
// what a letter's case already gives, no function keys (Ink 6 cannot tell F1..F12 apart anyway).

const NAMED_KEYS: Readonly<Record<string, string>> = {
  enter: '\r',
  return: '\r',
  tab: '\t',
  space: ' ',
  escape: '\x1b',
  esc: '\x1b',
  backspace: '\x7f',
  delete: '\x1b[3~',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  home: '\x1b[H',
  end: '\x1b[F',
  pageup: '\x1b[5~',
  pagedown: '\x1b[6~',
};

/** A key of a scenario: its name as written (for the key hint and the "i" event) and what to type. */
export interface KeyPress {
  name: string;
  bytes: string;
}

/**
 * Parses one key name. Single characters stand for themselves ("p", "P", "?", "["); `ctrl+x` is the control
 * character; named keys are case-insensitive. Returns an error message for an unknown name.
 */
export function parseKeyName(name: string): KeyPress | string {
  if ([...name].length === 1) return { name, bytes: name };
  const lower = name.toLowerCase();
  const named = NAMED_KEYS[lower];
  if (named !== undefined) return { name: lower, bytes: named };
  const ctrl = /^ctrl\+([a-z])$/.exec(lower);
  if (ctrl) return { name: lower, bytes: String.fromCharCode(ctrl[1]!.charCodeAt(0) - 96) };
  return `unknown key "${name}" (use one character, ctrl+LETTER, or one of: ${Object.keys(NAMED_KEYS).join(', ')})`;
}

/** Splits "p p s" (or takes a list) into key presses; the first bad name is reported. */
export function parseKeys(keys: string | readonly string[]): KeyPress[] | string {
  const names = typeof keys === 'string' ? keys.split(/\s+/).filter((name) => name.length > 0) : keys;
  const presses: KeyPress[] = [];
  for (const name of names) {
    const press = parseKeyName(name);
    if (typeof press === 'string') return press;
    presses.push(press);
  }
  return presses;
}
