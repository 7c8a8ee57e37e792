// Overlays that take the place of the table and logs: the `?` help (every key from keymap.ts, in as many
// columns as fit, scrollable) and the Enter details of one process: its /proc/PID/status memory fields and its
// mappings (/proc/PID/maps with the resident size of each, like smaps' Rss) in an ink-table.
import React from 'react';
import { Box, Text } from 'ink';
import { Table } from '@alcalzone/ink-table';
import type { ProcessInfo, VmaInfo } from '../../kernel/types.js';
import { helpLines } from '../keymap.js';
import { Line, seg } from './Line.js';
import { Block } from './Block.js';

/** Help lines arranged in as many columns as fit whole lines; `scroll` skips rows when they still do not fit. */
export function helpGrid(width: number, height: number, scroll: number): string[] {
  const lines = helpLines();
  const widest = Math.max(...lines.map((l) => l.length)) + 2;
  const columns = Math.max(1, Math.min(3, Math.floor(width / widest)));
  const colWidth = Math.floor(width / columns);
  const perColumn = Math.ceil(lines.length / columns);
  const rows: string[] = [];
  for (let r = 0; r < perColumn; r++) {
    let row = '';
    for (let c = 0; c < columns; c++) {
      const text = lines[c * perColumn + r] ?? '';
      row += c < columns - 1 ? text.slice(0, colWidth - 1).padEnd(colWidth) : text.slice(0, colWidth);
    }
    rows.push(row.trimEnd());
  }
  const top = Math.max(0, Math.min(scroll, rows.length - height));
  return rows.slice(top, top + height);
}

export function HelpOverlay({ width, height, scroll }: { width: number; height: number; scroll: number }): React.JSX.Element {
  const body = helpGrid(width, height - 1, scroll);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Block width={width} lines={[[seg(' memsim keys — Esc or q closes, Up/Down scroll ', { bold: true, inverse: true })], ...body.map((l) => [seg(l)])]} />
    </Box>
  );
}

/** The memory lines of /proc/PID/status, in the kernel's order (fs/proc/task_mmu.c task_mem). */
export function statusFields(p: ProcessInfo): [string, string][] {
  const kb = (n: number): string => `${n} kB`;
  return [
    ['VmPeak', kb(p.vmPeakKb)], ['VmSize', kb(p.vmSizeKb)], ['VmHWM', kb(p.vmHwmKb)], ['VmRSS', kb(p.vmRssKb)],
    ['RssAnon', kb(p.rssAnonKb)], ['RssFile', kb(p.rssFileKb)], ['RssShmem', kb(p.rssShmemKb)],
    ['VmData', kb(p.vmDataKb)], ['VmStk', kb(p.vmStkKb)], ['VmExe', kb(p.vmExeKb)], ['VmLib', kb(p.vmLibKb)],
    ['VmPTE', kb(p.vmPteKb)], ['VmSwap', kb(p.vmSwapKb)],
    ['oom_score', String(p.oomScore)], ['oom_score_adj', String(p.oomScoreAdj)],
  ];
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0'); // %08lx, as /proc/PID/maps prints addresses
}

/** Drawn width of an ink-table: each cell is padded by one space on both sides, plus one border per column + 1. */
function tableWidth(rows: readonly Record<string, string>[]): number {
  const keys = Object.keys(rows[0] ?? {});
  return keys.reduce((n, k) => n + 3 + Math.max(k.length, ...rows.map((r) => (r[k] ?? '').length)), 1);
}

/** VMA rows for the table, dropping the swap and then the size column when the table would not fit `width`. */
export function vmaRows(vmas: readonly VmaInfo[], width = Infinity): Record<string, string>[] {
  let rows = vmas.map((v) => ({
    address: `${hex(v.start)}-${hex(v.end)}`,
    perms: v.perms,
    size: `${(v.end - v.start) / 1024} kB`,
    rss: `${v.rssKb} kB`,
    swap: `${v.swapKb} kB`,
    name: v.name === '' ? '[anon]' : v.name,
  })) as Record<string, string>[];
  for (const drop of ['swap', 'size']) {
    if (tableWidth(rows) <= width) break;
    rows = rows.map(({ [drop]: _dropped, ...rest }) => rest);
  }
  return rows;
}

export interface DetailsProps {
  process: ProcessInfo | undefined;
  vmas: readonly VmaInfo[];
  width: number;
  height: number;
  scroll: number;
}

export function Details({ process, vmas, width, height, scroll }: DetailsProps): React.JSX.Element {
  if (!process) {
    return (
      <Box flexDirection="column" width={width} height={height}>
        <Text>The process is gone. Esc returns.</Text>
      </Box>
    );
  }
  const fields = statusFields(process);
  const perRow = Math.max(1, Math.floor(width / 26));
  const fieldRows: string[] = [];
  for (let i = 0; i < fields.length; i += perRow) {
    fieldRows.push(fields.slice(i, i + perRow).map(([k, v]) => `${`${k}:`.padEnd(14)}${v.padStart(11)}`).join(' '));
  }
  // ink-table draws a separator between rows: each row costs two lines, plus top, heading and bottom.
  const tableRoom = Math.max(0, height - 2 - fieldRows.length);
  const maxVmas = Math.max(0, Math.floor((tableRoom - 3) / 2) + 1);
  const first = Math.max(0, Math.min(scroll, vmas.length - maxVmas));
  const shown = vmaRows(vmas.slice(first, first + maxVmas), width);
  const title = ` PID ${process.pid} ${process.comm} — /proc/${process.pid}/status and maps (${vmas.length} mappings${vmas.length > shown.length ? `, ${first + 1}-${first + shown.length} shown` : ''}) — Esc closes `;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Line width={width} segments={[seg(title, { bold: true, inverse: true })]} />
      {fieldRows.map((r, i) => <Line key={i} width={width} segments={[seg(r)]} />)}
      {shown.length > 0 ? <Box flexShrink={0}><Table data={shown} /></Box> : <Text dimColor>no mappings</Text>}
    </Box>
  );
}
