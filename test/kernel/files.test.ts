// Page cache, tmpfs and shared memory (mm/filemap.c, mm/shmem.c, exec's shared libraries).
import { describe, expect, it } from 'vitest';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from '../../source/kernel/types.js';
import { boot, expectConsistent, idle, meminfo, MiB, ok } from './helpers.js';

describe('tmpfs and shared memory', () => {
  it('a 64 MiB file written to /dev/shm raises Shmem and Cached by 64 MiB, survives its writer, goes on unlink', () => {
    const k = boot();
    const m0 = meminfo(k);
    const pid = idle(k, 'dd');
    expect(ok(k.write(pid, '/dev/shm/blob', 0, 64 * MiB))).toBe(64 * MiB);
    const m1 = meminfo(k);
    expect(m1.Shmem - m0.Shmem).toBe(65536);
    expect(m1.Cached - m0.Cached).toBeGreaterThanOrEqual(65536); // + the first exec of /usr/bin/dd
    expect(m1.AnonPages).toBe(m0.AnonPages + k.process(pid)!.rssAnonKb);
    expect(m1.Dirty).toBe(m0.Dirty); // shmem is never dirty-accounted
    expect(m1['Inactive(anon)'] - m0['Inactive(anon)']).toBeGreaterThanOrEqual(65536);
    expect(m1.Committed_AS - m0.Committed_AS).toBeGreaterThanOrEqual(65536);
    k.exit(pid, 0);
    expect(meminfo(k).Shmem).toBe(m1.Shmem);
    expect(ok(k.stat('/dev/shm/blob'))).toMatchObject({ sizeBytes: 64 * MiB, tmpfs: true, cachedPages: 16384 });
    ok(k.unlink('/dev/shm/blob'));
    expect(meminfo(k).Shmem).toBe(m0.Shmem);
    expect(k.stat('/dev/shm/blob')).toEqual({ ok: false, errno: 'ENOENT' });
    expectConsistent(k);
  });

  it('shared anonymous memory is shmem: Shmem, Cached and Mapped, never AnonPages; dies with its last mapper', () => {
    const k = boot();
    const pid = idle(k);
    const m0 = meminfo(k);
    const a = ok(k.mmap(pid, { length: 32 * MiB, prot: PROT_READ | PROT_WRITE, flags: MAP_SHARED | MAP_ANONYMOUS }));
    ok(k.touch(pid, a, 32 * MiB, true));
    const m1 = meminfo(k);
    expect(m1.Shmem - m0.Shmem).toBe(32768);
    expect(m1.Mapped - m0.Mapped).toBe(32768);
    expect(m1.AnonPages).toBe(m0.AnonPages);
    expect(k.process(pid)!.rssShmemKb).toBe(32768);
    expect(ok(k.vmas(pid)).find((v) => v.start === a)).toMatchObject({ perms: 'rw-s', name: '/dev/zero (deleted)', rssKb: 32768 });
    ok(k.munmap(pid, a, 32 * MiB));
    expect(meminfo(k).Shmem).toBe(m0.Shmem);
    expectConsistent(k);
  });
});

