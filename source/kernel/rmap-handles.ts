// The reverse-map key of a frame — struct page's `mapping` + `index` (include/linux/mm_types.h): which object
// owns the page (anon: the mm, standing in for the anon_vma; file, shmem, buffers: the inode's address_space)
// and the page's index in it (anon: virtual page number; file: page offset). Used by page-frames.ts.
//
// Stored as one 32-bit handle per frame instead of a 4-byte owner and a 5-byte index: pages of one owner come in
// runs (a 2 MiB page-table page maps 512 neighbours, readahead fills neighbouring file offsets), so a frame points
// at a *group* = (owner, index / 512), shared by the frames of that run, plus its offset in the group (9 bits).
// Groups live in small arrays indexed by group id and are recycled when their last frame goes. Group 0 is the
// permanent (owner 0, indices 0-511) group of kernel pages, so their handle is 0 and the frame's slot is never
// written. Limits (checked, RangeError): owner < 2^26, index < 2^36 (a 48-bit address space or file), fewer than
// 2^23 groups alive (8 M distinct 2 MiB runs with a resident page: more than a 128 GiB machine can hold with its
// page tables).

const GROUP_SHIFT = 9;
const GROUP = 1 << GROUP_SHIFT; // 512
const MAX_OWNER = 2 ** 26;
const MAX_INDEX = 2 ** 36;
const MAX_GROUPS = 2 ** 23;
/** key = owner * SPAN_KEYS + span, exact in a double (< 2^53). */
const SPAN_KEYS = 2 ** 27;

export class RmapGroups {
  private owner = new Int32Array(1024);
  private span = new Uint32Array(1024);
  /** Frames whose handle points at the group. */
  private refs = new Float64Array(1024);
  private readonly byKey = new Map<number, number>();
  private readonly freeIds: number[] = [];
  private nextId = 1;
  // The last group looked up: faults and readahead allocate runs of neighbouring pages of one owner.
  private lastKey = 0;
  private lastId = 0;

  constructor() {
    this.byKey.set(0, 0);
  }

  /** Groups alive (for tests and audits). */
  get size(): number {
    return this.byKey.size;
  }

  /** Take a reference on (owner, index)'s group; returns the frame's handle. */
  acquire(owner: number, index: number): number {
    // Checked before the key is formed: an out-of-range pair would alias another group's key.
    if (!(index >= 0 && index < MAX_INDEX && owner >= 0 && owner < MAX_OWNER)) {
      throw new RangeError(`rmap: owner ${owner} / index ${index} out of range`);
    }
    const span = Math.floor(index / GROUP);
    const key = owner * SPAN_KEYS + span;
    let id: number;
    if (key === this.lastKey) id = this.lastId;
    else {
      const found = this.byKey.get(key);
      id = found === undefined ? this.create(owner, index, span, key) : found;
      this.lastKey = key;
      this.lastId = id;
    }
    this.refs[id]++;
    return id * GROUP + (index - span * GROUP);
  }

  /**
   * acquire(owner, index + i * step) for i = 0..n-1 in one step, where n = runLength(index, count, step): the
   * indices of the run that share index's group. Returns the first handle; the i-th is first + i * step. Boot
   * hands out tens of thousands of frames in runs (page-frames.ts allocFresh), and one call per frame in code V8
   * has not optimised yet was a fifth of the boot.
   */
  acquireRun(owner: number, index: number, count: number, step: number): number {
    const first = this.acquire(owner, index); // checks the pair, makes the group the last one looked up
    this.refs[first >>> GROUP_SHIFT] += this.runLength(index, count, step) - 1;
    return first;
  }

  /** How many of the indices index, index + step, ... (at most count) lie in index's group (count > 0). */
  runLength(index: number, count: number, step: number): number {
    if (step === 0) return count;
    const groupEnd = (Math.floor(index / GROUP) + 1) * GROUP;
    return Math.min(count, Math.ceil((groupEnd - index) / step));
  }

  /** Drop a frame's reference; the group is recycled when it was the last one. */
  release(handle: number): void {
    const id = handle >>> GROUP_SHIFT;
    if (--this.refs[id] !== 0 || id === 0) return;
    const key = this.owner[id] * SPAN_KEYS + this.span[id];
    this.byKey.delete(key);
    this.freeIds.push(id);
    if (this.lastId === id) { this.lastKey = 0; this.lastId = 0; }
  }

  ownerOf(handle: number): number {
    return this.owner[handle >>> GROUP_SHIFT];
  }

  indexOf(handle: number): number {
    return this.span[handle >>> GROUP_SHIFT] * GROUP + (handle & (GROUP - 1));
  }

  private create(owner: number, index: number, span: number, key: number): number {
    if (!Number.isInteger(index) || !Number.isInteger(owner)) throw new RangeError(`rmap: owner ${owner} / index ${index} not integers`);
    let id = this.freeIds.pop();
    if (id === undefined) {
      if (this.nextId >= MAX_GROUPS) throw new RangeError('rmap: more than 2^23 page groups alive');
      id = this.nextId++;
      if (id >= this.owner.length) this.grow();
    }
    this.owner[id] = owner;
    this.span[id] = span;
    this.refs[id] = 0;
    this.byKey.set(key, id);
    return id;
  }

  private grow(): void {
    const n = this.owner.length * 2;
    const owner = new Int32Array(n), span = new Uint32Array(n), refs = new Float64Array(n);
    owner.set(this.owner);
    span.set(this.span);
    refs.set(this.refs);
    this.owner = owner;
    this.span = span;
    this.refs = refs;
  }
}
