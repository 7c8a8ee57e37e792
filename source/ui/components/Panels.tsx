// The bottom panels: kernel log (dmesg as it appears: kswapd, drop_caches, OOM reports) beside the command log
// (every line a key, the `:` prompt or a scenario ran, with its first line of output), then the scenario
// caption bar and the footer (key hints, or the prompt that is open).
import React from 'react';
import { Box } from 'ink';
import type { KernelLogLine } from '../../kernel/types.js';
import type { CommandLogEntry } from '../../shell/types.js';
import { COLOR } from '../theme.js';
import { Line, type Segment, seg } from './Line.js';
import { Block } from './Block.js';
import { Columns } from './Columns.js';

export function kernelLogText(line: KernelLogLine, formatTime: (ms: number) => string, width: number): string {
  const stamp = width >= 70 ? formatTime(line.timeMs) : `[${(line.timeMs / 1000).toFixed(3)}]`;
  return `${stamp} ${line.text}`;
}

/** Command log entries as display lines: `$ line` (+ ` [N]` when it failed), then its first output line. */
export function commandLogLines(entries: readonly CommandLogEntry[]): Segment[][] {
  const out: Segment[][] = [];
  for (const e of entries) {
    const status = e.status === undefined ? seg(' …', { dim: true }) : e.status === 0 ? seg('') : seg(` [${e.status}]`, { color: COLOR.danger, bold: true });
    out.push([seg('$ ', { color: COLOR.accent, bold: true }), seg(e.line), status]);
    const first = e.output.split('\n').find((l) => l.trim() !== '');
    if (first !== undefined) out.push([seg(`  ${first}`, { dim: true })]);
  }
  return out;
}

/** Splits `text` into rows of `width` characters; rows after the first are indented by two spaces. */
export function wrapLine(text: string, width: number): string[] {
  const chars = [...text];
  if (chars.length <= width || width < 8) return [text];
  const rows = [chars.slice(0, width).join('')];
  for (let i = width; i < chars.length; i += width - 2) rows.push(`  ${chars.slice(i, i + width - 2).join('')}`);
  return rows;
}

export interface LogPanelsProps {
  kernelLines: readonly KernelLogLine[];
  commands: readonly CommandLogEntry[];
  formatTime: (ms: number) => string;
  lines: number;
  width: number;
  focus: 'procs' | 'klog' | 'cmdlog';
  /** Lines scrolled back from the newest, per panel. */
  kernelScroll: number;
  commandScroll: number;
}

function windowOf<T>(items: readonly T[], lines: number, back: number): readonly T[] {
  const end = Math.max(0, items.length - back);
  return items.slice(Math.max(0, end - lines), end);
}

export function LogPanels(props: LogPanelsProps): React.JSX.Element | null {
  const { lines, width } = props;
  if (lines <= 0) return null;
  // The kernel log gets 3/5 of the width: its lines (OOM reports) are the longer ones.
  const left = Math.floor(((width - 1) * 3) / 5);
  const right = width - left - 1;
  // Kernel lines wrap (an OOM report must be readable whole in a narrow panel); continuation lines are indented.
  const kernelRows: Segment[][] = [];
  for (const l of props.kernelLines) {
    const style = l.level <= 3 ? { color: COLOR.danger, bold: true } : {};
    for (const piece of wrapLine(kernelLogText(l, props.formatTime, left), left)) kernelRows.push([seg(piece, style)]);
  }
  const kernel = windowOf(kernelRows, lines, props.kernelScroll);
  const commands = windowOf(commandLogLines(props.commands), lines, props.commandScroll);
  const title = (name: string, focused: boolean, back: number): Segment[] => [
    seg(`${focused ? '▶' : '─'} ${name}${back > 0 ? ` (${back} back)` : ''} `, { bold: true, inverse: focused }),
  ];
  const columns = [
    { width: left, lines: [title('kernel log', props.focus === 'klog', props.kernelScroll), ...kernel] },
    { width: right, lines: [title('command log', props.focus === 'cmdlog', props.commandScroll), ...commands] },
  ];
  // The two panels as Ink boxes, one blank column apart (what Columns draws as one text).
  const boxes = (): React.JSX.Element => (
    <Box flexDirection="row" width={width} height={lines + 1}>
      <Box flexDirection="column" width={left}>
        <Block width={left} lines={columns[0]!.lines} />
      </Box>
      <Box width={1} />
      <Box flexDirection="column" width={right}>
        <Block width={right} lines={columns[1]!.lines} />
      </Box>
    </Box>
  );
  return (
    <Box flexDirection="column" width={width} height={lines + 1}>
      <Columns columns={columns} gap={1} width={width} fallback={boxes} />
    </Box>
  );
}

/** Word-wraps `text` into rows of at most `width` characters; the last allowed row ends with … when cut. */
export function wordWrap(text: string, width: number, maxRows: number): string[] {
  const rows: string[] = [];
  let row = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const candidate = row === '' ? word : `${row} ${word}`;
    if ([...candidate].length <= width) {
      row = candidate;
      continue;
    }
    if (row !== '') rows.push(row);
    row = [...word].length > width ? [...word].slice(0, width).join('') : word;
  }
  if (row !== '') rows.push(row);
  if (rows.length > maxRows) {
    const kept = rows.slice(0, maxRows);
    const last = [...kept[maxRows - 1]!];
    kept[maxRows - 1] = `${last.slice(0, Math.max(0, width - 1)).join('')}…`;
    return kept;
  }
  return rows;
}

/** Rows the caption needs at this width (the layout gives it up to 3). */
export function captionRowsNeeded(caption: string | undefined, width: number): number {
  return Math.max(1, wordWrap(caption ?? '', width - 2, 3).length);
}

/** The scenario's caption (`say:`), word-wrapped over the rows the layout gave it. Title and step are on the
 *  status line, so the caption starts at column 2 and a viewer reads it whole. */
export function CaptionBar({ caption, step, steps, finished, width, rows }: {
  caption: string | undefined; step: number; steps: number; finished: boolean; width: number; rows: number;
}): React.JSX.Element {
  const text = caption ?? (finished ? `scenario done (${steps} steps)` : `step ${step} of ${steps}`);
  const lines = wordWrap(text, width - 2, rows);
  return (
    <Box flexDirection="column" width={width} height={rows}>
      <Block width={width} lines={lines.map((l) => [seg('▌', { color: COLOR.accent }), seg(` ${l}`, { bold: true })])} />
    </Box>
  );
}

export function Footer({ segments, width }: { segments: Segment[]; width: number }): React.JSX.Element {
  return <Line width={width} segments={segments} />;
}
