// Looking at the machine: ls (coreutils), cat (coreutils; /proc and /sys text comes from kernel.readProc, other
// files are streamed through the page cache by the cat program), free (procps-ng, formatted by
// source/procps/free.ts from the kernel's /proc/meminfo text), dmesg (util-linux, default format) and pidof
// (procps-ng).
import type { FileInfo } from '../../kernel/types.js';
import { computeFree, formatFree, parseMeminfo, type FreeOptions } from '../../procps/free.js';
import { Cat } from '../../userspace/cat.js';
import type { Command, CommandContext, CommandRun } from '../command.js';
import { strerror } from '../errno.js';
import { runProgram } from '../run-program.js';

function isProcfs(path: string): boolean {
  return path.startsWith('/proc/') || path.startsWith('/sys/');
}

export function* cat(ctx: CommandContext): CommandRun {
  const paths = ctx.argv.slice(1);
  if (paths.length === 0) {
    ctx.err('cat: reading standard input is not supported in memsim; give a FILE\n');
    return 1;
  }
  const allFiles = paths.every((p) => !isProcfs(p));
  if (allFiles && ctx.redirect !== undefined) {
    ctx.claimRedirect();
    return yield* runProgram(ctx, { comm: 'cat', program: new Cat(paths, ctx.redirect, { stderr: ctx.err, fail: ctx.fail }) });
  }
  let status = 0;
  for (const path of paths) {
    if (isProcfs(path)) {
      const text = ctx.kernel.readProc(path);
      if (text.ok) ctx.out(text.value);
      else {
        ctx.err(`cat: ${path}: ${strerror(text.errno)}\n`);
        ctx.fail(text.errno);
        status = 1;
      }
      continue;
    }
    const ran = yield* runProgram(ctx, { comm: 'cat', program: new Cat([path], undefined, { stderr: ctx.err, fail: ctx.fail }) });
    if (ran !== 0) status = ran;
  }
  return status;
}

const FREE_LONG_OPTIONS: Record<string, string> = {
  '--bytes': 'b', '--kibi': 'k', '--mebi': 'm', '--gibi': 'g', '--human': 'h', '--wide': 'w', '--total': 't',
  '--kilo': 'K', '--mega': 'M', '--giga': 'G', '--committed': 'v',
};

/** free [-b|-k|-m|-g|-h] [-w] [-t] [-v] [--si] */
export function* free(ctx: CommandContext): CommandRun {
  const opts: FreeOptions = { unit: 'k', wide: false };
  for (const arg of ctx.argv.slice(1)) {
    if (arg === '--si') {
      opts.si = true;
      continue;
    }
    const letters = arg.startsWith('--') ? FREE_LONG_OPTIONS[arg] : arg.startsWith('-') ? arg.slice(1) : undefined;
    if (letters === undefined || letters === '') {
      ctx.err(arg.startsWith('--') ? `free: unrecognized option '${arg}'\n` : `free: extra operand '${arg}'\n`);
      ctx.err("Try 'free --help' for more information.\n");
      return 1;
    }
    for (const letter of letters) {
      if ('bkmgh'.includes(letter)) opts.unit = letter as FreeOptions['unit'];
      else if ('KMG'.includes(letter)) {
        opts.unit = letter.toLowerCase() as FreeOptions['unit'];
        opts.si = true;
      } else if (letter === 'w') opts.wide = true;
      else if (letter === 't') opts.total = true;
      else if (letter === 'v') opts.committed = true;
      else {
        ctx.err(`free: invalid option -- '${letter}'\nTry 'free --help' for more information.\n`);
        return 1;
      }
    }
  }
  // `free --si` alone still prints kB (si only changes the divisor of an explicit unit).
  if (opts.si && opts.unit === 'k' && !ctx.argv.some((a) => a === '-K' || a === '--kilo')) opts.si = false;
  const meminfo = ctx.kernel.readProc('/proc/meminfo');
  if (!meminfo.ok) {
    ctx.err(`free: Unable to create meminfo structure\n`);
    return 1;
  }
  ctx.out(formatFree(computeFree(parseMeminfo(meminfo.value)), opts));
  return 0;
}

