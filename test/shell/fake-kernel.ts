// A tiny stand-in kernel for the shell's own semantics ($?, $(...), jobs, wait, redirection): processes that run
// Programs in 10 ms quanta, a flat file table, a /proc with a few files and one sysctl. The real numbers are
// tested against bootKernel in the other test files; this one isolates the interpreter from the memory model.
import type {
  Errno, FileInfo, Kernel, KernelApi, KernelLogLine, ProcessInfo, Program, ProgramContext, Result, Signal, SpawnArgs,
} from '../../source/kernel/types.js';

interface FakeProcess {
  info: ProcessInfo;
  program?: Program;
  args: SpawnArgs;
  exited: boolean;
}

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const err = <T>(errno: Errno): Result<T> => ({ ok: false, errno });

export function fakeKernel(): Kernel & { files: Map<string, number>; procWrites: Array<[string, string, number]>; log: KernelLogLine[]; now(): number } {
  let now = 0;
  let nextPid = 100;
  const procs = new Map<number, FakeProcess>();
  const files = new Map<string, number>([['/var/log/syslog', 1 << 20]]);
  const procWrites: Array<[string, string, number]> = [];
  const log: KernelLogLine[] = [];
  const breaks = new Map<number, number>();
  const sysctl: Record<string, number> = { 'vm.swappiness': 60 };

  const info = (pid: number, comm: string, ppid: number): ProcessInfo => ({
    pid, ppid, uid: 0, user: 'root', comm, state: 'S', kernelThread: false, startTimeMs: now,
    vmPeakKb: 0, vmSizeKb: 1000, vmHwmKb: 0, vmRssKb: 100, rssAnonKb: 50, rssFileKb: 50, rssShmemKb: 0,
    vmDataKb: 0, vmStkKb: 0, vmExeKb: 0, vmLibKb: 0, vmPteKb: 0, vmSwapKb: 0, minFlt: 0, majFlt: 0,
    oomScore: 0, oomScoreAdj: 0, oomKilled: false,
  });
  procs.set(1, { info: info(1, 'systemd', 0), args: { comm: 'systemd' }, exited: false });
  procs.set(50, { info: info(50, 'sshd', 1), args: { comm: 'sshd' }, exited: false });
  procs.set(60, { info: info(60, 'bash', 1), args: { comm: 'bash' }, exited: false });

  const finish = (p: FakeProcess, code: number, signal?: Signal) => {
    if (p.exited) return;
    p.exited = true;
    procs.delete(p.info.pid);
    p.args.onExit?.({ code, signal });
  };
  const context = (p: FakeProcess): ProgramContext => ({
    kernel: kernel as unknown as KernelApi, pid: p.info.pid, nowMs: now, quantumMs: 10,
    print: (text) => p.args.onOutput?.(text),
    exit: (code) => finish(p, code),
  });

  const kernel = {
    config: { ramBytes: 2 ** 31, swapBytes: 0, sysctl: {}, seed: 1, diskReadBps: 1, diskWriteBps: 1 },
    files, procWrites, log,
    nowMs: () => now,
    now: () => now,
    tick(ms: number) {
      for (let t = 0; t < ms; t += 10) {
        for (const p of [...procs.values()]) if (p.program && !p.exited) p.program.step(context(p));
        now += 10;
      }
    },
    // Enough of brk(2) for the C library's first malloc (sleep's setlocale): one break per process.
    currentBrk: (pid: number) => ok(breaks.get(pid) ?? 0x555555559000),
    brk(pid: number, newBrk: number) {
      breaks.set(pid, newBrk);
      return ok(newBrk);
    },
    spawn(args: SpawnArgs) {
      const pid = nextPid++;
      procs.set(pid, { info: info(pid, args.comm, args.ppid ?? 1), program: args.program, args, exited: false });
      return ok(pid);
    },
    kill(pid: number, sig: Signal) {
      const p = procs.get(pid);
      if (!p) return err<void>('ESRCH');
      if (pid === 1) return err<void>('EPERM');
      if (sig !== 'SIGKILL' && p.program?.onSignal) p.program.onSignal(context(p), sig);
      else finish(p, 0, sig);
      return ok(undefined);
    },
    exit(pid: number, code: number) {
      const p = procs.get(pid);
      if (p) finish(p, code);
    },
    pidof: (comm: string) => [...procs.values()].filter((p) => p.info.comm === comm).map((p) => p.info.pid),
    process: (pid: number) => procs.get(pid)?.info,
    processByComm: () => undefined,
    snapshot: () => ({ timeMs: now, processes: [...procs.values()].map((p) => p.info), meminfo: {}, vmstat: {} }),
    readProc(path: string) {
      if (path === '/proc/meminfo') return ok('MemTotal:        2000000 kB\n');
      const m = /^\/proc\/sys\/(.*)$/.exec(path);
      const name = m?.[1]?.replace(/\//g, '.');
      if (name && name in sysctl) return ok(`${sysctl[name]}\n`);
      return err<string>('ENOENT');
    },
    writeProc(path: string, value: string, writer: number) {
      procWrites.push([path, value, writer]);
      const name = /^\/proc\/sys\/(.*)$/.exec(path)?.[1]?.replace(/\//g, '.');
      if (name === undefined || !(name in sysctl)) return err<void>('ENOENT');
      if (!/^[0-9]+$/.test(value) || Number(value) > 200) return err<void>('EINVAL');
      sysctl[name] = Number(value);
      return ok(undefined);
    },
    sysctlNames: () => Object.keys(sysctl),
    stat(path: string) {
      if (path === '/tmp' || path === '/') return ok<FileInfo>({ path, sizeBytes: 4096, kind: 'dir', cachedPages: 0, dirtyPages: 0, tmpfs: false, mode: 'drwxrwxrwt' });
      const size = files.get(path);
      return size === undefined ? err<FileInfo>('ENOENT') : ok<FileInfo>({ path, sizeBytes: size, kind: 'file', cachedPages: 0, dirtyPages: 0, tmpfs: false, mode: '-rw-r--r--' });
    },
    readdir: (path: string) => ok<FileInfo[]>([...files.keys()].filter((f) => f.startsWith(path + '/')).map((f) => ({ path: f, sizeBytes: files.get(f)!, kind: 'file', cachedPages: 0, dirtyPages: 0, tmpfs: false, mode: '-rw-r--r--' }))),
    unlink(path: string) {
      return files.delete(path) ? ok(undefined) : err<void>('ENOENT');
    },
    write(_pid: number, path: string, offset: number, length: number) {
      if (!path.startsWith('/tmp/') && !path.startsWith('/var/')) return err<number>('ENOENT');
      files.set(path, Math.max(files.get(path) ?? 0, offset + length));
      return ok(length);
    },
    read(_pid: number, path: string, offset: number, length: number) {
      const size = files.get(path);
      if (size === undefined) return err<number>('ENOENT');
      return ok(Math.max(0, Math.min(length, size - offset)));
    },
    dmesg: (from = 0) => log.filter((l) => l.seq >= from),
    formatLogTime: (ms: number) => `[${(ms / 1000).toFixed(6).padStart(12)}]`,
  };
  return kernel as unknown as Kernel & typeof kernel;
}
