// Each command against the real simulated kernel: what it prints, and that the kernel's numbers moved as they must.
import { describe, expect, it } from 'vitest';
import { computeFree, parseMeminfo } from '../../source/procps/free.js';
import { createSession } from '../../source/shell/session.js';

const MiB = 2 ** 20;

function boot(machine = {}) {
  const session = createSession({ machine });
  const run = (line: string, timeoutMs?: number) => session.runToCompletion(line, 'cli', timeoutMs);
  const meminfo = () => session.kernel.snapshot().meminfo;
  return { session, kernel: session.kernel, run, meminfo };
}

describe('free', () => {
  it('prints procps-ng free computed from the kernel /proc/meminfo', () => {
    const { run, kernel } = boot();
    const mem = computeFree(parseMeminfo((kernel.readProc('/proc/meminfo') as { value: string }).value));
    const out = run('free -m').stdout.split('\n');
    expect(out[0]).toBe('               total        used        free      shared  buff/cache   available');
    const fields = out[1]!.split(/\s+/);
    expect(fields[0]).toBe('Mem:');
    expect(Number(fields[1])).toBe(Math.floor(mem.total / 1024));
    expect(Number(fields[6])).toBe(Math.floor(mem.available / 1024));
    expect(run('free -h -w').stdout.split('\n')[0]).toContain('buffers       cache');
  });

  it('refuses unknown options like procps', () => {
    const { run } = boot();
    expect(run('free -x')).toMatchObject({ status: 1, stderr: "free: invalid option -- 'x'\nTry 'free --help' for more information.\n" });
  });
});

describe('cat and /proc', () => {
  it('prints procfs files as the kernel renders them', () => {
    const { run, kernel } = boot();
    expect(run('cat /proc/meminfo').stdout).toBe((kernel.readProc('/proc/meminfo') as { value: string }).value);
    expect(run('cat /proc/sys/vm/swappiness').stdout).toBe('60\n');
    expect(run('cat /proc/nope')).toMatchObject({ status: 1, errno: 'ENOENT', stderr: 'cat: /proc/nope: No such file or directory\n' });
  });

  it('cat FILE > /dev/null fills the page cache at the disk bandwidth', () => {
    const { run, kernel, meminfo } = boot();
    const size = (kernel.stat('/var/log/syslog') as { value: { sizeBytes: number } }).value.sizeBytes;
    const cachedPages = () => (kernel.stat('/var/log/syslog') as { value: { cachedPages: number } }).value.cachedPages;
    const cachedBefore = meminfo().Cached!;
    const pagesBefore = cachedPages();
    const t0 = kernel.nowMs();
    expect(run('cat /var/log/syslog > /dev/null').status).toBe(0);
    const seconds = (kernel.nowMs() - t0) / 1000;
    expect(cachedPages()).toBe(size / 4096);
    // The file's pages, plus the few of the cat binary itself.
    expect(meminfo().Cached! - cachedBefore - (size / 4096 - pagesBefore) * 4).toBeGreaterThanOrEqual(0);
    expect(meminfo().Cached! - cachedBefore - (size / 4096 - pagesBefore) * 4).toBeLessThan(1024);
    const diskSeconds = (size - pagesBefore * 4096) / kernel.config.diskReadBps;
    expect(seconds).toBeGreaterThan(diskSeconds * 0.9);
    expect(seconds).toBeLessThan(diskSeconds * 1.2 + 0.1);
  });
});

describe('sysctl', () => {
  it('reads and writes in procps format', () => {
    const { run, kernel } = boot();
    expect(run('sysctl vm.swappiness')).toMatchObject({ status: 0, stdout: 'vm.swappiness = 60\n' });
    expect(run('sysctl -n vm.swappiness').stdout).toBe('60\n');
    expect(run('sysctl -w vm.swappiness=10')).toMatchObject({ status: 0, stdout: 'vm.swappiness = 10\n' });
    expect(run('sysctl vm.overcommit_memory=2').stdout).toBe('vm.overcommit_memory = 2\n');
    expect(kernel.sysctlGet('vm.overcommit_memory')).toEqual({ ok: true, value: 2 });
    expect(run('sysctl -a').stdout).toMatch(/^vm\.admin_reserve_kbytes = \d+\n/);
  });

  it('sysctl -w vm.swappiness=300 fails with EINVAL and keeps 60', () => {
    const { run, kernel } = boot();
    expect(run('sysctl -w vm.swappiness=300')).toEqual({
      status: 255, errno: 'EINVAL', stdout: '', stderr: 'sysctl: setting key "vm.swappiness": Invalid argument\n',
    });
    expect(kernel.sysctlGet('vm.swappiness')).toEqual({ ok: true, value: 60 });
  });

  it('unknown keys and malformed writes', () => {
    const { run } = boot();
    expect(run('sysctl vm.nope')).toMatchObject({ status: 255, stderr: 'sysctl: cannot stat /proc/sys/vm/nope: No such file or directory\n' });
    expect(run('sysctl -w vm.swappiness')).toMatchObject({ status: 255, stderr: 'sysctl: "vm.swappiness" must be of the form name=value\n' });
  });
});

