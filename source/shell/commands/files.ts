// rm (coreutils): unlink files of the simulated file system; for a tmpfs file (/dev/shm) this is what frees its
// memory. `rm -f` is quiet about missing files; directories are refused (memsim has no rm -r).
import type { Command, CommandContext, CommandRun } from '../command.js';
import { strerror } from '../errno.js';

export function* rm(ctx: CommandContext): CommandRun {
  let force = false;
  const paths: string[] = [];
  for (const arg of ctx.argv.slice(1)) {
    if (/^-[fv]+$/.test(arg)) force ||= arg.includes('f');
    else if (arg.startsWith('-') && arg !== '-') {
      ctx.err(`rm: invalid option -- '${arg.slice(1, 2)}'\nTry 'rm --help' for more information.\n`);
      return 1;
    } else paths.push(arg);
  }
  if (paths.length === 0) {
    if (force) return 0;
    ctx.err("rm: missing operand\nTry 'rm --help' for more information.\n");
    return 1;
  }
  let status = 0;
  for (const path of paths) {
    const info = ctx.kernel.stat(path);
    if (info.ok && info.value.kind === 'dir') {
      ctx.err(`rm: cannot remove '${path}': Is a directory\n`);
      status = 1;
      continue;
    }
    const removed = ctx.kernel.unlink(path);
    if (removed.ok || (force && removed.errno === 'ENOENT')) continue;
    ctx.err(`rm: cannot remove '${path}': ${strerror(removed.errno)}\n`);
    ctx.fail(removed.errno);
    status = 1;
  }
  return status;
}

export const FILE_COMMANDS: Record<string, Command> = { rm };
