// Program loading: the role of fs/binfmt_elf.c (load_elf_binary: executable segments, the interpreter, brk),
// fs/exec.c (setup_arg_pages: the 132 KiB initial stack), arch/x86/entry/vdso (vvar/vdso) and of ld.so mapping
// libc. Layout and sizes follow reference §1.1 (Debian 12 `sleep`). Simplified: segment sizes come from a table
// or a fixed split of the file size; the pages a program touches at start-up are a fixed share of each segment.
import { PROT_EXEC, PROT_READ, PROT_WRITE } from './types.js';
import { createFile, lookup } from './fs.js';
import { getUnmappedArea, mapFixed, newMm, PAGE } from './mmap.js';
import { touchFileReadRun, touchRange } from './memory.js';
import type { Inode, KState, Mm, Task } from './state.js';

export const LIBC = '/usr/lib/x86_64-linux-gnu/libc.so.6';
export const LD_SO = '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2';
export const STACK_KB = 132;
const KB = 1024;

/** One file-backed segment: size, protection, how much of it start-up reads / writes (COW). */
interface Segment { kb: number; prot: number; readKb: number; cowKb: number; relro?: boolean }
interface Image { segments: Segment[]; bssKb: number; bssTouchKb: number }

const R = PROT_READ, RX = PROT_READ | PROT_EXEC, RW = PROT_READ | PROT_WRITE;

/** Measured layouts (reference §1.1); other files get splitImage(). */
const KNOWN: Record<string, Image> = {
  [LIBC]: { segments: [
    { kb: 152, prot: R, readKb: 152, cowKb: 0 }, { kb: 1368, prot: RX, readKb: 1196, cowKb: 0 },
    { kb: 332, prot: R, readKb: 104, cowKb: 0 }, { kb: 16, prot: R, readKb: 0, cowKb: 16, relro: true },
    { kb: 8, prot: RW, readKb: 0, cowKb: 8 }], bssKb: 52, bssTouchKb: 12 },
  [LD_SO]: { segments: [
    { kb: 4, prot: R, readKb: 4, cowKb: 0 }, { kb: 152, prot: RX, readKb: 152, cowKb: 0 },
    { kb: 40, prot: R, readKb: 40, cowKb: 0 }, { kb: 8, prot: R, readKb: 0, cowKb: 8, relro: true },
    { kb: 8, prot: RW, readKb: 0, cowKb: 8 }], bssKb: 0, bssTouchKb: 0 },
};

const roundKb = (kb: number) => Math.max(4, Math.round(kb / 4) * 4);

/** ELF file of `kb` KiB split the way small Debian binaries are: headers, text, rodata, RELRO, data. */
function splitImage(kb: number, readShare: number): Image {
  const text = roundKb(kb * 0.45), hdr = roundKb(kb * 0.18), relro = roundKb(kb * 0.02), data = roundKb(kb * 0.02);
  const rodata = Math.max(4, kb - text - hdr - relro - data);
  return {
    segments: [
      { kb: hdr, prot: R, readKb: hdr, cowKb: 0 },
      { kb: text, prot: RX, readKb: roundKb(text * readShare), cowKb: 0 },
      { kb: rodata, prot: R, readKb: roundKb(rodata * readShare), cowKb: 0 },
      { kb: relro, prot: R, readKb: 0, cowKb: relro, relro: true },
      { kb: data, prot: RW, readKb: 0, cowKb: data },
    ],
    bssKb: kb > 200 ? roundKb(kb * 0.03) : 0,
    bssTouchKb: kb > 200 ? 4 : 0,
  };
}

export function imageOf(ino: Inode, isExecutable: boolean): Image {
  const kb = Math.ceil(ino.sizeBytes / 4096) * 4;
  return KNOWN[ino.path] ?? splitImage(kb, isExecutable ? 1 : 0.4);
}

/** Map one ELF image at [startVpn, ...) and run its start-up touches. Returns the end vpn, or undefined when a
 *  writable segment could not be charged (overcommit mode 2: exec fails with ENOMEM). */