/** dmesg: the kernel ring buffer, `[    12.345678] text` per line. */
export function* dmesg(ctx: CommandContext): CommandRun {
  const extra = ctx.argv[1];
  if (extra !== undefined) {
    ctx.err(`dmesg: invalid option -- '${extra.replace(/^-+/, '').slice(0, 1)}'\nTry 'dmesg --help' for more information.\n`);
    return 1;
  }
  for (const line of ctx.kernel.dmesg()) ctx.out(`${ctx.kernel.formatLogTime(line.timeMs)} ${line.text}\n`);
  return 0;
}

/** pidof [-s] NAME...: pids of every process with that name, newest first; status 1 if none. */
export function* pidof(ctx: CommandContext): CommandRun {
  let single = false;
  const names: string[] = [];
  for (const arg of ctx.argv.slice(1)) {
    if (arg === '-s') single = true;
    else names.push(arg);
  }
  const pids = names.flatMap((name) => [...ctx.kernel.pidof(name)].sort((a, b) => b - a));
  const shown = single ? pids.slice(0, 1) : pids;
  if (shown.length === 0) return 1;
  ctx.out(shown.join(' ') + '\n');
  return 0;
}

/** ls [-l] [-h] [PATH...] */
export function* ls(ctx: CommandContext): CommandRun {
  let long = false;
  let human = false;
  const paths: string[] = [];
  for (const arg of ctx.argv.slice(1)) {
    if (/^-[lha1]+$/.test(arg)) {
      long ||= arg.includes('l');
      human ||= arg.includes('h');
    } else if (arg.startsWith('-')) {
      ctx.err(`ls: invalid option -- '${arg.slice(1, 2)}'\nTry 'ls --help' for more information.\n`);
      return 2;
    } else paths.push(arg);
  }
  if (paths.length === 0) paths.push('/');
  let status = 0;
  const sections: string[] = [];
  for (const path of paths) {
    const info = ctx.kernel.stat(path);
    if (!info.ok) {
      ctx.err(`ls: cannot access '${path}': ${strerror(info.errno)}\n`);
      ctx.fail(info.errno);
      status = 2;
      continue;
    }
    const entries = info.value.kind === 'dir' ? ctx.kernel.readdir(path) : { ok: true as const, value: [info.value] };
    if (!entries.ok) {
      ctx.err(`ls: cannot open directory '${path}': ${strerror(entries.errno)}\n`);
      status = 2;
      continue;
    }
    const named = entries.value.map((e) => ({ ...e, shown: info.value.kind === 'dir' ? basename(e.path) : path }));
    named.sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0));
    const heading = paths.length > 1 && info.value.kind === 'dir' ? `${path}:\n` : '';
    sections.push(heading + (long ? longListing(named, human, info.value.kind === 'dir') : named.map((e) => e.shown + '\n').join('')));
  }
  ctx.out(sections.join('\n'));
  return status;
}

function basename(path: string): string {
  return path.replace(/\/+$/, '').split('/').pop() || '/';
}

/** `ls -l`: mode, links, owner, group, size, a fixed date (the simulated machine has no wall clock), name. */
function longListing(entries: Array<FileInfo & { shown: string }>, human: boolean, withTotal: boolean): string {
  const sizes = entries.map((e) => (human ? humanSize(e.sizeBytes) : String(e.sizeBytes)));
  const width = Math.max(0, ...sizes.map((s) => s.length));
  const totalKb = entries.reduce((sum, e) => sum + Math.ceil(e.sizeBytes / 4096) * 4, 0);
  const total = withTotal ? `total ${human ? humanSize(totalKb * 1024) : totalKb}\n` : '';
  const lines = entries.map((e, i) => {
    const mode = e.kind === 'dir' && !e.mode.startsWith('d') ? 'drwxr-xr-x' : e.mode;
    const links = e.kind === 'dir' ? 2 : 1;
    return `${mode} ${links} root root ${sizes[i]!.padStart(width)} Jan  1 00:00 ${e.shown}\n`;
  });
  return total + lines.join('');
}

/** coreutils' -h sizes: powers of 1024, one decimal under 10, rounded up (512M, 8.0G, 1.5K). */
function humanSize(bytes: number): string {
  const units = ['K', 'M', 'G', 'T', 'P'];
  if (bytes < 1024) return String(bytes);
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (value < 10) {
    const up = Math.ceil(value * 10) / 10;
    return up < 10 ? `${up.toFixed(1)}${units[unit]}` : `${Math.ceil(up)}${units[unit]}`;
  }
  return `${Math.ceil(value)}${units[unit]}`;
}

export const INSPECT_COMMANDS: Record<string, Command> = { cat, free, dmesg, pidof, ls };
