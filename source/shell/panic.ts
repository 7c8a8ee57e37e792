// Noticing a kernel panic from user space. panic() in kernel/panic.c prints "Kernel panic - not syncing: MSG" and
// the "---[ end Kernel panic ... ]---" trailer on the console and stops the machine: no process runs again and the
// clock stands still. The shell watches the kernel log for those lines (a cheap read of the new lines only) so
// that the line running at the time and every later line end at once instead of waiting for time that never comes.
import type { Kernel } from '../kernel/types.js';

const PANIC_PREFIX = 'Kernel panic - not syncing';

/** What memsim says for every line after a panic. */
export const PANIC_NOTE = 'memsim: the simulated kernel panicked; restart memsim\n';

export class PanicWatch {
  private nextSeq = 0;
  private consoleText: string | undefined;
  private announced = false;

  constructor(private readonly kernel: Kernel) {}

  /** True once the kernel has panicked. */
  get panicked(): boolean {
    if (this.consoleText !== undefined) return true;
    const fresh = this.kernel.dmesg(this.nextSeq);
    if (fresh.length === 0) return false;
    this.nextSeq = fresh[fresh.length - 1]!.seq + 1;
    const panicLines = fresh.filter((line) => line.text.includes(PANIC_PREFIX));
    if (panicLines.length === 0) return false;
    this.consoleText = panicLines.map((line) => `${this.kernel.formatLogTime(line.timeMs)} ${line.text}\n`).join('');
    return true;
  }

  /** The console's panic lines the first time (as a terminal on the console would show them), then the note only. */
  report(): string {
    if (!this.panicked) return '';
    const text = this.announced ? PANIC_NOTE : this.consoleText! + PANIC_NOTE;
    this.announced = true;
    return text;
  }
}
