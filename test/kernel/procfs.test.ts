// /proc texts (fs/proc/meminfo.c, task_mmu.c, base.c), sysctl ranges, the booted base system, printk format.
import { describe, expect, it } from 'vitest';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE, type Program, type ProgramContext } from '../../source/kernel/types.js';
import { cdiv } from '../../source/kernel/ratelimit.js';
import { boot, expectConsistent, GiB, idle, meminfo, MiB, ok } from './helpers.js';

const MEMINFO_FIELDS = ['MemTotal', 'MemFree', 'MemAvailable', 'Buffers', 'Cached', 'SwapCached', 'Active', 'Inactive',
  'Active(anon)', 'Inactive(anon)', 'Active(file)', 'Inactive(file)', 'Unevictable', 'Mlocked', 'SwapTotal', 'SwapFree',
  'Zswap', 'Zswapped', 'Dirty', 'Writeback', 'AnonPages', 'Mapped', 'Shmem', 'KReclaimable', 'Slab', 'SReclaimable',
  'SUnreclaim', 'KernelStack', 'PageTables', 'SecPageTables', 'NFS_Unstable', 'Bounce', 'WritebackTmp', 'CommitLimit',
  'Committed_AS', 'VmallocTotal', 'VmallocUsed', 'VmallocChunk', 'Percpu', 'HardwareCorrupted', 'AnonHugePages',
  'ShmemHugePages', 'ShmemPmdMapped', 'FileHugePages', 'FilePmdMapped', 'HugePages_Total', 'HugePages_Free',
  'HugePages_Rsvd', 'HugePages_Surp', 'Hugepagesize', 'Hugetlb', 'DirectMap4k', 'DirectMap2M', 'DirectMap1G'];

describe('/proc/meminfo', () => {
  it('prints every Linux 6.x field in order, byte-exact format', () => {
    const k = boot();
    const text = ok(k.readProc('/proc/meminfo'));
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => l.split(':')[0])).toEqual(MEMINFO_FIELDS);
    expect(lines[0]).toBe('MemTotal:        2014088 kB');
    for (const l of lines) {
      if (l.startsWith('HugePages_')) expect(l).toMatch(/^HugePages_\w+: +\d+$/);
      else expect(l).toMatch(/^[\w()]+: +\d+ kB$/);
      if (!l.startsWith('HugePages_') && !l.startsWith('VmallocTotal')) expect(l.length).toBe(27);
    }
    expect(lines).toContain('HardwareCorrupted:     0 kB'); // "%5lu kB" in the kernel
    for (const l of lines) {
    }
    expect(lines.find((l) => l.startsWith('HugePages_Total'))).toBe('HugePages_Total:       0');
    expect(Object.keys(k.snapshot().meminfo)).toEqual(MEMINFO_FIELDS);
  });

  it('a fresh 2 GiB machine looks like a small server: MemTotal < RAM, slab and caches from boot', () => {
    const m = meminfo(boot());
    expect(m.MemTotal).toBe(2014088);
    expect(m.SwapTotal).toBe(1048572); // 1 GiB minus the header page
    expect(m.SwapFree).toBe(m.SwapTotal);
    expect(m.SReclaimable).toBeGreaterThan(20 * 1024);
    expect(m.SUnreclaim).toBeGreaterThan(20 * 1024);
    expect(m.Slab).toBe(m.SReclaimable + m.SUnreclaim);
    expect(m.Buffers).toBeGreaterThan(0);
    expect(m.Cached).toBeGreaterThan(50 * 1024);
    expect(m.MemFree).toBeLessThan(m.MemTotal - 150 * 1024);
    expect(m.MemAvailable).toBeGreaterThan(m.MemFree);
    expect(m.Active + m.Inactive).toBe(m['Active(anon)'] + m['Inactive(anon)'] + m['Active(file)'] + m['Inactive(file)']);
    // file LRU = Buffers + Cached - Shmem (§5 identity)
    expect(m['Active(file)'] + m['Inactive(file)']).toBe(m.Buffers + m.Cached - m.Shmem);
    // CommitLimit = totalram x 50% + swap (§3.1)
    expect(m.CommitLimit).toBe(Math.floor(503522 * 50 / 100) * 4 + 1048572);
  });

  it('MemAvailable follows si_mem_available() and falls when /dev/shm fills', () => {
    const k = boot();
    const s = k.snapshot();
    const m = s.meminfo, low = s.watermarks.lowPages;
    const pc = (m['Active(file)'] + m['Inactive(file)']) / 4, sr = m.SReclaimable / 4;
    const want = m.MemFree / 4 - s.watermarks.highPages + pc - Math.min(Math.floor(pc / 2), low) + sr - Math.min(Math.floor(sr / 2), low);
    expect(m.MemAvailable).toBe(want * 4);
    ok(k.write(idle(k, 'dd'), '/dev/shm/x', 0, 128 * MiB));
    expect(m.MemAvailable - meminfo(k).MemAvailable).toBeGreaterThanOrEqual(128 * 1024);
  });

  it('watermarks follow min_free_kbytes = int_sqrt(16 x lowmem kB)', () => {
    const s = boot().snapshot();
    expect(s.watermarks).toEqual({ minFreeKbytes: 5676, minPages: 1419, lowPages: 1922, highPages: 2425 });
    expect(s.sysctl['vm.min_free_kbytes']).toBe(5676);
  });

  it('boots 64 GiB lazily and large machines have DirectMap1G', () => {
    const t0 = performance.now();
    const k = boot({ ramBytes: 64 * GiB });
    expect(performance.now() - t0).toBeLessThan(5000);
    const m = meminfo(k);
    expect(m.MemTotal).toBe(64 * 1024 * 1024 - (1048576 + 50296));
    expect(m.DirectMap1G).toBeGreaterThan(0);
  });
});

