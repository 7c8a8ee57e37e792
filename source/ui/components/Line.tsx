// One screen line made of styled segments. Each line is a single <Text> holding one string, its segments styled
// by Ink's own Text styling (styleText, exported by patches/ink+6.8.0.patch): fewer Ink nodes make layout cheaper
// and frames smaller (ink#401), and a line that did not change is not rewritten.
import React from 'react';
import { styleText, Text } from 'ink';

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

const HIGH_SURROGATE = /[\ud800-\udbff]/;
const CONTROLS = /[\u001b\u0080-\u009f]/;

/** Characters (code points) of `text`, as [...text].length counts them, without building the array. */
export function charCount(text: string): number {
  // Matched natively: a JS loop over every character is slow in code that runs once (the first frame).
  if (!HIGH_SURROGATE.test(text)) return text.length;
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--; // a surrogate pair is one character
        i++;
      }
    }
  }
  return n;
}

export function segmentsWidth(segments: readonly Segment[]): number {
  let n = 0;
  for (const s of segments) n += charCount(s.text);
  return n;
}

/** Cuts segments to `width` characters (the lines are built from fixed-width characters only). */
export function fitSegments(segments: readonly Segment[], width: number): Segment[] {
  const out: Segment[] = [];
  let left = width;
  for (const s of segments) {
    if (left <= 0) break;
    const count = charCount(s.text);
    if (count <= left) {
      out.push(s);
      left -= count;
    } else {
      out.push({ ...s, text: [...s.text].slice(0, left).join('') });
      left = 0;
    }
  }
  return out;
}

export function sameSegments(a: readonly Segment[], b: readonly Segment[]): boolean {
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

function isStyled(s: Segment): boolean {
  return Boolean(s.color || s.bold || s.dim || s.inverse);
}

/** ESC or a C1 control: Ink sanitizes such text before styling it (sanitize-ansi.js); other text it keeps as is. */
function hasControls(text: string): boolean {
  return CONTROLS.test(text);
}

/** Opening and closing codes per style: see styled(). A handful of styles exist; bounded all the same. */
const styleCodes = new Map<string, readonly [string, string]>();
const STYLE_CODES_LIMIT = 64;

/**
 * styleText(s.text, style of s). For a text with no escape code and no newline, chalk (under Ink's styleText) only
 * wraps it: it rewrites escape codes and newlines inside what it wraps, and the codes of the earlier wraps cannot
 * run into the text (each ends with its only "m"). So a style's opening and closing codes do not depend on the
 * text, and are taken once from a probe: no chalk builder per segment (the first frame styles ~100 segments).
 */
function styled(s: Segment): string {
  const style = { color: s.color, bold: s.bold, dimColor: s.dim, inverse: s.inverse };
  if (s.text.includes('\n')) return styleText(s.text, style);
  const key = `${s.color ?? ''}\0${s.bold ? 1 : 0}${s.dim ? 1 : 0}${s.inverse ? 1 : 0}`;
  let codes = styleCodes.get(key);
  if (codes === undefined) {
    const probe = styleText('x', style);
    const at = probe.indexOf('x');
    codes = [probe.slice(0, at), probe.slice(at + 1)];
    if (styleCodes.size >= STYLE_CODES_LIMIT) styleCodes.clear();
    styleCodes.set(key, codes);
  }
  return codes[0] + s.text + codes[1];
}

/**
 * The segments as the one string Ink would squash from a <Text> per styled segment: each styled segment's text
 * through Text's styling (styleText), the plain ones as they are. Exact when no segment holds an escape or a C1
 * control (Ink would sanitize a nested Text's text before styling it): undefined otherwise.
 */
export function styledLine(segments: readonly Segment[]): string | undefined {
  let line = '';
  for (const s of segments) {
    if (hasControls(s.text)) return undefined;
    line += isStyled(s) && s.text !== '' ? styled(s) : s.text;
  }
  return line;
}

function LineView({ segments, width }: LineProps): React.JSX.Element {
  const fitted = fitSegments(segments, width);
  // An empty <Text> has no height in Yoga; a space keeps the row.
  if (segmentsWidth(fitted) === 0) return <Text> </Text>;
  const line = styledLine(fitted);
  if (line !== undefined) return <Text wrap="truncate">{line}</Text>;
  return (
    <Text wrap="truncate">
      {fitted.map((s, i) =>
        isStyled(s) ? (
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
