// Address spaces and page faults (mm/mmap.c, mm/memory.c): demand paging, zero page, RSS vs VmSize, commit charge.
import { describe, expect, it } from 'vitest';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_NORESERVE, MAP_POPULATE, MAP_PRIVATE, MAP_SHARED, PROT_NONE, PROT_READ,
  PROT_WRITE } from '../../source/kernel/types.js';
import { boot, expectConsistent, GiB, idle, KiB, meminfo, MiB, ok, statusKb } from './helpers.js';

const RW = PROT_READ | PROT_WRITE;
const ANON = MAP_PRIVATE | MAP_ANONYMOUS;

describe('anonymous memory and demand paging', () => {
  it('touching 256 MiB of a 512 MiB mapping raises RssAnon and AnonPages by 256 MiB; VmSize by 512 MiB', () => {
    const k = boot();
    const pid = idle(k);
    const m0 = meminfo(k), p0 = k.process(pid)!;
    const addr = ok(k.mmap(pid, { length: 512 * MiB, prot: RW, flags: ANON }));
    expect(k.process(pid)!.vmSizeKb - p0.vmSizeKb).toBe(512 * 1024);
    expect(k.process(pid)!.rssAnonKb).toBe(p0.rssAnonKb); // rule 1: mmap creates a VMA only
    const r = ok(k.touch(pid, addr, 256 * MiB, true));
    expect(r).toMatchObject({ minor: 65536, major: 0, killed: false });
    const m1 = meminfo(k), p1 = k.process(pid)!;
    expect(p1.rssAnonKb - p0.rssAnonKb).toBe(256 * 1024);
    expect(m1.AnonPages - m0.AnonPages).toBe(256 * 1024);
    expect(m1['Inactive(anon)'] - m0['Inactive(anon)']).toBe(256 * 1024); // new anon pages start inactive (5.9+)
    // 256 MiB of pages + their page tables (128 PTE pages + 1 PMD) left MemFree.
    expect(m0.MemFree - m1.MemFree).toBe(256 * 1024 + 129 * 4);
    expect(p1.vmPteKb - p0.vmPteKb).toBe(129 * 4);
    expect(m1.PageTables - m0.PageTables).toBe(129 * 4);
    expect(statusKb(k, pid, 'RssAnon')).toBe(p1.rssAnonKb);
    expectConsistent(k);
  });

  it('reading untouched anonymous memory maps the zero page: one minor fault per page, RSS unchanged', () => {
    const k = boot();
    const pid = idle(k);
    const addr = ok(k.mmap(pid, { length: 64 * MiB, prot: RW, flags: ANON }));
    const rss0 = k.process(pid)!.rssAnonKb, free0 = meminfo(k).MemFree;
    expect(ok(k.touch(pid, addr, 64 * MiB, false))).toMatchObject({ minor: 16384, major: 0 });
    expect(k.process(pid)!.rssAnonKb).toBe(rss0);
    expect(ok(k.touch(pid, addr, 64 * MiB, false)).minor).toBe(0); // already mapped
    expect(ok(k.touch(pid, addr, 64 * MiB, true)).minor).toBe(16384); // write after zero page: real pages
    expect(k.process(pid)!.rssAnonKb - rss0).toBe(65536);
    expect(free0 - meminfo(k).MemFree).toBeGreaterThanOrEqual(65536);
    expect(k.process(pid)!.minFlt).toBeGreaterThanOrEqual(32768);
    expectConsistent(k);
  });

  it('munmap gives everything back; MADV_DONTNEED drops RSS but keeps VmSize', () => {
    const k = boot();
    const pid = idle(k);
    const m0 = meminfo(k), p0 = k.process(pid)!;
    const a = ok(k.mmap(pid, { length: 32 * MiB, prot: RW, flags: ANON }));
    ok(k.touch(pid, a, 32 * MiB, true));
    ok(k.madviseDontneed(pid, a, 16 * MiB));
    expect(k.process(pid)!.rssAnonKb - p0.rssAnonKb).toBe(16 * 1024);
    expect(k.process(pid)!.vmSizeKb - p0.vmSizeKb).toBe(32 * 1024);
    ok(k.munmap(pid, a, 32 * MiB));
    const m1 = meminfo(k);
    expect(m1.AnonPages).toBe(m0.AnonPages);
    expect(m1.MemFree).toBe(m0.MemFree);
    expect(m1.Committed_AS).toBe(m0.Committed_AS);
    expect(k.process(pid)!.vmSizeKb).toBe(p0.vmSizeKb);
    expectConsistent(k);
  });

  it('the VMA of the last access is remembered, never past munmap, mprotect or a range that leaves it', () => {
    const k = boot();
    const pid = idle(k);
    const a = ok(k.mmap(pid, { length: 8 * MiB, prot: RW, flags: ANON }));
    expect(ok(k.touch(pid, a, 4 * MiB, true)).minor).toBe(1024);
    expect(ok(k.touch(pid, a + 4 * MiB, 64 * KiB, true)).minor).toBe(16); // the cached VMA
    ok(k.mprotect(pid, a + 6 * MiB, 2 * MiB, PROT_READ)); // splits it: the cached left part is [a, a+6M) now
    expect(k.touch(pid, a + 5 * MiB, 2 * MiB, true)).toEqual({ ok: false, errno: 'EFAULT' });
    expect(ok(k.touch(pid, a + 5 * MiB, 2 * MiB, false)).minor).toBe(512); // two VMAs, all untouched: zero page
    ok(k.munmap(pid, a, 8 * MiB));
    expect(k.touch(pid, a, 4096, false)).toEqual({ ok: false, errno: 'EFAULT' });
    // A new mapping at the same place is a new VMA: faulted as such.
    const b = ok(k.mmap(pid, { length: 8 * MiB, prot: RW, flags: ANON, addr: a }));
    expect(b).toBe(a);
    expect(ok(k.touch(pid, b, 4 * MiB, true)).minor).toBe(1024);
    expectConsistent(k);
  });

  it('MAP_POPULATE faults the whole mapping in at mmap time', () => {
    const k = boot();
    const pid = idle(k);
    const p0 = k.process(pid)!;
    ok(k.mmap(pid, { length: 8 * MiB, prot: RW, flags: ANON | MAP_POPULATE }));
    expect(k.process(pid)!.rssAnonKb - p0.rssAnonKb).toBe(8 * 1024);
  });

  it('charges Committed_AS per §3.3: private writable yes, read-only and NORESERVE no, mprotect(RW) yes', () => {
    const k = boot();
    const pid = idle(k);
    const c = () => meminfo(k).Committed_AS;
    let before = c();
    const rw = ok(k.mmap(pid, { length: 256 * MiB, prot: RW, flags: ANON }));
    expect(c() - before).toBe(256 * 1024);
    before = c();
    const ro = ok(k.mmap(pid, { length: 256 * MiB, prot: PROT_READ, flags: ANON }));
    expect(c()).toBe(before);
    ok(k.mprotect(pid, ro, 256 * MiB, RW));
    expect(c() - before).toBe(256 * 1024);
    before = c();
    ok(k.mmap(pid, { length: 256 * MiB, prot: RW, flags: ANON | MAP_NORESERVE }));
    expect(c()).toBe(before);
    ok(k.mmap(pid, { length: 256 * MiB, prot: PROT_NONE, flags: MAP_SHARED | MAP_ANONYMOUS }));
    expect(c() - before).toBe(256 * 1024); // shared anonymous: a shmem object, charged whole
    before = c();
    ok(k.munmap(pid, rw, 256 * MiB));
    expect(before - c()).toBe(256 * 1024);
  });

  it('mode 0 refuses only a single request larger than RAM + swap, and changes nothing then', () => {
    const k = boot({ ramBytes: 2 * GiB, swapBytes: 1 * GiB });
    const pid = idle(k);
    const state = () => { const s = k.snapshot(); return JSON.stringify([s.meminfo, s.processes, s.vmstat]); };
    const before = state();
    const seq = k.snapshot().dmesgNextSeq;
    expect(k.mmap(pid, { length: 4 * GiB, prot: RW, flags: ANON })).toEqual({ ok: false, errno: 'ENOMEM' });
    expect(state()).toBe(before); // only the log line below is new
    expect(k.dmesg(seq).map((l) => l.text)).toEqual([
      `__vm_enough_memory: pid: ${pid}, comm: hog, bytes: ${4 * GiB} not enough memory for the allocation`]);
    ok(k.mmap(pid, { length: 2 * GiB, prot: RW, flags: ANON }));
    ok(k.mmap(pid, { length: 2 * GiB, prot: RW, flags: ANON })); // no cumulative check in mode 0
    expect(meminfo(k).Committed_AS).toBeGreaterThan(meminfo(k).CommitLimit);
  });

  it('validates like the syscalls: EINVAL, EFAULT, ENOMEM, ESRCH', () => {
    const k = boot();
    const pid = idle(k);
    expect(k.mmap(pid, { length: 0, prot: RW, flags: ANON })).toEqual({ ok: false, errno: 'EINVAL' });
    expect(k.mmap(pid, { length: 4096, prot: RW, flags: MAP_ANONYMOUS })).toEqual({ ok: false, errno: 'EINVAL' });
    expect(k.mmap(pid, { length: 4096, prot: RW, flags: ANON | MAP_FIXED, addr: 0x10001 })).toEqual({ ok: false, errno: 'EINVAL' });
    expect(k.mmap(pid, { length: 4096, prot: PROT_READ, flags: MAP_PRIVATE, path: '/nope' })).toEqual({ ok: false, errno: 'ENOENT' });
    expect(k.munmap(pid, 4097, 4096)).toEqual({ ok: false, errno: 'EINVAL' });
    expect(k.touch(pid, 0x10000, 4096, false)).toEqual({ ok: false, errno: 'EFAULT' });
    const ro = ok(k.mmap(pid, { length: 4096, prot: PROT_READ, flags: ANON }));
    expect(k.touch(pid, ro, 4096, true)).toEqual({ ok: false, errno: 'EFAULT' });
    expect(k.mprotect(pid, 0x10000, 4096, RW)).toEqual({ ok: false, errno: 'ENOMEM' });
    expect(k.mmap(99999, { length: 4096, prot: RW, flags: ANON })).toEqual({ ok: false, errno: 'ESRCH' });
    expect(k.touch(2, 0, 4096, false)).toEqual({ ok: false, errno: 'EINVAL' }); // kthreadd has no mm
  });

  it('brk grows [heap] (VmData) and refuses to go below the start', () => {
    const k = boot();
    const pid = idle(k);
    const start = ok(k.currentBrk(pid));
    const d0 = k.process(pid)!.vmDataKb;
    expect(ok(k.brk(pid, start + 1 * MiB))).toBe(start + 1 * MiB);
    expect(k.process(pid)!.vmDataKb - d0).toBe(1024);
    expect(ok(k.vmas(pid)).some((v) => v.name === '[heap]' && v.end - v.start === 1 * MiB)).toBe(true);
    expect(ok(k.brk(pid, start - 4096))).toBe(start + 1 * MiB);
    expect(ok(k.brk(pid, start))).toBe(start);
    expect(k.process(pid)!.vmDataKb).toBe(d0);
    expectConsistent(k);
  });

  it('exit frees anonymous memory, page tables and the kernel stack', () => {
    const k = boot();
    const m0 = meminfo(k);
    const pid = idle(k);
    const a = ok(k.mmap(pid, { length: 64 * MiB, prot: RW, flags: ANON }));
    ok(k.touch(pid, a, 64 * MiB, true));
    k.exit(pid, 0);
    const m1 = meminfo(k);
    expect(m1.AnonPages).toBe(m0.AnonPages);
    expect(m1.KernelStack).toBe(m0.KernelStack);
    expect(m1.PageTables).toBe(m0.PageTables);
    expect(m1.Committed_AS).toBe(m0.Committed_AS);
    // Its binary's page cache stays (Cached did grow by the first exec of /usr/bin/hog).
    expect(m1.Cached).toBeGreaterThan(m0.Cached);
    expectConsistent(k);
  });

  it('faults in 8 GiB of anonymous memory on a 16 GiB machine with exact counters', () => {
    const k = boot({ ramBytes: 16 * GiB, swapBytes: 0 });
    const pid = idle(k, 'bench');
    const a = ok(k.mmap(pid, { length: 8 * GiB, prot: RW, flags: ANON }));
    for (let off = 0; off < 8 * GiB; off += 512 * MiB) ok(k.touch(pid, a + off, 512 * MiB, true));
    expect(k.process(pid)!.rssAnonKb).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    expect(meminfo(k).AnonPages).toBeGreaterThan(8 * 1024 * 1024);
    void KiB;
  });
});
