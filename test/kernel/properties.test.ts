// Property-based checks (fast-check): random syscall sequences on random machines keep the accounting exact.
// After every step: frames conserved (free + every kind = total), per-process RSS = frames its page tables map,
// shared pages counted once (mapcount = PTEs), LRU lists consistent, no counter negative (auditKernel + snapshot).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAP_ANONYMOUS, MAP_POPULATE, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE, type Kernel }
  from '../../source/kernel/types.js';
import { auditKernel } from '../../source/kernel/audit.js';
import { boot, MiB } from './helpers.js';

type Op =
  | { t: 'spawn'; comm: string }
  | { t: 'mmap'; who: number; pages: number; shared: boolean; populate: boolean; file: boolean }
  | { t: 'touch'; who: number; map: number; from: number; pages: number; write: boolean }
  | { t: 'munmap'; who: number; map: number; from: number; pages: number }
  | { t: 'dontneed'; who: number; map: number }
  | { t: 'brk'; who: number; kb: number }
  | { t: 'write'; who: number; file: number; mb: number }
  | { t: 'read'; who: number; file: number; mb: number }
  | { t: 'unlink'; file: number }
  | { t: 'kill'; who: number }
  | { t: 'tick'; ms: number };

const FILES = ['/dev/shm/a', '/dev/shm/b', '/var/tmp/c', '/var/tmp/d', '/var/log/syslog'];

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('spawn' as const), comm: fc.constantFrom('hog', 'sleep', 'cat', 'python3') }),
  fc.record({ t: fc.constant('mmap' as const), who: fc.nat(7), pages: fc.integer({ min: 1, max: 6000 }), shared: fc.boolean(),
    populate: fc.boolean(), file: fc.boolean() }),
  fc.record({ t: fc.constant('touch' as const), who: fc.nat(7), map: fc.nat(9), from: fc.nat(6000), pages: fc.integer({ min: 1, max: 6000 }), write: fc.boolean() }),
  fc.record({ t: fc.constant('munmap' as const), who: fc.nat(7), map: fc.nat(9), from: fc.nat(3000), pages: fc.integer({ min: 1, max: 4000 }) }),
  fc.record({ t: fc.constant('dontneed' as const), who: fc.nat(7), map: fc.nat(9) }),
  fc.record({ t: fc.constant('brk' as const), who: fc.nat(7), kb: fc.integer({ min: -2048, max: 8192 }) }),
  fc.record({ t: fc.constant('write' as const), who: fc.nat(7), file: fc.nat(4), mb: fc.integer({ min: 1, max: 24 }) }),
  fc.record({ t: fc.constant('read' as const), who: fc.nat(7), file: fc.nat(4), mb: fc.integer({ min: 1, max: 24 }) }),
  fc.record({ t: fc.constant('unlink' as const), file: fc.nat(3) }),
  fc.record({ t: fc.constant('kill' as const), who: fc.nat(7) }),
  fc.record({ t: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 200 }) }),
);

interface World { k: Kernel; pids: number[]; maps: Map<number, Array<{ addr: number; pages: number }>> }

