// A Line is one <Text> holding one pre-styled string (styleText, exported by patches/ink+6.8.0.patch); it must draw
// exactly what a <Text> with a nested <Text> per styled segment draws, which is how Ink styles a segment itself.
import './support/force-color.js';
import React from 'react';
import { renderToString, styleText, Text } from 'ink';
import { expect, test } from 'vitest';
import { charCount, fitSegments, Line, type Segment, seg, styledLine } from '../../source/ui/components/Line.js';
import { COLOR } from '../../source/ui/theme.js';

/** The reference: Ink styling each styled segment as a nested Text (the dashboard's Line before the change). */
function Nested({ segments }: { segments: readonly Segment[] }): React.JSX.Element {
  return (
    <Text wrap="truncate">
      {fitSegments(segments, 120).map((s, i) =>
        s.color || s.bold || s.dim || s.inverse ? (
          <Text key={i} color={s.color} bold={s.bold} dimColor={s.dim} inverse={s.inverse}>{s.text}</Text>
        ) : (
          s.text
        ),
      )}
    </Text>
  );
}

const cases: Segment[][] = [
  [seg('plain only')],
  [seg('memsim', { bold: true }), seg('  up 0:01  speed 1x')],
  [seg('Mem  [', { bold: true }), seg('████', { color: COLOR.used, bold: true }), seg('▓▓', { color: COLOR.shared }),
    seg('▒▒▒', { color: COLOR.cache }), seg('····', { color: COLOR.free, dim: true }), seg('h', { color: COLOR.mark, bold: true }), seg(']', { bold: true })],
  [seg(' key q ', { bold: true, inverse: true, color: COLOR.warn }), seg(' '), seg('?', { inverse: true }), seg(' help')],
  [seg('kswapd reclaiming', { bold: true, color: COLOR.warn }), seg(''), seg('', { bold: true }), seg(' done', { dim: true })],
  [seg('> 1234 root     hog', { color: COLOR.danger, bold: true, inverse: true })],
  [seg('wide 漢字 and emoji 🙂 ', { color: COLOR.ok }), seg('é combining e\u0301', { bold: true })],
  [seg('a'.repeat(150), { color: COLOR.accent })],
];

test('a Line draws what nested Texts draw, in colour', () => {
  for (const segments of cases) {
    const expected = renderToString(<Nested segments={segments} />, { columns: 120 });
    expect(renderToString(<Line segments={segments} width={120} />, { columns: 120 })).toBe(expected);
  }
  expect(renderToString(<Line segments={cases[2]!} width={120} />, { columns: 120 })).toContain('\x1b[');
});

test('text with an escape or a C1 control is left to Ink (it sanitizes a nested text before styling it)', () => {
  const tricky: Segment[][] = [
    [seg('red \x1b[31mx\x1b[39m', { color: COLOR.ok }), seg(' tail')],
    [seg('csi \x9b2J', { bold: true })],
    [seg('cursor \x1b[2Jgone'), seg('bold', { bold: true })],
  ];
  for (const segments of tricky) {
    expect(styledLine(segments)).toBeUndefined();
    const expected = renderToString(<Nested segments={segments} />, { columns: 120 });
    expect(renderToString(<Line segments={segments} width={120} />, { columns: 120 })).toBe(expected);
  }
  expect(styledLine([seg('ok', { bold: true })])).toBe(renderToString(<Text bold>ok</Text>));
});

test('charCount counts code points as [...text].length does, lone surrogates included', () => {
  for (const text of ['', 'abc', '█▓▒·', '🙂', 'a🙂b', '\ud83d', 'x\ud83d', '\ude42y', '\ud83d\ud83d\ude42', '漢字🙂\u0301']) {
    expect(charCount(text)).toBe([...text].length);
  }
});

test('a styled segment is exactly what styleText makes of it, for every style and any simple text', () => {
  const colors = [undefined, ...Object.values(COLOR)];
  const texts = ['x', 'xx', ' a b ', 'm', '[1m', '22m;', '█▓▒·▁', '0123456789;m[', 'é ‖ ▶ ─'];
  for (const color of colors) {
    for (let flags = 0; flags < 8; flags++) {
      const style = { color, bold: (flags & 1) !== 0, dim: (flags & 2) !== 0, inverse: (flags & 4) !== 0 };
      for (const text of texts) {
        const expected = color || flags ? styleText(text, { color, bold: style.bold, dimColor: style.dim, inverse: style.inverse }) : text;
        expect(styledLine([seg(text, style)])).toBe(expected);
      }
    }
  }
});
