// The OOM killer acting on a running kernel: victim choice, what it frees, its report, the sysctls (§4).
import { describe, expect, it } from 'vitest';
import { boot, GiB, MiB, hog, meminfo, run, stepMs, dmesgText, type Booted } from './harness.js';

/** Tick until the first OOM kill (at most `ms`); returns true when one happened. Killed tasks stay visible as
 *  'X' for 3 s, so tests look at the victim right after this. */
function untilOomKill(b: Booted, ms: number): boolean {
  for (let t = 0; t < ms; t += 10) {
    b.kernel.tick(10);
    if (b.kernel.snapshot().vmstat.oom_kill > 0) return true;
  }
  return false;
}

describe('global OOM kill', () => {
  it('of two hogs the larger rss+swap dies; the report lines are the kernel\'s; its memory and swap come back', () => {
    const b = boot({ ramBytes: 512 * MiB, swapBytes: 128 * MiB, sysctl: { 'vm.overcommit_memory': 1 } });
    const small = run(b, hog(150 * MiB, 150 * MiB), 'small');
    stepMs(b, 1500);
    const big = run(b, hog(2 * GiB, 100 * MiB), 'big');
    expect(untilOomKill(b, 20000)).toBe(true);
    const log = dmesgText(b);
    const killed = log.find((l) => l.startsWith('Out of memory: Killed process'))!;
    expect(killed).toMatch(new RegExp(`^Out of memory: Killed process ${big} \\(big\\) total-vm:\\d+kB, anon-rss:\\d+kB, file-rss:\\d+kB, shmem-rss:0kB, UID:0 pgtables:\\d+kB oom_score_adj:0$`));
    const i = log.findIndex((l) => l.includes('invoked oom-killer'));
    expect(log[i]).toMatch(/^\S+ invoked oom-killer: gfp_mask=0x140dca\(GFP_HIGHUSER_MOVABLE\|__GFP_COMP\|__GFP_ZERO\), order=0, oom_score_adj=0$/);
    expect(log.slice(i)).toContain('Tasks state (memory values in pages):');
    expect(log.slice(i).find((l) => l.startsWith('oom-kill:'))).toBe(
      `oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=big,pid=${big},uid=0`,
    );
    expect(b.kernel.process(small)?.state).not.toBe('X');
    const victim = b.kernel.process(big)!;
    expect(victim.oomKilled).toBe(true);
    const m = meminfo(b);
    expect(m.SwapFree).toBeGreaterThan(m.SwapTotal - 150 * 1024); // only the small hog's swap may remain
    expect(b.kernel.snapshot().vmstat.oom_kill).toBe(1);
  });

  it('oom_adj -17 reads back as oom_score_adj -1000 and that task is never chosen', () => {
    const b = boot({ ramBytes: 512 * MiB, swapBytes: 0, sysctl: { 'vm.overcommit_memory': 1 } });
    const immune = run(b, hog(300 * MiB, 300 * MiB), 'immune');
    expect(b.kernel.writeProc(`/proc/${immune}/oom_adj`, '-17', 1).ok).toBe(true);
    expect(b.kernel.readProc(`/proc/${immune}/oom_score_adj`)).toEqual({ ok: true, value: '-1000\n' });
    expect(b.kernel.readProc(`/proc/${immune}/oom_adj`)).toEqual({ ok: true, value: '-17\n' });
    stepMs(b, 1500);
    const other = run(b, hog(1 * GiB, 100 * MiB), 'other');
    expect(untilOomKill(b, 15000)).toBe(true);
    expect(b.kernel.process(immune)?.state).not.toBe('X');
    expect(b.kernel.process(immune)?.oomScore).toBe(0);
    expect(b.kernel.process(other)?.oomKilled).toBe(true);
    expect(b.kernel.writeProc(`/proc/${immune}/oom_adj`, '16', 1)).toEqual({ ok: false, errno: 'EINVAL' });
  });

  it('a kill frees anon memory and swap slots but not the victim\'s /dev/shm file nor its page cache', () => {
    const b = boot({ ramBytes: 512 * MiB, swapBytes: 256 * MiB, sysctl: { 'vm.overcommit_memory': 1 } });
    const pid = run(b, hog(2 * GiB, 100 * MiB), 'hog');
    expect(b.kernel.write(pid, '/dev/shm/keep', 0, 32 * MiB).ok).toBe(true);
    expect(b.kernel.write(pid, '/var/tmp/data', 0, 16 * MiB).ok).toBe(true);
    let swapOfVictim = 0, swapFreeBefore = 0;
    for (let t = 0; t < 20000 && b.kernel.snapshot().vmstat.oom_kill === 0; t += 10) {
      swapOfVictim = b.kernel.process(pid)!.vmSwapKb;
      swapFreeBefore = meminfo(b).SwapFree;
      b.kernel.tick(10);
    }
    expect(b.kernel.process(pid)?.oomKilled).toBe(true);
    expect(swapOfVictim).toBeGreaterThan(100 * 1024);
    const m = meminfo(b);
    // Every slot of the victim is free again (other tasks may have swapped a little in that last quantum).
    expect(m.SwapFree).toBeGreaterThan(swapFreeBefore + swapOfVictim - 2048);
    expect(b.kernel.process(pid)!.vmSwapKb).toBe(0);
    expect(b.kernel.process(pid)!.rssAnonKb).toBe(0);
    const shm = b.kernel.stat('/dev/shm/keep');
    expect(shm.ok && shm.value.sizeBytes).toBe(32 * MiB);
    expect(m.Shmem + (m.SwapTotal - m.SwapFree)).toBeGreaterThanOrEqual(32 * 1024);
    expect(b.kernel.stat('/var/tmp/data').ok).toBe(true);
  });

  it('vm.panic_on_oom=1 panics instead of killing', () => {
    const b = boot({ ramBytes: 256 * MiB, swapBytes: 0, sysctl: { 'vm.panic_on_oom': 1, 'vm.overcommit_memory': 1 } });
    run(b, hog(1 * GiB, 200 * MiB));
    stepMs(b, 5000);
    const s = b.kernel.snapshot();
    expect(s.panicked).toBe(true);
    expect(s.vmstat.oom_kill).toBe(0);
    expect(dmesgText(b)).toContain('Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled');
  });

  it('vm.oom_kill_allocating_task=1 kills the allocating task even when another is larger', () => {
    const b = boot({ ramBytes: 512 * MiB, swapBytes: 0, sysctl: { 'vm.oom_kill_allocating_task': 1, 'vm.overcommit_memory': 1 } });
    const big = run(b, hog(300 * MiB, 300 * MiB), 'big');
    stepMs(b, 1500);
    const small = run(b, hog(1 * GiB, 50 * MiB), 'small');
    expect(untilOomKill(b, 15000)).toBe(true);
    expect(b.kernel.process(small)?.oomKilled).toBe(true);
    expect(b.kernel.process(big)?.state).not.toBe('X');
    expect(dmesgText(b).some((l) => l.startsWith(`Out of memory (oom_kill_allocating_task): Killed process ${small} (small)`))).toBe(true);
  });
});
