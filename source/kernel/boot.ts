// Boot: the role of init/main.c (start_kernel: memblock reservations, mm_init, the first printk lines),
// mm/mm_init.c (managed pages = RAM minus the kernel image, struct page array and firmware), kernel/kthread.c
// (kthreadd and its children) and of systemd bringing up a small Debian 12 server. Produces the KState every
// other module works on. Simplified: the kernel's own memory is a few fixed pools sized from RAM; the boot
// happens "before time 0" (all boot log lines are stamped 0.000000 and the clock starts at 0 when boot ends).
import { FrameTable, Kind } from './page-frames.js';
import { computeWatermarks, defaultHooks, defaultMinFreeKbytes } from './page-alloc.js';
import { PrintkRing, KERN_INFO, KERN_NOTICE } from './printk.js';
import { SysctlTable } from './sysctl.js';
import { newVmEvents } from './vmstat-events.js';
import { createBlockDevice, createFile, mkdirs } from './fs.js';
import { createSystemFiles } from './exec.js';
import { addRunToPageCache, fileRead } from './filemap.js';
import { growSlab } from './slab.js';
import { newLoadAvg } from './proc/zoneinfo.js';
import { createTask, spawnTask } from './task.js';
import { doBrk, doMmap, doMprotect } from './mmap.js';
import { touchFileReadRun, touchRange } from './memory.js';
import { shmemGetPage } from './shmem.js';
import { ChunkStore } from './sparse.js';
import { printkLine, type KState, type Task } from './state.js';
import { MAP_ANONYMOUS, MAP_NORESERVE, MAP_PRIVATE, MAP_SHARED, PROT_NONE, PROT_READ, PROT_WRITE, type MachineConfig,
  type ProgramContext } from './types.js';

/** MAP_STACK is a no-op hint on x86_64 Linux; kept as 0 here. */
const MAP_STACK_FLAG = 0;

const KiB = 1024, MiB = 1024 * KiB, GiB = 1024 * MiB;

/** uname -r of the simulated kernel: a 6.12 kernel prints the formats of reference §4.6 and §3.2. */
export const KERNEL_RELEASE = '6.12.48+deb13-amd64';

/** Machine size limits bootKernel accepts (frame arrays are sized from RAM). */
export const MIN_RAM_BYTES = 256 * MiB, MAX_RAM_BYTES = 128 * GiB, MAX_SWAP_BYTES = 256 * GiB;

export const DEFAULT_CONFIG: MachineConfig = {
  ramBytes: 2 * GiB, swapBytes: 1 * GiB, sysctl: {}, seed: 1, diskReadBps: 200 * MiB, diskWriteBps: 100 * MiB,
};

/** Memory the kernel reserves before the page allocator starts: struct page array (64 B per 4 KiB page), kernel
 *  image, firmware tables. 2 GiB of RAM -> MemTotal 2014088 kB, as on a typical 2 GiB VM. */
export function reservedKb(ramKb: number): number {
  return Math.floor(ramKb / 64) + 50296;
}

/** mulberry32: the one seeded generator (deterministic across runs and platforms). */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function validateConfig(cfg: MachineConfig): string | undefined {
  if (!Number.isFinite(cfg.ramBytes) || cfg.ramBytes < 256 * MiB || cfg.ramBytes > MAX_RAM_BYTES) return 'ramBytes must be between 256 MiB and 128 GiB';
  if (!Number.isFinite(cfg.swapBytes) || cfg.swapBytes < 0 || cfg.swapBytes > MAX_SWAP_BYTES) return 'swapBytes must be between 0 and 256 GiB';
  if (!(cfg.diskReadBps > 0) || !(cfg.diskWriteBps > 0)) return 'disk bandwidths must be positive';
  if (!Number.isInteger(cfg.seed)) return 'seed must be an integer';
  return undefined;
}

