// The dashboard's key table: one pure list that the key handler, the footer, the `?` help overlay, the README
// and the scenario loader (`keys:` validation) all read, so they can never disagree.
// Every key that changes the machine maps to a real shell command line (what the learner would type); the
// dashboard runs that line through the Session, so it is shown in the command log. Keys follow htop where htop
// has one (arrows, PgUp/PgDn, Home/End, `<`/`>` sort, `/` filter, `k` kill, `[`/`]` adjust, space, `?`, `q`).
// F1..F12 are not used: Ink 6 delivers every F-key as the same empty input (ink-terminal-notes §1.2).
// No imports from ink/react: this module must load in the headless runner.

export type KeyGroup = 'Pressure' | 'Recovery' | 'Navigation' | 'Time' | 'Other';

export type ActionId =
  | 'hog' | 'bigHog' | 'fileStream' | 'shmWrite' | 'hogFaster' | 'hogSlower'
  | 'sync' | 'drop1' | 'drop2' | 'drop3' | 'kill' | 'adjDown' | 'adjUp' | 'overcommitCycle'
  | 'swappinessDown' | 'swappinessUp'
  | 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'sortPrev' | 'sortNext' | 'details' | 'filter'
  | 'nextPanel'
  | 'pause' | 'step' | 'slower' | 'faster'
  | 'commandLine' | 'help' | 'redraw' | 'quit' | 'interrupt';

export interface KeyBinding {
  /** Canonical key name, as scenarios write it in `keys:` (`p`, `P`, `space`, `up`, `enter`, `ctrl-c` ...). */
  readonly key: string;
  /** How help and the footer print the key. */
  readonly label: string;
  readonly group: KeyGroup;
  readonly action: ActionId;
  readonly description: string;
  /** Short word for the footer; keys without one are only listed in `?`. */
  readonly footer?: string;
}

export const KEY_BINDINGS: readonly KeyBinding[] = [
  { key: 'p', label: 'p', group: 'Pressure', action: 'hog', footer: 'hog',
    description: 'start a memory hog (64 MiB/s of anonymous memory)' },
  { key: 'P', label: 'P', group: 'Pressure', action: 'bigHog',
    description: 'start a big hog (256 MiB/s)' },
  { key: 'f', label: 'f', group: 'Pressure', action: 'fileStream', footer: 'file',
    description: 'write a 256 MiB file through the page cache (dirty, then written back)' },
  { key: 't', label: 't', group: 'Pressure', action: 'shmWrite', footer: 'shm',
    description: 'write 64 MiB into /dev/shm (tmpfs: shared, not droppable)' },
  { key: '+', label: '+', group: 'Pressure', action: 'hogFaster',
    description: 'double the rate of the newest hog (SIGUSR1)' },
  { key: '-', label: '-', group: 'Pressure', action: 'hogSlower',
    description: 'halve the rate of the newest hog (SIGUSR2)' },
  { key: 's', label: 's', group: 'Recovery', action: 'sync', footer: 'sync',
    description: 'sync: write every dirty page to disk' },
  { key: '1', label: '1', group: 'Recovery', action: 'drop1',
    description: 'echo 1 > /proc/sys/vm/drop_caches (page cache)' },
  { key: '2', label: '2', group: 'Recovery', action: 'drop2',
    description: 'echo 2 > /proc/sys/vm/drop_caches (slab: dentries, inodes)' },
  { key: '3', label: '3', group: 'Recovery', action: 'drop3', footer: 'drop',
    description: 'echo 3 > /proc/sys/vm/drop_caches (both)' },
  { key: 'k', label: 'k', group: 'Recovery', action: 'kill', footer: 'kill',
    description: 'kill the selected process (asks: 1 SIGTERM / 9 SIGKILL)' },
  { key: 'a', label: 'a', group: 'Recovery', action: 'adjDown',
    description: 'lower oom_score_adj of the selected process by 100 (protect it)' },
  { key: 'A', label: 'A', group: 'Recovery', action: 'adjUp',
    description: 'raise oom_score_adj of the selected process by 100 (offer it)' },
  { key: 'o', label: 'o', group: 'Recovery', action: 'overcommitCycle', footer: 'ovc',
    description: 'cycle vm.overcommit_memory 0 -> 1 -> 2 -> 0' },
  { key: '[', label: '[', group: 'Recovery', action: 'swappinessDown',
    description: 'lower vm.swappiness by 10' },
  { key: ']', label: ']', group: 'Recovery', action: 'swappinessUp',
    description: 'raise vm.swappiness by 10' },
  { key: 'up', label: 'Up', group: 'Navigation', action: 'up', description: 'select the row above / scroll' },
  { key: 'down', label: 'Down', group: 'Navigation', action: 'down', description: 'select the row below / scroll' },
  { key: 'pageup', label: 'PgUp', group: 'Navigation', action: 'pageUp', description: 'one page up' },
  { key: 'pagedown', label: 'PgDn', group: 'Navigation', action: 'pageDown', description: 'one page down' },
  { key: 'home', label: 'Home', group: 'Navigation', action: 'home', description: 'first row' },
  { key: 'end', label: 'End', group: 'Navigation', action: 'end', description: 'last row' },
  { key: '<', label: '<', group: 'Navigation', action: 'sortPrev', description: 'sort by the previous column' },
  { key: '>', label: '>', group: 'Navigation', action: 'sortNext',
    description: 'sort by the next column (RSS, oom_score, PID, SWAP)' },
  { key: 'enter', label: 'Enter', group: 'Navigation', action: 'details',
    description: 'details of the selected process: /proc/PID/status and its mappings' },
  { key: '/', label: '/', group: 'Navigation', action: 'filter', description: 'filter processes by name' },
  { key: 'tab', label: 'Tab', group: 'Navigation', action: 'nextPanel',
    description: 'move between panels (processes, kernel log, command log)' },
  { key: 'space', label: 'Space', group: 'Time', action: 'pause', footer: 'pause',
    description: 'pause / resume simulated time' },
  { key: '.', label: '.', group: 'Time', action: 'step', description: 'one step of simulated time while paused' },
  { key: '{', label: '{', group: 'Time', action: 'slower', description: 'slower (down to 0.25x)' },
  { key: '}', label: '}', group: 'Time', action: 'faster', description: 'faster (up to 16x)' },
  { key: ':', label: ':', group: 'Other', action: 'commandLine', footer: 'shell',
    description: 'type a shell command (Up/Down: history, Enter: run, Esc: cancel)' },
  { key: '?', label: '?', group: 'Other', action: 'help', footer: 'help', description: 'this help' },
  { key: 'ctrl-l', label: 'Ctrl-L', group: 'Other', action: 'redraw',
    description: 'redraw the whole screen (after something else wrote on it)' },
  { key: 'q', label: 'q', group: 'Other', action: 'quit', footer: 'quit',
    description: 'quit (closes an overlay first)' },
  { key: 'ctrl-c', label: 'Ctrl-C', group: 'Other', action: 'interrupt', description: 'quit at once' },
];

