// Models linux lib/ratelimit.c (`___ratelimit`) and the integer helpers of include/linux/math.h
// (`int_sqrt`, `mult_frac`, `DIV_ROUND_UP`) that the memory-pressure code uses.
// Simplified: time is simulated milliseconds instead of jiffies; one state object per call site, as
// DEFINE_RATELIMIT_STATE gives each pr_*_ratelimited() its own.

/** DEFAULT_RATELIMIT_INTERVAL (5 * HZ) and DEFAULT_RATELIMIT_BURST (10). */
export const DEFAULT_RATELIMIT_INTERVAL_MS = 5000;
export const DEFAULT_RATELIMIT_BURST = 10;

export interface RatelimitVerdict {
  /** True when the caller may print. */
  print: boolean;
  /** "<func>: N callbacks suppressed" to log first (warning level), when a window with misses just ended. */
  suppressedLine?: string;
}

export class Ratelimit {
  private beginMs = -1;
  private printed = 0;
  private missed = 0;

  constructor(
    private readonly func: string,
    private readonly intervalMs = DEFAULT_RATELIMIT_INTERVAL_MS,
    private readonly burst = DEFAULT_RATELIMIT_BURST,
  ) {}

  /** One ___ratelimit() call at simulated time nowMs. */
  check(nowMs: number): RatelimitVerdict {
    if (this.intervalMs === 0) return { print: true };
    let suppressedLine: string | undefined;
    if (this.beginMs < 0) this.beginMs = nowMs;
    if (nowMs > this.beginMs + this.intervalMs) {
      if (this.missed > 0) {
        suppressedLine = `${this.func}: ${this.missed} callbacks suppressed`;
        this.missed = 0;
      }
      this.beginMs = nowMs;
      this.printed = 0;
    }
    if (this.burst > this.printed) {
      this.printed++;
      return { print: true, suppressedLine };
    }
    this.missed++;
    return { print: false, suppressedLine };
  }
}

/** int_sqrt(): floor of the square root, exact for every safe integer. */
export function intSqrt(x: number): number {
  if (x <= 0) return 0;
  let r = Math.floor(Math.sqrt(x));
  while (r * r > x) r--;
  while ((r + 1) * (r + 1) <= x) r++;
  return r;
}

/** mult_frac(x, n, d): x * n / d without overflowing, as the kernel macro computes it. */
export function multFrac(x: number, n: number, d: number): number {
  const q = Math.floor(x / d);
  const r = x % d;
  return q * n + Math.floor((r * n) / d);
}

/** C integer division of signed values: truncates toward zero. */
export function cdiv(a: number, b: number): number {
  return Math.trunc(a / b);
}

export function divRoundUp(n: number, d: number): number {
  return Math.floor((n + d - 1) / d);
}
