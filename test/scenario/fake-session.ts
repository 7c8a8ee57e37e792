// A tiny stand-in Session for the player's timing tests: a clock, a kernel log, one counter, and a few commands
// whose duration and effect are known exactly, so the tests can assert the time of every event.
import type { Kernel, KernelLogLine } from '../../source/kernel/types.js';
import type { CommandLogEntry, CommandResult, Session, Shell, ShellJob } from '../../source/shell/types.js';

export class FakeSession implements Session {
  nowMs = 0;
  oomKills = 0;
  log: KernelLogLine[] = [{ seq: 0, timeMs: 0, level: 6, text: 'boot line (not part of the story)' }];
  /** Pending effects: at time t, do f. */
  private timers: Array<{ at: number; run: () => void }> = [];
  private jobs: FakeJob[] = [];
  readonly executed: Array<{ line: string; origin: string; atMs: number }> = [];

  readonly kernel = {
    nowMs: () => this.nowMs,
    snapshot: () => ({
      timeMs: this.nowMs,
      meminfo: { MemFree: 1024 },
      vmstat: { oom_kill: this.oomKills },
      dmesgNextSeq: this.log.length,
    }),
    dmesg: (from = 0) => this.log.filter((l) => l.seq >= from),
    processByComm: () => undefined,
    sysctlGet: () => ({ ok: true, value: 60 }),
    readProc: () => ({ ok: false, errno: 'ENOENT' }),
  } as unknown as Kernel;

  readonly shell = {} as Shell;

  printk(text: string): void {
    this.log.push({ seq: this.log.length, timeMs: this.nowMs, level: 3, text });
  }

  exec(line: string, origin: CommandLogEntry['origin']): ShellJob {
    this.executed.push({ line, origin, atMs: this.nowMs });
    const job = new FakeJob(line);
    const sleep = /^sleep (\d+)$/.exec(line);
    if (sleep) {
      this.timers.push({ at: this.nowMs + Number(sleep[1]), run: () => job.finish({ status: 0, stdout: '', stderr: '' }) });
    } else if (line.startsWith('echo ')) {
      job.finish({ status: 0, stdout: `${line.slice(5)}\n`, stderr: '' });
    } else if (line === 'fail') {
      job.finish({ status: 1, errno: 'ENOMEM', stdout: '', stderr: 'fail: Cannot allocate memory\n' });
    } else if (line === 'oom-in-2s &') {
      this.timers.push({ at: this.nowMs + 2000, run: () => { this.oomKills += 1; this.printk('Out of memory: Killed process 7 (hog)'); } });
      job.finish({ status: 0, stdout: '[1] 7\n', stderr: '' });
    } else if (line === 'printk') {
      this.printk('printed at once');
      job.finish({ status: 0, stdout: '', stderr: '' });
    } else if (line !== 'forever') {
      job.finish({ status: 127, stdout: '', stderr: `${line}: not found\n` });
    }
    this.jobs.push(job);
    return job;
  }

  runToCompletion(): CommandResult {
    throw new Error('not used by the player');
  }

  advance(ms: number): void {
    const end = this.nowMs + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.nowMs = Math.max(this.nowMs, due.at);
      this.timers.splice(this.timers.indexOf(due), 1);
      due.run();
    }
    this.nowMs = end;
  }

  commandLog(): readonly CommandLogEntry[] {
    return [];
  }
}

class FakeJob implements ShellJob {
  done = false;
  result: CommandResult | undefined;
  constructor(readonly line: string) {}
  poll(): boolean {
    return this.done;
  }
  finish(result: CommandResult): void {
    this.done = true;
    this.result = result;
  }
  output(): string {
    return this.result ? this.result.stdout + this.result.stderr : '';
  }
}