describe('echo > /proc', () => {
  it('echo 3 > /proc/sys/vm/drop_caches drops clean cache and logs the line', () => {
    const { run, meminfo, kernel } = boot();
    run('cat /var/log/syslog > /dev/null');
    const cached = meminfo().Cached!;
    const bash = kernel.pidof('bash')[0];
    expect(run('echo 3 > /proc/sys/vm/drop_caches').status).toBe(0);
    expect(meminfo().Cached!).toBeLessThan(cached - 400 * 1024);
    expect(run('dmesg').stdout).toContain(`bash (${bash}): drop_caches: 3`);
  });

  it('echo -17 > /proc/$(pidof sshd)/oom_adj makes oom_score_adj -1000', () => {
    const { run, kernel } = boot();
    const sshd = kernel.pidof('sshd')[0]!;
    expect(run('echo 0 > /proc/$(pidof sshd)/oom_score_adj')).toMatchObject({ status: 0, stderr: '' });
    expect(kernel.process(sshd)!.oomScoreAdj).toBe(0);
    expect(run('echo -17 > /proc/$(pidof sshd)/oom_adj')).toMatchObject({ status: 0, stderr: '' });
    expect(kernel.process(sshd)!.oomScoreAdj).toBe(-1000);
    expect(run('cat /proc/$(pidof sshd)/oom_score_adj').stdout).toBe('-1000\n');
    expect(run('cat /proc/$(pidof sshd)/oom_adj').stdout).toBe('-17\n');
  });

  it('a value out of range is a write error; a missing pid is an open error', () => {
    const { run } = boot();
    expect(run('echo 2000 > /proc/1/oom_score_adj')).toMatchObject({ status: 1, errno: 'EINVAL', stderr: 'bash: echo: write error: Invalid argument\n' });
    expect(run('echo 5 > /proc/99999/oom_adj')).toMatchObject({ status: 1, errno: 'ENOENT', stderr: 'bash: /proc/99999/oom_adj: No such file or directory\n' });
  });
});

describe('dd, ls, rm and tmpfs', () => {
  it('dd to /dev/shm writes shmem pages and prints dd statistics', () => {
    const { run, meminfo } = boot();
    const shmem = meminfo().Shmem!;
    const result = run('dd if=/dev/zero of=/dev/shm/x bs=1M count=8');
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/^8\+0 records in\n8\+0 records out\n8388608 bytes \(8\.4 MB, 8\.0 MiB\) copied, [0-9.e-]+ s, [0-9.]+ [kMG]B\/s\n$/);
    expect(meminfo().Shmem! - shmem).toBe(8 * 1024);
    expect(run('ls -l /dev/shm').stdout).toBe('total 8192\n-rw-r--r-- 1 root root 8388608 Jan  1 00:00 x\n');
    expect(run('rm /dev/shm/x').status).toBe(0);
    expect(meminfo().Shmem!).toBe(shmem);
    expect(run('rm /dev/shm/x')).toMatchObject({ status: 1, stderr: "rm: cannot remove '/dev/shm/x': No such file or directory\n" });
  });

  it('echo > a file under /dev/shm makes a tmpfs file of those bytes', () => {
    const { run, meminfo, kernel } = boot();
    const shmem = meminfo().Shmem!;
    expect(run('echo hello > /dev/shm/note').status).toBe(0);
    expect(kernel.stat('/dev/shm/note')).toMatchObject({ ok: true, value: { sizeBytes: 6, tmpfs: true } });
    expect(meminfo().Shmem! - shmem).toBe(4);
    expect(run('ls /nope')).toMatchObject({ status: 2, stderr: "ls: cannot access '/nope': No such file or directory\n" });
  });

  it('dd to a disk file leaves dirty pages that sync writes back', () => {
    const { run, meminfo } = boot();
    expect(run('dd if=/dev/zero of=/var/tmp/big bs=1M count=64').status).toBe(0);
    expect(meminfo().Dirty! + meminfo().Writeback!).toBeGreaterThan(0);
    expect(run('sync').status).toBe(0);
    expect(meminfo().Dirty!).toBe(0);
  });

  it('dd conv=fdatasync waits for writeback; status=none prints nothing', () => {
    const { run, meminfo } = boot();
    const result = run('dd if=/dev/zero of=/var/tmp/flushed bs=1M count=32 conv=fdatasync status=none');
    expect(result).toMatchObject({ status: 0, stdout: '', stderr: '' });
    expect(meminfo().Dirty!).toBe(0);
    expect(run('dd if=/dev/zero of=/dev/null bs=4K count=3 status=noxfer').stderr).toBe('3+0 records in\n3+0 records out\n');
  });

  it('dd operand errors read like GNU dd', () => {
    const { run } = boot();
    expect(run('dd if=/dev/zero of=/tmp/x bs=1Q')).toMatchObject({ status: 1, stderr: "dd: invalid number: '1Q'\n" });
    expect(run('dd foo')).toMatchObject({ status: 1, stderr: "dd: unrecognized operand 'foo'\nTry 'dd --help' for more information.\n" });
    expect(run('dd if=/nope of=/dev/null').stderr).toBe("dd: failed to open '/nope': No such file or directory\n");
  });
});