const BY_KEY = new Map(KEY_BINDINGS.map((b) => [b.key, b]));

/** The binding of a canonical key name, for the scenario loader's `keys:` check and for tests. */
export function findBinding(key: string): KeyBinding | undefined {
  return BY_KEY.get(key);
}

export const KEY_NAMES: readonly string[] = KEY_BINDINGS.map((b) => b.key);

/** The subset of Ink's `Key` flags this module reads (kept structural so this file does not import ink). */
export interface KeyFlags {
  upArrow?: boolean; downArrow?: boolean; leftArrow?: boolean; rightArrow?: boolean;
  pageUp?: boolean; pageDown?: boolean; home?: boolean; end?: boolean;
  return?: boolean; escape?: boolean; tab?: boolean; backspace?: boolean; delete?: boolean; ctrl?: boolean;
  shift?: boolean; meta?: boolean;
}

/** Canonical name of one key press as Ink's useInput reports it; undefined for keys we do not name. */
export function keyNameOf(input: string, key: KeyFlags): string | undefined {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.tab) return 'tab';
  if (key.escape) return 'escape';
  // Ink 6 reports DEL (0x7f, what most terminals send for Backspace) as `delete`.
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input === 'c') return 'ctrl-c';
  if (key.ctrl) return `ctrl-${input}`;
  if (input === ' ') return 'space';
  if (input.length === 1) return input;
  return undefined;
}

/** The raw bytes a terminal sends for a canonical key name (tests, tmux send-keys, the recorder). */
export function keyBytes(key: string): string {
  const special: Record<string, string> = {
    up: '\x1b[A', down: '\x1b[B', right: '\x1b[C', left: '\x1b[D', pageup: '\x1b[5~', pagedown: '\x1b[6~',
    home: '\x1b[H', end: '\x1b[F', enter: '\r', tab: '\t', escape: '\x1b', backspace: '\x7f', space: ' ',
    'ctrl-c': '\x03', 'ctrl-l': '\x0c',
  };
  return special[key] ?? key;
}

// ---------------------------------------------------------------------------------------------------------
// Command lines. What a key does to the machine is always one of these strings, run through the Session.

