// Every command the simulated shell knows, by name (bash looks builtins up first, then $PATH; here one table).
import type { Command } from '../command.js';
import { BASIC_COMMANDS } from './basics.js';
import { FILE_COMMANDS } from './files.js';
import { INSPECT_COMMANDS } from './inspect.js';
import { KILL_COMMANDS } from './kill.js';
import { PROCPS_COMMANDS } from './procps.js';
import { PROGRAM_COMMANDS } from './programs.js';
import { SYSCTL_COMMANDS } from './sysctl.js';

export const COMMANDS: Readonly<Record<string, Command>> = {
  ...BASIC_COMMANDS,
  ...INSPECT_COMMANDS,
  ...SYSCTL_COMMANDS,
  ...PROCPS_COMMANDS,
  ...KILL_COMMANDS,
  ...FILE_COMMANDS,
  ...PROGRAM_COMMANDS,
};
