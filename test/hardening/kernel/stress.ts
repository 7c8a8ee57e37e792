// Drives one kernel through a workload (ops.ts) and checks the invariants (invariants.ts) after every tick, plus
// the rules that span time: a failed call changes nothing, the OOM killer fires only when reclaim cannot make
// progress and never picks an unkillable task, a killed task's memory is freed, and nothing leaks once every
// workload process is gone.
import { bootKernel } from '../../../source/kernel/index.js';
import type { Kernel } from '../../../source/kernel/types.js';
import { applyOp, FILES, isFallibleCall, newWorkload, type Machine, type Op } from './ops.js';
import { baselineOf, checkGlobal, checkProcesses, stateFingerprint } from './invariants.js';

/** A tick is checked in slices of this many ms, so a broken identity is seen close to where it broke. */
const CHECK_SLICE_MS = 100;
/** A killed task's memory must be gone this long after the kill (the OOM reaper runs within ms in Linux). */
const REAP_DEADLINE_MS = 2000;

/**
 * Violations already reported to their owner (NOTES.md), by message pattern. stress() counts them apart instead of
 * failing on them, so the property keeps hunting for new problems; regressions/*.json replay them with
 * `strict` and are pending (it.fails) until the owner fixes them. Remove an entry once fixed.
 */
export const KNOWN_ISSUES: Array<{ pattern: RegExp; note: string }> = [
  { pattern: /anon LRU = .*off by|frames conserved/, note: 'NOTES.md HARDEN -> PRESSURE 20:01: Shmem keeps counting shmem pages after they are swapped out' },
];

export interface StressOutcome {
  /** Known issues seen (not counted as violations unless strict). */
  known: string[];
  violations: string[];
  ticksChecked: number;
  oomKills: number;
  failedCalls: number;
}

function describeOp(i: number, op: Op): string {
  return `op #${i} ${JSON.stringify(op)}`;
}

export function bootMachine(machine: Machine): Kernel {
  return bootKernel({ ramBytes: machine.ramBytes, swapBytes: machine.swapBytes, seed: machine.seed, sysctl: { 'vm.overcommit_memory': machine.overcommit } });
}

