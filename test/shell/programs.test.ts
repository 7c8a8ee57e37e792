// The simulated programs run from the shell, against the kernel's numbers: hog, malloc, strace.
import { describe, expect, it } from 'vitest';
import { createSession } from '../../source/shell/session.js';

const MiB = 2 ** 20;

function boot(machine = {}) {
  const session = createSession({ machine });
  const run = (line: string, timeoutMs?: number) => session.runToCompletion(line, 'cli', timeoutMs);
  const proc = (comm: string) => session.kernel.processByComm(comm)!;
  return { session, kernel: session.kernel, run, proc };
}

describe('hog', () => {
  it('hog --size 256M raises its RssAnon by 256 MiB and holds it', () => {
    const { session, run, proc } = boot();
    expect(run('hog --size 256M &').stderr).toMatch(/^\[1\] \d+\n$/);
    const start = proc('hog').rssAnonKb;
    session.advance(3000);
    const hog = proc('hog');
    expect(hog.state).not.toBe('X');
    expect(hog.rssAnonKb - start).toBeGreaterThanOrEqual(256 * 1024);
    expect(hog.rssAnonKb - start).toBeLessThan(257 * 1024);
    expect(session.commandLog()[0]!.output).toContain('hog: allocated 256MiB, touched 256MiB; holding it');
  });

  it('--rate paces it; --touch 50 leaves half of it virtual', () => {
    const { session, run, proc } = boot();
    run('hog --rate 64M/s --size 128M --touch 50 &');
    session.advance(1000);
    const after1s = proc('hog');
    expect(after1s.vmSizeKb).toBeGreaterThan(60 * 1024);
    expect(after1s.vmSizeKb).toBeLessThan(128 * 1024);
    session.advance(2000);
    const done = proc('hog');
    expect(done.rssAnonKb).toBeGreaterThanOrEqual(64 * 1024);
    expect(done.rssAnonKb).toBeLessThan(66 * 1024);
    expect(done.vmSizeKb - after1s.vmSizeKb).toBeGreaterThan(60 * 1024);
  });

  it('--shared --name db puts shmem in buff/cache under the given name', () => {
    const { session, run, proc, kernel } = boot();
    const shmem = kernel.snapshot().meminfo.Shmem!;
    run('hog --shared --size 64M --name db &');
    session.advance(2000);
    expect(proc('db').rssShmemKb).toBe(64 * 1024);
    expect(kernel.snapshot().meminfo.Shmem! - shmem).toBe(64 * 1024);
    expect(run('pidof db').stdout).toBe(`${proc('db').pid}\n`);
  });

  it('kill -USR1 doubles its rate', () => {
    const { session, run, proc } = boot();
    run('hog --rate 32M/s &');
    session.advance(1000);
    const first = proc('hog').rssAnonKb;
    run(`kill -USR1 ${proc('hog').pid}`);
    session.advance(1000);
    const grown = proc('hog').rssAnonKb - first;
    expect(grown).toBeGreaterThan(60 * 1024);
    expect(grown).toBeLessThan(68 * 1024);
  });

  it('a slow hog keeps its rate, allocating in batches and sleeping in between', () => {
    const { session, run, proc } = boot();
    run('hog --rate 256K/s &');
    session.advance(2000);
    const vm0 = proc('hog').vmSizeKb;
    session.advance(4000);
    const grown = proc('hog').vmSizeKb - vm0;
    expect(grown).toBeGreaterThanOrEqual(4 * 256 - 64);
    expect(grown).toBeLessThanOrEqual(4 * 256 + 64 + 132);
  });

  it('refuses bad options with a usage error', () => {
    const { run } = boot();
    expect(run('hog --rate 200M')).toMatchObject({ status: 2, stderr: "hog: invalid rate '200M' (expected a size per second, e.g. 200M/s)\n" });
    expect(run('hog --bogus')).toMatchObject({ status: 2 });
  });

  it('under overcommit_memory=2 malloc fails with ENOMEM instead of an OOM kill', () => {
    const { run } = boot({ ramBytes: 512 * MiB, swapBytes: 0, sysctl: { 'vm.overcommit_memory': 2 } });
    const result = run('hog --rate 1G/s', 10_000);
    expect(result.status).toBe(1);
    expect(result.errno).toBe('ENOMEM');
    expect(result.stderr).toMatch(/^hog: malloc\(\d+\) failed after \d+[KMG]?i?B: Cannot allocate memory\n$/);
  });

  it('a foreground hog on a full machine is OOM-killed: Killed, 137, and dmesg tells why', () => {
    const { run } = boot({ ramBytes: 512 * MiB, swapBytes: 0 });
    const result = run('hog --rate 1G/s', 20_000);
    expect(result).toMatchObject({ status: 137, stderr: 'Killed\n' });
    expect(run('dmesg').stdout).toMatch(/Out of memory: Killed process \d+ \(hog\)/);
  });
});

