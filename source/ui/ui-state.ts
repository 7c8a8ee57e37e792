// What the dashboard's keys do, as a pure function: (UI state, key) -> (new UI state, effects). Effects are the
// only way out: a command line to run through the Session, a clock action, or quit. Kept apart from React so
// every key can be tested without a terminal, and so the recorder replays exactly the same behaviour.
import type { ProcessInfo } from '../kernel/types.js';
import { type ActionId, commandFor, findBinding } from './keymap.js';
import { SORT_KEYS, type SortKey } from './table-model.js';

export type Mode = 'main' | 'help' | 'details' | 'kill' | 'filter' | 'command';
export type Focus = 'procs' | 'klog' | 'cmdlog';
const FOCUS_ORDER: readonly Focus[] = ['procs', 'klog', 'cmdlog'];
const HISTORY_MAX = 100;
/** Footer note after Ctrl-L; it also lets a test see that the full redraw has happened. */
export const REDRAWN = 'screen redrawn';

export interface UiState {
  mode: Mode;
  focus: Focus;
  sort: SortKey;
  selectedPid: number | undefined;
  scrollTop: number;
  filter: string;
  /** Text being typed at the `/` or `:` prompt. */
  input: string;
  history: readonly string[];
  /** Position while browsing the `:` history with Up/Down; history.length = the new line. */
  historyIndex: number;
  kernelScroll: number;
  commandScroll: number;
  helpScroll: number;
  detailsScroll: number;
  /** pid the kill prompt asks about. */
  killPid: number | undefined;
  /** One-line feedback in the footer until the next key (e.g. "select a process first"). */
  message: string | undefined;
  /** Makes each `f`/`t` press write a new file. */
  serial: number;
}

export const INITIAL_UI: UiState = {
  mode: 'main', focus: 'procs', sort: 'rss', selectedPid: undefined, scrollTop: 0, filter: '', input: '',
  history: [], historyIndex: 0, kernelScroll: 0, commandScroll: 0, helpScroll: 0, detailsScroll: 0,
  killPid: undefined, message: undefined, serial: 1,
};

export interface Effects {
  exec?: string;
  execOrigin?: 'key' | 'prompt';
  clock?: 'pause' | 'step' | 'slower' | 'faster';
  /** Clear the terminal and write the whole frame again (Ctrl-L). */
  redraw?: boolean;
  quit?: boolean;
}

export interface KeyContext {
  /** Process rows in display order (sorted, filtered). */
  rows: readonly ProcessInfo[];
  sysctl: Readonly<Record<string, number>>;
  /** Rows of the process table and lines of each log panel, for paging. */
  pageRows: number;
  logLines: number;
  /** Pid of the newest live hog (target of +/-). */
  newestHogPid: number | undefined;
}

export interface KeyResult {
  state: UiState;
  effects: Effects;
}

/** Applies one key press (canonical name from keymap.keyNameOf, plus the raw text for prompts). */
export function handleKey(state: UiState, key: string, input: string, ctx: KeyContext): KeyResult {
  const s: UiState = { ...state, message: undefined };
  if (key === 'ctrl-c') return { state: s, effects: { quit: true } };
  if (key === 'ctrl-l') return { state: { ...s, message: REDRAWN }, effects: { redraw: true } };
  switch (s.mode) {
    case 'help': return handleHelp(s, key);
    case 'details': return handleDetails(s, key, ctx);
    case 'kill': return handleKill(s, key, ctx);
    case 'filter': return handleFilter(s, key, input);
    case 'command': return handleCommand(s, key, input);
    default: return handleMain(s, key, ctx);
  }
}

function none(state: UiState): KeyResult {
  return { state, effects: {} };
}

function handleHelp(s: UiState, key: string): KeyResult {
  if (key === 'escape' || key === 'q' || key === '?') return none({ ...s, mode: 'main', helpScroll: 0 });
  if (key === 'down') return none({ ...s, helpScroll: s.helpScroll + 1 });
  if (key === 'up') return none({ ...s, helpScroll: Math.max(0, s.helpScroll - 1) });
  if (key === 'pagedown') return none({ ...s, helpScroll: s.helpScroll + 10 });
  if (key === 'pageup') return none({ ...s, helpScroll: Math.max(0, s.helpScroll - 10) });
  return none(s);
}