function mapImage(k: KState, task: Task, mm: Mm, ino: Inode, img: Image, startVpn: number, isExe: boolean): number | undefined {
  let vpn = startVpn, offPages = 0;
  // (start vpn, pages, write 0/1) triples, read with indices: a for-of over tuples allocates iterators and their
  // results per element in unoptimised code, and boot maps ~50 images before the first frame.
  const touches: number[] = [];
  for (let i = 0; i < img.segments.length; i++) {
    const seg = img.segments[i];
    const pages = seg.kb / 4;
    const r = mapFixed(k, task, mm, { start: vpn, end: vpn + pages, prot: seg.prot, shared: false, file: ino, pgoff: offPages,
      name: ino.path, charge: seg.relro });
    if (!r.ok) return undefined;
    if (isExe && seg.prot === RX) mm.exeVm += pages;
    if (seg.readKb > 0) touches.push(vpn, seg.readKb / 4, 0);
    if (seg.cowKb > 0) touches.push(vpn, seg.cowKb / 4, 1);
    vpn += pages;
    offPages += pages;
  }
  if (img.bssKb > 0) {
    const pages = img.bssKb / 4;
    if (!mapFixed(k, task, mm, { start: vpn, end: vpn + pages, prot: RW, shared: false, file: null, pgoff: 0, name: '' }).ok) return undefined;
    touches.push(vpn, img.bssTouchKb / 4, 1);
    vpn += pages;
  }
  for (let i = 0; i < touches.length; i += 3) {
    const s = touches[i], n = touches[i + 1], w = touches[i + 2] === 1;
    if (n <= 0) continue;
    // Reads go a PTE page at a time (memory.ts touchFileReadRun: the same faults, without boxing per page).
    if (w || !touchFileReadRun(k, task, s, s + n, true)) touchRange(k, task, s * PAGE, n * PAGE, w, true);
  }
  return vpn;
}

function imagePages(img: Image): number {
  return img.segments.reduce((a, s) => a + s.kb / 4, 0) + img.bssKb / 4;
}

/** Map a shared library top-down in the mmap area (what ld.so does with mmap + mprotect). */
export function mapLibrary(k: KState, task: Task, mm: Mm, path: string): boolean {
  const ino = lookup(k, path);
  if (!ino || ino.kind !== 'file') return false;
  const img = imageOf(ino, false);
  const at = getUnmappedArea(mm, imagePages(img));
  if (at === undefined) return false;
  return mapImage(k, task, mm, ino, img, at, false) !== undefined;
}

/** Lay out a fresh address space for `path` (the executable) with ld.so, libc, extra libs, vvar/vdso, stack.
 *  False when a mapping could not be charged (the caller tears the half-built mm down: execve -> ENOMEM). */
export function execImage(k: KState, task: Task, exe: Inode, libs: readonly string[] = []): boolean {
  const mm = newMm(k, task.pid);
  task.mm = mm;
  const rnd = (pages: number) => Math.floor(k.rng() * pages);
  // Stack near the top of user space, vvar/vdso just above it, mmap area below a 128 MiB+ gap.
  const stackTopVpn = 0x7fffffffe - 0x10000 - rnd(0x3000000);
  const stackPages = STACK_KB / 4;
  mm.stackTop = stackTopVpn * PAGE;
  mm.mmapBase = (stackTopVpn - 0x8000 - 0x8000 - rnd(0x100000)) * PAGE;
  const exeBase = 0x555555554 + rnd(0x8000) * 16;
  const exeEnd = mapImage(k, task, mm, exe, imageOf(exe, true), exeBase, true);
  if (exeEnd === undefined) return false;
  mm.startBrk = (exeEnd + rnd(0x2000)) * PAGE; // heap: random offset of up to 32 MiB after .bss
  mm.brk = mm.startBrk;
  for (const lib of [LD_SO, LIBC, ...libs]) if (!mapLibrary(k, task, mm, lib)) return false;
  const stack = mapFixed(k, task, mm, { start: stackTopVpn - stackPages, end: stackTopVpn, prot: RW, shared: false,
    file: null, pgoff: 0, name: '[stack]', growsDown: true });
  if (!stack.ok) return false;
  touchRange(k, task, (stackTopVpn - 4) * PAGE, 4 * PAGE, true);
  const vv = stackTopVpn + 0x40 + rnd(0x100);
  mapFixed(k, task, mm, { start: vv, end: vv + 4, prot: R, shared: false, file: null, pgoff: 0, name: '[vvar]', special: true });
  mapFixed(k, task, mm, { start: vv + 4, end: vv + 6, prot: R, shared: false, file: null, pgoff: 0, name: '[vvar_vclock]', special: true });
  mapFixed(k, task, mm, { start: vv + 6, end: vv + 8, prot: RX, shared: false, file: null, pgoff: 0, name: '[vdso]', special: true });
  return true;
}

