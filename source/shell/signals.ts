// Signal names and numbers of x86_64 Linux (arch/x86/include/uapi/asm/signal.h) for the ones the simulated kernel
// delivers, and how bash prints a death by signal ("Killed", "Terminated": strsignal(3) wording).
import type { Signal } from '../kernel/types.js';

export const SIGNAL_NUMBER: Record<Signal, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGABRT: 6,
  SIGTERM: 15,
  SIGCONT: 18,
  SIGSTOP: 19,
};

const DESCRIPTION: Record<Signal, string> = {
  SIGHUP: 'Hangup',
  SIGINT: 'Interrupt',
  SIGKILL: 'Killed',
  SIGUSR1: 'User defined signal 1',
  SIGUSR2: 'User defined signal 2',
  SIGSEGV: 'Segmentation fault',
  SIGABRT: 'Aborted',
  SIGTERM: 'Terminated',
  SIGCONT: 'Continued',
  SIGSTOP: 'Stopped (signal)',
};

/** How bash reports a job that died of sig ("Killed" for SIGKILL). */
export function signalDescription(sig: Signal): string {
  return DESCRIPTION[sig];
}

/** Parse a signal as kill(1) accepts it: `9`, `KILL`, `SIGKILL`, `kill` (case-insensitive names). */
export function parseSignal(text: string): Signal | undefined {
  if (/^[0-9]+$/.test(text)) {
    const n = Number(text);
    return (Object.keys(SIGNAL_NUMBER) as Signal[]).find((s) => SIGNAL_NUMBER[s] === n);
  }
  const upper = text.toUpperCase();
  const name = (upper.startsWith('SIG') ? upper : `SIG${upper}`) as Signal;
  return name in SIGNAL_NUMBER ? name : undefined;
}
