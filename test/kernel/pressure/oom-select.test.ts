// Victim selection and out_of_memory()'s order of decisions (mm/oom_kill.c), and the report lines (§4.6).
import { describe, expect, it } from 'vitest';
import { decideOom, selectBadProcess } from '../../../source/kernel/oom-kill.js';
import { constraintLine, killedProcessLine, reapedLine, taskStateRow, invokedOomKillerLine, TASKS_STATE_HEADER } from '../../../source/kernel/oom-report.js';
import { candidate } from './helpers.js';

const TOTAL = 262144 + 0;
const policy = { panicOnOom: 0, oomKillAllocatingTask: 0 };

describe('select_bad_process', () => {
  it('of two hogs the larger rss + swap dies, init and kernel threads are skipped', () => {
    const tasks = [
      candidate({ pid: 1, comm: 'init', rssAnonPages: 900000 }),
      candidate({ pid: 2, comm: 'kthreadd', kernelThread: true }),
      candidate({ pid: 10, comm: 'hogA', rssAnonPages: 50000, swapEntsPages: 40000 }),
      candidate({ pid: 11, comm: 'hogB', rssAnonPages: 80000, swapEntsPages: 0 }),
    ];
    const c = selectBadProcess(tasks, TOTAL);
    expect(c.kind === 'victim' && c.victim.comm).toBe('hogA');
  });
  it('ties go to the later task', () => {
    const c = selectBadProcess([candidate({ pid: 10, rssAnonPages: 5 }), candidate({ pid: 11, rssAnonPages: 5 })], TOTAL);
    expect(c.kind === 'victim' && c.victim.pid).toBe(11);
  });
  it('adj -1000 is never chosen even when it is the largest; negative scores are still selectable', () => {
    const c = selectBadProcess(
      [candidate({ pid: 10, rssAnonPages: 200000, oomScoreAdj: -1000 }), candidate({ pid: 11, rssAnonPages: 10, oomScoreAdj: -999 })],
      TOTAL,
    );
    expect(c.kind === 'victim' && c.victim.pid).toBe(11);
    expect(c.kind === 'victim' && c.points).toBe(10 - 999 * 262);
  });
  it('aborts while an earlier victim is not reaped; looks past it once MMF_OOM_SKIP is set', () => {
    const victim = candidate({ pid: 10, rssAnonPages: 100000, oomVictim: true });
    const other = candidate({ pid: 11, rssAnonPages: 10 });
    expect(selectBadProcess([victim, other], TOTAL).kind).toBe('abort');
    const c = selectBadProcess([{ ...victim, oomSkip: true }, other], TOTAL);
    expect(c.kind === 'victim' && c.victim.pid).toBe(11);
  });
  it('nothing killable -> none', () => {
    expect(selectBadProcess([candidate({ pid: 1 }), candidate({ pid: 5, oomScoreAdj: -1000 })], TOTAL).kind).toBe('none');
  });
});

describe('out_of_memory decisions', () => {
  const big = candidate({ pid: 10, comm: 'big', rssAnonPages: 100000 });
  const small = candidate({ pid: 11, comm: 'small', rssAnonPages: 100 });
  it('panic_on_oom 1 and 2 panic with the kernel messages', () => {
    expect(decideOom([big, small], small, false, TOTAL, { ...policy, panicOnOom: 1 })).toEqual({
      kind: 'panic', message: 'Out of memory: system-wide panic_on_oom is enabled',
    });
    expect(decideOom([big], small, false, TOTAL, { ...policy, panicOnOom: 2 })).toEqual({
      kind: 'panic', message: 'Out of memory: compulsory panic_on_oom is enabled',
    });
  });
  it('oom_kill_allocating_task kills the allocating task without scanning, unless it is -1000', () => {
    const d = decideOom([big, small], small, false, TOTAL, { ...policy, oomKillAllocatingTask: 1 });
    expect(d).toMatchObject({ kind: 'kill', prefix: 'Out of memory (oom_kill_allocating_task)' });
    expect(d.kind === 'kill' && d.victim.pid).toBe(11);
    const immune = { ...small, oomScoreAdj: -1000 };
    const d2 = decideOom([big, immune], immune, false, TOTAL, { ...policy, oomKillAllocatingTask: 1 });
    expect(d2.kind === 'kill' && d2.victim.pid).toBe(10);
  });
  it('a dying allocating task is chosen silently; no killable task is a deadlock', () => {
    expect(decideOom([big], small, true, TOTAL, policy).kind).toBe('current-exiting');
    expect(decideOom([candidate({ pid: 1 })], undefined, false, TOTAL, policy).kind).toBe('deadlock');
  });
});

describe('report lines (§4.6)', () => {
  const v = candidate({
    pid: 1234, uid: 1000, comm: 'myprog', totalVmPages: 775610, rssAnonPages: 417661, rssFilePages: 0,
    rssShmemPages: 463, pgtablesBytes: 3416064, swapEntsPages: 0,
  });
  it('header, task row, constraint, killed and reaped lines', () => {
    expect(invokedOomKillerLine('myprog', 0).text).toBe(
      'myprog invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0, oom_score_adj=0',
    );
    expect(TASKS_STATE_HEADER[1].text).toBe(
      '[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name',
    );
    // The kernel's format (%9lu %8ld) puts 2 spaces between rss_shmem 463 and pgtables_bytes 3416064; the
    // reference's sample row shows 8 (see NOTES.md): the source wins.
    expect(taskStateRow(v).text).toBe(
      '[   1234]  1000  1234   775610   418124   417661        0       463  3416064        0             0 myprog',
    );
    expect(constraintLine(v, '/user.slice/user-1000.slice/app.scope').text).toBe(
      'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice/user-1000.slice/app.scope,task=myprog,pid=1234,uid=1000',
    );
    expect(killedProcessLine('Out of memory', { ...v, rssAnonPages: 417661, totalVmPages: 775610 }).text).toBe(
      'Out of memory: Killed process 1234 (myprog) total-vm:3102440kB, anon-rss:1670644kB, file-rss:0kB, shmem-rss:1852kB, UID:1000 pgtables:3336kB oom_score_adj:0',
    );
    expect(reapedLine(1234, 'myprog', 0, 0, 0).text).toBe(
      'oom_reaper: reaped process 1234 (myprog), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB',
    );
  });
});
