// oom_badness, /proc/PID/oom_score and the oom_adj <-> oom_score_adj conversions, against the numbers of
// linux-mm-model.md §4.3/§4.4 (verified on a live 6.18 kernel).
import { describe, expect, it } from 'vitest';
import { OOM_BADNESS_NEVER, oomBadness } from '../../../source/kernel/oom-kill.js';
import { candidate } from './helpers.js';
import {
  oomAdjFromScoreAdj,
  oomScore,
  scoreAdjFromOomAdj,
  writeOomAdj,
  writeOomScoreAdj,
} from '../../../source/kernel/proc-oom.js';

// MemTotal 24684092 kB, no swap.
const TOTALPAGES = 6171023;

describe('oom_badness and oom_score on the verified 6.18 table', () => {
  const rows: Array<[rss: number, adj: number, pgtables: number, badness: number, score: number]> = [
    [19777, 0, 52, 19829, 668],
    [134461, 0, 273, 134734, 680],
    [527677, 0, 1044, 528721, 723],
    [789825, 0, 1558, 791383, 752],
    [527681, 300, 1044, 2380025, 923],
    [36175, 500, 82, 3121757, 1003],
    [265540, 999, 531, 6430900, 1361],
    [68931, 1000, 146, 6240077, 1340],
    [1005, 0, 13, 1018, 666],
  ];
  it.each(rows)('rss %i adj %i -> badness %i, oom_score %i', (rss, adj, pgt, badness, score) => {
    const t = candidate({ rssAnonPages: rss, oomScoreAdj: adj, pgtablesBytes: pgt * 4096 });
    expect(oomBadness(t, TOTALPAGES)).toBe(badness);
    expect(oomScore(oomBadness(t, TOTALPAGES), TOTALPAGES)).toBe(score);
  });

  it('a tiny sleep process shows 1333/1332/1000/706/705/666 for adj 1000/999/500/59/58/0', () => {
    const scores = [1000, 999, 500, 59, 58, 0].map((adj) =>
      oomScore(oomBadness(candidate({ rssAnonPages: 460, pgtablesBytes: 10 * 4096, oomScoreAdj: adj }), TOTALPAGES), TOTALPAGES),
    );
    expect(scores).toEqual([1333, 1332, 1000, 706, 705, 666]);
  });

  it('init, kernel threads, adj -1000 and reaped mms are never chosen and show 0', () => {
    for (const t of [
      candidate({ pid: 1, rssAnonPages: 5000 }),
      candidate({ kernelThread: true }),
      candidate({ oomScoreAdj: -1000, rssAnonPages: 10 ** 6 }),
      candidate({ oomSkip: true, rssAnonPages: 10 ** 6 }),
    ]) {
      expect(oomBadness(t, TOTALPAGES)).toBe(OOM_BADNESS_NEVER);
      expect(oomScore(oomBadness(t, TOTALPAGES), TOTALPAGES)).toBe(0);
    }
  });

  it('counts swap entries and truncates negative scores toward zero', () => {
    const t = candidate({ rssAnonPages: 100, swapEntsPages: 50, oomScoreAdj: -500 });
    expect(oomBadness(t, TOTALPAGES)).toBe(150 - 500 * 6171);
    // (1000 + trunc(-3085350000 / 6171023)) * 2 / 3 = (1000 - 499) * 2 / 3 = 334
    expect(oomScore(oomBadness(t, TOTALPAGES), TOTALPAGES)).toBe(334);
  });
});

describe('oom_adj <-> oom_score_adj (fs/proc/base.c)', () => {
  it('write conversions', () => {
    expect([-17, -16, -8, 1, 5, 14, 15].map(scoreAdjFromOomAdj)).toEqual([-1000, -941, -470, 58, 294, 823, 1000]);
  });
  it('read conversions, capped at 15', () => {
    expect([-1000, -941, 58, 59, 500, 942, 999, 1000].map(oomAdjFromScoreAdj)).toEqual([-17, -15, 0, 1, 8, 15, 15, 15]);
  });
  it('lossy round trip: 1/5/14/-16 read back as 0/4/13/-15; -17 reads back -17', () => {
    expect([1, 5, 14, -16, -17].map((a) => oomAdjFromScoreAdj(scoreAdjFromOomAdj(a)))).toEqual([0, 4, 13, -15, -17]);
  });
  it('out-of-range values are EINVAL; lowering needs privilege (EACCES)', () => {
    const t = { oomScoreAdj: 0, oomScoreAdjMin: 0 };
    expect(writeOomAdj(t, '16', true)).toEqual({ ok: false, errno: 'EINVAL' });
    expect(writeOomAdj(t, '-18', true)).toEqual({ ok: false, errno: 'EINVAL' });
    expect(writeOomAdj(t, 'x', true)).toEqual({ ok: false, errno: 'EINVAL' });
    expect(writeOomScoreAdj(t, '1001', true)).toEqual({ ok: false, errno: 'EINVAL' });
    expect(writeOomScoreAdj(t, '-1', false)).toEqual({ ok: false, errno: 'EACCES' });
    expect(writeOomAdj(t, '-17\n', false)).toEqual({ ok: false, errno: 'EACCES' });
    expect(writeOomAdj(t, '-17\n', true)).toEqual({ ok: true, value: { oomScoreAdj: -1000, oomScoreAdjMin: 0 } });
    expect(writeOomScoreAdj(t, '-200', true)).toEqual({ ok: true, value: { oomScoreAdj: -200, oomScoreAdjMin: -200 } });
    expect(writeOomScoreAdj({ oomScoreAdj: 500, oomScoreAdjMin: 0 }, '100', false)).toEqual({
      ok: true, value: { oomScoreAdj: 100, oomScoreAdjMin: 0 },
    });
  });
});
