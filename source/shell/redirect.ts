// `> PATH`: where a command's output goes, in the simulated machine only. The real shell opens (O_TRUNC) the target
// before running the command; here the text is written when the command ends: /dev/null discards it, /proc files
// go through kernel.writeProc (drop_caches, sysctls, oom_adj ...), anything else becomes a simulated file (tmpfs under
// /dev/shm) written through kernel.write. Errors read like bash's: an open failure names the path
// (`bash: /proc/99/oom_adj: No such file or directory`), a refused value is a write error of the command
// (`bash: echo: write error: Invalid argument`).
import type { Errno, Kernel } from '../kernel/types.js';
import { strerror } from './errno.js';

/** errnos open(2) itself returns: reported against the path, before any write. */
const OPEN_ERRORS: ReadonlySet<Errno> = new Set(['ENOENT', 'EACCES', 'EISDIR', 'ENOTDIR', 'EROFS', 'ENAMETOOLONG']);

export type RedirectOutcome = { ok: true } | { ok: false; errno: Errno; message: string };

function failure(errno: Errno, command: string, path: string): RedirectOutcome {
  const message = OPEN_ERRORS.has(errno)
    ? `bash: ${path}: ${strerror(errno)}\n`
    : `bash: ${command}: write error: ${strerror(errno)}\n`;
  return { ok: false, errno, message };
}

/** Write a command's captured stdout to PATH as the shell (writer shellPid). */
export function writeRedirect(kernel: Kernel, shellPid: number, command: string, path: string, text: string): RedirectOutcome {
  if (path === '/dev/null') return { ok: true };
  if (path.startsWith('/proc/') || path === '/proc') {
    // The kernel parses the value as the sysctl/proc handlers do (kstrtoint accepts the trailing newline).
    const written = kernel.writeProc(path, text.replace(/\n$/, ''), shellPid);
    return written.ok ? { ok: true } : failure(written.errno, command, path);
  }
  return writeFile(kernel, shellPid, command, path, text);
}

/** O_CREAT|O_TRUNC then write: an existing file is replaced by one holding exactly the new bytes. */
export function writeFile(kernel: Kernel, pid: number, command: string, path: string, text: string): RedirectOutcome {
  const existing = kernel.stat(path);
  if (existing.ok) {
    if (existing.value.kind === 'dir') return failure('EISDIR', command, path);
    const removed = kernel.unlink(path);
    if (!removed.ok) return failure(removed.errno, command, path);
  }
  const bytes = new TextEncoder().encode(text).length;
  const written = kernel.write(pid, path, 0, bytes);
  return written.ok ? { ok: true } : failure(written.errno, command, path);
}