/** What a key's command line depends on; the dashboard fills it from the current snapshot and UI state. */
export interface CommandContext {
  /** pid of the selected process row, if any. */
  selectedPid?: number;
  selectedOomScoreAdj?: number;
  /** pid of the newest live process called `hog`/`bighog` (target of +/-). */
  newestHogPid?: number;
  /** Current vm.* sysctls (overcommit_memory, swappiness). */
  sysctl: Readonly<Record<string, number>>;
  /** A counter that makes each `f`/`t` press use a new file name. */
  serial: number;
}

export const HOG_RATE = '64M/s';
export const BIG_HOG_RATE = '256M/s';
const ADJ_STEP = 100;
const SWAPPINESS_STEP = 10;

/**
 * The shell command line for a machine-changing action, or undefined when the action needs something that is
 * missing (no selected process, no hog) or is not a machine action at all. `kill` takes the signal the user
 * chose in the confirmation prompt.
 */
export function commandFor(action: ActionId, ctx: CommandContext, signal?: 'TERM' | 'KILL'): string | undefined {
  switch (action) {
    case 'hog': return `hog --rate ${HOG_RATE} &`;
    case 'bigHog': return `hog --rate ${BIG_HOG_RATE} --name bighog &`;
    case 'fileStream': return `dd if=/dev/zero of=/var/tmp/stream${ctx.serial}.bin bs=1M count=256 &`;
    case 'shmWrite': return `dd if=/dev/zero of=/dev/shm/shm${ctx.serial} bs=1M count=64`;
    case 'hogFaster': return ctx.newestHogPid === undefined ? undefined : `kill -USR1 ${ctx.newestHogPid}`;
    case 'hogSlower': return ctx.newestHogPid === undefined ? undefined : `kill -USR2 ${ctx.newestHogPid}`;
    case 'sync': return 'sync';
    case 'drop1': return 'echo 1 > /proc/sys/vm/drop_caches';
    case 'drop2': return 'echo 2 > /proc/sys/vm/drop_caches';
    case 'drop3': return 'echo 3 > /proc/sys/vm/drop_caches';
    case 'kill':
      if (ctx.selectedPid === undefined) return undefined;
      return `kill -${signal === 'KILL' ? '9' : '15'} ${ctx.selectedPid}`;
    case 'adjDown':
    case 'adjUp': {
      if (ctx.selectedPid === undefined) return undefined;
      const delta = action === 'adjUp' ? ADJ_STEP : -ADJ_STEP;
      const next = clamp((ctx.selectedOomScoreAdj ?? 0) + delta, -1000, 1000);
      return `echo ${next} > /proc/${ctx.selectedPid}/oom_score_adj`;
    }
    case 'overcommitCycle': {
      const mode = ctx.sysctl['vm.overcommit_memory'] ?? 0;
      return `sysctl -w vm.overcommit_memory=${(mode + 1) % 3}`;
    }
    case 'swappinessDown':
    case 'swappinessUp': {
      const now = ctx.sysctl['vm.swappiness'] ?? 60;
      const delta = action === 'swappinessUp' ? SWAPPINESS_STEP : -SWAPPINESS_STEP;
      return `sysctl -w vm.swappiness=${clamp(now + delta, 0, 200)}`;
    }
    default:
      return undefined;
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** The help overlay's and README's text: one line per key, grouped. */
export function helpLines(): string[] {
  const groups: KeyGroup[] = ['Pressure', 'Recovery', 'Navigation', 'Time', 'Other'];
  const lines: string[] = [];
  for (const group of groups) {
    lines.push(group);
    for (const b of KEY_BINDINGS.filter((k) => k.group === group)) {
      lines.push(`  ${b.label.padEnd(7)} ${b.description}`);
    }
  }
  return lines;
}

/** The README's key table (test/ui/readme-keys.test.ts keeps the README equal to this), with the command line
 *  each machine key runs for a selected process 1234, a newest hog 1234 and the default sysctls. */
export function keyTableMarkdown(): string {
  const ctx: CommandContext = {
    selectedPid: 1234, selectedOomScoreAdj: 0, newestHogPid: 1234, serial: 1,
    sysctl: { 'vm.overcommit_memory': 0, 'vm.swappiness': 60 },
  };
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const rows = KEY_BINDINGS.map((b) => {
    const lines = b.action === 'kill' ? [commandFor('kill', ctx, 'TERM'), commandFor('kill', ctx, 'KILL')] : [commandFor(b.action, ctx)];
    const code = lines.filter((l): l is string => l !== undefined).map((l) => `\`${cell(l)}\``).join(' or ');
    return `| ${b.group} | \`${cell(b.label)}\` | ${cell(b.description)} | ${code} |`;
  });
  return ['| group | key | what it does | command line it runs |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
