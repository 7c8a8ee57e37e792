// RmapGroups (rmap-handles.ts) against a reference built on a Map: under random acquire/release churn over many
// owners it must hand out the same handles (same group ids, recycled last-freed first), read back every owner and
// index, and count the same groups alive, through growth of its id table and group arrays; with few owners and
// spans, dead groups' (owner, span) come back often, which a stale lookup-cache entry would get wrong.
import { describe, expect, it } from 'vitest';
import { RmapGroups } from '../../source/kernel/rmap-handles.js';

class MapGroups {
  private readonly byKey = new Map<number, number>([[0, 0]]);
  private readonly keyOf = new Map<number, number>([[0, 0]]);
  private readonly refs = new Map<number, number>([[0, 0]]);
  private readonly freeIds: number[] = [];
  private nextId = 1;
  get size(): number { return this.byKey.size; }
  acquire(owner: number, index: number): number {
    const span = Math.floor(index / 512), key = owner * 2 ** 27 + span;
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.freeIds.pop() ?? this.nextId++;
      this.byKey.set(key, id); this.keyOf.set(id, key); this.refs.set(id, 0);
    }
    this.refs.set(id, this.refs.get(id)! + 1);
    return id * 512 + (index - span * 512);
  }
  release(handle: number): void {
    const id = handle >>> 9;
    this.refs.set(id, this.refs.get(id)! - 1);
    if (this.refs.get(id) !== 0 || id === 0) return;
    this.byKey.delete(this.keyOf.get(id)!);
    this.freeIds.push(id);
  }
}

describe('RmapGroups', () => {
  it('forgets a dead group: its (owner, span) gets a new group after the id went to another', () => {
    const g = new RmapGroups();
    const h1 = g.acquire(7, 3);
    g.release(h1); // group of (7, span 0) dies, its id is free
    const h2 = g.acquire(8, 3); // the id is reused for (8, span 0)
    expect(h2 >>> 9).toBe(h1 >>> 9);
    const h3 = g.acquire(7, 5); // (7, span 0) again: a new group, not the reused id
    expect(h3 >>> 9).not.toBe(h2 >>> 9);
    expect([g.ownerOf(h2), g.indexOf(h2), g.ownerOf(h3), g.indexOf(h3)]).toEqual([8, 3, 7, 5]);
    expect(g.size).toBe(3);
  });

  for (const [owners, wide] of [[4000, true], [40, false]] as const) it(`agrees with a Map-based reference under churn (${owners} owners)`, () => {
    const g = new RmapGroups(), ref = new MapGroups();
    const held: { h: number; owner: number; index: number }[] = [];
    let seed = 99;
    const rnd = (n: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 4) % n; };
    for (let step = 0; step < 60_000; step++) {
      if (held.length > 0 && rnd(100) < 45) {
        const [x] = held.splice(rnd(held.length), 1);
        g.release(x.h); ref.release(x.h);
      } else {
        // Runs of one owner (the lookup cache) and jumps across owners, spans up to the 2^36 index limit.
        const last = held[held.length - 1];
        const owner = last && rnd(3) === 0 ? last.owner : rnd(owners);
        const index = !wide ? rnd(4096) : rnd(2) ? rnd(1 << 20) : rnd(2 ** 26) * 1024 + rnd(1024);
        const h = g.acquire(owner, index);
        expect(h).toBe(ref.acquire(owner, index));
        held.push({ h, owner, index });
      }
      if (step % 5000 === 0) for (const x of held) expect([g.ownerOf(x.h), g.indexOf(x.h)]).toEqual([x.owner, x.index]);
      expect(g.size).toBe(ref.size);
    }
    for (const x of held) { g.release(x.h); ref.release(x.h); }
    expect(g.size).toBe(1); // the kernel group stays
    expect([g.ownerOf(0), g.indexOf(0)]).toEqual([0, 0]);
  });
});
