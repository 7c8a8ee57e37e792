// Consecutive screen lines of one column (the status and meter lines, the process table, one graph, one log
// panel) as ONE multi-line <Text>. Ink gives every text node a React fiber chain, a Yoga node with a measure
// callback and a set of calls across the JS/wasm boundary for its styles and its computed position; drawing the
// 39 rows of a 120x40 frame as ~10 texts instead of ~55 is most of what the first frame costs in Yoga.
// Same bytes on screen: Ink writes line k of a text to the row k below the text's top, as it writes a one-line
// text placed there, provided it neither wraps nor truncates any line. It truncates a text by its widest line, so
// a block is used only when every line, cut to the width by fitSegments, is made of characters Ink draws one
// cell wide (isSimpleText, exported by patches/ink+6.8.0.patch): its width is then at most the width. Any
// other line (a wide or combining character in a process name or a typed command) makes the block fall back to
// one Line per row.
import React from 'react';
import { Box, isSimpleText, Text } from 'ink';
import { fitSegments, Line, sameSegments, type Segment, segmentsWidth, styledLine } from './Line.js';

interface BlockProps {
  lines: readonly (readonly Segment[])[];
  width: number;
}

function sameLines(a: readonly (readonly Segment[])[], b: readonly (readonly Segment[])[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameSegments(a[i]!, b[i]!)) return false;
  return true;
}

/** Can the lines be drawn as one block: is every character of them, cut to the width, a simple one? */
export function isBlock(lines: readonly (readonly Segment[])[], width: number): boolean {
  return lines.every((segments) => fitSegments(segments, width).every((s) => isSimpleText(s.text)));
}

/** The block's text, or undefined when a line holds a character that is not simple (isBlock). */
export function blockText(lines: readonly (readonly Segment[])[], width: number): string | undefined {
  const texts: string[] = [];
  for (const segments of lines) {
    const fitted = fitSegments(segments, width);
    for (const s of fitted) if (!isSimpleText(s.text)) return undefined;
    // An empty line is a space, as an empty Line draws one: the row is blank either way.
    texts.push(segmentsWidth(fitted) === 0 ? ' ' : styledLine(fitted)!);
  }
  return texts.join('\n');
}

/** Memoised on the lines' content, as Line is: an unchanged block costs React and Ink nothing. */
export const Block = React.memo(BlockView, (prev: BlockProps, next: BlockProps) => prev.width === next.width && sameLines(prev.lines, next.lines));

function BlockView({ lines, width }: BlockProps): React.JSX.Element | null {
  if (lines.length === 0) return null;
  const text = blockText(lines, width);
  if (text !== undefined) return <Text wrap="truncate">{text}</Text>;
  return (
    <Box flexDirection="column" width={width}>
      {lines.map((segments, i) => <Line key={i} width={width} segments={segments} />)}
    </Box>
  );
}
