// The ProgramContext a task's Program is stepped with (the user-space side of a process: its view of the
// clock, exit(2), nanosleep(2), stdout). One per task, built on first use (kernel.ts).
//
// A class rather than an object literal: a literal with a `get nowMs()` accessor gets its own accessor pair per
// task, and V8 then keeps every such object in dictionary mode (slow, hashed properties), so each program step
// paid hash lookups for ctx.kernel / ctx.nowMs / ctx.sleep. Instances of one class share one map and a
// prototype getter, which the step inlines.
import type { KernelApi, ProgramContext } from './types.js';
import { exitTask } from './task.js';
import type { KState, Task } from './state.js';

export class TaskContext implements ProgramContext {
  readonly pid: number;
  readonly quantumMs: number;

  constructor(readonly kernel: KernelApi, private readonly k: KState, private readonly task: Task, quantumMs: number) {
    this.pid = task.pid;
    this.quantumMs = quantumMs;
  }

  get nowMs(): number { return this.k.nowMs; }

  print(text: string): void { this.task.onOutput?.(text); }

  exit(code: number): void { exitTask(this.k, this.task, code); }

  /** The task is not stepped again until `ms` of simulated time passed; it shows as 'S' meanwhile (unless it
   *  already sleeps off a stall, 'D'). */
  sleep(ms: number): void {
    const t = this.task;
    if (!(ms > 0)) return;
    if (t.chargedMs <= 0) t.waitState = 'S';
    t.chargedMs += ms;
  }
}