describe('page cache', () => {
  it('write dirties page cache, sync cleans it and keeps it cached', () => {
    const k = boot();
    const pid = idle(k, 'dd');
    const m0 = meminfo(k);
    ok(k.write(pid, '/var/tmp/out.bin', 0, 64 * MiB));
    const m1 = meminfo(k);
    expect(m1.Dirty - m0.Dirty).toBe(65536);
    expect(m1['Inactive(file)'] - m0['Inactive(file)']).toBeGreaterThanOrEqual(65536);
    expect(ok(k.stat('/var/tmp/out.bin'))).toMatchObject({ sizeBytes: 64 * MiB, dirtyPages: 16384, tmpfs: false });
    ok(k.sync(pid));
    const m2 = meminfo(k);
    expect(m2.Dirty).toBe(0);
    expect(m2.Cached).toBe(m1.Cached);
    expectConsistent(k);
  });

  it('read fills the cache at disk speed; a second read activates the pages', () => {
    const k = boot();
    const pid = idle(k, 'cat');
    const m0 = meminfo(k);
    expect(ok(k.read(pid, '/var/log/syslog', 0, 64 * MiB))).toBe(64 * MiB);
    const m1 = meminfo(k);
    expect(m1.Cached - m0.Cached).toBe(65536);
    expect(m1['Active(file)']).toBe(m0['Active(file)']);
    expect(k.snapshot().vmstat.pgpgin).toBeGreaterThanOrEqual(65536);
    // 64 MiB at 200 MiB/s = 320 ms of disk time charged to the reader: it sleeps in D state.
    expect(k.process(pid)!.state).toBe('D');
    ok(k.read(pid, '/var/log/syslog', 0, 64 * MiB));
    expect(meminfo(k)['Active(file)'] - m0['Active(file)']).toBe(65536);
    expect(ok(k.read(pid, '/var/log/syslog', 512 * MiB, 4096))).toBe(0); // EOF
    expect(k.read(pid, '/nope', 0, 1)).toEqual({ ok: false, errno: 'ENOENT' });
    expect(k.read(pid, '/var/log', 0, 1)).toEqual({ ok: false, errno: 'EISDIR' });
  });

  it('a sequential walk over an uncached 16 MiB file mapping: one major fault, fault-around 64 KiB steps', () => {
    const k = boot();
    const pid = idle(k);
    // MAP_FIXED at a 2 MiB boundary so that the 16-page fault-around windows line up with the file.
    const a = ok(k.mmap(pid, { addr: 0x7f0000000000, length: 16 * MiB, prot: PROT_READ, flags: MAP_PRIVATE | MAP_FIXED, path: '/srv/dataset.bin' }));
    let minor = 0, major = 0;
    for (let off = 0; off < 16 * MiB; off += 4096) {
      const r = ok(k.touch(pid, a + off, 4096, false));
      minor += r.minor; major += r.major;
    }
    expect(major).toBe(1);
    expect(minor).toBe(255);
    const rssFile = k.process(pid)!.rssFileKb;
    expect(ok(k.vmas(pid)).find((v) => v.start === a)!.rssKb).toBe(16384);
    expect(rssFile).toBeGreaterThanOrEqual(16384);
    expectConsistent(k);
  });

  it('writing a private file mapping copies on write: RssAnon grows, the file page stays cached', () => {
    const k = boot();
    const pid = idle(k);
    const a = ok(k.mmap(pid, { length: 1 * MiB, prot: PROT_READ | PROT_WRITE, flags: MAP_PRIVATE, path: '/var/cache/apt/pkgcache.bin' }));
    const p0 = k.process(pid)!, cached0 = meminfo(k).Cached;
    ok(k.touch(pid, a, 1 * MiB, false));
    expect(k.process(pid)!.rssFileKb - p0.rssFileKb).toBe(1024);
    ok(k.touch(pid, a, 1 * MiB, true));
    expect(k.process(pid)!.rssAnonKb - p0.rssAnonKb).toBe(1024);
    expect(k.process(pid)!.rssFileKb).toBe(p0.rssFileKb);
    expect(meminfo(k).Cached).toBe(cached0);
    expectConsistent(k);
  });

  it('libc is page cache shared by every process: counted once in Cached, in each RssFile', () => {
    const k = boot();
    const a = idle(k, 'sleep');
    const cached = meminfo(k).Cached;
    const b = idle(k, 'sleep');
    expect(meminfo(k).Cached).toBe(cached); // second exec: everything already cached
    // Same binary and libraries; fault-around may map a few more or fewer already-cached neighbours.
    expect(Math.abs(k.process(b)!.rssFileKb - k.process(a)!.rssFileKb)).toBeLessThanOrEqual(64);
    expect(k.process(b)!.majFlt).toBe(0);
    const rollup = ok(k.readProc(`/proc/${b}/smaps_rollup`));
    const rss = Number(/^Rss:\s+(\d+) kB$/m.exec(rollup)![1]);
    const pss = Number(/^Pss:\s+(\d+) kB$/m.exec(rollup)![1]);
    expect(pss).toBeLessThan(rss / 2);
  });

  it('refuses an access beyond the end of a mapped file (SIGBUS in Linux) without changing anything', () => {
    const k = boot();
    const pid = idle(k);
    ok(k.write(pid, '/var/tmp/small', 0, 6000)); // 2 pages
    const a = ok(k.mmap(pid, { length: 4 * 4096, prot: PROT_READ, flags: MAP_SHARED, path: '/var/tmp/small' }));
    const rss = k.process(pid)!.rssFileKb;
    expect(k.touch(pid, a, 3 * 4096, false)).toEqual({ ok: false, errno: 'EFAULT' });
    expect(k.process(pid)!.rssFileKb).toBe(rss);
    expect(ok(k.touch(pid, a, 2 * 4096, false)).minor).toBe(1); // fault-around maps the second page
    expect(k.process(pid)!.rssFileKb - rss).toBe(8);
  });

  it('a read larger than what the page cache can hold finishes (each page read once, no re-read loop)', () => {
    // HARDEN's repro: 256 MiB, no swap, anon memory filling RAM, then a 130 MiB read (took 300 s of wall time).
    const k = boot({ ramBytes: 256 * MiB, swapBytes: 0, seed: 674, sysctl: { 'vm.overcommit_memory': 1 } });
    const pid = idle(k, 'stress');
    const a = ok(k.mmap(pid, { length: 60000 * 4096, prot: PROT_READ | PROT_WRITE, flags: MAP_PRIVATE | MAP_ANONYMOUS }));
    ok(k.touch(pid, a, 20000 * 4096, true));
    const pgpgin0 = k.snapshot().vmstat.pgpgin;
    expect(ok(k.read(pid, '/srv/dataset.bin', 100000 * 4096, 33171 * 4096))).toBe(33171 * 4096);
    expect(k.snapshot().vmstat.pgpgin - pgpgin0).toBeLessThanOrEqual(33171 * 4 + 256 * 4);
    expectConsistent(k);
  });

  it('an unlinked file keeps its mapped pages until munmap', () => {
    const k = boot();
    const pid = idle(k);
    ok(k.write(pid, '/var/tmp/m.bin', 0, 8 * MiB));
    const a = ok(k.mmap(pid, { length: 8 * MiB, prot: PROT_READ, flags: MAP_SHARED, path: '/var/tmp/m.bin' }));
    ok(k.touch(pid, a, 8 * MiB, false));
    const c1 = meminfo(k).Cached;
    ok(k.unlink('/var/tmp/m.bin'));
    expect(meminfo(k).Cached).toBe(c1);
    ok(k.munmap(pid, a, 8 * MiB));
    expect(c1 - meminfo(k).Cached).toBe(8192);
    expectConsistent(k);
  });
});
