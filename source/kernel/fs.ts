// A tiny file system namespace: the role of fs/namei.c (path lookup), fs/inode.c and fs/stat.c, plus the mount
// table's answer to "is this path on tmpfs?". Simplified: absolute paths only, no permissions beyond a mode
// string, no hard links, no open file descriptors (a file mapping names its path; an unlinked file lives while
// it is mapped). Page contents are not stored, only which pages exist.
import { SparseChunks } from './sparse.js';
import type { Inode, KState } from './state.js';
import type { FileInfo, Result } from './types.js';

/** Mount points of tmpfs (mm/shmem.c) in the simulated machine. */
const TMPFS_MOUNTS = ['/dev/shm', '/run'];
const DISK_DEV = '08:01';
const TMPFS_DEV: Record<string, string> = { '/dev/shm': '00:1a', '/run': '00:19' };

export function isTmpfsPath(path: string): boolean {
  return TMPFS_MOUNTS.some((m) => path === m || path.startsWith(m + '/'));
}

export function normalizePath(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop(); else parts.push(p);
  }
  return '/' + parts.join('/');
}

export function dirnameOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function newInode(k: KState, path: string, kind: 'file' | 'dir', opts: Partial<Inode> = {}): Inode {
  const id = k.nextIno++;
  const tmp = isTmpfsPath(path);
  const mount = TMPFS_MOUNTS.find((m) => path === m || path.startsWith(m + '/'));
  const ino: Inode = {
    id,
    ino: tmp ? 2 + id : 131072 + id * 13,
    path,
    kind,
    sizeBytes: 0,
    shmem: tmp && kind === 'file',
    blockdev: false,
    pages: new SparseChunks(k.chunkStore),
    nrPages: 0,
    nrDirty: 0,
    nrSwapped: 0,
    mmaps: new Set(),
    unlinked: false,
    mode: kind === 'dir' ? 'drwxr-xr-x' : '-rw-r--r--',
    dev: mount ? TMPFS_DEV[mount] : DISK_DEV,
    dirtiedWhenMs: -1,
    ...opts,
  };
  k.inodes.set(id, ino);
  return ino;
}

/** mkdir -p. */
export function mkdirs(k: KState, path: string): Inode {
  const existing = k.paths.get(path);
  if (existing) return existing;
  if (path !== '/') mkdirs(k, dirnameOf(path));
  const dir = newInode(k, path, 'dir', path === '/dev/shm' ? { mode: 'drwxrwxrwt' } : {});
  k.paths.set(path, dir);
  return dir;
}

/** Create a file of a given size (no page cached). Parent directories are created. */
export function createFile(k: KState, path: string, sizeBytes: number, mode = '-rw-r--r--'): Inode {
  mkdirs(k, dirnameOf(path));
  const ino = newInode(k, path, 'file', { sizeBytes, mode });
  k.paths.set(path, ino);
  return ino;
}

/** An unnamed shmem object backing a MAP_SHARED|MAP_ANONYMOUS mapping (shmem_zero_setup). */
export function createAnonShmem(k: KState, sizeBytes: number): Inode {
  return newInode(k, '', 'file', { sizeBytes, shmem: true, dev: '00:01', mode: '-rw-rw-rw-', ino: 1024 + k.nextIno });
}

export function createBlockDevice(k: KState, path: string, sizeBytes: number): Inode {
  mkdirs(k, dirnameOf(path));
  const ino = newInode(k, path, 'file', { sizeBytes, blockdev: true, mode: 'brw-rw----', dev: '00:05' });
  k.paths.set(path, ino);
  return ino;
}

export function lookup(k: KState, path: string): Inode | undefined {
  const p = normalizePath(path);
  return p === undefined ? undefined : k.paths.get(p);
}

/** Look up a path for open(2) semantics: ENOENT, EISDIR for directories when a file is wanted. */
export function lookupFile(k: KState, path: string): Result<Inode> {
  const p = normalizePath(path);
  if (p === undefined) return { ok: false, errno: 'ENOENT' };
  if (p.length > 4096) return { ok: false, errno: 'ENAMETOOLONG' };
  const ino = k.paths.get(p);
  if (!ino) {
    const parent = k.paths.get(dirnameOf(p));
    return { ok: false, errno: parent && parent.kind !== 'dir' ? 'ENOTDIR' : 'ENOENT' };
  }
  if (ino.kind === 'dir') return { ok: false, errno: 'EISDIR' };
  return { ok: true, value: ino };
}

/** Where write(2) may create a file: the parent must be an existing directory. */
export function lookupOrCreate(k: KState, path: string): Result<Inode> {
  const p = normalizePath(path);
  if (p === undefined || p === '/') return { ok: false, errno: p === '/' ? 'EISDIR' : 'ENOENT' };
  if (p.startsWith('/proc/') || p.startsWith('/sys/')) return { ok: false, errno: 'EACCES' };
  const found = k.paths.get(p);
  if (found) return found.kind === 'dir' ? { ok: false, errno: 'EISDIR' } : { ok: true, value: found };
  const parent = k.paths.get(dirnameOf(p));
  if (!parent) return { ok: false, errno: 'ENOENT' };
  if (parent.kind !== 'dir') return { ok: false, errno: 'ENOTDIR' };
  if (p.split('/').some((c) => c.length > 255)) return { ok: false, errno: 'ENAMETOOLONG' };
  return { ok: true, value: createFile(k, p, 0) };
}

export function fileInfo(ino: Inode): FileInfo {
  return {
    path: ino.path,
    sizeBytes: ino.kind === 'dir' ? 4096 : ino.sizeBytes,
    kind: ino.kind,
    cachedPages: ino.nrPages,
    dirtyPages: ino.nrDirty,
    tmpfs: ino.shmem || (ino.kind === 'dir' && isTmpfsPath(ino.path)),
    mode: ino.mode,
  };
}

export function readdir(k: KState, path: string): Result<FileInfo[]> {
  const p = normalizePath(path);
  const dir = p === undefined ? undefined : k.paths.get(p);
  if (!dir) return { ok: false, errno: 'ENOENT' };
  if (dir.kind !== 'dir') return { ok: false, errno: 'ENOTDIR' };
  const prefix = p === '/' ? '/' : p + '/';
  const out: FileInfo[] = [];
  for (const [q, ino] of k.paths) {
    if (q !== p && q.startsWith(prefix) && !q.slice(prefix.length).includes('/')) out.push(fileInfo(ino));
  }
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { ok: true, value: out };
}
