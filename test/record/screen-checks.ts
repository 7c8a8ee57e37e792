// Shared checks for recordings: what a viewer sees at each chapter marker and at the end, read through a real
// terminal emulator (@xterm/headless) at the header's size.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { parse } from 'yaml';
import type { ParsedCast } from '../../source/record/asciicast.js';
import { replayCast } from '../../source/record/screen.js';

/** The first words of a caption (the caption bar wraps over a few rows and may cut a long one). */
export function captionStart(caption: string, length = 60): string {
  return caption.replace(/\s+/g, ' ').trim().slice(0, length);
}

/** The screen row that tells the scenario's progress ("step k of n", or "done (n steps)" at the end). */
export function progressRow(screen: readonly string[]): string | undefined {
  return screen.find((row) => /step \d+ of \d+|done \(\d+ steps\)/.test(row));
}

/** The caption bar's text: its rows start with "▌ "; joined into one line. */
export function captionText(screen: readonly string[]): string {
  return screen
    .filter((row) => row.startsWith('▌'))
    .map((row) => row.slice(1).trim())
    .join(' ');
}

/** Every marker's screen shows its caption; returns the final screen. */
export async function expectCaptionsAtMarkers(cast: ParsedCast): Promise<string[]> {
  const { snapshots, finalScreen } = await replayCast(cast, (event) => event[1] === 'm');
  expect(snapshots.length).toBeGreaterThan(0);
  for (const { event, screen } of snapshots) {
    expect(captionText(screen), `caption bar at marker ${event[0]}s\n${screen.join('\n')}`).toContain(captionStart(event[2]));
  }
  return finalScreen;
}

/** The `say:` captions of a scenario file, in order, on one line each (as chapter labels are). */
export function scenarioCaptions(file: string): string[] {
  const doc = parse(readFileSync(file, 'utf8')) as { steps: Array<{ say?: string }> };
  return doc.steps.filter((step) => step.say !== undefined).map((step) => step.say!.replace(/\s+/g, ' ').trim());
}

/** The chapter labels of a cast, in order. */
export function markerLabels(cast: ParsedCast): string[] {
  return cast.events.filter((event) => event[1] === 'm').map((event) => event[2]);
}
