// An allocator faster than the swap device is throttled by reclaim (reclaim_throttle on writeback), not
// OOM-killed while swap is still free: the OOM killer comes only once swap is (nearly) full.
import { describe, expect, it } from 'vitest';
import { createSession } from '../../../source/shell/session.js';

const MiB = 2 ** 20;

function boot(ramBytes: number, swapBytes: number) {
  const session = createSession({ machine: { ramBytes, swapBytes } });
  const meminfo = () => session.kernel.snapshot().meminfo;
  const vmstat = () => session.kernel.snapshot().vmstat;
  return { session, meminfo, vmstat };
}

describe('swap-out throttling', () => {
  it('a 200 MiB/s hog on 512 MiB RAM + 512 MiB swap is slowed to the disk, not killed, while swap is free', () => {
    const { session, meminfo, vmstat } = boot(512 * MiB, 512 * MiB);
    session.runToCompletion('hog --rate 200M/s --size 600M &', 'cli');
    session.advance(6000);
    expect(vmstat().oom_kill).toBe(0);
    const swapUsedKb = meminfo().SwapTotal - meminfo().SwapFree;
    expect(swapUsedKb).toBeGreaterThan(150 * 1024);
    expect(vmstat().pswpout).toBeGreaterThan((150 * MiB) / 4096);
    expect(session.kernel.processByComm('hog')!.state).not.toBe('X');
  });

  it('an unbounded hog on 1 GiB RAM + 512 MiB swap is killed only once swap is (nearly) full', () => {
    const { session, meminfo, vmstat } = boot(1024 * MiB, 512 * MiB);
    session.runToCompletion('hog --rate 256M/s &', 'cli');
    let swapFreeAtKillKb = -1;
    for (let t = 0; t < 30_000 && swapFreeAtKillKb < 0; t += 100) {
      const before = meminfo().SwapFree;
      session.advance(100);
      if (vmstat().oom_kill > 0) swapFreeAtKillKb = before;
    }
    expect(vmstat().oom_kill).toBe(1);
    expect(swapFreeAtKillKb).toBeLessThan(meminfo().SwapTotal * 0.05);
    expect(session.kernel.dmesg().some((l) => /Free swap {2}= 0kB/.test(l.text))).toBe(true);
  });
});
