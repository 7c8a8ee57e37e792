// Small stand-ins for the scenario player and the dashboard, so the recorder's own logic (clock, frames,
// markers, keys, determinism) is tested apart from the real UI and runner. The stand-in dashboard behaves like
// the real one where the recorder cares: an Ink app with its own setInterval loop that advances the player
// by speed x elapsed time, draws the caption, and turns key presses into command-log lines.
import type { KeyPress, MountedDashboard, ScenarioProgress } from '../../source/record/recorder.js';
import type { VirtualTtyInput, VirtualTtyOutput } from '../../source/record/virtual-terminal.js';

export interface StandInStep {
  atMs: number;
  say?: string;
  keys?: KeyPress[];
}

/** Plays captions and keys at fixed simulated times. */
export class StandInPlayer implements ScenarioProgress {
  simulatedMs = 0;
  private reached = 0;
  private pendingKeys: KeyPress[] = [];
  private currentCaption: { id: number; text: string } | undefined;
  private newCaptions: string[] = [];
  constructor(private readonly steps: StandInStep[], private readonly endMs: number) {
    this.advance(0);
  }

  advance(ms: number): void {
    this.simulatedMs += ms;
    while (this.reached < this.steps.length && this.steps[this.reached]!.atMs <= this.simulatedMs) {
      const step = this.steps[this.reached]!;
      if (step.say !== undefined) {
        this.currentCaption = { id: this.reached, text: step.say };
        this.newCaptions.push(step.say);
      }
      this.pendingKeys.push(...(step.keys ?? []));
      this.reached++;
    }
  }
  caption(): { id: number; text: string } | undefined {
    return this.currentCaption;
  }
  takeCaptions(): string[] {
    return this.newCaptions.splice(0);
  }
  takeKeys(): KeyPress[] {
    return this.pendingKeys.splice(0);
  }
  done(): boolean {
    return this.reached === this.steps.length && this.simulatedMs >= this.endMs;
  }
}

/** Mounts the stand-in dashboard. Must be called after the virtual clock is installed. */
export async function loadStandInDashboard(): Promise<
  (io: { stdin: VirtualTtyInput; stdout: VirtualTtyOutput }, player: StandInPlayer, opts: { fps: number; speed: number; onPlayerCall: () => void; crashAtMs?: number }) => MountedDashboard
> {
  const React = (await import('react')).default;
  const { render, Box, Text, useInput } = await import('ink');
  const h = React.createElement;

  function Dashboard(props: { player: StandInPlayer; fps: number; speed: number; rows: number; onPlayerCall: () => void; crashAtMs?: number }) {
    const [, setFrame] = React.useState(0);
    const [log, setLog] = React.useState<string[]>([]);
    React.useEffect(() => {
      const intervalMs = Math.round(1000 / props.fps);
      const id = setInterval(() => {
        props.player.advance(intervalMs * props.speed);
        props.onPlayerCall();
        setFrame((n) => n + 1);
      }, intervalMs);
      return () => clearInterval(id);
    }, []);
    useInput((input) => {
      if (input === 'p') setLog((lines) => [...lines, `$ hog --rate 100M/s & (t=${props.player.simulatedMs})`]);
      else if (input === 's') setLog((lines) => [...lines, '$ sync']);
    });
    if (props.crashAtMs !== undefined && props.player.simulatedMs >= props.crashAtMs) {
      throw new Error(`stand-in render error at ${props.player.simulatedMs} ms`);
    }
    const caption = props.player.caption()?.text ?? '';
    return h(
      Box,
      { flexDirection: 'column', height: props.rows - 1 },
      h(Text, { color: 'green' }, `Mem [${'|'.repeat(Math.min(40, props.player.simulatedMs / 250))}]`),
      h(Text, { inverse: true }, `Caption: ${caption}`),
      h(Text, null, `simulated ${(props.player.simulatedMs / 1000).toFixed(1)} s`),
      ...log.map((line, i) => h(Text, { key: i }, line)),
    );
  }

  return (io, player, opts) => {
    const instance = render(
      h(Dashboard, { player, fps: opts.fps, speed: opts.speed, rows: io.stdout.rows, onPlayerCall: opts.onPlayerCall, crashAtMs: opts.crashAtMs }),
      { stdout: io.stdout as unknown as NodeJS.WriteStream, stdin: io.stdin as unknown as NodeJS.ReadStream, patchConsole: false, exitOnCtrlC: false, maxFps: opts.fps },
    );
    return instance;
  };
}
