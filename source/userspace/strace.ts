// `strace PROGRAM ARGS`: runs a simulated program and prints its system calls the way strace(1) does (one call per
// line, the `= result` column at 40, `+++ exited with N +++`). The loader part (execve, ld.so reading
// /etc/ld.so.cache and mapping libc.so.6, the mprotects of RELRO) is the sequence glibc 2.36's ld.so makes on x86_64,
// with the addresses the simulated exec really gave the process (from its VMAs); the program's own brk/mmap/munmap
// come from the calls it makes (malloc's trace hook, read/write of dd and cat). `-e trace=LIST|memory` filters
// the calls; -f is accepted (the programs have one thread). Simplified: no -p/-o; strace and its tracee are one
// process.
import type { Program, ProgramContext, Result, Signal, VmaInfo } from '../kernel/types.js';
import { hex, type Tracer } from './io.js';

/** strace's default alignment column for ` = result` (acolumn). */
const RESULT_COLUMN = 40;

export function formatTraceLine(call: string, ret: string): string {
  return `${`${call} `.padEnd(RESULT_COLUMN)}= ${ret}\n`;
}

export interface StraceTarget {
  /** The traced program, built with `trace` as its tracer. */
  program: Program;
  argv: readonly string[];
  path: string;
}

export interface StraceHooks {
  stderr(text: string): void;
  /** Where the syscall lines go (filtered by -e trace=); the `---`/`+++` lines always go to stderr. */
  trace: Tracer;
  /** pid shown as the sender of a signal (the shell's: kill and ^C come from it). */
  senderPid: number;
  /** kernel.vmas: the process's mappings after exec, to show the loader's real addresses. */
  vmas(pid: number): Result<VmaInfo[]>;
}

/** A tracer that prints formatted lines to stderr (only the calls `show` accepts, as `-e trace=` does). */
export function lineTracer(stderr: (text: string) => void, show: (name: string) => boolean = () => true): Tracer {
  return (call, ret) => {
    if (show(call.slice(0, call.indexOf('(')))) stderr(formatTraceLine(call, ret));
  };
}

/** strace's %memory class (the calls that change a process's memory map). */
const MEMORY_CALLS = ['brk', 'mmap', 'munmap', 'mprotect', 'madvise', 'mremap', 'mlock', 'munlock'];
/** Every call memsim's strace can print. */
export const TRACEABLE_CALLS = new Set([
  ...MEMORY_CALLS, 'execve', 'access', 'openat', 'newfstatat', 'read', 'pread64', 'write', 'close', 'arch_prctl',
  'set_tid_address', 'set_robust_list', 'rseq', 'prlimit64', 'getrandom', 'exit_group', 'sync', 'fsync',
]);

/**
 * The filter of `-e trace=LIST` (or `-e LIST`): syscall names and the classes memory / %memory.
 * Returns the accepted names, or the name strace would call invalid.
 */
export function parseTraceExpression(expr: string): { ok: true; names: Set<string> } | { ok: false; invalid: string } {
  const list = expr.startsWith('trace=') ? expr.slice('trace='.length) : expr;
  const names = new Set<string>();
  for (const item of list.split(',')) {
    if (item === 'memory' || item === '%memory') MEMORY_CALLS.forEach((n) => names.add(n));
    else if (item === 'all') TRACEABLE_CALLS.forEach((n) => names.add(n));
    else if (TRACEABLE_CALLS.has(item)) names.add(item);
    else return { ok: false, invalid: item };
  }
  return { ok: true, names };
}

export class Strace implements Program {
  readonly comm: string;
  private startedUp = false;
  /** True once the traced program exited by itself (its exit_group and `+++ exited` lines are printed). */
  exitReported = false;

  constructor(
    private readonly target: StraceTarget,
    private readonly hooks: StraceHooks,
  ) {
    this.comm = target.program.comm;
  }

  step(ctx: ProgramContext): void {
    if (!this.startedUp) {
      this.startedUp = true;
      for (const [call, ret] of loaderCalls(ctx, this.target, this.hooks)) this.hooks.trace(call, ret);
    }
    this.target.program.step(this.tracedContext(ctx));
  }