describe('kill', () => {
  it('kill -0 checks that a process exists without signalling it', () => {
    const { run, kernel } = boot();
    const cron = kernel.pidof('cron')[0]!;
    expect(run(`kill -0 ${cron}`)).toMatchObject({ status: 0, stderr: '' });
    expect(kernel.process(cron)!.state).not.toBe('X');
    expect(run('kill -0 99999')).toMatchObject({ status: 1, stderr: 'bash: kill: (99999) - No such process\n' });
  });

  it('kill -9 of a background hog: wait reports 137', () => {
    const { run, session, kernel } = boot();
    run('hog --size 16M &');
    session.advance(500);
    const pid = kernel.pidof('hog')[0]!;
    expect(run(`kill -9 ${pid}`).status).toBe(0);
    expect(run(`wait ${pid}`).status).toBe(137);
    expect(run('jobs').stdout).toBe('');
  });
});

describe('ps, pidof, vmstat, dmesg', () => {
  it('ps lists every process with its memory and oom columns', () => {
    const { run, kernel } = boot();
    const lines = run('ps').stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('    PID USER        VSZ   RSS  OOM OOMADJ STAT COMMAND');
    expect(lines.length).toBe(kernel.snapshot().processes.length + 1);
    const bash = kernel.process(kernel.pidof('bash')[0]!)!;
    const row = lines.find((l) => l.endsWith(' bash'))!.trim().split(/\s+/);
    expect(row).toEqual([String(bash.pid), 'root', String(bash.vmSizeKb), String(bash.vmRssKb), String(bash.oomScore), '0', bash.state, 'bash']);
  });

  it('pidof prints pids newest first; nothing found is status 1', () => {
    const { run, kernel } = boot();
    expect(run('pidof bash').stdout).toBe(`${kernel.pidof('bash')[0]}\n`);
    expect(run('pidof nosuch')).toMatchObject({ status: 1, stdout: '' });
  });

  it('vmstat prints the procps header and one line of 17 columns with MemFree', () => {
    const { run, meminfo } = boot();
    const lines = run('vmstat').stdout.split('\n');
    expect(lines[0]).toBe('procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----');
    expect(lines[1]).toBe(' r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st');
    const fields = lines[2]!.trim().split(/\s+/).map(Number);
    expect(fields).toHaveLength(17);
    expect(fields[3]).toBe(meminfo().MemFree);
  });

  it('vmstat 1 3 prints three lines a second apart', () => {
    const { run, kernel } = boot();
    const t0 = kernel.nowMs();
    const out = run('vmstat 1 3').stdout.trimEnd().split('\n');
    expect(out).toHaveLength(5);
    expect(kernel.nowMs() - t0).toBeGreaterThanOrEqual(2000);
    expect(kernel.nowMs() - t0).toBeLessThan(2100);
  });

  it('a background program redirected to a file writes into it as it prints', () => {
    const { run, session, kernel } = boot();
    run('vmstat 1 3 > /tmp/vmstat.log &');
    const size = () => (kernel.stat('/tmp/vmstat.log') as { ok: true; value: { sizeBytes: number } }).value.sizeBytes;
    session.advance(100);
    const first = size();
    // Two header lines and one data line (about 82 bytes each), then one more line a second.
    expect(first).toBeGreaterThan(3 * 78);
    expect(first).toBeLessThan(3 * 86);
    session.advance(2000);
    expect(size() - first).toBeGreaterThan(2 * 78);
    expect(size() - first).toBeLessThan(2 * 86);
  });

  it('dmesg prints timestamps as the kernel formats them', () => {
    const { run } = boot();
    expect(run('dmesg').stdout.split('\n')[0]).toMatch(/^\[    0\.000000\] Linux version /);
  });
});