/** Run `ops` on a fresh `machine`; stop at the first op that broke something and report what broke. */
/** `strict`: true = known issues count as violations too; a RegExp = only the known issue it matches does. */
export function stress(machine: Machine, ops: readonly Op[], strict: boolean | RegExp = false): StressOutcome {
  const kernel = bootMachine(machine);
  const base = baselineOf(kernel);
  const boot = kernel.snapshot().meminfo;
  const w = newWorkload();
  const outcome: StressOutcome = { known: [], violations: [], ticksChecked: 0, oomKills: 0, failedCalls: 0 };
  let oomKillCount = kernel.snapshot().vmstat.oom_kill ?? 0;
  const killedAt = new Map<number, number>();

  const check = (where: string, withProcesses: boolean): boolean => {
    const s = kernel.snapshot();
    const found = [...checkGlobal(s, base), ...(withProcesses ? checkProcesses(kernel, s) : [])];
    // OOM only when reclaim cannot progress: no swap left to push anonymous memory to, and little clean page cache.
    const kills = s.vmstat.oom_kill ?? 0;
    if (kills > oomKillCount) {
      outcome.oomKills += kills - oomKillCount;
      const m = s.meminfo;
      const swapLeftKb = m.SwapFree!;
      const cleanCacheKb = m['Active(file)']! + m['Inactive(file)']! - m.Dirty! - m.Writeback! - m.Mapped!;
      if (m.SwapTotal! > 0 && swapLeftKb > Math.max(m.SwapTotal! * 0.05, 8192)) found.push(`OOM kill with ${swapLeftKb} kB of swap free`);
      if (cleanCacheKb > Math.max(m.MemTotal! * 0.1, 65536)) found.push(`OOM kill with ${cleanCacheKb} kB of clean unmapped page cache`);
      oomKillCount = kills;
    }
    for (const p of s.processes) {
      if (p.oomKilled && p.oomScoreAdj === -1000) found.push(`OOM killer chose pid ${p.pid} (${p.comm}) with oom_score_adj -1000`);
      if (p.oomKilled && p.kernelThread) found.push(`OOM killer chose kernel thread ${p.pid} (${p.comm})`);
      if ((p.oomKilled || p.state === 'X') && !killedAt.has(p.pid)) killedAt.set(p.pid, s.timeMs);
    }
    for (const [pid, at] of killedAt) {
      const p = s.processes.find((q) => q.pid === pid);
      if (p && s.timeMs - at >= REAP_DEADLINE_MS && (p.vmRssKb > 0 || p.vmSwapKb > 0)) {
        found.push(`pid ${pid} (${p.comm}) killed at ${at} ms still holds RSS ${p.vmRssKb} kB, swap ${p.vmSwapKb} kB at ${s.timeMs} ms`);
      }
    }
    if (withProcesses) outcome.ticksChecked++;
    let fresh = 0;
    for (const f of found) {
      const forced = strict === true || (strict instanceof RegExp && strict.test(f));
      if (!forced && KNOWN_ISSUES.some((k) => k.pattern.test(f))) {
        if (outcome.known.length < 5) outcome.known.push(`${where}: ${f}`);
      } else {
        outcome.violations.push(`${where}: ${f}`);
        fresh++;
      }
    }
    return fresh === 0;
  };

  const tick = (ms: number, where: string): boolean => {
    for (let left = ms; left > 0; left -= CHECK_SLICE_MS) {
      kernel.tick(Math.min(CHECK_SLICE_MS, left));
      if (!check(`${where} at ${kernel.nowMs()} ms`, true)) return false;
    }
    return true;
  };

  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    const where = describeOp(i, op);
    try {
      if (op.op === 'tick') {
        if (!tick(op.ms, where)) return outcome;
        continue;
      }
      const before = isFallibleCall(op) ? stateFingerprint(kernel) : undefined;
      const result = applyOp(kernel, w, op);
      if (result && !result.ok) {
        outcome.failedCalls++;
        if (before !== undefined && stateFingerprint(kernel) !== before) {
          outcome.violations.push(`${where}: failed with ${result.errno} but changed the kernel state`);
          return outcome;
        }
      }
      if (!check(where, false)) return outcome;
    } catch (error) {
      outcome.violations.push(`${where}: threw ${(error as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
      return outcome;
    }
  }

  // Tear down: kill every workload process, remove the files it made; nothing it used may stay accounted.
  try {
    for (const pid of w.pids) kernel.kill(pid, 'SIGKILL');
    for (const f of FILES) if (!f.startsWith('/srv/') && !f.startsWith('/var/log/')) kernel.unlink(f);
    if (!tick(REAP_DEADLINE_MS + 1000, 'teardown')) return outcome;
    const s = kernel.snapshot();
    // A machine that panicked (vm.panic_on_oom, or "Out of memory and no killable processes" when every candidate
    // has oom_score_adj -1000) is frozen as Linux is: nothing is reaped any more, so there is nothing to tear down.
    if (s.panicked) return outcome;
    const m = s.meminfo;
    const leftovers = s.processes.filter((p) => w.pids.includes(p.pid));
    if (leftovers.length > 0) outcome.violations.push(`teardown: killed processes still listed: ${leftovers.map((p) => `${p.pid} ${p.state}`).join(', ')}`);
    if (m.Shmem! > boot.Shmem!) outcome.violations.push(`teardown: Shmem ${m.Shmem} kB > boot ${boot.Shmem} kB after unlinking every tmpfs file`);
    if (m.Committed_AS! > boot.Committed_AS!) outcome.violations.push(`teardown: Committed_AS ${m.Committed_AS} kB > boot ${boot.Committed_AS} kB`);
    const swapUsed = m.SwapTotal! - m.SwapFree!;
    // Slots may also hold the base system's tmpfs/shared pages (boot Shmem), which belong to no process.
    const swapHeld = s.processes.reduce((a, p) => a + p.vmSwapKb, 0) + m.SwapCached! + boot.Shmem!;
    if (swapUsed > swapHeld) outcome.violations.push(`teardown: ${swapUsed} kB of swap used but only ${swapHeld} kB held by processes and the swap cache (slots leaked)`);
  } catch (error) {
    outcome.violations.push(`teardown threw ${(error as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
  }
  return outcome;
}
