// The dashboard as one pure component: props in (a driver that gives the snapshot, the session and the player;
// the terminal size), screen out. It draws only from the driver's KernelSnapshot (and the session's command
// log), and acts only through the driver (which runs command lines through the Session). The terminal, the
// alternate screen and resizes belong to mount.ts; the recorder renders this component into a virtual terminal.
import React, { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import type { DashboardDriver } from './driver.js';
import { computeLayout, tooSmallMessage } from './layout.js';
import { KEY_BINDINGS, keyNameOf } from './keymap.js';
import { type Effects, handleKey, INITIAL_UI, type KeyContext, newestHogPid, type UiState } from './ui-state.js';
import { filterProcesses, sortProcesses } from './table-model.js';
import { freeNumbers } from './free-view.js';
import { Header } from './components/Header.js';
import { Graphs } from './components/Graphs.js';
import { ProcessTable } from './components/ProcessTable.js';
import { CaptionBar, captionRowsNeeded, Footer, LogPanels } from './components/Panels.js';
import type { PlaybackPort } from './playback.js';
import { Details, HelpOverlay } from './components/Overlays.js';
import { type Segment, seg, segmentsWidth } from './components/Line.js';
import { COLOR } from './theme.js';

export interface AppProps {
  driver: DashboardDriver;
  columns: number;
  rows: number;
}

const PROMPT_MODES = new Set(['filter', 'command']);

export function App({ driver, columns, rows }: AppProps): React.JSX.Element {
  const subscribe = useCallback((listener: () => void) => driver.subscribe(listener), [driver]);
  useSyncExternalStore(subscribe, () => driver.version);
  const [ui, setUi] = useState<UiState>(INITIAL_UI);
  const uiRef = useRef(ui);
  const { exit } = useApp();
  const { write } = useStdout();

  const snapshot = driver.snapshot();
  const player = driver.player;
  const layout = computeLayout(columns, rows, player ? captionRowsNeeded(player.caption, columns) : 0);
  const processes = filterProcesses(sortProcesses(snapshot.processes, ui.sort), ui.filter);
  const selectedPid = processes.some((p) => p.pid === ui.selectedPid) ? ui.selectedPid : processes[0]?.pid;

  const applyEffects = (effects: Effects): void => {
    if (effects.exec) driver.exec(effects.exec, effects.execOrigin ?? 'key');
    if (effects.clock === 'pause') driver.togglePause();
    if (effects.clock === 'step') driver.step();
    if (effects.clock === 'slower') driver.slower();
    if (effects.clock === 'faster') driver.faster();
    // Ink's write() forgets the frame on screen, writes ours (clear + home), then writes the whole frame again.
    if (effects.redraw) write('\x1b[2J\x1b[H');
    if (effects.quit) exit();
  };

  const press = (name: string, input: string): void => {
    const current = driver.snapshot();
    const rowsNow = filterProcesses(sortProcesses(current.processes, uiRef.current.sort), uiRef.current.filter);
    const ctx: KeyContext = {
      rows: rowsNow, sysctl: current.sysctl, pageRows: layout.tableRows, logLines: layout.logLines,
      newestHogPid: newestHogPid(current.processes),
    };
    // Outside a prompt, a chunk of several characters (fast typing, tmux send-keys) is several key presses.
    const presses = name === 'text' && !PROMPT_MODES.has(uiRef.current.mode) ? [...input].map((ch) => keyNameOf(ch, {}) ?? ch) : [name];
    for (const press of presses) {
      const { state, effects } = handleKey(uiRef.current, press, press === name ? input : press, ctx);
      uiRef.current = state;
      applyEffects(effects);
    }
    setUi(uiRef.current);
  };
  const pressRef = useRef(press);
  pressRef.current = press;
  useEffect(() => {
    driver.onKey((name) => pressRef.current(name, name.length === 1 ? name : ''));
    return () => driver.onKey(undefined);
  }, [driver]);

  useInput((input, key) => {
    const name = keyNameOf(input, key) ?? (input.length > 1 ? 'text' : undefined);
    if (name !== undefined) press(name, input);
  });

  if (layout.tooSmall) return <Text>{tooSmallMessage(columns, rows)}</Text>;

  const free = freeNumbers(snapshot);
  const middle = layout.graphRows + layout.tableRows + 1 + (layout.logLines > 0 ? layout.logLines + 1 : 0);
  const status = {
    timeMs: snapshot.timeMs, speed: driver.speed, paused: driver.paused, panicked: snapshot.panicked,
    processCount: snapshot.processes.length, oomKills: snapshot.vmstat['oom_kill'] ?? 0,
    scenario: player ? scenarioStatus(player) : undefined,
  };

  return (
    <Box flexDirection="column" width={columns} height={layout.height}>
      <Header snapshot={snapshot} free={free} status={status} width={columns} />
      {ui.mode === 'help' ? (
        <HelpOverlay width={columns} height={middle} scroll={ui.helpScroll} />
      ) : ui.mode === 'details' ? (
        <Details
          process={snapshot.processes.find((p) => p.pid === ui.selectedPid)}
          vmas={vmasOf(driver, ui.selectedPid)}
          width={columns} height={middle} scroll={ui.detailsScroll}
        />
      ) : (
        <>
          <Graphs samples={driver.history.last(columns)} totalKb={free.totalKb} swapTotalKb={free.swapTotalKb} width={columns} rows={layout.graphRows} />
          <ProcessTable
            rows={processes} selectedPid={selectedPid} scrollTop={ui.scrollTop} sort={ui.sort}
            height={layout.tableRows} width={columns} focused={ui.focus === 'procs'} filter={ui.filter}
          />
          <LogPanels
            kernelLines={driver.kernelLog(layout.logLines + ui.kernelScroll)} commands={driver.commandLog()}
            formatTime={(ms) => driver.formatLogTime(ms)} lines={layout.logLines} width={columns} focus={ui.focus}
            kernelScroll={ui.kernelScroll} commandScroll={ui.commandScroll}
          />
        </>
      )}
      {player ? (
        <CaptionBar caption={player.caption} step={player.stepIndex} steps={player.stepCount} finished={player.finished} width={columns} rows={layout.captionRows} />
      ) : null}
      <Footer width={columns} segments={withKeyHint(driver.keyHint, footerSegments(ui, snapshot.processes, columns))} />
    </Box>
  );
}

function scenarioStatus(player: PlaybackPort): string {
  const progress = player.finished ? `done (${player.stepCount} steps)` : `step ${player.stepIndex} of ${player.stepCount}`;
  // Progress first: a long title is what gets cut at the terminal's edge, not the step number.
  return player.title ? `${progress} · ${player.title}` : progress;
}

function vmasOf(driver: DashboardDriver, pid: number | undefined) {
  if (pid === undefined) return [];
  const result = driver.session.kernel.vmas(pid);
  return result.ok ? result.value : [];
}

/** A key pressed by a scenario (or announced by the recorder) is shown first in the footer for a moment. */
function withKeyHint(hint: string | undefined, segments: Segment[]): Segment[] {
  if (hint === undefined) return segments;
  return [seg(` key ${hint} `, { bold: true, inverse: true, color: COLOR.warn }), seg(' '), ...segments];
}

/** The footer: the open prompt, a message, or the key hints (htop's F-key bar, with letters). */
export function footerSegments(ui: UiState, processes: readonly { pid: number; comm: string }[], width: number): Segment[] {
  const cursor = seg('█', { color: COLOR.accent });
  switch (ui.mode) {
    case 'kill': {
      const p = processes.find((q) => q.pid === ui.killPid);
      return [seg(`kill ${ui.killPid} (${p?.comm ?? '?'})?`, { bold: true, color: COLOR.warn }), seg('  1/t SIGTERM  9/k SIGKILL  Esc cancel')];
    }
    case 'filter':
      return [seg('filter: ', { bold: true }), seg(ui.input), cursor, seg('  Enter keep  Esc clear', { dim: true })];
    case 'command':
      return [seg('$ ', { bold: true, color: COLOR.accent }), seg(ui.input), cursor, seg('  Enter run  Up/Down history  Esc cancel', { dim: true })];
    case 'help':
    case 'details':
      return [seg('Esc', { inverse: true }), seg(' back  '), seg('Up/Down', { inverse: true }), seg(' scroll')];
    default:
      break;
  }
  if (ui.message) return [seg(ui.message, { bold: true, color: COLOR.warn })];
  const out: Segment[] = [];
  if (ui.filter) out.push(seg(`filter "${ui.filter}" `, { bold: true, color: COLOR.accent }));
  const gap = width >= 100 ? '  ' : ' ';
  // Narrow terminals: drop hints from the least needed up, so `? help` and `q quit` always show.
  const dropOrder = ['o', 'f', 't', ':', 's', '3', 'k', 'p', 'space', '?', 'q'];
  let hints = KEY_BINDINGS.filter((b) => b.footer);
  const widthOf = (list: typeof hints): number =>
    segmentsWidth(out) + list.reduce((n, b) => n + b.label.length + 1 + b.footer!.length, 0) + gap.length * (list.length - 1);
  for (const key of dropOrder) {
    if (widthOf(hints) <= width) break;
    hints = hints.filter((b) => b.key !== key);
  }
  hints.forEach((b, i) => out.push(seg(b.label, { inverse: true }), seg(` ${b.footer}${i < hints.length - 1 ? gap : ''}`)));
  return out;
}