describe('malloc', () => {
  it('shows brk for small blocks and mmap for a large one, and what each free gives back', () => {
    const { run } = boot();
    const out = run('malloc 1K 100K 200K').stdout.split('\n');
    expect(out).toHaveLength(10);
    expect(out[0]).toMatch(/^malloc\(1024\) = 0x55[0-9a-f]+  \[brk: heap grown\]  VmSize \d+ kB  VmRSS \d+ kB$/);
    expect(out[1]).toMatch(/^memset\(0x[0-9a-f]+, 1, 1024\)  [12] minor faults  /);
    // A small chunk goes to the per-thread cache: nothing returns to the kernel.
    expect(out[2]).toMatch(/^free\(0x[0-9a-f]+\)  \[kept in the heap for reuse\]/);
    expect(out[3]).toMatch(/^malloc\(102400\) = 0x55[0-9a-f]+  \[(brk: heap grown|heap: no syscall)\]/);
    expect(out[4]).toMatch(/^memset\(0x[0-9a-f]+, 1, 102400\)  2[56] minor faults  /);
    // Merged back into the top chunk, but less than a page above top_pad + MINSIZE: nothing to trim.
    expect(out[5]).toMatch(/^free\(0x[0-9a-f]+\)  \[kept in the heap for reuse\]/);
    expect(out[6]).toMatch(/^malloc\(204800\) = 0x7f[0-9a-f]+  \[mmap: a mapping of its own\]/);
    expect(out[8]).toMatch(/^free\(0x7f[0-9a-f]+\)  \[munmap: returned to the kernel\]/);
    const rss = (line: string) => Number(/VmRSS (\d+) kB/.exec(line)![1]);
    expect(rss(out[7]!) - rss(out[6]!)).toBe(51 * 4);
    expect(rss(out[8]!)).toBe(rss(out[6]!));
  });
});