function handleDetails(s: UiState, key: string, ctx: KeyContext): KeyResult {
  if (key === 'escape' || key === 'q' || key === 'enter') return none({ ...s, mode: 'main', detailsScroll: 0 });
  if (key === 'down') return none({ ...s, detailsScroll: s.detailsScroll + 1 });
  if (key === 'up') return none({ ...s, detailsScroll: Math.max(0, s.detailsScroll - 1) });
  if (key === 'pagedown') return none({ ...s, detailsScroll: s.detailsScroll + ctx.pageRows });
  if (key === 'pageup') return none({ ...s, detailsScroll: Math.max(0, s.detailsScroll - ctx.pageRows) });
  return none(s);
}

function handleKill(s: UiState, key: string, ctx: KeyContext): KeyResult {
  const back = { ...s, mode: 'main' as const, killPid: undefined };
  const signal = key === '1' || key === 't' ? 'TERM' : key === '9' || key === 'k' ? 'KILL' : undefined;
  if (signal === undefined) return none(key === 'escape' || key === 'q' || key === 'n' ? back : s);
  const line = commandFor('kill', { selectedPid: s.killPid, sysctl: ctx.sysctl, serial: s.serial }, signal);
  return { state: back, effects: line ? { exec: line, execOrigin: 'key' } : {} };
}

/** Shared line editing of the `/` and `:` prompts; undefined when the key is not an editing key. */
function edit(text: string, key: string, input: string): string | undefined {
  if (key === 'backspace') return [...text].slice(0, -1).join('');
  if (key === 'space') return `${text} `;
  if (input.length >= 1 && !input.startsWith('\x1b') && key !== 'enter' && key !== 'tab' && key !== 'escape'
    && !key.startsWith('ctrl-') && !['up', 'down', 'left', 'right', 'pageup', 'pagedown', 'home', 'end'].includes(key)) {
    return text + input.replace(/[\r\n]/g, '');
  }
  return undefined;
}

function handleFilter(s: UiState, key: string, input: string): KeyResult {
  if (key === 'enter') return none({ ...s, mode: 'main', input: '', scrollTop: 0 });
  if (key === 'escape') return none({ ...s, mode: 'main', filter: '', input: '', scrollTop: 0 });
  const next = edit(s.input, key, input);
  if (next === undefined) return none(s);
  // The filter applies while typing, as htop's F4 does.
  return none({ ...s, input: next, filter: next, scrollTop: 0 });
}

function handleCommand(s: UiState, key: string, input: string): KeyResult {
  if (key === 'escape') return none({ ...s, mode: 'main', input: '' });
  if (key === 'enter') {
    const line = s.input.trim();
    const closed = { ...s, mode: 'main' as const, input: '' };
    if (line === '') return none(closed);
    const history = [...s.history.filter((h) => h !== line), line].slice(-HISTORY_MAX);
    return { state: { ...closed, history, historyIndex: history.length }, effects: { exec: line, execOrigin: 'prompt' } };
  }
  if (key === 'up' || key === 'down') {
    const index = Math.max(0, Math.min(s.history.length, s.historyIndex + (key === 'up' ? -1 : 1)));
    return none({ ...s, historyIndex: index, input: s.history[index] ?? '' });
  }
  const next = edit(s.input, key, input);
  return none(next === undefined ? s : { ...s, input: next });
}

function selectedIndex(s: UiState, rows: readonly ProcessInfo[]): number {
  const i = rows.findIndex((p) => p.pid === s.selectedPid);
  return i < 0 ? 0 : i;
}

function select(s: UiState, rows: readonly ProcessInfo[], index: number): UiState {
  if (rows.length === 0) return s;
  const i = Math.max(0, Math.min(rows.length - 1, index));
  return { ...s, selectedPid: rows[i]!.pid };
}

function scrollLog(s: UiState, delta: number | 'top' | 'bottom'): UiState {
  const field = s.focus === 'klog' ? 'kernelScroll' : 'commandScroll';
  const now = s[field];
  const next = delta === 'bottom' ? 0 : delta === 'top' ? 10_000 : Math.max(0, now + delta);
  return { ...s, [field]: next };
}