describe('processes', () => {
  it('has kernel threads with no memory, systemd as pid 1, sshd immune, a login bash', () => {
    const k = boot();
    const ps = k.snapshot().processes;
    const kthreadd = ps.find((p) => p.comm === 'kthreadd')!;
    expect(kthreadd).toMatchObject({ pid: 2, kernelThread: true, vmRssKb: 0, oomScore: 0, state: 'I' });
    expect(ps.find((p) => p.comm === 'kswapd0')!.kernelThread).toBe(true);
    expect(ps.find((p) => p.pid === 1)).toMatchObject({ comm: 'systemd', oomScore: 0 });
    // Daemons reserve far more address space (thread stacks, malloc arenas) than they touch.
    expect(k.process(1)!.vmSizeKb).toBeGreaterThan(64 * 1024);
    expect(k.process(1)!.vmRssKb).toBeLessThan(16 * 1024);
    expect(k.pidof('sshd')).toEqual([433]);
    expect(k.process(433)).toMatchObject({ oomScoreAdj: -1000, oomScore: 0 });
    const bash = k.process(k.pidof('bash')[0])!;
    expect(bash.user).toBe('root');
    expect(bash.vmRssKb).toBeGreaterThan(3000);
    // oom_score = (1000 + badness x 1000 / totalpages) x 2 / 3 with badness = rss + swap + page tables (§4.2/4.3)
    const total = 503522 + 262143;
    const badness = (bash.vmRssKb + bash.vmSwapKb + bash.vmPteKb) / 4;
    expect(bash.oomScore).toBe(cdiv((1000 + cdiv(badness * 1000, total)) * 2, 3));
    expect(ok(k.readProc(`/proc/${bash.pid}/oom_score`))).toBe(`${bash.oomScore}\n`);
    expectConsistent(k);
  });

  it('a small program after exec has the §1.1 layout: VmExe 20, VmLib 1528, VmStk 132, libc shared', () => {
    const k = boot();
    const pid = idle(k, 'sleep');
    const p = k.process(pid)!;
    expect(p).toMatchObject({ vmExeKb: 20, vmLibKb: 1528, vmStkKb: 132, rssShmemKb: 0, vmSwapKb: 0 });
    expect(p.vmRssKb).toBe(p.rssAnonKb + p.rssFileKb);
    const status = ok(k.readProc(`/proc/${pid}/status`));
    expect(status).toContain('Name:\tsleep\n');
    expect(status).toContain(`VmRSS:\t${String(p.vmRssKb).padStart(8)} kB\n`);
    expect(status).toMatch(/^VmExe:\t {6}20 kB$/m);
    const maps = ok(k.readProc(`/proc/${pid}/maps`)).split('\n');
    expect(maps.filter((l) => l.endsWith('/usr/lib/x86_64-linux-gnu/libc.so.6'))).toHaveLength(5);
    const stack = maps.find((l) => l.endsWith('[stack]'))!;
    expect(stack).toMatch(/^[0-9a-f]{12}-[0-9a-f]{12} rw-p 00000000 00:00 0 {26}\[stack\]$/);
    expect(stack.indexOf('[stack]')).toBe(73);
    expect(maps.some((l) => /^[0-9a-f]{12}-[0-9a-f]{12} rw-p 00000000 00:00 0 $/.test(l))).toBe(true); // libc .bss
    const statm = ok(k.readProc(`/proc/${pid}/statm`)).trim().split(' ').map(Number);
    expect(statm).toEqual([p.vmSizeKb / 4, p.vmRssKb / 4, p.rssFileKb / 4, 5, 0, (p.vmDataKb + p.vmStkKb) / 4, 0]);
  });

  it('kill: SIGTERM ends an idle process, SIGKILL shows it as X until reaped; init and kthreads ignore it', () => {
    const k = boot();
    const pid = idle(k);
    ok(k.kill(pid, 'SIGKILL'));
    expect(k.process(pid)!.state).toBe('X');
    expect(k.kill(pid, 'SIGKILL')).toEqual({ ok: false, errno: 'ESRCH' });
    k.tick(3000);
    expect(k.process(pid)).toBeUndefined();
    ok(k.kill(1, 'SIGKILL'));
    ok(k.kill(2, 'SIGKILL'));
    expect(k.process(1)!.state).not.toBe('X');
    const other = ok(k.spawn({ comm: 'sleep', uid: 1000, ppid: k.pidof('bash')[0] }));
    expect(k.kill(k.pidof('bash')[0], 'SIGTERM', other)).toEqual({ ok: false, errno: 'EPERM' });
    expect(k.kill(424242, 'SIGTERM')).toEqual({ ok: false, errno: 'ESRCH' });
  });

  it('spawn fails with ENOMEM when exec cannot charge its writable mappings (overcommit mode 2)', () => {
    const k = boot({ swapBytes: 0 });
    const bash = k.pidof('bash')[0];
    const before = meminfo(k);
    ok(k.sysctlSet('vm.overcommit_ratio', 0));
    ok(k.sysctlSet('vm.overcommit_memory', 2)); // CommitLimit = 0: nothing new can be charged
    const seq = k.snapshot().dmesgNextSeq;
    expect(k.spawn({ comm: 'sleep', ppid: bash })).toEqual({ ok: false, errno: 'ENOMEM' });
    expect(k.pidof('sleep')).toEqual([]);
    // fork fails in the parent: dup_mmap charges bash's first accounted VMA in bash's name
    expect(k.dmesg(seq).map((l) => l.text)).toEqual([expect.stringMatching(new RegExp(`^__vm_enough_memory: pid: ${bash}, comm: bash, bytes: \\d+ not enough memory`))]);
    const after = meminfo(k);
    expect(after.Committed_AS).toBe(before.Committed_AS);
    expect(after.KernelStack).toBe(before.KernelStack);
    expect(after.AnonPages).toBe(before.AnonPages);
    expectConsistent(k);
  });

  it('after a panic the machine is frozen but the clock moves (waiters never hang)', () => {
    const k = boot({ ramBytes: 256 * MiB, swapBytes: 0, sysctl: { 'vm.panic_on_oom': 1, 'vm.overcommit_memory': 1 } });
    let addr = 0;
    ok(k.spawn({ comm: 'hog', ppid: k.pidof('bash')[0], program: { comm: 'hog', step(ctx) {
      if (!addr) addr = ok(ctx.kernel.mmap(ctx.pid, { length: 1024 * MiB, prot: PROT_READ | PROT_WRITE, flags: MAP_PRIVATE | MAP_ANONYMOUS }));
      ctx.kernel.touch(ctx.pid, addr, 1024 * MiB, true);
    } } }));
    k.tick(2000);
    expect(k.snapshot().panicked).toBe(true);
    const frozen = JSON.stringify(k.snapshot().meminfo), t0 = k.nowMs();
    k.tick(1000);
    expect(k.nowMs()).toBe(t0 + 1000);
    expect(JSON.stringify(k.snapshot().meminfo)).toBe(frozen);
    expect(k.spawn({ comm: 'sleep' })).toEqual({ ok: false, errno: 'EAGAIN' });
  });

  it('runs Programs every 10 ms quantum and charges their disk time', () => {
    const k = boot();
    let steps = 0;
    const out: string[] = [];
    const pid = ok(k.spawn({ comm: 'cat', ppid: k.pidof('bash')[0], onOutput: (t) => out.push(t), program: {
      comm: 'cat',
      step(ctx) {
        steps++;
        ok(ctx.kernel.read(ctx.pid, '/var/log/syslog', 0, 20 * MiB)); // 100 ms of disk the first time
        ctx.print(`t=${ctx.nowMs}`);
        if (steps === 2) ctx.exit(0);
      },
    } }));
    k.tick(50);
    expect(steps).toBe(1); // at t=20: the first quantum slept off reading /usr/bin/cat from disk
    expect(out[0]).toBe('t=20');
    expect(k.process(pid)!.state).toBe('D');
    k.tick(70);
    expect(steps).toBe(1); // 100 ms of disk time: sleeps through the quanta at t=30..120
    k.tick(10);
    expect(steps).toBe(2);
    expect(k.process(pid)).toBeUndefined();
  });

  it('ctx.sleep skips quanta (state S); each task keeps one context whose clock is a shared prototype getter', () => {
    const k = boot();
    const seen = new Map<number, { ctx: ProgramContext; at: number[] }>();
    const sleeper = (): Program => ({
      comm: 'sleep',
      step(ctx) {
        const s = seen.get(ctx.pid) ?? { ctx, at: [] };
        expect(s.ctx).toBe(ctx);
        s.at.push(ctx.nowMs);
        seen.set(ctx.pid, s);
        ctx.sleep!(100);
      },
    });
    const a = ok(k.spawn({ comm: 'sleep', ppid: k.pidof('bash')[0], program: sleeper() }));
    const b = ok(k.spawn({ comm: 'sleep', ppid: k.pidof('bash')[0], program: sleeper() }));
    k.tick(20); // a slept off reading /usr/bin/sleep from disk; b found it cached and stepped at t=10
    expect(k.process(a)!.state).toBe('S');
    k.tick(300);
    // Sleeping 100 ms = 10 quanta skipped: stepped again at the 11th.
    expect(seen.get(a)!.at).toEqual([20, 130, 240]);
    expect(seen.get(b)!.at).toEqual([10, 120, 230]);
    // Per-task accessors would put every context in V8's dictionary mode (a hash lookup per ctx.nowMs).
    const ca = seen.get(a)!.ctx, cb = seen.get(b)!.ctx;
    expect(Object.getOwnPropertyDescriptor(ca, 'nowMs')).toBeUndefined();
    expect(Object.getPrototypeOf(ca)).toBe(Object.getPrototypeOf(cb));
  });
});

