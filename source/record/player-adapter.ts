// Connects RUNNER's ScenarioPlayer to the recorder and to the dashboard. The dashboard gets a view of the
// player that tells the recorder after every advance (so a caption's marker lands on the first frame that
// shows it) and never hands out the step's keys: those reach the dashboard only as bytes on its stdin, typed
// by the recorder, exactly like a user's key presses.
import type { ScenarioPlayer } from '../scenario/player.js';
import { keyBytes } from '../ui/keymap.js';
import type { PlaybackPort } from '../ui/playback.js';
import type { KeyPress, ScenarioProgress } from './recorder.js';

/** The recorder's reading of the player: caption with its step, keys to type (in 'external' key mode), end. */
export function scenarioProgress(player: ScenarioPlayer): ScenarioProgress {
  let seen = 0;
  return {
    takeCaptions: () => {
      const events = player.events();
      const captions: string[] = [];
      // A folded YAML caption (`say: >`) ends with a newline; a chapter label is one line.
      for (; seen < events.length; seen++) {
        const event = events[seen]!;
        if (event.kind === 'caption') captions.push(event.text.replace(/\s+/g, ' ').trim());
      }
      return captions;
    },
    takeKeys: (): KeyPress[] => player.takeKeys().map((name) => ({ name, bytes: keyBytes(name) })),
    done: () => player.finished,
  };
}

/** What the dashboard drives: the player, reporting each advance to `afterAdvance`. */
export function observedPlayback(player: ScenarioPlayer, afterAdvance: () => void): PlaybackPort {
  return {
    advance(ms: number): void {
      player.advance(ms);
      afterAdvance();
    },
    get caption() {
      return player.caption;
    },
    get stepIndex() {
      return player.stepIndex;
    },
    get stepCount() {
      return player.stepCount;
    },
    get finished() {
      return player.finished;
    },
    get title() {
      return player.title;
    },
  };
}
