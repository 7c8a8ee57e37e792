// A small stand-in Session for the dashboard's component tests: a toy kernel whose numbers the test sets, and a
// "shell" that understands the command lines the keys send (keymap.commandFor). It exists so UI tests check
// the UI (what is drawn, which line a key runs) without depending on the real kernel's arithmetic.
import type {
  Kernel, KernelLogLine, KernelSnapshot, ProcessInfo, Result, VmaInfo,
} from '../../../source/kernel/types.js';
import type { CommandLogEntry, CommandResult, Session, Shell, ShellJob } from '../../../source/shell/types.js';

export interface FakeProcess extends ProcessInfo {
  /** kB per simulated second this fake process grows by (a hog). */
  growKbPerSec: number;
}

const MIB = 1024;

export function fakeProcess(pid: number, comm: string, rssKb: number, extra: Partial<FakeProcess> = {}): FakeProcess {
  return {
    pid, ppid: 1, uid: 0, user: 'root', comm, state: 'S', kernelThread: false, startTimeMs: 0,
    vmPeakKb: rssKb * 2, vmSizeKb: rssKb * 2, vmHwmKb: rssKb, vmRssKb: rssKb, rssAnonKb: rssKb, rssFileKb: 0,
    rssShmemKb: 0, vmDataKb: rssKb, vmStkKb: 132, vmExeKb: 100, vmLibKb: 2000, vmPteKb: 40, vmSwapKb: 0,
    minFlt: 0, majFlt: 0, oomScore: Math.round(rssKb / 2000), oomScoreAdj: 0, oomKilled: false, growKbPerSec: 0,
    ...extra,
  };
}

export class FakeKernel {
  timeMs = 0;
  meminfo: Record<string, number> = {
    MemTotal: 2_000_000, MemFree: 1_200_000, MemAvailable: 1_500_000, Buffers: 20_000, Cached: 300_000,
    SwapCached: 0, Shmem: 12_000, SReclaimable: 30_000, SwapTotal: 1_048_572, SwapFree: 948_572,
    CommitLimit: 2_048_572, Committed_AS: 900_000,
  };
  sysctl: Record<string, number> = { 'vm.overcommit_memory': 0, 'vm.swappiness': 60, 'vm.min_free_kbytes': 16384 };
  processes: FakeProcess[] = [
    fakeProcess(1, 'systemd', 12 * MIB), fakeProcess(412, 'sshd', 8 * MIB), fakeProcess(800, 'bash', 4 * MIB),
  ];
  log: KernelLogLine[] = [];
  kswapd: 'sleeping' | 'reclaiming' = 'sleeping';
  private nextPid = 1000;

  printk(text: string, level = 6): void {
    this.log.push({ seq: this.log.length, timeMs: this.timeMs, level, text });
  }

  spawn(comm: string, growKbPerSec: number): number {
    const pid = this.nextPid++;
    this.processes.push(fakeProcess(pid, comm, 1000, { startTimeMs: this.timeMs, growKbPerSec, state: 'R' }));
    return pid;
  }

  tick(ms: number): void {
    this.timeMs += ms;
    for (const p of this.processes) {
      if (p.growKbPerSec <= 0 || p.state === 'X') continue;
      const grow = Math.round((p.growKbPerSec * ms) / 1000);
      p.vmRssKb += grow;
      p.rssAnonKb += grow;
      p.vmSizeKb += grow;
      p.oomScore = Math.round(p.vmRssKb / 2000);
      this.meminfo.MemFree! -= grow;
      this.meminfo.MemAvailable! -= grow;
    }
    this.processes = this.processes.filter((p) => p.reapAtMs === undefined || p.reapAtMs > this.timeMs);
    if (this.meminfo.MemFree! < 20_000) this.oomKill();
  }

  private oomKill(): void {
    const victim = [...this.processes].filter((p) => p.state !== 'X').sort((a, b) => b.oomScore - a.oomScore)[0];
    if (!victim) return;
    this.printk(`Out of memory: Killed process ${victim.pid} (${victim.comm}) total-vm:${victim.vmSizeKb}kB, anon-rss:${victim.rssAnonKb}kB`, 3);
    this.meminfo.MemFree! += victim.vmRssKb;
    this.meminfo.MemAvailable! += victim.vmRssKb;
    // As the kernel does: the victim's memory is freed at once, the task stays visible as X until reaped.
    Object.assign(victim, { state: 'X', oomKilled: true, reapAtMs: this.timeMs + 2000, growKbPerSec: 0, vmRssKb: 0, rssAnonKb: 0 });
  }

