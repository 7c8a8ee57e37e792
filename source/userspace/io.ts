// What a simulated program has besides its ProgramContext: a stderr stream (ctx.print is stdout) and, when it runs
// under strace, a syscall tracer. The tracer takes the call as strace prints it (`brk(0x55d1c8a4b000)`) and the
// return value (`0x55d1c8a4b000`, `-1 ENOMEM (Cannot allocate memory)`); source/userspace/strace.ts lays the lines
// out in strace's columns.
import type { Errno, Result } from '../kernel/types.js';
import { strerror } from '../shell/errno.js';

export type Tracer = (call: string, ret: string) => void;

export interface ProgramIO {
  stderr(text: string): void;
  trace?: Tracer;
  /** Report the errno of the call that made the program fail (the shell keeps it as the line's errno). */
  fail?(errno: Errno): void;
}

/** Lower-case hex with 0x, as strace prints addresses. */
export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** `-1 ENOMEM (Cannot allocate memory)`: how strace shows a failed call. */
export function failedReturn(errno: Errno): string {
  return `-1 ${errno} (${strerror(errno)})`;
}

/** strace's return column for a Result: the value (hex for addresses) or the errno. */
export function traceReturn<T>(result: Result<T>, show: (value: T) => string): string {
  return result.ok ? show(result.value) : failedReturn(result.errno);
}

