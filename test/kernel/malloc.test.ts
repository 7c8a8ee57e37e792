// glibc malloc model (reference §2) acting through the kernel's brk/mmap/munmap.
import { describe, expect, it } from 'vitest';
import { Malloc, mmapChunkSize, request2size, type SyscallTraceEvent } from '../../source/libc/malloc.js';
import { boot, expectConsistent, idle, KiB, MiB, ok } from './helpers.js';

function setup() {
  const k = boot();
  const pid = idle(k, 'malloc');
  const events: SyscallTraceEvent[] = [];
  const m = new Malloc(k, pid, { trace: (e) => events.push(e) });
  return { k, pid, m, events };
}

describe('glibc malloc', () => {
  it('sizes chunks like request2size and mmapped chunks as request + 16 rounded to pages', () => {
    expect(request2size(0)).toBe(32);
    expect(request2size(1000)).toBe(1008);
    expect(mmapChunkSize(1024 * 1024)).toBe(1052672);
    expect(mmapChunkSize(200 * 1024)).toBe(208896);
  });

  it('first malloc(1000) moves brk by 0x21000 (132 KiB: top_pad) and maps nothing', () => {
    const { k, pid, m, events } = setup();
    const before = ok(k.currentBrk(pid));
    const vmBefore = k.process(pid)!.vmSizeKb;
    const p = ok(m.malloc(1000));
    expect(events).toEqual([{ name: 'brk', args: [before + 0x21000], ret: before + 0x21000 }]);
    expect(p).toBeGreaterThan(before);
    expect(p).toBeLessThan(before + 0x21000);
    expect(k.process(pid)!.vmSizeKb - vmBefore).toBe(132);
    expect(k.process(pid)!.vmRssKb).toBe(k.process(pid)!.vmRssKb); // nothing touched yet
  });

  it('malloc(100 KiB) grows the heap with brk, malloc(200 KiB) uses its own mmap of 208896 bytes', () => {
    const { m, events } = setup();
    ok(m.malloc(100 * KiB));
    expect(events.map((e) => e.name)).toEqual(['brk']);
    ok(m.malloc(200 * KiB));
    expect(events[1]).toMatchObject({ name: 'mmap', args: [0, 208896, 'PROT_READ|PROT_WRITE', 'MAP_PRIVATE|MAP_ANONYMOUS', -1, 0] });
  });

  it('free of an mmapped chunk munmaps it at once and raises the threshold (dynamic rule)', () => {
    const { k, pid, m, events } = setup();
    const p = ok(m.malloc(200000));
    const vm = k.process(pid)!.vmSizeKb;
    ok(m.free(p));
    // 200000 + 16 rounded up to pages = 200704 bytes (49 pages)
    expect(events[events.length - 1]).toMatchObject({ name: 'munmap', args: [p - 16, 200704] });
    expect(vm - k.process(pid)!.vmSizeKb).toBe(196);
    expect(m.stats().mmapThreshold).toBe(200704);
    expect(m.stats().trimThreshold).toBe(401408);
    events.length = 0;
    ok(m.malloc(200000)); // now below the threshold: from the heap
    expect(events.map((e) => e.name)).toEqual(['brk']);
  });

  it('a freed 40 MiB block never raises the threshold (above the 32 MiB ceiling)', () => {
    const { m } = setup();
    ok(m.free(ok(m.malloc(40 * MiB))));
    expect(m.stats().mmapThreshold).toBe(128 * KiB);
  });

  it('free of a heap chunk keeps RSS; freeing the top past the trim threshold shrinks brk', () => {
    const { k, pid, m, events } = setup();
    const a = ok(m.malloc(100 * KiB));
    const b = ok(m.malloc(100 * KiB));
    ok(k.touch(pid, a, 100 * KiB, true));
    ok(k.touch(pid, b, 100 * KiB, true));
    const rss = k.process(pid)!.rssAnonKb;
    ok(m.free(a)); // not at the top: stays in the arena
    expect(k.process(pid)!.rssAnonKb).toBe(rss);
    expect(events.filter((e) => e.name === 'brk')).toHaveLength(1); // b came from the 128 KiB top pad
    const brkBefore = ok(k.currentBrk(pid));
    ok(m.free(b)); // merges a + b + top: >= 64 KiB and top >= 128 KiB -> systrim keeps top_pad + 32
    const last = events[events.length - 1];
    expect(last.name).toBe('brk');
    expect(ok(k.currentBrk(pid))).toBeLessThan(brkBefore);
    // The top keeps top_pad + MINSIZE (128 KiB + 32 rounded to a page): 200 KiB of heap -> 132 KiB.
    expect(m.stats().heapBytes).toBe(132 * KiB);
    expect(rss - k.process(pid)!.rssAnonKb).toBe(72); // the touched pages above the new break are gone
    expectConsistent(k);
  });

  it('one live allocation near the top pins everything below it (fragmentation)', () => {
    const { k, pid, m } = setup();
    const base = k.process(pid)!.rssAnonKb;
    const big = ok(m.malloc(120 * KiB));
    const pin = ok(m.malloc(64));
    ok(k.touch(pid, big, 120 * KiB, true));
    const brk = ok(k.currentBrk(pid));
    ok(m.free(big));
    expect(ok(k.currentBrk(pid))).toBe(brk);
    expect(m.stats().heapFree).toBeGreaterThanOrEqual(120 * KiB);
    m.mallocTrim(0); // MADV_DONTNEED on the free pages inside the heap: RSS drops, VmSize not
    expect(k.process(pid)!.rssAnonKb - base).toBeLessThanOrEqual(8); // the page holding `pin` + the chunk header
    expect(ok(k.currentBrk(pid))).toBeLessThan(brk); // malloc_trim also trims the top
    void pin;
  });

  it('mallopt(M_MMAP_THRESHOLD) fixes the threshold and turns the dynamic rule off', () => {
    const { m, events } = setup();
    expect(m.mallopt('M_MMAP_THRESHOLD', 64 * KiB)).toBe(true);
    ok(m.malloc(100 * KiB));
    expect(events[0].name).toBe('mmap');
    ok(m.free(ok(m.malloc(1 * MiB))));
    expect(m.stats().mmapThreshold).toBe(64 * KiB);
  });

  it('returns ENOMEM when brk and mmap both fail (request larger than RAM + swap in mode 0)', () => {
    const { k, pid, m, events } = setup();
    const r = m.malloc(8 * 1024 * MiB);
    expect(r).toEqual({ ok: false, errno: 'ENOMEM' });
    expect(events.map((e) => e.name)).toEqual(['mmap', 'brk', 'mmap']);
    // The fallback maps the brk size plus the old top (sysmalloc MMAP_AS_MORECORE), not the request again.
    expect(events[2].args[1]).toBe(events[1].args[0] as number - ok(k.currentBrk(pid)) + 0);
    expect(m.free(12345)).toEqual({ ok: false, errno: 'EINVAL' });
  });
});
