// A Block draws its lines as one multi-line <Text>; on screen that must be exactly one Line per row, the way the
// panels drew them before (a column Box of Lines), in colour, including empty lines and lines cut to the width,
// and a block with a character Ink does not draw as one narrow cell must fall back to one Line per row.
import './support/force-color.js';
import React from 'react';
import { Box, renderToString } from 'ink';
import { expect, test } from 'vitest';
import { Block, blockText } from '../../source/ui/components/Block.js';
import { Line, type Segment, seg } from '../../source/ui/components/Line.js';
import { COLOR } from '../../source/ui/theme.js';

function Lines({ lines, width }: { lines: readonly (readonly Segment[])[]; width: number }): React.JSX.Element {
  return (
    <Box flexDirection="column" width={width}>
      {lines.map((segments, i) => <Line key={i} width={width} segments={segments} />)}
    </Box>
  );
}

/** A block in a frame between two other rows, in a column narrower than the terminal (as a graph or log panel). */
function frame(body: React.JSX.Element, width: number): string {
  return renderToString(
    <Box flexDirection="column" width={width + 10}>
      <Line width={width + 10} segments={[seg('above', { bold: true })]} />
      <Box flexDirection="row"><Box width={3} /><Box flexDirection="column" width={width}>{body}</Box></Box>
      <Line width={width + 10} segments={[seg('below')]} />
    </Box>,
    { columns: width + 20 },
  );
}

const blocks: Segment[][][] = [
  [[seg('memsim', { bold: true }), seg('  up 0:01')], [seg('Mem  ['), seg('███', { color: COLOR.used, bold: true }), seg('····', { color: COLOR.free, dim: true }), seg(']')]],
  [[seg(' PID USER     COMM', { inverse: true, bold: true })], [seg('>    1 root     init', { inverse: true })], [seg('     2 root     kthreadd', { dim: true })], []],
  [[seg('free 1.2Gi', { bold: true })], [seg('      '), seg('▁▂▃▄▅▆▇█', { color: COLOR.free })], [seg('')], [seg('x'.repeat(80), { color: COLOR.warn })]],
  [[seg('─ kernel log ', { bold: true })], [seg('[    0.000000] Linux version 6.6 ‖ ▶ ─ · ▒ ▓ … é ×')]],
];

test('a block draws exactly the Lines it stands for (colour, empty lines, lines cut to the width)', () => {
  for (const lines of blocks) {
    for (const width of [12, 40, 100]) {
      expect(blockText(lines, width)).toBeDefined();
      const got = frame(<Block lines={lines} width={width} />, width);
      expect(got).toBe(frame(<Lines lines={lines} width={width} />, width));
      expect(got).toContain('\x1b[');
    }
  }
});

test('a wide or combining character makes the block fall back to one Line per row', () => {
  for (const odd of ['漢字', '🙂', 'e\u0301', '\x1b[2J']) {
    const lines = [[seg('title', { bold: true })], [seg(`proc ${odd} tail`)], [seg('x'.repeat(30))]];
    expect(blockText(lines, 20)).toBeUndefined();
    expect(frame(<Block lines={lines} width={20} />, 20)).toBe(frame(<Lines lines={lines} width={20} />, 20));
  }
});
