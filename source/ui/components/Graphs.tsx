// Trend graphs (like htop's graph meters and bottom's memory graph): free, buff/cache, swap used and PSI
// some avg10 over the last minutes of simulated time, one column per sampled simulated second, drawn with the
// eighth blocks ▁..█. With one row each graph is a sparkline after its label.
import React from 'react';
import { Box } from 'ink';
import type { HistorySample } from '../history.js';
import { freeHuman } from '../free-view.js';
import { COLOR } from '../theme.js';
import { type Segment, seg } from './Line.js';
import { Block } from './Block.js';
import { type Column, Columns } from './Columns.js';

const LEVELS = ' ▁▂▃▄▅▆▇█';

export interface GraphSpec {
  label: string;
  color: string;
  /** Value of a sample as a fraction 0..1 of its scale. */
  fraction: (s: HistorySample) => number;
  /** Current value as text. */
  now: (s: HistorySample | undefined) => string;
}

export function graphSpecs(totalKb: number, swapTotalKb: number): GraphSpec[] {
  const of = (kb: number, total: number): number => (total > 0 ? kb / total : 0);
  return [
    { label: 'free', color: COLOR.free, fraction: (s) => of(s.freeKb, totalKb), now: (s) => (s ? freeHuman(s.freeKb) : '-') },
    { label: 'buff/cache', color: COLOR.cache, fraction: (s) => of(s.buffCacheKb, totalKb), now: (s) => (s ? freeHuman(s.buffCacheKb) : '-') },
    { label: 'swap', color: COLOR.swapUsed, fraction: (s) => of(s.swapUsedKb, swapTotalKb), now: (s) => (s ? freeHuman(s.swapUsedKb) : '-') },
    { label: 'psi', color: COLOR.warn, fraction: (s) => s.psiSome / 100, now: (s) => (s ? `${s.psiSome.toFixed(1)}%` : '-') },
  ];
}

/** The chart rows (top first) of `samples` in `width` columns and `rows` rows (exported for tests). */
export function chartRows(samples: readonly HistorySample[], fraction: (s: HistorySample) => number, width: number, rows: number): string[] {
  const shown = samples.slice(Math.max(0, samples.length - width));
  const pad = width - shown.length;
  const eighths = shown.map((s) => Math.round(Math.min(1, Math.max(0, fraction(s))) * rows * 8));
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const floor = (rows - 1 - r) * 8;
    let line = ' '.repeat(pad);
    for (const e of eighths) line += LEVELS[Math.min(8, Math.max(0, e - floor))];
    out.push(line);
  }
  return out;
}

/** Colours only the runs of bar glyphs; blank runs stay plain, so an empty chart row costs no escape codes. */
function colourGlyphs(line: string, color: string): Segment[] {
  return (line.match(/ +|[^ ]+/g) ?? []).map((run) => (run.startsWith(' ') ? seg(run) : seg(run, { color })));
}

export interface GraphsProps {
  samples: readonly HistorySample[];
  totalKb: number;
  swapTotalKb: number;
  width: number;
  rows: number;
}

export function Graphs({ samples, totalKb, swapTotalKb, width, rows }: GraphsProps): React.JSX.Element | null {
  if (rows <= 0) return null;
  const specs = graphSpecs(totalKb, swapTotalKb);
  const gap = 2;
  const each = Math.floor((width - gap * (specs.length - 1)) / specs.length);
  const latest = samples[samples.length - 1];
  const columns: Column[] = specs.map((spec) => {
    const title = `${spec.label} ${spec.now(latest)}`;
    const lines: Segment[][] = [];
    if (rows === 1) {
      const chartWidth = Math.max(0, each - title.length - 1);
      const [chart = ''] = chartRows(samples, spec.fraction, chartWidth, 1);
      lines.push([seg(`${title} `), ...colourGlyphs(chart, spec.color)]);
    } else {
      lines.push([seg(title, { bold: true })]);
      for (const line of chartRows(samples, spec.fraction, each, rows - 1)) lines.push(colourGlyphs(line, spec.color));
    }
    return { width: each, lines };
  });
  // The graphs as Ink boxes: one column Box each, `gap` apart (what Columns draws as one text).
  const boxes = (): React.JSX.Element => (
    <Box flexDirection="row" width={width} height={rows}>
      {columns.map((column, i) => (
        <Box key={specs[i]!.label} flexDirection="column" width={each} marginRight={i < specs.length - 1 ? gap : 0}>
          <Block width={each} lines={column.lines} />
        </Box>
      ))}
    </Box>
  );
  return (
    <Box flexDirection="column" width={width} height={rows}>
      <Columns columns={columns} gap={gap} width={width} fallback={boxes} />
    </Box>
  );
}