  onSignal(ctx: ProgramContext, sig: Signal): void {
    this.hooks.stderr(`--- ${sig} {si_signo=${sig}, si_code=SI_USER, si_pid=${this.hooks.senderPid}, si_uid=0} ---\n`);
    const traced = this.tracedContext(ctx);
    if (this.target.program.onSignal) this.target.program.onSignal(traced, sig);
    else ctx.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGHUP' ? 1 : 15));
  }

  private tracedContext(ctx: ProgramContext): ProgramContext {
    const hooks = this.hooks;
    return {
      kernel: ctx.kernel,
      pid: ctx.pid,
      nowMs: ctx.nowMs,
      quantumMs: ctx.quantumMs,
      print: (text) => {
        const bytes = new TextEncoder().encode(text).length;
        hooks.trace(`write(1, ${straceString(text)}, ${bytes})`, String(bytes));
        ctx.print(text);
      },
      exit: (code) => {
        this.exitReported = true;
        hooks.trace(`exit_group(${code})`, '?');
        hooks.stderr(`+++ exited with ${code} +++\n`);
        ctx.exit(code);
      },
    };
  }
}

/** A buffer as strace shows it: C escapes, cut after 32 characters with `...` after the quote. */
export function straceString(text: string, limit = 32): string {
  const escape = (c: string) =>
    c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '"' ? '\\"' : c === '\\' ? '\\\\' : c;
  const shown = [...text.slice(0, limit)].map(escape).join('');
  return `"${shown}"${text.length > limit ? '...' : ''}`;
}

/** The execve and dynamic-loader calls of a glibc 2.36 program start, with the process's real addresses. */
function loaderCalls(ctx: ProgramContext, target: StraceTarget, hooks: StraceHooks): Array<[string, string]> {
  const maps = hooks.vmas(ctx.pid);
  const vmas = maps.ok ? maps.value : [];
  const libc = vmas.filter((v) => v.name.endsWith('/libc.so.6'));
  const exe = vmas.filter((v) => v.name === target.path);
  const brk = ctx.kernel.currentBrk(ctx.pid);
  const brkText = brk.ok ? hex(brk.value) : '0x555555559000';
  const libcStart = libc[0]?.start ?? 0x7f0000200000;
  const cacheAt = libcStart - 0x6000 - 0x1e0000;
  const args = target.argv.map((a) => JSON.stringify(a)).join(', ');
  const calls: Array<[string, string]> = [
    [`execve(${JSON.stringify(target.path)}, [${args}], 0x7ffc8d6a1e28 /* 22 vars */)`, '0'],
    ['brk(NULL)', brkText],
    ['mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)', hex(cacheAt + 0x6000)],
    ['access("/etc/ld.so.preload", R_OK)', '-1 ENOENT (No such file or directory)'],
    ['openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC)', '3'],
    ['newfstatat(3, "", {st_mode=S_IFREG|0644, st_size=20971, ...}, AT_EMPTY_PATH)', '0'],
    ['mmap(NULL, 20971, PROT_READ, MAP_PRIVATE, 3, 0)', hex(cacheAt)],
    ['close(3)', '0'],
    ['openat(AT_FDCWD, "/lib/x86_64-linux-gnu/libc.so.6", O_RDONLY|O_CLOEXEC)', '3'],
    ['read(3, "\\177ELF\\2\\1\\1\\3\\0\\0\\0\\0\\0\\0\\0\\0\\3\\0>\\0\\1\\0\\0\\0P\\237\\2\\0\\0\\0\\0\\0"..., 832)', '832'],
    ['pread64(3, "\\6\\0\\0\\0\\4\\0\\0\\0@\\0\\0\\0\\0\\0\\0\\0@\\0\\0\\0\\0\\0\\0\\0@\\0\\0\\0\\0\\0\\0\\0"..., 784, 64)', '784'],
    ['newfstatat(3, "", {st_mode=S_IFREG|0755, st_size=1922136, ...}, AT_EMPTY_PATH)', '0'],
    ...libcMappings(libc, vmas),
    ['close(3)', '0'],
    ['mmap(NULL, 12288, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)', hex(libcStart - 0x3000)],
    [`arch_prctl(ARCH_SET_FS, ${hex(libcStart - 0x3000 + 0x740)})`, '0'],
    [`set_tid_address(${hex(libcStart - 0x3000 + 0xa10)})`, String(ctx.pid)],
    [`set_robust_list(${hex(libcStart - 0x3000 + 0xa20)}, 24)`, '0'],
    [`rseq(${hex(libcStart - 0x3000 + 0x1060)}, 0x20, 0, 0x53053053)`, '0'],
  ];
  const relro = libc.find((v, i) => i > 0 && v.perms === 'r--p' && libc[i + 1]?.perms === 'rw-p');
  if (relro) calls.push([`mprotect(${hex(relro.start)}, ${relro.end - relro.start}, PROT_READ)`, '0']);
  const exeRelro = exe.filter((v) => v.perms === 'r--p').at(-1);
  if (exeRelro && exe.length > 2) calls.push([`mprotect(${hex(exeRelro.start)}, 4096, PROT_READ)`, '0']);
  const loader = vmas.filter((v) => v.name.endsWith('/ld-linux-x86-64.so.2'));
  const loaderRelro = loader.find((v, i) => i > 0 && v.perms === 'r--p' && loader[i + 1]?.perms === 'rw-p');
  if (loaderRelro) calls.push([`mprotect(${hex(loaderRelro.start)}, ${loaderRelro.end - loaderRelro.start}, PROT_READ)`, '0']);
  calls.push(
    ['prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY})', '0'],
    [`munmap(${hex(cacheAt)}, 20971)`, '0'],
    ['getrandom("\\x5e\\x1c\\x93\\x0a\\x2f\\x7b\\xd4\\x61", 8, GRND_NONBLOCK)', '8'],
  );
  return calls;
}