function apply(w: World, op: Op): void {
  const { k } = w;
  const pid = () => w.pids.length ? w.pids[(op as { who: number }).who % w.pids.length] : -1;
  const mapOf = (p: number, i: number) => { const l = w.maps.get(p) ?? []; return l.length ? l[i % l.length] : undefined; };
  switch (op.t) {
    case 'spawn': {
      const r = k.spawn({ comm: op.comm, ppid: k.pidof('bash')[0] });
      if (r.ok) w.pids.push(r.value);
      return;
    }
    case 'mmap': {
      const p = pid();
      const flags = (op.shared ? MAP_SHARED : MAP_PRIVATE) | (op.file ? 0 : MAP_ANONYMOUS) | (op.populate ? MAP_POPULATE : 0);
      const r = k.mmap(p, { length: op.pages * 4096, prot: PROT_READ | PROT_WRITE, flags, path: op.file ? '/var/log/syslog' : undefined });
      if (r.ok) { const l = w.maps.get(p) ?? []; l.push({ addr: r.value, pages: op.pages }); w.maps.set(p, l); }
      return;
    }
    case 'touch': {
      const p = pid(), m = mapOf(p, op.map);
      if (!m) return;
      const from = op.from % m.pages;
      k.touch(p, m.addr + from * 4096, Math.min(op.pages, m.pages - from) * 4096, op.write);
      return;
    }
    case 'munmap': {
      const p = pid(), m = mapOf(p, op.map);
      if (m) k.munmap(p, m.addr + (op.from % m.pages) * 4096, op.pages * 4096);
      return;
    }
    case 'dontneed': {
      const p = pid(), m = mapOf(p, op.map);
      if (m) k.madviseDontneed(p, m.addr, m.pages * 4096);
      return;
    }
    case 'brk': {
      const p = pid(), b = k.currentBrk(p);
      if (b.ok) k.brk(p, b.value + op.kb * 1024);
      return;
    }
    case 'write': k.write(pid(), FILES[op.file], 0, op.mb * MiB); return;
    case 'read': k.read(pid(), FILES[op.file], 0, op.mb * MiB); return;
    case 'unlink': k.unlink(FILES[op.file]); return;
    case 'kill': if (w.pids.length) k.kill(pid(), 'SIGKILL'); return;
    case 'tick': k.tick(op.ms); return;
  }
}

function checkNoNegative(k: Kernel): string[] {
  const s = k.snapshot();
  const bad: string[] = [];
  for (const [n, v] of Object.entries(s.meminfo)) if (!(v >= 0)) bad.push(`meminfo ${n} = ${v}`);
  for (const [n, v] of Object.entries(s.vmstat)) if (!(v >= 0)) bad.push(`vmstat ${n} = ${v}`);
  for (const p of s.processes) for (const [n, v] of Object.entries(p)) if (typeof v === 'number' && !(v >= 0) && n !== 'oomScoreAdj') bad.push(`pid ${p.pid} ${n} = ${v}`);
  const m = s.meminfo;
  if (m.Active + m.Inactive !== m['Active(anon)'] + m['Inactive(anon)'] + m['Active(file)'] + m['Inactive(file)']) bad.push('Active+Inactive');
  return bad;
}

describe('kernel invariants under random syscalls', () => {
  it('hold after every step on random machines', () => {
    fc.assert(
      fc.property(
        fc.record({ ramMb: fc.constantFrom(256, 384, 512), swapMb: fc.constantFrom(0, 128), seed: fc.nat(1000) }),
        fc.array(opArb, { minLength: 5, maxLength: 40 }),
        (machine, ops) => {
          const k = boot({ ramBytes: machine.ramMb * MiB, swapBytes: machine.swapMb * MiB, seed: machine.seed });
          const w: World = { k, pids: [], maps: new Map() };
          for (const op of ops) {
            apply(w, op);
            const problems = [...auditKernel(k), ...checkNoNegative(k)];
            if (problems.length) throw new Error(`after ${JSON.stringify(op)}:\n${problems.slice(0, 10).join('\n')}`);
          }
        },
      ),
      { numRuns: 25, seed: 42 },
    );
  });

  it('is deterministic: same seed and inputs give the same /proc text', () => {
    const run = () => {
      const k = boot({ seed: 7 });
      const w: World = { k, pids: [], maps: new Map() };
      const ops: Op[] = [{ t: 'spawn', comm: 'hog' }, { t: 'mmap', who: 0, pages: 3000, shared: false, populate: false, file: false },
        { t: 'touch', who: 0, map: 0, from: 10, pages: 2000, write: true }, { t: 'write', who: 0, file: 0, mb: 8 }, { t: 'tick', ms: 100 }];
      for (const op of ops) apply(w, op);
      return ok3(k);
    };
    expect(run()).toBe(run());
  });
});

function ok3(k: Kernel): string {
  const pid = k.pidof('hog')[0];
  const r = [k.readProc('meminfo'), k.readProc('vmstat'), k.readProc(`${pid}/maps`), k.readProc(`${pid}/status`)];
  return r.map((x) => (x.ok ? x.value : x.errno)).join('\n');
}
