// /proc/meminfo texts for the `free` comparison: the reference example, the fallbacks procps handles, sizes at
// the edges of -h rounding, and seeded random machines of every magnitude.

const FULL_TEMPLATE: Array<[string, number | null]> = [
  ['MemTotal', 16318712], ['MemFree', 9211244], ['MemAvailable', 13642900], ['Buffers', 211320],
  ['Cached', 4118520], ['SwapCached', 0], ['Active', 3401356], ['Inactive', 2878452],
  ['Active(anon)', 1920064], ['Inactive(anon)', 0], ['Active(file)', 1481292], ['Inactive(file)', 2878452],
  ['Unevictable', 32], ['Mlocked', 32], ['SwapTotal', 4194300], ['SwapFree', 4194300], ['Zswap', 0],
  ['Zswapped', 0], ['Dirty', 412], ['Writeback', 0], ['AnonPages', 1950020], ['Mapped', 712336],
  ['Shmem', 21760], ['KReclaimable', 397760], ['Slab', 612300], ['SReclaimable', 397760],
  ['SUnreclaim', 214540], ['KernelStack', 12480], ['PageTables', 30980], ['SecPageTables', 0],
  ['NFS_Unstable', 0], ['Bounce', 0], ['WritebackTmp', 0], ['CommitLimit', 12353656],
  ['Committed_AS', 6123464], ['VmallocTotal', 34359738367], ['VmallocUsed', 61244], ['VmallocChunk', 0],
  ['Percpu', 7680], ['HardwareCorrupted', 0], ['AnonHugePages', 0], ['ShmemHugePages', 0],
  ['ShmemPmdMapped', 0], ['FileHugePages', 0], ['FilePmdMapped', 0], ['HugePages_Total', null],
  ['HugePages_Free', null], ['HugePages_Rsvd', null], ['HugePages_Surp', null], ['Hugepagesize', 2048],
  ['Hugetlb', 0], ['DirectMap4k', 354112], ['DirectMap2M', 10131456], ['DirectMap1G', 8388608],
];

/** Formats like fs/proc/meminfo.c: "%-15s %8lu kB" for sizes, plain "%8lu" for HugePages_* counts. */
export function meminfoText(fields: Record<string, number>, order = FULL_TEMPLATE.map(([k]) => k)): string {
  return order
    .filter((key) => key in fields)
    .map((key) =>
      key.startsWith('HugePages_')
        ? `${(key + ':').padEnd(16)}${String(fields[key]).padStart(8)}`
        : `${(key + ':').padEnd(16)}${String(fields[key]).padStart(8)} kB`,
    )
    .join('\n') + '\n';
}

function fullFields(overrides: Record<string, number> = {}): Record<string, number> {
  const fields: Record<string, number> = {};
  for (const [key, value] of FULL_TEMPLATE) fields[key] = value ?? 0;
  return { ...fields, ...overrides };
}

