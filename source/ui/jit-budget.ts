// Node/V8 tuning for the live dashboard (no Linux source modelled here). A dashboard frame runs the same UI and
// kernel-tick code ten times a second; V8's default tier-up budget sends much of that lukewarm code to the
// optimizing compiler in the first minute, and the compiler threads then cost more CPU than the optimized code
// saves (measured at 120x40, 10 frames/s: ~4 ms of compiler-thread CPU per frame in the first 15 s, ~1 ms with a
// 16x budget, the main thread unchanged within noise; after 30 s both settings cost the same). Code that really
// is hot is still optimized, only later. Set after the first frame, so that start-up (kernel boot, first render)
// tiers up as before. The recorder (CPU-bound, not paced) does not use this.
import { setFlagsFromString } from 'node:v8';

/** V8's default --interrupt-budget (node 20 / V8 11.3) times 16. */
export const DASHBOARD_INTERRUPT_BUDGET = 16 * 67_584;

export function relaxTierUp(): void {
  try {
    setFlagsFromString(`--interrupt-budget=${DASHBOARD_INTERRUPT_BUDGET}`);
  } catch {
    // A runtime without the flag keeps its defaults: only CPU use differs.
  }
}