export function newKState(cfg: MachineConfig, makeContext: (t: Task) => ProgramContext): KState {
  const ramPages = Math.floor(cfg.ramBytes / 4096);
  const managed = ramPages - Math.ceil(reservedKb(ramPages * 4) / 4);
  const sysctl = new SysctlTable();
  const minFree = defaultMinFreeKbytes(managed);
  sysctl.setBoot('vm.min_free_kbytes', minFree);
  const swapPages = cfg.swapBytes >= 2 * 4096 ? Math.floor(cfg.swapBytes / 4096) - 1 : 0; // page 0: swap header
  return {
    config: cfg, nowMs: 0, frames: new FrameTable(managed), ev: newVmEvents(),
    wmark: computeWatermarks(managed, minFree, 10), swap: { totalPages: swapPages, freePages: swapPages },
    committed: 0, sysctl, hooks: defaultHooks(), tasks: new Map(), nextPid: 1, nextMmId: 1, chunkStore: new ChunkStore(), mms: new Map(),
    inodes: new Map(), paths: new Map(), nextIno: 1, log: new PrintkRing(), rng: seededRng(cfg.seed),
    bootFreeKb: 0, panicked: false, dropCachesQuiet: false, stallMs: 0, onceFlags: new Set(), current: null, tasksVersion: 0, loadavg: newLoadAvg(),
    makeContext,
  };
}

/** Share of the 2 GiB reference machine's boot-time caches a smaller machine gets (a 256 MiB box boots leaner). */
function bootScale(k: KState): number {
  return Math.min(1, k.config.ramBytes / (2 * GiB));
}

/** Kernel memory that exists from boot: slab, other kernel allocations (vmalloc, percpu, drivers). */
function reserveKernelMemory(k: KState): void {
  const ramMb = k.config.ramBytes / MiB, sc = bootScale(k);
  const pagesOfMb = (mb: number) => Math.floor((mb * MiB) / 4096);
  const kernelPages = pagesOfMb(6 + 6 * sc + ramMb / 512);
  // One run of frames (page-frames.ts allocFresh); page by page only if the table was not fresh.
  if (k.frames.allocFresh(Kind.KERNEL, kernelPages, 0, 0, 0) < 0) {
    for (let i = kernelPages; i > 0; i--) k.frames.alloc(Kind.KERNEL, 0, 0);
  }
  growSlab(k, pagesOfMb(8 + 22 * sc + ramMb / 256), false);
  growSlab(k, pagesOfMb(6 + 16 * sc + ramMb / 256), true);
}

function createFilesystem(k: KState): void {
  for (const d of ['/etc', '/home/user', '/root', '/tmp', '/var/tmp', '/var/lib', '/srv', '/dev/shm', '/run/user/0',
    '/usr/share', '/opt']) mkdirs(k, d);
  createSystemFiles(k);
  createFile(k, '/var/log/syslog', 512 * MiB, '-rw-r-----');
  createFile(k, '/srv/dataset.bin', 8 * GiB);
  createFile(k, '/var/cache/apt/pkgcache.bin', 40 * MiB);
  createFile(k, '/var/log/journal/3f1c2a/system.journal', 32 * MiB, '-rw-r-----');
  createFile(k, '/etc/passwd', 1434);
  createFile(k, '/etc/hostname', 7);
  createBlockDevice(k, '/dev/sda1', 40 * GiB);
}

const KTHREADS: Array<[number, string]> = [
  [2, 'kthreadd'], [3, 'pool_workqueue_release'], [4, 'kworker/R-rcu_g'], [5, 'kworker/R-rcu_p'],
  [6, 'kworker/R-slub_'], [7, 'kworker/R-netns'], [9, 'kworker/0:0H-events_highpri'], [12, 'kworker/R-mm_pe'],
  [13, 'rcu_tasks_kthread'], [15, 'ksoftirqd/0'], [16, 'rcu_preempt'], [17, 'migration/0'], [19, 'cpuhp/0'],
  [20, 'cpuhp/1'], [21, 'migration/1'], [22, 'ksoftirqd/1'], [25, 'kdevtmpfs'], [26, 'kworker/R-inet_'],
  [27, 'kauditd'], [28, 'khungtaskd'], [29, 'oom_reaper'], [30, 'kworker/R-write'], [31, 'kcompactd0'],
  [32, 'ksmd'], [33, 'khugepaged'], [41, 'kworker/R-kbloc'], [43, 'kswapd0'], [51, 'kworker/u4:2-flush-8:0'],
  [60, 'jbd2/sda1-8'], [61, 'kworker/R-ext4-'],
];