describe('strace', () => {
  it('traces exec, the loader, malloc via mmap and munmap, and the exit, in strace columns', () => {
    const { run } = boot();
    const result = run('strace malloc 200K');
    expect(result.status).toBe(0);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^execve\("\/usr\/bin\/malloc", \["malloc", "200K"\], 0x[0-9a-f]+ \/\* 22 vars \*\/\) = 0$/);
    expect(lines[1]).toMatch(/^brk\(NULL\) {31}= 0x[0-9a-f]+$/);
    expect(lines).toContain('openat(AT_FDCWD, "/lib/x86_64-linux-gnu/libc.so.6", O_RDONLY|O_CLOEXEC) = 3');
    expect(lines.some((l) => /^mmap\(NULL, 208896, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\) = 0x7f[0-9a-f]+$/.test(l))).toBe(true);
    expect(lines.some((l) => /^munmap\(0x7f[0-9a-f]+, 208896\) += 0$/.test(l))).toBe(true);
    expect(lines.some((l) => /^write\(1, "malloc\(204800\) = 0x7f[0-9a-f]+ "\.\.\., \d+\) = \d+$/.test(l))).toBe(true);
    expect(lines.slice(-2)).toEqual([`${'exit_group(0)'.padEnd(40)}= ?`, '+++ exited with 0 +++']);
  });

  it('a traced program killed by SIGKILL ends with +++ killed by SIGKILL +++', () => {
    const { session, kernel } = boot();
    const job = session.exec('strace hog --size 1M', 'cli');
    session.advance(100);
    kernel.kill(kernel.pidof('hog')[0]!, 'SIGKILL');
    session.advance(20);
    expect(job.result?.status).toBe(137);
    expect(job.result?.stderr.endsWith('+++ killed by SIGKILL +++\nKilled\n')).toBe(true);
  });

  it('^C reaches the traced program as a signal from the shell', () => {
    const { session, kernel } = boot();
    const job = session.exec('strace hog --size 1M', 'cli');
    session.advance(100);
    job.interrupt();
    session.advance(20);
    const bash = kernel.pidof('bash')[0];
    expect(job.result?.status).toBe(130);
    expect(job.result?.stderr).toContain(`--- SIGINT {si_signo=SIGINT, si_code=SI_USER, si_pid=${bash}, si_uid=0} ---\nexit_group(130)`);
    expect(job.result?.stderr.endsWith('+++ exited with 130 +++\n')).toBe(true);
  });

  it('shows a refused mmap as -1 ENOMEM', () => {
    const { run } = boot({ ramBytes: 512 * MiB, swapBytes: 0, sysctl: { 'vm.overcommit_memory': 2 } });
    const result = run('strace malloc 2G');
    expect(result.stderr).toMatch(/mmap\(NULL, 2147487744, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\) = -1 ENOMEM \(Cannot allocate memory\)/);
    expect(result.status).toBe(1);
  });

  it('-e trace=memory keeps the memory calls only; -e trace=NAME one call', () => {
    const { run } = boot();
    const lines = run('strace -f -e trace=memory malloc 200K').stderr.trimEnd().split('\n');
    const names = new Set(lines.map((l) => l.replace(/\(.*/, '')));
    expect([...names].sort()).toEqual(['+++ exited with 0 +++', 'brk', 'mmap', 'mprotect', 'munmap']);
    const only = run('strace -e munmap malloc 200K').stderr.trimEnd().split('\n');
    expect(only).toHaveLength(3);
    expect(only[0]).toMatch(/^munmap\(0x7f[0-9a-f]+, 20971\) +?= 0$/);
    expect(only[1]).toMatch(/^munmap\(0x7f[0-9a-f]+, 208896\) += 0$/);
    expect(run('strace -e trace=bogus malloc 1K')).toMatchObject({ status: 1, stderr: "strace: invalid system call 'bogus'\n" });
  });

  it('strace sleep shows setlocale\'s brk heap, the clock_nanosleep and the closes of stdout and stderr', () => {
    const { run } = boot();
    const lines = run('strace sleep 1.5').stderr.trimEnd().split('\n');
    // setlocale()'s first malloc creates the brk heap: brk(NULL), then the break grows by 132 KiB (0x21000).
    const [askBreak, growBreak] = lines.slice(-7, -5);
    const start = /^brk\(NULL\) += (0x[0-9a-f]+)$/.exec(askBreak!)?.[1];
    expect(start).toBeDefined();
    const grown = `0x${(Number(start) + 0x21000).toString(16)}`;
    expect(growBreak).toBe(`brk(${grown})`.padEnd(40) + `= ${grown}`);
    expect(lines.slice(-5)).toEqual([
      `${'clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=1, tv_nsec=500000000}, 0x7ffc8d6a1d40) '}= 0`,
      `${'close(1)'.padEnd(40)}= 0`,
      `${'close(2)'.padEnd(40)}= 0`,
      `${'exit_group(0)'.padEnd(40)}= ?`,
      '+++ exited with 0 +++',
    ]);
    // ld.so maps libc's RELRO and .data together read-write, then makes the RELRO part read-only.
    const rw = lines.find((l) => /^mmap\(0x7f[0-9a-f]+, 24576, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_FIXED\|MAP_DENYWRITE, 3, 0x[0-9a-f]+\)/.test(l));
    expect(rw).toBeDefined();
    const relro = rw!.slice(5, rw!.indexOf(','));
    expect(lines).toContain(`mprotect(${relro}, 16384, PROT_READ) = 0`);
  });

  it('refuses what it cannot trace', () => {
    const { run } = boot();
    expect(run('strace')).toMatchObject({ status: 1, stderr: "strace: must have PROG [ARGS] or -p PID\nTry 'strace -h' for more information.\n" });
    expect(run('strace ls').status).toBe(1);
  });
});
