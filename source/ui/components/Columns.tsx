// Panels side by side (the four graphs, the kernel log beside the command log) as the lines of ONE Block: line r
// is column 0's line r padded to the column's width, the gap, column 1's line r, and so on. Ink lays such panels
// out as a row Box of column Boxes, each with its own Yoga node and text; a Block of joined lines draws the same
// cells (each column's characters where the row Box would place them, blanks between), because every character
// of a block is one cell wide. When a line is not a block (a wide or combining character), the panels are laid out
// by Ink as before (`fallback`).
import React from 'react';
import { Block, isBlock } from './Block.js';
import { fitSegments, type Segment, seg, segmentsWidth } from './Line.js';

export interface Column {
  width: number;
  lines: readonly (readonly Segment[])[];
}

/** The columns' lines joined row by row; a column without a line r leaves its width blank. */
export function joinColumns(columns: readonly Column[], gap: number): Segment[][] {
  const rows = Math.max(0, ...columns.map((c) => c.lines.length));
  const out: Segment[][] = [];
  for (let r = 0; r < rows; r++) {
    const line: Segment[] = [];
    let pad = 0; // blank cells owed before the next column's text
    columns.forEach((column, i) => {
      const fitted = fitSegments(column.lines[r] ?? [], column.width);
      if (fitted.length > 0 && segmentsWidth(fitted) > 0) {
        if (pad > 0) line.push(seg(' '.repeat(pad)));
        line.push(...fitted);
        pad = 0;
      }
      pad += column.width - segmentsWidth(fitted) + (i < columns.length - 1 ? gap : 0);
    });
    out.push(line);
  }
  return out;
}

interface ColumnsProps {
  columns: readonly Column[];
  gap: number;
  width: number;
  /** The same panels as Ink boxes, for lines that are not a block. */
  fallback: () => React.JSX.Element;
}

export function Columns({ columns, gap, width, fallback }: ColumnsProps): React.JSX.Element {
  // Only checked here (not styled): Block styles the joined lines once.
  if (!columns.every((c) => isBlock(c.lines, c.width))) return fallback();
  return <Block width={width} lines={joinColumns(columns, gap)} />;
}