interface UserProc {
  comm: string; path: string; uid: number; heapKb: number; adj?: number; ppidComm?: string; pid?: number;
  /** Extra threads: each has an 8 MiB stack (private anon, charged) and a 64 MiB malloc arena reservation
   *  (PROT_NONE, not charged) — why real daemons show VmSize far above VmRSS. */
  threads?: number;
}

const BASE_SYSTEM: UserProc[] = [
  { comm: 'systemd', path: '/usr/lib/systemd/systemd', uid: 0, heapKb: 3600, pid: 1, threads: 1 },
  { comm: 'systemd-journal', path: '/usr/lib/systemd/systemd-journald', uid: 0, heapKb: 2400, adj: -250, pid: 212, threads: 1 },
  { comm: 'systemd-udevd', path: '/usr/lib/systemd/systemd-udevd', uid: 0, heapKb: 1800, adj: -1000, pid: 241 },
  { comm: 'dbus-daemon', path: '/usr/bin/dbus-daemon', uid: 100, heapKb: 900, adj: -900, pid: 402, threads: 2 },
  { comm: 'systemd-logind', path: '/usr/lib/systemd/systemd-logind', uid: 0, heapKb: 1100, pid: 405, threads: 1 },
  { comm: 'cron', path: '/usr/sbin/cron', uid: 0, heapKb: 320, pid: 398 },
  { comm: 'sshd', path: '/usr/sbin/sshd', uid: 0, heapKb: 1300, adj: -1000, pid: 433 },
  { comm: 'agetty', path: '/usr/sbin/agetty', uid: 0, heapKb: 120, pid: 436 },
  { comm: 'sshd-session', path: '/usr/lib/openssh/sshd-session', uid: 0, heapKb: 1500, adj: 0, ppidComm: 'sshd', pid: 612 },
  { comm: 'bash', path: '/usr/bin/bash', uid: 0, heapKb: 1900, adj: 0, ppidComm: 'sshd-session', pid: 618 },
];

function startBaseSystem(k: KState): void {
  for (const [pid, comm] of KTHREADS) createTask(k, { pid, comm, ppid: pid === 2 ? 0 : 2, uid: 0, kernelThread: true });
  for (const p of BASE_SYSTEM) {
    k.nextPid = p.pid ?? k.nextPid;
    const parent = p.ppidComm ? [...k.tasks.values()].filter((t) => t.comm === p.ppidComm).pop() : undefined;
    const r = spawnTask(k, { comm: p.comm, path: p.path, uid: p.uid, ppid: parent?.pid ?? (p.pid === 1 ? undefined : 1),
      oomScoreAdj: p.adj ?? 0 });
    if (!r.ok) throw new Error(`boot: cannot start ${p.comm}: ${r.errno}`);
    const t = k.tasks.get(r.value)!;
    if (p.pid === 1) t.ppid = 0;
    t.oomScoreAdjMin = t.oomScoreAdj;
    const brk = doBrk(k, t, t.mm!.startBrk + p.heapKb * KiB);
    if (brk.ok) touchRange(k, t, t.mm!.startBrk, p.heapKb * KiB, true);
    for (let i = 0; i < (p.threads ?? 0); i++) startThreadMemory(k, t);
    if (p.comm === 'systemd-journal') {
      const m = doMmap(k, t, { length: 32 * MiB, prot: PROT_READ, flags: MAP_SHARED, path: '/var/log/journal/3f1c2a/system.journal' });
      const len = Math.max(1, Math.floor(6 * bootScale(k))) * MiB, s = m.ok ? m.value / 4096 : 0;
      if (m.ok && !touchFileReadRun(k, t, s, s + len / 4096)) touchRange(k, t, m.value, len, false);
    }
    t.chargedMs = 0;
  }
  k.nextPid = 700;
}

