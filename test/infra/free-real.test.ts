// Compares memsim's `free` (source/procps/free.ts) byte for byte with the REAL procps-ng `free` reading the
// same /proc/meminfo text. The real binary only reads /proc/meminfo, so each text is bind-mounted over it in a
// private mount namespace (`unshare -m --propagation private`): the host's /proc is never modified.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeFree, formatFree, parseMeminfo, type FreeOptions } from '../../source/procps/free.js';
import { handWrittenMeminfos, kernelMeminfos } from './meminfo-samples.js';

/** Every unit flag, narrow and wide, plus --si variants and the -t/-v lines: real flags -> memsim options. */
const FLAG_SETS: Array<{ flags: string[]; opts: FreeOptions }> = [];
for (const wide of [false, true]) {
  const w = wide ? ['-w'] : [];
  FLAG_SETS.push(
    { flags: [...w], opts: { unit: 'k', wide } },
    { flags: ['-b', ...w], opts: { unit: 'b', wide } },
    { flags: ['-k', ...w], opts: { unit: 'k', wide } },
    { flags: ['-m', ...w], opts: { unit: 'm', wide } },
    { flags: ['-g', ...w], opts: { unit: 'g', wide } },
    { flags: ['-h', ...w], opts: { unit: 'h', wide } },
    { flags: ['-h', '--si', ...w], opts: { unit: 'h', wide, si: true } },
    { flags: ['--kilo', ...w], opts: { unit: 'k', wide, si: true } },
    { flags: ['--mega', ...w], opts: { unit: 'm', wide, si: true } },
    { flags: ['--giga', ...w], opts: { unit: 'g', wide, si: true } },
    { flags: ['-t', '-v', ...w], opts: { unit: 'k', wide, total: true, committed: true } },
    { flags: ['-h', '-t', '-v', ...w], opts: { unit: 'h', wide, total: true, committed: true } },
  );
}

const SEPARATOR = '--memsim-free-separator--';

/** Why the comparison cannot run here, or null when it can. */
function unavailableReason(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  const probe = spawnSync('unshare', ['-m', '--propagation', 'private', 'true'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return `unshare -m is not permitted here (${probe.error?.message ?? probe.stderr.trim()})`;
  }
  return null;
}

const skipReason = unavailableReason();
if (skipReason) console.warn(`free-real.test.ts skipped: ${skipReason}`);

const workDir = mkdtempSync(join(tmpdir(), 'memsim-free-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/**
 * Which flag sets run on text i: every set on the first `allFor` texts, then a rotating third of them (each set
 * still meets a third of the remaining texts), to keep the number of `free` processes, and the time, down.
 */
function flagSetsFor(i: number, allFor: number): number[] {
  return FLAG_SETS.map((_, j) => j).filter((j) => i < allFor || (i + j) % 3 === 0);
}

/**
 * Runs the real `free` in ONE private mount namespace (one unshare process, the texts bind-mounted one after
 * the other). Returns outputs[textIndex][flagSetIndex] for the flag sets flagSetsFor() chose.
 */
function runRealFree(texts: string[], allFor: number): string[][] {
  const script: string[] = ['set -e'];
  texts.forEach((text, i) => {
    const file = join(workDir, `meminfo-${i}`);
    writeFileSync(file, text);
    script.push(`mount --bind '${file}' /proc/meminfo`);
    for (const j of flagSetsFor(i, allFor)) script.push(`free ${FLAG_SETS[j].flags.join(' ')}`, `echo ${SEPARATOR}`);
    script.push('umount /proc/meminfo');
  });
  const out = execFileSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script.join('\n')], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const chunks = out.split(`${SEPARATOR}\n`);
  const result: string[][] = [];
  let next = 0;
  texts.forEach((_, i) => {
    const row: string[] = [];
    for (const j of flagSetsFor(i, allFor)) row[j] = chunks[next++];
    result.push(row);
  });
  return result;
}

/** Compares every chosen (text, flags) pair; returns how many comparisons were made. */
function compareAll(texts: string[], allFor = texts.length): number {
  const real = runRealFree(texts, allFor);
  let compared = 0;
  texts.forEach((text, i) => {
    const cols = computeFree(parseMeminfo(text));
    for (const j of flagSetsFor(i, allFor)) {
      const set = FLAG_SETS[j];
      // The message names the case so a failure says which text and which flags differ.
      expect(formatFree(cols, set.opts), `text #${i}, free ${set.flags.join(' ')}\n${text}`).toBe(real[i][j]);
      compared += 1;
    }
  });
  return compared;
}

describe.skipIf(skipReason !== null)('memsim free vs the real procps free', () => {
  it('the real free is procps-ng 4.0.x', () => {
    expect(execFileSync('free', ['-V'], { encoding: 'utf8' })).toMatch(/procps-ng 4\.0\./);
  });

  it('prints the same bytes on hand-written meminfo texts (reference example, edge cases, random sizes)', () => {
    const texts = handWrittenMeminfos();
    expect(texts.length).toBeGreaterThan(50);
    // All flags on the reference example and the fallback cases (the first 8 texts), a third on the rest.
    expect(compareAll(texts, 8)).toBeGreaterThan(500);
  });

  it("prints the same bytes on the simulated kernel's /proc/meminfo in several machine states", async () => {
    const texts = await kernelMeminfos();
    expect(texts.length).toBe(7);
    // The states differ: each shows different numbers (a stuck counter would make this comparison weak).
    expect(new Set(texts).size).toBe(7);
    expect(compareAll(texts)).toBe(7 * FLAG_SETS.length);
  });
});
