// Argument parsing of the simulated programs (hog, malloc, dd, cat FILE, sleep, sync): each launcher turns argv
// into a Program ready to spawn, or the usage error the tool prints. Shared by the plain commands and by strace,
// which builds the same programs with a tracer.
import { Cat } from '../../userspace/cat.js';
import { Dd } from '../../userspace/dd.js';
import { Hog, HOG_DEFAULT_RATE_BPS } from '../../userspace/hog.js';
import type { ProgramIO } from '../../userspace/io.js';
import { MallocDemo } from '../../userspace/malloc-demo.js';
import { Sleep } from '../../userspace/sleep.js';
import { Sync } from '../../userspace/sync.js';
import type { CommandContext } from '../command.js';
import type { ProgramLaunch } from '../run-program.js';
import { parseDuration, parseRate, parseSize } from '../size.js';

export type Launch = { ok: true; launch: ProgramLaunch } | { ok: false; status: number; message: string };
export type Launcher = (ctx: CommandContext, argv: readonly string[], io: ProgramIO) => Launch;

const usageError = (status: number, message: string): Launch => ({ ok: false, status, message });
const ready = (launch: ProgramLaunch): Launch => ({ ok: true, launch });

const HOG_USAGE = 'Usage: hog [--rate SIZE/s] [--size SIZE] [--touch PCT] [--shared] [--name COMM]\n';
/** TASK_COMM_LEN - 1: the kernel keeps 15 characters of a process name. */
const COMM_MAX = 15;

/** `--opt VALUE` or `--opt=VALUE` pairs and bare flags. */
function splitOptions(args: readonly string[], withValue: ReadonlySet<string>): Array<[string, string | undefined]> | string {
  const out: Array<[string, string | undefined]> = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (!withValue.has(name)) {
      out.push([arg, undefined]);
      continue;
    }
    const value = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) return `option '${name}' requires an argument`;
    out.push([name, value]);
  }
  return out;
}

export const launchHog: Launcher = (_ctx, argv, io) => {
  const pairs = splitOptions(argv.slice(1), new Set(['--rate', '--size', '--touch', '--name']));
  if (typeof pairs === 'string') return usageError(2, `hog: ${pairs}\n${HOG_USAGE}`);
  const options = { rateBps: HOG_DEFAULT_RATE_BPS, sizeBytes: undefined as number | undefined, touchPercent: 100, shared: false, comm: 'hog' };
  for (const [name, value] of pairs) {
    if (name === '--shared') options.shared = true;
    else if (name === '--rate') {
      const rate = parseRate(value!);
      if (!rate.ok) return usageError(2, `hog: ${rate.error}\n`);
      options.rateBps = rate.value;
    } else if (name === '--size') {
      const size = parseSize(value!);
      if (!size.ok || size.value === 0) return usageError(2, `hog: ${size.ok ? `invalid size '${value}': must be greater than 0` : size.error}\n`);
      options.sizeBytes = size.value;
    } else if (name === '--touch') {
      const pct = Number(value!.replace(/%$/, ''));
      if (!/^[0-9]+(\.[0-9]+)?%?$/.test(value!) || pct > 100) return usageError(2, `hog: invalid touch percentage '${value}' (0..100)\n`);
      options.touchPercent = pct;
    } else if (name === '--name') {
      if (value === '' || value!.includes('/')) return usageError(2, `hog: invalid name '${value}'\n`);
      options.comm = value!.slice(0, COMM_MAX);
    } else return usageError(2, `hog: unrecognized option '${name}'\n${HOG_USAGE}`);
  }
  return ready({ comm: options.comm, path: '/usr/bin/hog', program: new Hog(options, io) });
};

export const launchMalloc: Launcher = (ctx, argv, io) => {
  const operands = argv.slice(1);
  if (operands.length === 0) return usageError(2, 'Usage: malloc SIZE [SIZE...]   (e.g. malloc 100K 200K 1M)\n');
  const sizes: number[] = [];
  for (const operand of operands) {
    const size = parseSize(operand);
    if (!size.ok) return usageError(2, `malloc: ${size.error}\n`);
    sizes.push(size.value);
  }
  return ready({ comm: 'malloc', program: new MallocDemo(sizes, io, (pid) => ctx.kernel.process(pid)) });
};

