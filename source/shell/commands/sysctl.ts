// sysctl(8) of procps-ng 4.x: `sysctl [-n] [-a] [-w] NAME[=VALUE]...`, reading and writing /proc/sys through the
// kernel (values are validated by the kernel's handlers, as in Linux). Output and messages as procps prints them:
// `vm.swappiness = 60`, `sysctl: cannot stat /proc/sys/vm/foo: No such file or directory`,
// `sysctl: setting key "vm.swappiness": Invalid argument`, exit status 255 for a failed key. It runs as its own
// short-lived process, so the kernel sees the writer as `sysctl`.
import type { ProgramContext } from '../../kernel/types.js';
import { OneShot } from '../../userspace/one-shot.js';
import type { Command, CommandContext, CommandRun } from '../command.js';
import { strerror } from '../errno.js';
import { runProgram } from '../run-program.js';

interface SysctlFlags {
  valuesOnly: boolean;
  all: boolean;
  write: boolean;
  names: string[];
}

function pathOf(name: string): string {
  return `/proc/sys/${name.replace(/\./g, '/')}`;
}

function displayName(name: string): string {
  return name.replace(/\//g, '.');
}

function parseFlags(ctx: CommandContext): SysctlFlags | string {
  const flags: SysctlFlags = { valuesOnly: false, all: false, write: false, names: [] };
  for (const arg of ctx.argv.slice(1)) {
    if (arg === '--all') flags.all = true;
    else if (arg === '--values') flags.valuesOnly = true;
    else if (arg === '--write') flags.write = true;
    else if (/^-[anwAXq]+$/.test(arg)) {
      flags.all ||= /[aAX]/.test(arg);
      flags.valuesOnly ||= arg.includes('n');
      flags.write ||= arg.includes('w');
    } else if (arg.startsWith('-')) return `sysctl: invalid option -- '${arg.slice(1, 2)}'\n`;
    else flags.names.push(arg);
  }
  return flags;
}

export function* sysctl(ctx: CommandContext): CommandRun {
  const flags = parseFlags(ctx);
  if (typeof flags === 'string') {
    ctx.err(flags + "Try 'sysctl --help' for more information.\n");
    return 1;
  }
  if (!flags.all && flags.names.length === 0) {
    ctx.err("sysctl: no variables specified\nTry `sysctl --help' for more information.\n");
    return 1;
  }
  const kernel = ctx.kernel;
  const work = (proc: ProgramContext): number => {
    let status = 0;
    const show = (name: string, value: string) => proc.print(flags.valuesOnly ? `${value}\n` : `${name} = ${value}\n`);
    if (flags.all) {
      for (const name of [...kernel.sysctlNames()].sort()) {
        const text = kernel.readProc(pathOf(name));
        if (text.ok) show(name, text.value.trim());
      }
    }
    for (const arg of flags.names) {
      const equals = arg.indexOf('=');
      if (equals < 0 && flags.write) {
        ctx.err(`sysctl: "${arg}" must be of the form name=value\n`);
        status = 255;
        continue;
      }
      const name = displayName(equals < 0 ? arg : arg.slice(0, equals));
      const path = pathOf(name);
      if (equals < 0) {
        const text = kernel.readProc(path);
        if (text.ok) show(name, text.value.trim());
        else {
          ctx.err(`sysctl: cannot stat ${path}: ${strerror(text.errno)}\n`);
          ctx.fail(text.errno);
          status = 255;
        }
        continue;
      }
      const value = arg.slice(equals + 1);
      if (!kernel.sysctlNames().includes(name)) {
        ctx.err(`sysctl: cannot stat ${path}: No such file or directory\n`);
        ctx.fail('ENOENT');
        status = 255;
        continue;
      }
      const written = kernel.writeProc(path, value, proc.pid);
      if (written.ok) show(name, value);
      else {
        const reason = strerror(written.errno);
        ctx.err(written.errno === 'EACCES' || written.errno === 'EPERM'
          ? `sysctl: permission denied on key "${name}"\n`
          : `sysctl: setting key "${name}": ${reason}\n`);
        ctx.fail(written.errno);
        status = 255;
      }
    }
    return status;
  };
  return yield* runProgram(ctx, { comm: 'sysctl', program: new OneShot('sysctl', work) });
}

export const SYSCTL_COMMANDS: Record<string, Command> = { sysctl };