describe('oom_score_adj / oom_adj and sysctl writes', () => {
  it('converts oom_adj like the kernel, lossy round trip, one deprecation warning', () => {
    const k = boot();
    const pid = idle(k);
    const bash = k.pidof('bash')[0];
    const seq0 = k.snapshot().dmesgNextSeq;
    const cases: Array<[string, number, string]> = [['-17', -1000, '-17\n'], ['-16', -941, '-15\n'], ['1', 58, '0\n'],
      ['5', 294, '4\n'], ['14', 823, '13\n'], ['15', 1000, '15\n']];
    for (const [w, adj, back] of cases) {
      ok(k.writeProc(`/proc/${pid}/oom_adj`, w, bash));
      expect(k.process(pid)!.oomScoreAdj).toBe(adj);
      expect(ok(k.readProc(`/proc/${pid}/oom_adj`))).toBe(back);
    }
    const warn = k.dmesg(seq0).filter((l) => l.text.includes('oom_adj is deprecated'));
    expect(warn.map((l) => l.text)).toEqual([`bash (${bash}): /proc/${pid}/oom_adj is deprecated, please use /proc/${pid}/oom_score_adj instead.`]);
    expect(k.writeProc(`/proc/${pid}/oom_adj`, '16', bash)).toEqual({ ok: false, errno: 'EINVAL' });
    expect(k.writeProc(`/proc/${pid}/oom_score_adj`, '1001', bash)).toEqual({ ok: false, errno: 'EINVAL' });
    expect(k.writeProc(`/proc/${pid}/oom_score_adj`, 'abc', bash)).toEqual({ ok: false, errno: 'EINVAL' });
    ok(k.writeProc(`/proc/${pid}/oom_score_adj`, '-1000', bash));
    expect(k.process(pid)!.oomScore).toBe(0);
    const user = ok(k.spawn({ comm: 'sleep', uid: 1000, ppid: bash }));
    ok(k.writeProc(`/proc/${user}/oom_score_adj`, '500', user));
    expect(k.writeProc(`/proc/${user}/oom_score_adj`, '-1', user)).toEqual({ ok: false, errno: 'EACCES' });
    expect(k.process(user)!.oomScore).toBeGreaterThanOrEqual(1000);
  });

  it('checks sysctl ranges, keeps the old value on EINVAL, zeroes the ratio/bytes twin', () => {
    const k = boot();
    const bash = k.pidof('bash')[0];
    expect(k.sysctlSet('vm.swappiness', 201)).toEqual({ ok: false, errno: 'EINVAL' });
    expect(ok(k.sysctlGet('vm.swappiness'))).toBe(60);
    ok(k.sysctlSet('vm.swappiness', 200));
    expect(k.writeProc('/proc/sys/vm/overcommit_memory', '3', bash)).toEqual({ ok: false, errno: 'EINVAL' });
    ok(k.writeProc('/proc/sys/vm/overcommit_memory', '2\n', bash));
    expect(ok(k.readProc('/proc/sys/vm/overcommit_memory'))).toBe('2\n');
    ok(k.sysctlSet('vm.dirty_bytes', 64 * MiB));
    expect(ok(k.sysctlGet('vm.dirty_ratio'))).toBe(0);
    ok(k.sysctlSet('vm.overcommit_kbytes', 1024));
    expect(ok(k.sysctlGet('vm.overcommit_ratio'))).toBe(0);
    expect(k.readProc('/proc/sys/vm/drop_caches')).toEqual({ ok: false, errno: 'EACCES' });
    expect(k.sysctlGet('vm.nope')).toEqual({ ok: false, errno: 'ENOENT' });
    const user = ok(k.spawn({ comm: 'sleep', uid: 1000, ppid: bash }));
    expect(k.sysctlSet('vm.swappiness', 10, user)).toEqual({ ok: false, errno: 'EACCES' });
    expect(k.sysctlNames()).toContain('vm.page-cluster');
    expect(() => boot({ sysctl: { 'vm.swappiness': 300 } })).toThrow(RangeError);
    expect(() => boot({ ramBytes: 4096 })).toThrow(RangeError);
    expect(boot({ sysctl: { 'vm.swappiness': 10 } }).snapshot().sysctl['vm.swappiness']).toBe(10);
  });

  it('formats kernel log times like dmesg and keeps a ring of 4096 lines', () => {
    const k = boot();
    expect(k.formatLogTime(12345.678)).toBe('[   12.345678]');
    expect(k.formatLogTime(0)).toBe('[    0.000000]');
    expect(k.dmesg()[0].text).toMatch(/^Linux version 6\./);
    expect(k.dmesg()[2].text).toBe('Memory: 2014088K/2097152K available (16384K kernel code, 2292K rwdata, 5948K rodata, 2872K init, 2708K bss, 83064K reserved, 0K cma-reserved)');
  });

  it('lists /proc like procfs: pids, files, sys/vm entries with their modes', () => {
    const k = boot();
    const names = ok(k.readdir('/proc')).map((f) => f.path);
    expect(names).toContain('/proc/1');
    expect(names).toContain('/proc/meminfo');
    const vm = ok(k.readdir('/proc/sys/vm'));
    expect(vm).toHaveLength(k.sysctlNames().length);
    expect(vm.find((f) => f.path === '/proc/sys/vm/drop_caches')).toMatchObject({ kind: 'proc', mode: '--w-------' });
    expect(vm.find((f) => f.path === '/proc/sys/vm/swappiness')!.mode).toBe('-rw-r--r--');
    expect(ok(k.stat('/proc/618'))).toMatchObject({ kind: 'proc', mode: 'dr-xr-xr-x' });
    expect(ok(k.readdir('/proc/618')).map((f) => f.path)).toContain('/proc/618/oom_score_adj');
    expect(k.stat('/proc/99999/status')).toEqual({ ok: false, errno: 'ENOENT' });
    expect(k.readdir('/proc/meminfo')).toEqual({ ok: false, errno: 'ENOTDIR' });
  });

  it('zoneinfo shows the watermarks, stat the fault counters, loadavg the 1/5/15 min EWMA', () => {
    const k = boot();
    const z = ok(k.readProc('/proc/zoneinfo'));
    expect(z.startsWith('Node 0, zone   Normal\n  per-node stats\n')).toBe(true);
    expect(z).toContain('\n        min      1419\n        low      1922\n        high     2425\n');
    expect(z).toContain('\n        managed  503522\n');
    const pid = ok(k.spawn({ comm: 'hog', ppid: k.pidof('bash')[0], program: { comm: 'hog', step() {} } }));
    k.tick(60_000); // one always-runnable task for 60 s: 1 - e^-1 = 0.63
    const stat = ok(k.readProc(`/proc/${pid}/stat`)).trim().split(' ');
    expect(stat).toHaveLength(52);
    expect([stat[1], stat[2], Number(stat[9]), Number(stat[11])]).toEqual(['(hog)', 'R', k.process(pid)!.minFlt, k.process(pid)!.majFlt]);
    expect(Number(stat[23])).toBe(k.process(pid)!.vmRssKb / 4);
    expect(ok(k.readProc('/proc/loadavg'))).toMatch(/^0\.63 0\.18 0\.06 1\/\d+ 700\n$/);
  });

  it('vmstat prints gauges then events, and counts faults', () => {
    const k = boot();
    const pid = idle(k);
    const v0 = k.snapshot().vmstat;
    const a = ok(k.mmap(pid, { length: 4 * MiB, prot: PROT_READ | PROT_WRITE, flags: MAP_PRIVATE | MAP_ANONYMOUS }));
    ok(k.touch(pid, a, 4 * MiB, true));
    const v1 = k.snapshot().vmstat;
    expect(v1.pgfault - v0.pgfault).toBe(1024);
    expect(v1.nr_anon_pages - v0.nr_anon_pages).toBe(1024);
    const text = ok(k.readProc('vmstat'));
    expect(text.startsWith('nr_free_pages ')).toBe(true);
    expect(text).toMatch(/^nr_dirty_threshold \d+$/m);
    expect(text.indexOf('nr_dirty_background_threshold')).toBeLessThan(text.indexOf('pgpgin'));
  });
});