function navigate(s: UiState, action: ActionId, ctx: KeyContext): UiState {
  const page = s.focus === 'procs' ? Math.max(1, ctx.pageRows) : Math.max(1, ctx.logLines);
  if (s.focus !== 'procs') {
    // Log panels: Up goes back in time, Down towards the newest line.
    const moves: Partial<Record<ActionId, number | 'top' | 'bottom'>> = {
      up: 1, down: -1, pageUp: page, pageDown: -page, home: 'top', end: 'bottom',
    };
    const delta = moves[action];
    return delta === undefined ? s : scrollLog(s, delta);
  }
  const i = selectedIndex(s, ctx.rows);
  const target: Partial<Record<ActionId, number>> = {
    up: i - 1, down: i + 1, pageUp: i - page, pageDown: i + page, home: 0, end: ctx.rows.length - 1,
  };
  const t = target[action];
  return t === undefined ? s : select(s, ctx.rows, t);
}

function handleMain(s: UiState, key: string, ctx: KeyContext): KeyResult {
  if (key === 'escape') return none(s.filter !== '' ? { ...s, filter: '' } : s);
  const binding = findBinding(key);
  if (!binding) return none(s);
  const action = binding.action;
  const selected = ctx.rows.find((p) => p.pid === s.selectedPid) ?? ctx.rows[0];
  switch (action) {
    case 'quit': return { state: s, effects: { quit: true } };
    case 'interrupt': return { state: s, effects: { quit: true } };
    case 'help': return none({ ...s, mode: 'help', helpScroll: 0 });
    case 'commandLine': return none({ ...s, mode: 'command', input: '', historyIndex: s.history.length });
    case 'filter': return none({ ...s, mode: 'filter', input: s.filter });
    case 'pause': return { state: s, effects: { clock: 'pause' } };
    case 'step': return { state: s, effects: { clock: 'step' } };
    case 'slower': return { state: s, effects: { clock: 'slower' } };
    case 'faster': return { state: s, effects: { clock: 'faster' } };
    case 'nextPanel': {
      const next = FOCUS_ORDER[(FOCUS_ORDER.indexOf(s.focus) + 1) % FOCUS_ORDER.length]!;
      return none({ ...s, focus: next });
    }
    case 'sortNext':
    case 'sortPrev': {
      const step = action === 'sortNext' ? 1 : SORT_KEYS.length - 1;
      return none({ ...s, sort: SORT_KEYS[(SORT_KEYS.indexOf(s.sort) + step) % SORT_KEYS.length]! });
    }
    case 'up': case 'down': case 'pageUp': case 'pageDown': case 'home': case 'end':
      return none(navigate(s, action, ctx));
    case 'details':
      if (!selected) return none({ ...s, message: 'no process to show' });
      return none({ ...s, mode: 'details', selectedPid: selected.pid, detailsScroll: 0 });
    case 'kill':
      if (!selected) return none({ ...s, message: 'no process selected' });
      return none({ ...s, mode: 'kill', killPid: selected.pid, selectedPid: selected.pid });
    default: {
      const line = commandFor(action, {
        selectedPid: selected?.pid, selectedOomScoreAdj: selected?.oomScoreAdj, newestHogPid: ctx.newestHogPid,
        sysctl: ctx.sysctl, serial: s.serial,
      });
      if (line === undefined) {
        const why = action === 'hogFaster' || action === 'hogSlower' ? 'no hog running (press p)' : 'no process selected';
        return none({ ...s, message: why });
      }
      const serial = action === 'fileStream' || action === 'shmWrite' ? s.serial + 1 : s.serial;
      return { state: { ...s, serial }, effects: { exec: line, execOrigin: 'key' } };
    }
  }
}

/** The newest live process started as a hog (the target of + and -). */
export function newestHogPid(rows: readonly ProcessInfo[]): number | undefined {
  let best: ProcessInfo | undefined;
  for (const p of rows) {
    if ((p.comm === 'hog' || p.comm === 'bighog') && p.state !== 'X' && p.state !== 'Z') {
      if (!best || p.startTimeMs > best.startTimeMs || (p.startTimeMs === best.startTimeMs && p.pid > best.pid)) best = p;
    }
  }
  return best?.pid;
}