/** Binaries of the simulated system, KiB (Debian 12 sizes, rounded). */
export const BINARIES: Record<string, number> = {
  bash: 1264, sh: 124, sleep: 44, cat: 44, dd: 80, sync: 40, hog: 44, malloc: 40, strace: 1700, free: 28, ps: 140,
  vmstat: 44, top: 132, htop: 320, python3: 6700, stress: 36, 'stress-ng': 4000, memhog: 20, grep: 200, ls: 148,
  tail: 72, head: 48, rm: 72, cp: 152, echo: 36, true: 28, false: 28, kill: 36, sysctl: 28, tee: 40, yes: 36,
  ln: 68, touch: 100, sort: 120, less: 180, vim: 3800, timeout: 40, nohup: 36, env: 48, swapon: 40, swapoff: 40,
  'dbus-daemon': 244, bench: 20, pidof: 24, dmesg: 80, uptime: 20, cmp: 40, wc: 48, seq: 48,
};

export const SYSTEM_FILES: Array<[string, number]> = [
  ['/usr/lib/systemd/systemd', 92], ['/usr/lib/systemd/systemd-journald', 164],
  ['/usr/lib/systemd/systemd-udevd', 1300], ['/usr/lib/systemd/systemd-logind', 260],
  ['/usr/sbin/sshd', 1000], ['/usr/lib/openssh/sshd-session', 900], ['/usr/sbin/cron', 64], ['/usr/sbin/agetty', 68],
  [LIBC, 1876], [LD_SO, 212],
  ['/usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so', 4096],
  ['/usr/lib/x86_64-linux-gnu/libcrypto.so.3', 4600], ['/usr/lib/x86_64-linux-gnu/libmount.so.1', 300],
  ['/usr/lib/x86_64-linux-gnu/libblkid.so.1', 250], ['/usr/lib/x86_64-linux-gnu/libtinfo.so.6', 200],
  ['/usr/lib/x86_64-linux-gnu/libdbus-1.so.3', 330], ['/usr/lib/x86_64-linux-gnu/libm.so.6', 900],
  ['/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0', 7200],
];

export function createSystemFiles(k: KState): void {
  for (const [name, kb] of Object.entries(BINARIES)) createFile(k, `/usr/bin/${name}`, kb * KB, '-rwxr-xr-x');
  for (const [path, kb] of SYSTEM_FILES) createFile(k, path, kb * KB, path.includes('.so') ? '-rw-r--r--' : '-rwxr-xr-x');
}

/** Libraries a binary links besides libc (what ldd would list), for realistic RSS. */
export const EXTRA_LIBS: Record<string, string[]> = {
  bash: ['/usr/lib/x86_64-linux-gnu/libtinfo.so.6'],
  python3: ['/usr/lib/x86_64-linux-gnu/libm.so.6'],
  systemd: ['/usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so', '/usr/lib/x86_64-linux-gnu/libmount.so.1',
    '/usr/lib/x86_64-linux-gnu/libblkid.so.1'],
  'systemd-journald': ['/usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so'],
  'systemd-udevd': ['/usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so', '/usr/lib/x86_64-linux-gnu/libblkid.so.1'],
  'systemd-logind': ['/usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so'],
  sshd: ['/usr/lib/x86_64-linux-gnu/libcrypto.so.3'],
  'sshd-session': ['/usr/lib/x86_64-linux-gnu/libcrypto.so.3'],
  'dbus-daemon': ['/usr/lib/x86_64-linux-gnu/libdbus-1.so.3', '/usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so'],
};
