// One screen line made of styled segments. Each line is a single <Text> with a few nested spans: fewer Ink nodes
// make layout cheaper and frames smaller (ink#401), and a line that did not change is not rewritten.
import React from 'react';
import { Text } from 'ink';

export interface Segment {
  text: string;
  color?: string;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
}

export function seg(text: string, style: Omit<Segment, 'text'> = {}): Segment {
  return { text, ...style };
}

export function segmentsWidth(segments: readonly Segment[]): number {
  return segments.reduce((n, s) => n + [...s.text].length, 0);
}

/** Cuts segments to `width` characters (the lines are built from fixed-width characters only). */
export function fitSegments(segments: readonly Segment[], width: number): Segment[] {
  const out: Segment[] = [];
  let left = width;
  for (const s of segments) {
    if (left <= 0) break;
    const chars = [...s.text];
    if (chars.length <= left) {
      out.push(s);
      left -= chars.length;
    } else {
      out.push({ ...s, text: chars.slice(0, left).join('') });
      left = 0;
    }
  }
  return out;
}

function sameSegments(a: readonly Segment[], b: readonly Segment[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.text !== y.text || x.color !== y.color || !x.bold !== !y.bold || !x.dim !== !y.dim || !x.inverse !== !y.inverse) return false;
  }
  return true;
}

interface LineProps {
  segments: readonly Segment[];
  width: number;
}

/**
 * Memoised on the segments' content: the panels build new segment arrays on every frame, but most lines read
 * the same as before, and an unchanged line then costs React and Ink nothing (no re-render, no commit, no
 * re-measure of its text).
 */
export const Line = React.memo(LineView, (prev: LineProps, next: LineProps) => prev.width === next.width && sameSegments(prev.segments, next.segments));

function LineView({ segments, width }: LineProps): React.JSX.Element {
  const fitted = fitSegments(segments, width);
  // An empty <Text> has no height in Yoga; a space keeps the row.
  if (segmentsWidth(fitted) === 0) return <Text> </Text>;
  return (
    <Text wrap="truncate">
      {fitted.map((s, i) =>
        s.color || s.bold || s.dim || s.inverse ? (
          <Text key={i} color={s.color} bold={s.bold} dimColor={s.dim} inverse={s.inverse}>
            {s.text}
          </Text>
        ) : (
          s.text
        ),
      )}
    </Text>
  );
}
