// Types for the part of @sinonjs/fake-timers (15.x, shipped without typings) that the recorder uses.
declare module '@sinonjs/fake-timers' {
  export type FakeMethod =
    | 'setTimeout' | 'clearTimeout' | 'setInterval' | 'clearInterval' | 'Date' | 'setImmediate'
    | 'clearImmediate' | 'nextTick' | 'hrtime' | 'performance' | 'queueMicrotask';
  export interface InstalledClock {
    now: number;
    /** Runs every timer due within ms, yielding to the real event loop between timers. */
    tickAsync(ms: number): Promise<number>;
    tick(ms: number): number;
    runToLast(): number;
    countTimers(): number;
    uninstall(): void;
  }
  export function install(config?: {
    now?: number;
    toFake?: FakeMethod[];
    shouldClearNativeTimers?: boolean;
    loopLimit?: number;
  }): InstalledClock;
  const FakeTimers: { install: typeof install };
  export default FakeTimers;
}