export const launchSleep: Launcher = (ctx, argv, io) => {
  const operands = argv.slice(1);
  if (operands.length === 0) return usageError(1, "sleep: missing operand\nTry 'sleep --help' for more information.\n");
  let totalMs = 0;
  for (const operand of operands) {
    const parsed = parseDuration(operand);
    if (!parsed.ok) return usageError(1, `sleep: invalid time interval '${operand}'\nTry 'sleep --help' for more information.\n`);
    totalMs += parsed.value;
  }
  return ready({ comm: 'sleep', program: new Sleep(ctx.kernel.nowMs() + totalMs, totalMs, io) });
};

export const launchSync: Launcher = (_ctx, argv, io) => {
  if (argv.length > 1) return usageError(1, `sync: memsim's sync takes no operands (it syncs everything)\n`);
  return ready({ comm: 'sync', program: new Sync(io) });
};

/** cat FILE...: only for files of the simulated file system (the cat command handles /proc itself). */
export const launchCat: Launcher = (ctx, argv, io) => {
  const files = argv.slice(1);
  if (files.length === 0) return usageError(1, 'cat: reading standard input is not supported in memsim; give a FILE\n');
  if (ctx.redirect !== undefined) ctx.claimRedirect();
  return ready({ comm: 'cat', program: new Cat(files, ctx.redirect, io) });
};

const DD_SUFFIXES: Record<string, number> = { c: 1, w: 2, b: 512, kB: 1000, MB: 1000 ** 2, GB: 1000 ** 3, k: 1024 };

/** dd's number syntax: memsim's sizes plus dd's own c, w, b, kB, MB, GB suffixes. */
function ddNumber(text: string): number | undefined {
  const size = parseSize(text);
  if (size.ok) return size.value;
  const match = /^([0-9]+)(c|w|b|kB|MB|GB|k)$/.exec(text);
  return match ? Number(match[1]) * DD_SUFFIXES[match[2]!]! : undefined;
}

export const launchDd: Launcher = (ctx, argv, io) => {
  let input: string | undefined;
  let output: string | undefined;
  let blockSize = 512;
  let count: number | undefined;
  let status: 'none' | 'noxfer' | undefined;
  let fsync = false;
  for (const operand of argv.slice(1)) {
    const eq = operand.indexOf('=');
    const key = eq < 0 ? operand : operand.slice(0, eq);
    const value = operand.slice(eq + 1);
    if (eq < 0 || !['if', 'of', 'bs', 'count', 'status', 'conv'].includes(key)) {
      return usageError(1, `dd: unrecognized operand '${operand}'\nTry 'dd --help' for more information.\n`);
    }
    if (key === 'if') input = value;
    else if (key === 'of') output = value;
    else if (key === 'bs' || key === 'count') {
      const n = ddNumber(value);
      if (n === undefined || (key === 'bs' && n === 0)) return usageError(1, `dd: invalid number: '${value}'\n`);
      if (key === 'bs') blockSize = n;
      else count = n;
    } else if (key === 'status') {
      if (!['none', 'noxfer', 'progress'].includes(value)) {
        return usageError(1, `dd: invalid status level: '${value}'\nTry 'dd --help' for more information.\n`);
      }
      status = value === 'progress' ? undefined : (value as 'none' | 'noxfer');
    } else if (key === 'conv') {
      const conversions = value.split(',');
      const unknown = conversions.find((c) => !['fsync', 'fdatasync'].includes(c));
      if (unknown !== undefined) return usageError(1, `dd: invalid conversion: '${unknown}'\nTry 'dd --help' for more information.\n`);
      fsync = true;
    }
  }
  if (input === undefined) return usageError(1, 'dd: reading standard input is not supported in memsim; give if=FILE\n');
  if (output === undefined && ctx.redirect !== undefined) {
    ctx.claimRedirect();
    output = ctx.redirect;
  }
  return ready({ comm: 'dd', program: new Dd({ input, output, blockSize, count, status, fsync }, io) });
};

/** Programs by name, for their commands and for strace. */
export const LAUNCHERS: Record<string, Launcher> = {
  hog: launchHog,
  malloc: launchMalloc,
  sleep: launchSleep,
  sync: launchSync,
  cat: launchCat,
  dd: launchDd,
};
