// The `free` numbers the header shows. They are exactly what `free` prints because they come from procps'
// model (source/procps/free.ts: computeFree = procps-ng 4.0.x library/meminfo.c, scaleSize = `free -h` cells)
// applied to the snapshot's /proc/meminfo fields. The UI derives no memory figure of its own.
import type { KernelSnapshot } from '../kernel/types.js';
import { computeFree, scaleSize } from '../procps/free.js';

export interface FreeNumbers {
  totalKb: number;
  usedKb: number;
  freeKb: number;
  sharedKb: number;
  buffCacheKb: number;
  availableKb: number;
  swapTotalKb: number;
  swapUsedKb: number;
  swapFreeKb: number;
}

export function freeNumbers(snapshot: KernelSnapshot): FreeNumbers {
  const c = computeFree(snapshot.meminfo);
  return {
    totalKb: c.total, usedKb: c.used, freeKb: c.free, sharedKb: c.shared, buffCacheKb: c.buffCache,
    availableKb: c.available, swapTotalKb: c.swapTotal, swapUsedKb: c.swapUsed, swapFreeKb: c.swapFree,
  };
}

/** A kB amount exactly as one cell of `free -h` prints it ("1.9Gi", "976Mi", "0B"). */
export function freeHuman(kb: number): string {
  return scaleSize(kb, { unit: 'h' });
}