/** Deterministic xorshift32, so the random cases are the same on every run. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 0x100000000;
  };
}

export function handWrittenMeminfos(): string[] {
  const texts: string[] = [];
  const example = {
    MemTotal: 8000000, MemFree: 1000000, MemAvailable: 3000000, Buffers: 100000, Cached: 2500000,
    Shmem: 700000, SReclaimable: 200000, SwapTotal: 2000000, SwapFree: 1500000,
  };
  texts.push(meminfoText(example, Object.keys(example)));
  const { MemAvailable: _dropped, ...noAvailable } = example;
  texts.push(meminfoText(noAvailable, Object.keys(noAvailable))); // kernel < 3.14
  texts.push(meminfoText({ ...example, MemAvailable: 9000000 }, Object.keys(example))); // container
  texts.push(meminfoText({ ...example, MemAvailable: 0 }, Object.keys(example)));
  texts.push(meminfoText(fullFields()));
  texts.push(meminfoText(fullFields({ SwapTotal: 0, SwapFree: 0 })));
  texts.push(meminfoText(fullFields({ SwapFree: 5000000 }))); // SwapFree > SwapTotal
  texts.push(meminfoText(fullFields({ Committed_AS: 20000000 }))); // overcommitted: negative Comm free
  // -h edges: exact ties for %.1f (7.25 GiB, 0.75 MiB...), 1023/1024 boundaries, zero and tiny values.
  const edges = [0, 1, 3, 4, 999, 1000, 1023, 1024, 1025, 768, 7602176, 7.75 * 1024 * 1024, 10239, 10240, 10752,
    1048575, 1048576, 10485759, 10485760, 1073741824, 1125899906, 99999, 100000, 102400, 1047552];
  for (const value of edges) {
    texts.push(meminfoText(fullFields({
      MemTotal: Math.max(value, 1) * 4, MemFree: value, MemAvailable: value * 2, Buffers: value, Cached: value,
      SReclaimable: 0, Shmem: value, SwapTotal: value, SwapFree: Math.floor(value / 2), CommitLimit: value,
      Committed_AS: value * 3,
    })));
  }
  // Random machines from 1 MiB to 4 TiB, every field of independent magnitude.
  const random = rng(20261125);
  const magnitude = (maxKb: number) => Math.floor(Math.exp(random() * Math.log(maxKb + 1)));
  for (let i = 0; i < 40; i++) {
    const total = magnitude(4 * 1024 ** 3);
    const free = Math.floor(random() * total);
    texts.push(meminfoText(fullFields({
      MemTotal: total, MemFree: free, MemAvailable: free + Math.floor(random() * (total - free)),
      Buffers: magnitude(total), Cached: magnitude(total), SReclaimable: magnitude(total), Shmem: magnitude(total),
      SwapTotal: random() < 0.2 ? 0 : magnitude(total), SwapFree: magnitude(total), CommitLimit: magnitude(total),
      Committed_AS: magnitude(total * 2),
    })));
  }
  return texts;
}

/**
 * The simulated kernel's own /proc/meminfo in several machine states: fresh boots of three sizes, after anonymous
 * memory is touched, after a file is read into the page cache, after /dev/shm is filled (Shmem), and under
 * memory pressure with swap in use.
 */
export async function kernelMeminfos(): Promise<string[]> {
  const { bootKernel, MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } = await import('../../source/kernel/index.js');
  const MiB = 1024 * 1024;
  const texts: string[] = [];
  const meminfo = (kernel: ReturnType<typeof bootKernel>): string => {
    const r = kernel.readProc('/proc/meminfo');
    if (!r.ok) throw new Error(`readProc /proc/meminfo: ${r.errno}`);
    return r.value;
  };
  const must = <T>(r: { ok: true; value: T } | { ok: false; errno: string }, what: string): T => {
    if (!r.ok) throw new Error(`${what}: ${r.errno}`);
    return r.value;
  };

  for (const cfg of [{}, { ramBytes: 512 * MiB, swapBytes: 0 }, { ramBytes: 16 * 1024 * MiB, swapBytes: 4096 * MiB }]) {
    texts.push(meminfo(bootKernel(cfg)));
  }

  const kernel = bootKernel({ ramBytes: 1024 * MiB, swapBytes: 512 * MiB });
  const pid = must(kernel.spawn({ comm: 'memhog' }), 'spawn');
  const anon = must(kernel.mmap(pid, { length: 256 * MiB, prot: PROT_READ | PROT_WRITE, flags: MAP_PRIVATE | MAP_ANONYMOUS }), 'mmap');
  must(kernel.touch(pid, anon, 256 * MiB, true), 'touch');
  texts.push(meminfo(kernel));
  must(kernel.read(pid, '/var/log/syslog', 0, 200 * MiB), 'read');
  kernel.tick(2000);
  texts.push(meminfo(kernel));
  must(kernel.write(pid, '/dev/shm/bench', 0, 64 * MiB), 'write /dev/shm');
  texts.push(meminfo(kernel));
  // Pressure: more anonymous memory than RAM left, so reclaim and swap (or the OOM killer) must act.
  const big = must(kernel.mmap(pid, { length: 900 * MiB, prot: PROT_READ | PROT_WRITE, flags: MAP_PRIVATE | MAP_ANONYMOUS }), 'mmap big');
  kernel.touch(pid, big, 900 * MiB, true);
  kernel.tick(3000);
  texts.push(meminfo(kernel));
  return texts;
}