/** ld.so maps libc's whole extent first, then each segment over it (MAP_FIXED), then zero-fills its .bss. */
function libcMappings(libc: VmaInfo[], all: VmaInfo[]): Array<[string, string]> {
  if (libc.length === 0) return [];
  const first = libc[0]!;
  const last = libc[libc.length - 1]!;
  const bss = all.find((v) => v.start === last.end && v.name === '');
  const extentEnd = bss ? bss.end : last.end;
  const calls: Array<[string, string]> = [
    [`mmap(NULL, ${extentEnd - first.start}, PROT_READ, MAP_PRIVATE|MAP_DENYWRITE, 3, 0)`, hex(first.start)],
  ];
  const segments = libc.slice(1);
  for (let i = 0; i < segments.length; i++) {
    const vma = segments[i]!;
    const next = segments[i + 1];
    // RELRO and .data are one read-write mapping at first; mprotect makes the RELRO part read-only later.
    const merged = vma.perms === 'r--p' && next?.perms === 'rw-p' && next.start === vma.end;
    const end = merged ? next.end : vma.end;
    const prot = merged ? 'PROT_READ|PROT_WRITE' : protOf(vma.perms);
    calls.push([
      `mmap(${hex(vma.start)}, ${end - vma.start}, ${prot}, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, ${hex(vma.offset)})`,
      hex(vma.start),
    ]);
    if (merged) i++;
  }
  if (bss) {
    calls.push([
      `mmap(${hex(bss.start)}, ${bss.end - bss.start}, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS, -1, 0)`,
      hex(bss.start),
    ]);
  }
  return calls;
}

function protOf(perms: string): string {
  const parts: string[] = [];
  if (perms[0] === 'r') parts.push('PROT_READ');
  if (perms[1] === 'w') parts.push('PROT_WRITE');
  if (perms[2] === 'x') parts.push('PROT_EXEC');
  return parts.length ? parts.join('|') : 'PROT_NONE';
}
