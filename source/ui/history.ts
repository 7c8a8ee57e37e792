// Bounded history of a few snapshot numbers over simulated time, for the trend graphs (like htop's graph meters
// or bottom's RAM graph). One sample per SAMPLE_MS of simulated time; the ring keeps the last MAX_SAMPLES, so
// memory stays bounded however long the dashboard runs.
export const SAMPLE_MS = 1000;
export const MAX_SAMPLES = 300; // 5 minutes of simulated time

export interface HistorySample {
  timeMs: number;
  freeKb: number;
  buffCacheKb: number;
  swapUsedKb: number;
  /** PSI memory some avg10, percent. */
  psiSome: number;
}

export class History {
  private readonly samples: HistorySample[] = [];
  private nextSampleAt = 0;
  private recorded = 0;

  constructor(private readonly capacity = MAX_SAMPLES) {}

  /** Records a sample when at least SAMPLE_MS of simulated time passed since the last one. */
  offer(sample: HistorySample): boolean {
    if (sample.timeMs < this.nextSampleAt) return false;
    this.samples.push(sample);
    this.recorded += 1;
    if (this.samples.length > this.capacity) this.samples.splice(0, this.samples.length - this.capacity);
    this.nextSampleAt = sample.timeMs + SAMPLE_MS;
    return true;
  }

  /** The newest `count` samples, oldest first. Between samples the graphs do not change, which keeps the
   *  frames that only move the clock small (the header shows the live numbers). */
  last(count: number): readonly HistorySample[] {
    return this.samples.slice(Math.max(0, this.samples.length - count));
  }

  get size(): number {
    return this.samples.length;
  }

  /** Samples recorded since the start (keeps growing after the ring is full: the graphs still move). */
  get total(): number {
    return this.recorded;
  }
}
