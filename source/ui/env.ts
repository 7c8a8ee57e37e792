// Process environment fixes that must run BEFORE react, ink or chalk are evaluated (import this module first;
// ES modules evaluate imports in order, and the esbuild bundle keeps that order).
// Why each line (measured, see shared/reference/ink-terminal-notes.md §1.4):
// - React's development build calls performance.measure() on every commit and leaks ~33 MB per 1,000 frames.
// - chalk 5 (Ink's colours) ignores NO_COLOR (no-color.org); it honours FORCE_COLOR=0, so map one to the other.
//   An explicit FORCE_COLOR wins over NO_COLOR, as FORCE_COLOR is the more specific request.
// - is-in-ci (read by Ink at import) turns off live rendering and resize handling when CI is set; a dashboard
//   that is actually attached to a terminal is interactive whatever CI says.
// Through a local name: the bundle replaces the literal `process.env.NODE_ENV` at build time (esbuild define).
const env = process.env;
env.NODE_ENV ||= 'production';

const noColor = process.env.NO_COLOR;
if (noColor !== undefined && noColor !== '' && process.env.FORCE_COLOR === undefined) {
  process.env.FORCE_COLOR = '0';
}

if (process.stdout.isTTY && process.stdin.isTTY) {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
}

export const colorDisabled = process.env.FORCE_COLOR === '0';
