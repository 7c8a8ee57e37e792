// Compares memsim's `free` (source/procps/free.ts) byte for byte with the REAL procps-ng `free` reading the
// same /proc/meminfo text. The real binary only reads /proc/meminfo, so each text is bind-mounted over it in a
// private mount namespace (`unshare -m --propagation private`): the host's /proc is never modified.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeFree, formatFree, parseMeminfo, type FreeOptions } from '../../source/procps/free.js';
import { handWrittenMeminfos } from './meminfo-samples.js';

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
 * Runs the real `free` with every flag set on every text, in ONE private mount namespace (one process, so the
 * whole comparison takes well under a second). Returns outputs[textIndex][flagSetIndex].
 */
function runRealFree(texts: string[]): string[][] {
  const script: string[] = ['set -e'];
  texts.forEach((text, i) => {
    const file = join(workDir, `meminfo-${i}`);
    writeFileSync(file, text);
    script.push(`mount --bind '${file}' /proc/meminfo`);
    for (const set of FLAG_SETS) script.push(`free ${set.flags.join(' ')}`, `echo ${SEPARATOR}`);
    script.push('umount /proc/meminfo');
  });
  const out = execFileSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script.join('\n')], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const chunks = out.split(`${SEPARATOR}\n`);
  const result: string[][] = [];
  for (let i = 0; i < texts.length; i++) result.push(chunks.slice(i * FLAG_SETS.length, (i + 1) * FLAG_SETS.length));
  return result;
}

function compareAll(texts: string[]): void {
  const real = runRealFree(texts);
  texts.forEach((text, i) => {
    const cols = computeFree(parseMeminfo(text));
    FLAG_SETS.forEach((set, j) => {
      const ours = formatFree(cols, set.opts);
      // The message names the case so a failure says which text and which flags differ.
      expect(ours, `text #${i}, free ${set.flags.join(' ')}\n${text}`).toBe(real[i][j]);
    });
  });
}

describe.skipIf(skipReason !== null)('memsim free vs the real procps free', () => {
  it('the real free is procps-ng 4.0.x', () => {
    expect(execFileSync('free', ['-V'], { encoding: 'utf8' })).toMatch(/procps-ng 4\.0\./);
  });

  it('prints the same bytes on hand-written meminfo texts (reference example, edge cases, random sizes)', () => {
    const texts = handWrittenMeminfos();
    expect(texts.length).toBeGreaterThan(50);
    compareAll(texts);
  });

});
