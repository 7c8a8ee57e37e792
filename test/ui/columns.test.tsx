// Columns joins side-by-side panels into the lines of one Block; on screen that must be exactly the row Box of
// column Boxes Ink lays out for them (in colour, with short and missing lines, lines cut to a column's width), and
// a wide or combining character must fall back to those boxes.
import './support/force-color.js';
import React from 'react';
import { Box, renderToString } from 'ink';
import { expect, test } from 'vitest';
import { Block } from '../../source/ui/components/Block.js';
import { type Column, Columns } from '../../source/ui/components/Columns.js';
import { seg } from '../../source/ui/components/Line.js';
import { COLOR } from '../../source/ui/theme.js';

function Boxes({ columns, gap, width }: { columns: Column[]; gap: number; width: number }): React.JSX.Element {
  return (
    <Box flexDirection="row" width={width}>
      {columns.map((c, i) => (
        <Box key={i} flexDirection="column" width={c.width} marginRight={i < columns.length - 1 ? gap : 0}>
          <Block width={c.width} lines={c.lines} />
        </Box>
      ))}
    </Box>
  );
}

const draw = (element: React.JSX.Element, width: number): string => renderToString(element, { columns: width });

test('joined columns draw what a row of column boxes draws', () => {
  const graph = (label: string, color: string): Column => ({
    width: 13,
    lines: [[seg(`${label} 1.2Gi`, { bold: true })], [seg('   '), seg('▁▂▃█', { color })], [seg('█'.repeat(20), { color })]],
  });
  const sets: Array<[Column[], number, number]> = [
    [[graph('free', COLOR.free), graph('cache', COLOR.cache), graph('swap', COLOR.swapUsed), graph('psi', COLOR.warn)], 2, 60],
    [[{ width: 20, lines: [[seg('─ kernel log ', { bold: true })], [seg('[ 1.000] oom-kill: task 12', { color: COLOR.danger, bold: true })], [seg('[ 2.000] ok ')]] },
      { width: 15, lines: [[seg('▶ command log ', { bold: true, inverse: true })], [seg('$ ', { color: COLOR.accent }), seg('sync'), seg(' …', { dim: true })]] }], 1, 36],
    [[{ width: 5, lines: [[], [seg('a')], [seg('   ', { inverse: true })]] }, { width: 4, lines: [[seg('bb', { dim: true })]] }, { width: 3, lines: [] }], 2, 20],
  ];
  for (const [columns, gap, width] of sets) {
    const got = draw(<Columns columns={columns} gap={gap} width={width} fallback={() => <Boxes columns={columns} gap={gap} width={width} />} />, width);
    expect(got).toBe(draw(<Boxes columns={columns} gap={gap} width={width} />, width));
    expect(got).toContain('\x1b[');
  }
});

test('a wide character falls back to the boxes', () => {
  const columns: Column[] = [{ width: 8, lines: [[seg('漢字 wide')]] }, { width: 8, lines: [[seg('narrow', { bold: true })]] }];
  let fellBack = false;
  const fallback = (): React.JSX.Element => {
    fellBack = true;
    return <Boxes columns={columns} gap={1} width={17} />;
  };
  expect(draw(<Columns columns={columns} gap={1} width={17} fallback={fallback} />, 17)).toBe(draw(<Boxes columns={columns} gap={1} width={17} />, 17));
  expect(fellBack).toBe(true);
});