/** pthread_create's stack (8 MiB + guard page, a few pages touched) and glibc's per-thread arena reservation. */
function startThreadMemory(k: KState, t: Task): void {
  const stack = doMmap(k, t, { length: 8 * MiB + 4096, prot: PROT_READ | PROT_WRITE, flags: MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK_FLAG });
  if (stack.ok) {
    doMprotect(k, t, stack.value, 4096, PROT_NONE); // the guard page
    touchRange(k, t, stack.value + 8 * MiB - 3 * 4096, 4 * 4096, true);
  }
  doMmap(k, t, { length: 64 * MiB, prot: PROT_NONE, flags: MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE });
}

/** Page cache a freshly booted server has: package cache, the tail of syslog, fs metadata (Buffers), /run. */
function warmCaches(k: KState): void {
  const ino = (p: string) => k.paths.get(p)!;
  const sc = bootScale(k);
  const mb = (n: number) => Math.floor(n * sc) * MiB;
  fileRead(k, null, ino('/var/cache/apt/pkgcache.bin'), 0, mb(40));
  fileRead(k, null, ino('/var/log/syslog'), 512 * MiB - mb(32), mb(32));
  const sda = ino('/dev/sda1');
  addRunToPageCache(k, sda, 0, Math.floor(mb(14) / 4096), 7, null); // fs metadata blocks spread over the disk
  const run = createFile(k, '/run/systemd/journal/kernel-seqnum', 0);
  for (let i = 0; i < 300; i++) shmemGetPage(k, null, run, i);
  run.sizeBytes = 300 * 4096;
}

function bootLog(k: KState): void {
  const ramKb = Math.floor(k.config.ramBytes / KiB);
  const log = (lvl: number, s: string) => printkLine(k, lvl, s);
  log(KERN_NOTICE, `Linux version ${KERNEL_RELEASE} (debian-kernel@lists.debian.org) (x86_64-linux-gnu-gcc-14 (Debian 14.2.0-19) 14.2.0, GNU ld (GNU Binutils for Debian) 2.44) #1 SMP PREEMPT_DYNAMIC Debian 6.12.48-1 (2025-09-20)`);
  log(KERN_INFO, `Command line: BOOT_IMAGE=/boot/vmlinuz-${KERNEL_RELEASE} root=/dev/sda1 ro quiet`);
  log(KERN_INFO, `Memory: ${k.frames.total * 4}K/${ramKb}K available (16384K kernel code, 2292K rwdata, 5948K rodata, 2872K init, 2708K bss, ${reservedKb(ramKb)}K reserved, 0K cma-reserved)`);
  log(KERN_INFO, 'x86/mm: Memory block size: 128MB');
  if (k.swap.totalPages > 0) {
    const kb = k.swap.totalPages * 4;
    log(KERN_INFO, `Adding ${kb}k swap on /swapfile.  Priority:-2 extents:1 across:${kb}k SS`);
  }
}

export function bootSystem(k: KState): void {
  bootLog(k);
  reserveKernelMemory(k);
  createFilesystem(k);
  startBaseSystem(k);
  warmCaches(k);
  const freeKb = k.frames.nrFree * 4;
  k.bootFreeKb = freeKb;
  k.sysctl.setBoot('vm.admin_reserve_kbytes', Math.min(Math.floor(freeKb / 32), 8192));
  k.sysctl.setBoot('vm.user_reserve_kbytes', Math.min(Math.floor(freeKb / 32), 131072));
}
