// Replays every workload in test/hardening/regressions/*.json (shrunk failures of kernel-stress.test.ts, saved
// with MEMSIM_SAVE_REGRESSIONS=1, and hand-written cases) with the full invariant checks.
// A file may carry "expectOomKills": N (at least N OOM kills must happen), "skip": "reason + NOTES.md reference"
// for a case to ignore, "pending": "reason + NOTES.md reference" for a case its owner has not fixed yet (run as
// it.fails, so the day it passes the suite says so and the flag is removed).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Machine, Op } from './kernel/ops.js';
import { stress } from './kernel/stress.js';

interface Regression {
  note: string; machine: Machine; ops: Op[]; expectOomKills?: number; skip?: string; pending?: string;
  /** The violation this case is about (regex source); other known issues (stress.ts KNOWN_ISSUES) are set aside. */
  issue?: string;
}

const dir = join(import.meta.dirname, 'regressions');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

describe('kernel regressions', () => {
  it('there are regression cases to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    const reg = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Regression;
    const test = reg.skip ? it.skip : reg.pending ? it.fails : it;
    test(`${file}: ${reg.note}`, () => {
      const outcome = stress(reg.machine, reg.ops, reg.issue ? new RegExp(reg.issue) : true);
      expect(outcome.violations).toEqual([]);
      if (reg.expectOomKills !== undefined) expect(outcome.oomKills).toBeGreaterThanOrEqual(reg.expectOomKills);
    });
  }
});