  snapshot(): KernelSnapshot {
    return {
      timeMs: this.timeMs,
      meminfo: { ...this.meminfo },
      vmstat: { oom_kill: this.log.filter((l) => l.text.startsWith('Out of memory')).length },
      watermarks: { minFreeKbytes: 16384, minPages: 4096, lowPages: 5120, highPages: 6144 },
      kswapd: { state: this.kswapd },
      psi: { some: { avg10: 1.5, avg60: 0.5, avg300: 0.1, total: 0 }, full: { avg10: 0.25, avg60: 0, avg300: 0, total: 0 } },
      sysctl: { ...this.sysctl },
      processes: this.processes.map((p) => ({ ...p })),
      dmesgNextSeq: this.log.length,
      panicked: false,
    };
  }

  vmas(pid: number): Result<VmaInfo[]> {
    if (!this.processes.some((p) => p.pid === pid)) return { ok: false, errno: 'ESRCH' };
    return {
      ok: true,
      value: [
        { start: 0x555555554000, end: 0x555555556000, perms: 'r-xp', offset: 0, dev: '08:01', inode: 1234, name: '/usr/bin/hog', rssKb: 8, swapKb: 0 },
        { start: 0x555555756000, end: 0x555565756000, perms: 'rw-p', offset: 0, dev: '00:00', inode: 0, name: '[heap]', rssKb: 262144, swapKb: 0 },
        { start: 0x7ffffffde000, end: 0x7ffffffff000, perms: 'rw-p', offset: 0, dev: '00:00', inode: 0, name: '[stack]', rssKb: 12, swapKb: 0 },
      ],
    };
  }

  dmesg(fromSeq = 0): KernelLogLine[] {
    return this.log.filter((l) => l.seq >= fromSeq);
  }

  formatLogTime(timeMs: number): string {
    return `[${(timeMs / 1000).toFixed(6).padStart(12)}]`;
  }
}

/** Runs the command lines the dashboard's keys produce against the FakeKernel. */
export class FakeSession implements Session {
  readonly fake = new FakeKernel();
  readonly kernel = this.fake as unknown as Kernel;
  readonly shell = {} as Shell;
  private readonly log: CommandLogEntry[] = [];
  /** Every line exec() received, in order. */
  readonly lines: string[] = [];

  exec(line: string, origin: CommandLogEntry['origin']): ShellJob {
    this.lines.push(line);
    const result = this.run(line);
    this.log.push({ seq: this.log.length + 1, timeMs: this.fake.timeMs, line, status: result.status, output: result.stdout + result.stderr, origin });
    return { line, poll: () => true, done: true, result, output: () => result.stdout + result.stderr };
  }

  runToCompletion(line: string, origin: CommandLogEntry['origin']): CommandResult {
    return this.exec(line, origin).result!;
  }

  advance(ms: number): void {
    this.fake.tick(ms);
  }

  commandLog(): readonly CommandLogEntry[] {
    return [...this.log];
  }

  private run(line: string): CommandResult {
    const ok = (stdout = ''): CommandResult => ({ status: 0, stdout, stderr: '' });
    const fail = (stderr: string): CommandResult => ({ status: 1, stdout: '', stderr });
    const k = this.fake;
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^hog --rate (\d+)M\/s(?: --name (\S+))? &$/))) {
      const pid = k.spawn(m[2] ?? 'hog', Number(m[1]) * MIB);
      return ok(`[1] ${pid}\n`);
    }
    if ((m = line.match(/^echo (\d) > \/proc\/sys\/vm\/drop_caches$/))) {
      if (m[1] === '1' || m[1] === '3') {
        k.meminfo.MemFree! += k.meminfo.Cached! - k.meminfo.Shmem!;
        k.meminfo.Cached = k.meminfo.Shmem!;
      }
      k.printk(`bash (800): drop_caches: ${m[1]}`);
      return ok();
    }
    if ((m = line.match(/^echo (-?\d+) > \/proc\/(\d+)\/oom_score_adj$/))) {
      const p = k.processes.find((q) => q.pid === Number(m![2]));
      if (!p) return fail(`bash: /proc/${m[2]}/oom_score_adj: No such file or directory\n`);
      p.oomScoreAdj = Number(m[1]);
      return ok();
    }
    if ((m = line.match(/^sysctl -w (vm\.\w+)=(\d+)$/))) {
      k.sysctl[m[1]!] = Number(m[2]);
      return ok(`${m[1]} = ${m[2]}\n`);
    }
    if ((m = line.match(/^kill -(\d+|USR1|USR2) (\d+)$/))) {
      const p = k.processes.find((q) => q.pid === Number(m![2]));
      if (!p) return fail(`bash: kill: (${m[2]}) - No such process\n`);
      if (m[1] === 'USR1') p.growKbPerSec *= 2;
      else if (m[1] === 'USR2') p.growKbPerSec /= 2;
      else k.processes = k.processes.filter((q) => q !== p);
      return ok();
    }
    if (line === 'sync' || line.startsWith('dd ')) return ok();
    return { status: 127, stdout: '', stderr: `bash: ${line.split(' ')[0]}: command not found\n` };
  }
}
