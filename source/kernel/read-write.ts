// write(2) to a file: the role of fs/read_write.c (vfs_write) + mm/filemap.c generic_perform_write for disk files
// and mm/shmem.c shmem_write_begin for tmpfs. A disk file's pages become dirty page cache (written back later by
// PRESSURE's flushers or sync); a tmpfs file's pages are shmem (charged one by one, never dirty).
// Simplified: no data, no partial-page read-modify-write, the file grows to offset + length.
import { addToPageCache, findPage, markPageAccessed, markPageDirty } from './filemap.js';
import { shmemGetPage } from './shmem.js';
import type { Inode, KState, Task } from './state.js';
import type { Result } from './types.js';

/** Largest file we accept (ext4 with 4 KiB blocks: 16 TiB). */
const MAX_FILE_BYTES = 16 * 2 ** 40;

export function fileWrite(k: KState, task: Task | null, ino: Inode, offset: number, length: number): Result<number> {
  if (ino.blockdev) return { ok: false, errno: 'EACCES' };
  if (offset + length > MAX_FILE_BYTES) return { ok: false, errno: 'EFBIG' };
  if (length === 0) return { ok: true, value: 0 };
  const first = Math.floor(offset / 4096), last = Math.floor((offset + length - 1) / 4096);
  let dirtied = 0, done = 0;
  for (let i = first; i <= last; i++) {
    if (ino.shmem) {
      const got = shmemGetPage(k, task, ino, i);
      if (!got.ok) return endWrite(k, task, ino, offset, done, dirtied, got.reason === 'nospace' ? 'ENOSPC' : 'ENOMEM');
    } else {
      let fr = findPage(ino, i);
      if (fr < 0) {
        fr = addToPageCache(k, ino, i, task);
        if (fr < 0) return endWrite(k, task, ino, offset, done, dirtied, 'ENOMEM');
      } else markPageAccessed(k, fr);
      if (markPageDirty(k, ino, fr)) dirtied++;
    }
    done = Math.min(length, (i + 1) * 4096 - offset);
    if (task?.exiting) break;
  }
  return endWrite(k, task, ino, offset, done, dirtied, 'EINTR');
}

/** Grow the file to what was written, throttle the writer, report bytes (or the errno if nothing was written). */
function endWrite(k: KState, task: Task | null, ino: Inode, offset: number, done: number, dirtied: number,
  errno: 'ENOSPC' | 'ENOMEM' | 'EINTR'): Result<number> {
  if (done > 0 && offset + done > ino.sizeBytes) ino.sizeBytes = offset + done;
  if (dirtied > 0) k.stallMs += k.hooks.balanceDirtyPages(k, task, dirtied);
  if (done === 0) return { ok: false, errno };
  return { ok: true, value: done };
}
