// What a dashboard key does when a scenario is played without the dashboard (`memsim run`): the same command line
// the dashboard would run (source/ui/keymap.ts commandFor), with the context the dashboard would have had, minus a
// selected row (no selection headless, so k/a/A do nothing). Navigation and time keys only move the view.
import type { Kernel } from '../kernel/types.js';
import { commandFor, findBinding } from '../ui/keymap.js';
import type { KeyCommand } from './player.js';

const HOG_NAMES = new Set(['hog', 'bighog']);

/** A fresh key translator (it counts file-writing keys so each press writes a new file, as the dashboard does). */
export function headlessKeyCommand(): KeyCommand {
  let serial = 0;
  return (key: string, kernel: Kernel) => {
    const binding = findBinding(key);
    if (!binding) return undefined;
    const snapshot = kernel.snapshot();
    const hogs = snapshot.processes.filter((p) => HOG_NAMES.has(p.comm) && p.state !== 'X' && p.state !== 'Z');
    serial += 1;
    return commandFor(binding.action, {
      newestHogPid: hogs.at(-1)?.pid,
      sysctl: snapshot.sysctl,
      serial,
    });
  };
}
