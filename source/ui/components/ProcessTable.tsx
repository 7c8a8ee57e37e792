// The process table (htop's main panel): PID USER COMM VIRT RSS SHR SWAP oom_score oom_score_adj S, sorted
// by RSS, oom_score, PID or SWAP, scrolled so the selected row stays visible. SHR is RssFile + RssShmem, as top
// shows it. A task the OOM killer chose stays a moment in state X, marked, before the kernel reaps it.
import React from 'react';
import { Box } from 'ink';
import type { ProcessInfo } from '../../kernel/types.js';
import { COLOR } from '../theme.js';
import { compactKb, scrollFor, type SortKey } from '../table-model.js';
import { type Segment, seg } from './Line.js';
import { Block } from './Block.js';

interface Column {
  id: 'pid' | 'user' | 'comm' | 'virt' | 'rss' | 'shr' | 'swap' | 'oom' | 'adj' | 'state';
  title: string;
  width: number;
  right: boolean;
  sort?: SortKey;
}

const MARKER = 1;

/** The columns that fit in `width`: USER goes first below 72 columns, then SHR below 66. */
export function tableColumns(width: number): Column[] {
  const wide = width >= 110;
  const cols: Column[] = [
    { id: 'pid', title: 'PID', width: 6, right: true, sort: 'pid' },
    { id: 'user', title: 'USER', width: 8, right: false },
    { id: 'comm', title: 'COMM', width: 0, right: false },
    { id: 'virt', title: 'VIRT', width: 6, right: true },
    { id: 'rss', title: 'RSS', width: 6, right: true, sort: 'rss' },
    { id: 'shr', title: 'SHR', width: 6, right: true },
    { id: 'swap', title: 'SWAP', width: 6, right: true, sort: 'swap' },
    { id: 'oom', title: wide ? 'oom_score' : 'SCORE', width: wide ? 10 : 6, right: true, sort: 'oom' },
    { id: 'adj', title: wide ? 'oom_score_adj' : 'ADJ', width: wide ? 14 : 5, right: true },
    { id: 'state', title: 'S', width: 1, right: false },
  ];
  const shown = cols.filter((c) => !(c.id === 'user' && width < 72) && !(c.id === 'shr' && width < 66));
  const fixed = MARKER + shown.reduce((n, c) => n + c.width + 1, 0);
  const comm = shown.find((c) => c.id === 'comm')!;
  comm.width = Math.max(6, Math.min(wide ? 32 : 24, width - fixed));
  return shown;
}

function cell(text: string, col: Column): string {
  const t = text.length > col.width ? text.slice(0, col.width) : text;
  return col.right ? t.padStart(col.width) : t.padEnd(col.width);
}

function cellText(p: ProcessInfo, id: Column['id']): string {
  switch (id) {
    case 'pid': return String(p.pid);
    case 'user': return p.user;
    case 'comm': return p.oomKilled ? `${p.comm} OOM-killed` : p.comm;
    case 'virt': return compactKb(p.vmSizeKb);
    case 'rss': return compactKb(p.vmRssKb);
    case 'shr': return compactKb(p.rssFileKb + p.rssShmemKb);
    case 'swap': return compactKb(p.vmSwapKb);
    case 'oom': return String(p.oomScore);
    case 'adj': return String(p.oomScoreAdj);
    default: return p.state;
  }
}

export function headerSegments(cols: readonly Column[], sort: SortKey, width: number): Segment[] {
  let text = ' ';
  for (const c of cols) text += cell(c.sort === sort ? `${c.title}▼` : c.title, c) + ' ';
  return [seg(text.padEnd(width).slice(0, width), { inverse: true, bold: true })];
}

/** The selected row always has the `>` marker (readable without colour); it is inverse while the table has focus. */
export function rowSegments(p: ProcessInfo, cols: readonly Column[], selected: boolean, focused = true): Segment[] {
  let text = selected ? '>' : ' ';
  for (const c of cols) text += cell(cellText(p, c.id), c) + ' ';
  text = text.trimEnd();
  const highlight = selected && focused;
  if (p.state === 'X' || p.oomKilled) return [seg(text, { color: COLOR.danger, bold: true, inverse: highlight })];
  if (highlight) return [seg(text, { inverse: true })];
  if (p.kernelThread) return [seg(text, { dim: true })];
  return [seg(text)];
}

export interface ProcessTableProps {
  rows: readonly ProcessInfo[];
  selectedPid: number | undefined;
  scrollTop: number;
  sort: SortKey;
  height: number;
  width: number;
  focused: boolean;
  filter: string;
}

export function ProcessTable({ rows, selectedPid, scrollTop, sort, height, width, focused, filter }: ProcessTableProps): React.JSX.Element {
  const cols = tableColumns(width);
  const selectedIndex = Math.max(0, rows.findIndex((p) => p.pid === selectedPid));
  const top = scrollFor(selectedIndex, scrollTop, height, rows.length);
  const visible = rows.slice(top, top + height);
  const lines = [headerSegments(cols, sort, width), ...visible.map((p) => rowSegments(p, cols, p.pid === selectedPid, focused))];
  if (rows.length === 0) lines.push([seg(filter ? ` no process matches "${filter}"` : ' no processes', { dim: true })]);
  return (
    <Box flexDirection="column" width={width} height={height + 1}>
      <Block width={width} lines={lines} />
    </Box>
  );
}
