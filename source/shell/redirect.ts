// `> PATH`: where a command's output goes, in the simulated machine only. As in bash, the target is opened
// (O_CREAT|O_TRUNC) before the command runs, so a bad path stops the command (`bash: /nope/x: No such file or
// directory`); the output then streams into it while the command (or a background program) prints. /dev/null
// discards; a /proc file is written once, when the command ends, through kernel.writeProc (drop_caches, sysctls,
// oom_adj: their handlers parse one value); anything else is a simulated file (tmpfs under /dev/shm) written through
// kernel.write. A refused value is a write error of the command (`bash: echo: write error: Invalid argument`).
import type { Errno, Kernel } from '../kernel/types.js';
import { strerror } from './errno.js';

/** errnos open(2) itself returns: reported against the path. */
const OPEN_ERRORS: ReadonlySet<Errno> = new Set(['ENOENT', 'EACCES', 'EISDIR', 'ENOTDIR', 'EROFS', 'ENAMETOOLONG']);

export type RedirectOutcome = { ok: true } | { ok: false; errno: Errno; message: string };

export interface RedirectTarget {
  /** Text the command printed to stdout. */
  write(text: string): void;
  /** The command ended: /proc values are written now; returns the first failure of this target. */
  close(command: string): RedirectOutcome;
}

function failure(errno: Errno, command: string, path: string): RedirectOutcome {
  const message = OPEN_ERRORS.has(errno)
    ? `bash: ${path}: ${strerror(errno)}\n`
    : `bash: ${command}: write error: ${strerror(errno)}\n`;
  return { ok: false, errno, message };
}

const OK: RedirectOutcome = { ok: true };

function isProcfs(path: string): boolean {
  return path === '/proc' || path.startsWith('/proc/') || path.startsWith('/sys/');
}

/** Open PATH for the shell's redirection, as process `pid` (the shell). */
export function openRedirect(kernel: Kernel, pid: number, path: string): { ok: true; target: RedirectTarget } | Extract<RedirectOutcome, { ok: false }> {
  if (path === '/dev/null') return { ok: true, target: { write: () => {}, close: () => OK } };
  if (isProcfs(path)) return { ok: true, target: procTarget(kernel, pid, path) };
  const created = truncate(kernel, pid, path);
  if (!created.ok) return failure(created.errno, 'bash', path) as Extract<RedirectOutcome, { ok: false }>;
  let offset = 0;
  let failed: Errno | undefined;
  return {
    ok: true,
    target: {
      write(text) {
        if (failed || text === '') return;
        const written = kernel.write(pid, path, offset, new TextEncoder().encode(text).length);
        if (written.ok) offset += written.value;
        else failed = written.errno;
      },
      close: (command) => (failed ? failure(failed, command, path) : OK),
    },
  };
}

/** A /proc file takes the whole output as one write when the command ends. */
function procTarget(kernel: Kernel, pid: number, path: string): RedirectTarget {
  let text = '';
  let closed = false;
  return {
    write(more) {
      if (!closed) text += more;
    },
    close(command) {
      closed = true;
      if (text === '') return OK; // opened and truncated only, as `> /proc/sys/vm/NAME` alone does
      // The handlers parse the value as kstrtoint does (a trailing newline is accepted).
      const written = kernel.writeProc(path, text.replace(/\n$/, ''), pid);
      return written.ok ? OK : failure(written.errno, command, path);
    },
  };
}

/** O_CREAT|O_TRUNC: an existing file is replaced by an empty one. */
function truncate(kernel: Kernel, pid: number, path: string): { ok: true } | { ok: false; errno: Errno } {
  const existing = kernel.stat(path);
  if (existing.ok) {
    if (existing.value.kind === 'dir') return { ok: false, errno: 'EISDIR' };
    const removed = kernel.unlink(path);
    if (!removed.ok) return removed;
  }
  const created = kernel.write(pid, path, 0, 0);
  return created.ok ? { ok: true } : created;
}
