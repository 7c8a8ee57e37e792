// memsim's command line: `memsim` (the dashboard), `memsim run`, `memsim sh`, `memsim record`. Parsing is meow's
// (source/cli/args.ts adds one-line usage errors); every usage error exits with status 2 before anything runs.
// The dashboard and the recorder are imported dynamically so that `memsim run` and `memsim sh` never load React,
// and the scenario modules (with their YAML parser) so that the plain dashboard and `memsim sh` never load them.
import type { MachineConfig } from '../kernel/types.js';
import type { KernelFacts } from '../scenario/load.js';
import type { ScenarioPlayer } from '../scenario/player.js';
import { createSession } from '../shell/session.js';
import { quoteValue } from '../shell/size.js';
import { numberFlag, parseArgs, positionals, stringFlag, UsageError, type FlagSpecs } from './args.js';
import { MACHINE_FLAGS, MACHINE_HELP, machineFromFlags, needsKernelFacts } from './machine-flags.js';
import { repl, runCommands } from './sh.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: NodeJS.ReadStream;
  stdoutStream: NodeJS.WriteStream;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: process.stdin,
  stdoutStream: process.stdout,
};

/** The scenario modules and the YAML parser they use, loaded when a command needs them: evaluating them is
 *  start-up time that the plain dashboard and `memsim sh` do not need to spend before their first output. */
const scenarioModules = () => import('./scenario-modules.js');

/** Kernel facts for checking machine flags against (--sysctl): a probe kernel is booted only when a flag needs
 *  checking against it, and only then are the scenario modules (which provide it) loaded. */
async function flagFacts(args: Parameters<typeof needsKernelFacts>[0]): Promise<() => KernelFacts> {
  if (!needsKernelFacts(args)) return () => { throw new Error('machine flags asked for kernel facts they do not need'); };
  const { kernelFacts } = await scenarioModules();
  let facts: KernelFacts | undefined;
  return () => (facts ??= kernelFacts());
}

// ------------------------------------------------------------------------------------------- memsim (dashboard)

const DASHBOARD_HELP = `
Usage
  $ memsim [--scenario FILE] [machine flags] [--speed X] [--fps N] [--paused]
  $ memsim run FILE [--json] [--speed N]        play a scenario headless and print its timeline
  $ memsim sh [-c 'CMDS'] [machine flags]       the simulated shell, without the dashboard
  $ memsim record FILE -o OUT.cast [...]        render a scenario into an asciinema recording

Dashboard
  --scenario FILE   play a scenario (scenarios/*.yaml) with its captions in the dashboard
  --speed X         simulated seconds per real second, 0.25 to 16 (default 1)
  --fps N           frames per second, 1 to 30 (default 4)
  --paused          start with time paused (space resumes)
${MACHINE_HELP}

Each command has its own --help. In the dashboard, press ? for the keys.

Examples
  $ memsim --ram 1GiB --swap 0
  $ memsim --scenario scenarios/04-oom-killer.yaml
  $ memsim run scenarios/09-drop-caches-sync.yaml
  $ memsim sh -c 'free -h'
`;

const DASHBOARD_FLAGS: FlagSpecs = {
  scenario: { type: 'string' },
  speed: { type: 'string' },
  fps: { type: 'string' },
  paused: { type: 'boolean' },
  ...MACHINE_FLAGS,
};

async function dashboardCommand(argv: string[], io: CliIo): Promise<number> {
  const command = 'memsim';
  const args = parseArgs(command, argv, DASHBOARD_HELP, DASHBOARD_FLAGS);
  if (args.input.length > 0) {
    throw new UsageError(`memsim: unknown command ${quoteValue(String(args.input[0]))} (commands: run, sh, record; see memsim --help)`);
  }
  const speed = numberFlag(command, args, 'speed', { min: 0.25, max: 16 });
  const fps = numberFlag(command, args, 'fps', { min: 1, max: 30, integer: true });
  const machine = machineFromFlags(command, args, await flagFacts(args));
  const scenarioFile = stringFlag(args, 'scenario');
  let session;
  let player: ScenarioPlayer | undefined;
  if (scenarioFile !== undefined) {
    const { openScenario, readingTimeMs, ScenarioPlayer } = await scenarioModules();
    const opened = openScenario(scenarioFile, machine);
    if (!opened.ok) {
      io.stderr(`${opened.message}\n`);
      return 2;
    }
    session = opened.session;
    // Captions stay long enough to be read at the chosen speed (simulated time runs `speed` times faster).
    const holdScale = speed ?? 1;
    player = new ScenarioPlayer(opened.scenario, session, {
      keys: 'external',
      captionHoldMs: (caption) => readingTimeMs(caption) * holdScale,
    });
  } else {
    session = createSession({ machine });
  }
  // Checked after the scenario so that an author without a terminal still learns what is wrong with the file.
  if (!io.stdin.isTTY || !io.stdoutStream.isTTY) {
    io.stderr('memsim: the dashboard needs a terminal (stdin and stdout must be a TTY); ' +
      'use `memsim run FILE` to play a scenario headless or `memsim sh` for the shell\n');
    return 2;
  }
  const ui = await import('../ui/index.js');
  return ui.runDashboard({ session, player, fps, speed, paused: args.flags.paused === true });
}

// ------------------------------------------------------------------------------------------- memsim run

const RUN_HELP = `
Usage
  $ memsim run FILE [--json] [--speed N] [machine flags]

Plays a scenario file on the simulated clock, as fast as the machine allows, and prints a timeline:
simulated time, captions, each command with its output, kernel log lines as they appear, and every
expectation as ok or FAIL with the value found.

Options
  --json        print one JSON document with the same events instead
  --speed N     pace the simulated clock at N times real time (default: as fast as possible)
${MACHINE_HELP.replace('sets the same things', 'is overridden by these')}

Exit status
  0 every expectation held, 1 one failed or an until timed out, 2 the file is invalid (FILE:LINE:COL: message)

Examples
  $ memsim run scenarios/04-oom-killer.yaml
  $ memsim run scenarios/06-overcommit.yaml --json | jq .ok
`;

const RUN_FLAGS: FlagSpecs = { json: { type: 'boolean' }, speed: { type: 'string' }, ...MACHINE_FLAGS };

async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const command = 'memsim run';
  const args = parseArgs(command, argv, RUN_HELP, RUN_FLAGS);
  const [file] = positionals(command, args, ['FILE']) as [string];
  const speed = numberFlag(command, args, 'speed', { min: 0.001, max: 1_000_000 });
  const machine = machineFromFlags(command, args, await flagFacts(args));
  const { headlessKeyCommand, openScenario, runScenario } = await scenarioModules();
  const opened = openScenario(file, machine);
  if (!opened.ok) {
    io.stderr(`${opened.message}\n`);
    return 2;
  }
  const outcome = await runScenario(opened.scenario, opened.session, {
    json: args.flags.json === true,
    speed,
    write: io.stdout,
    keyCommand: headlessKeyCommand(),
  });
  return outcome.exitStatus;
}

// ------------------------------------------------------------------------------------------- memsim sh

const SH_HELP = `
Usage
  $ memsim sh [-c 'CMDS'] [machine flags]

The simulated shell without the dashboard: free, cat /proc/meminfo, sysctl, hog, dd, strace, kill ...
act on a simulated kernel only (never on this machine's /proc or /sys). Simulated time moves while a
command runs: use sleep to let background programs progress.

Options
  -c, --command CMDS   run these command lines (one per line, or joined with ;) and exit with the
                       last one's status
${MACHINE_HELP}

Examples
  $ memsim sh
  $ memsim sh --ram 512MiB --swap 0 -c 'hog --size 300M & sleep 3s; free -m'
  $ echo 'cat /proc/meminfo' | memsim sh
`;

const SH_FLAGS: FlagSpecs = { command: { type: 'string', shortFlag: 'c' }, ...MACHINE_FLAGS };

async function shCommand(argv: string[], io: CliIo): Promise<number> {
  const command = 'memsim sh';
  const args = parseArgs(command, argv, SH_HELP, SH_FLAGS);
  positionals(command, args, []);
  const machine: Partial<MachineConfig> = machineFromFlags(command, args, await flagFacts(args));
  const session = createSession({ machine });
  const commands = stringFlag(args, 'command');
  if (commands !== undefined) return runCommands(session, commands, io);
  return repl(session, io, io.stdin, io.stdin.isTTY === true && io.stdoutStream.isTTY === true);
}

// ------------------------------------------------------------------------------------------- memsim record

const RECORD_HELP = `
Usage
  $ memsim record FILE -o OUT.cast [--cols 100] [--rows 30] [--fps 10] [--speed X] [--title T]
                  [--idle-time-limit S] [--timestamp N] [--format cast|txt]
  $ memsim record FILE... -o DIR [options]

Plays a scenario through the dashboard on a virtual clock and writes an asciicast v2 recording
(a chapter marker at each caption), in a fraction of real time and identical on every run.
With several files (or -o naming a directory), each recording goes to DIR/NAME.cast, named after
its scenario, all in one run.

Options
  -o, --output FILE|DIR    the .cast file to write (- for standard output), or the directory
  --cols N, --rows N       terminal size (default 100x30)
  --fps N                  frames per second of the recording (default 10)
  --speed X                simulated seconds per second of recording (default 1)
  --title T                title in the header (default: the scenario's title)
  --idle-time-limit S      players shorten pauses longer than S seconds (default 2)
  --timestamp N            header timestamp in Unix seconds (default: now), for byte-identical files
  --format cast|txt        txt writes only the final screen as text

Exit status as memsim run: 0 all expectations held, 1 one failed (the file is still written), 2 usage or file error.

Examples
  $ memsim record scenarios/04-oom-killer.yaml -o oom.cast && asciinema play oom.cast
  $ memsim record scenarios/*.yaml -o casts/
`;

const RECORD_FLAGS: FlagSpecs = {
  output: { type: 'string', shortFlag: 'o' },
  cols: { type: 'string' },
  rows: { type: 'string' },
  fps: { type: 'string' },
  speed: { type: 'string' },
  title: { type: 'string' },
  idleTimeLimit: { type: 'string' },
  timestamp: { type: 'string' },
  format: { type: 'string' },
};

async function recordCommand(argv: string[], io: CliIo): Promise<number> {
  const command = 'memsim record';
  const args = parseArgs(command, argv, RECORD_HELP, RECORD_FLAGS);
  // One or more scenario files (`memsim record scenarios/*.yaml -o casts/`).
  if (args.input.length === 0) positionals(command, args, ['FILE']); // "missing FILE", as the other commands say
  const files = args.input.map(String);
  // Numbers are handed over as typed (NaN for garbage): the recorder checks ranges with its own messages.
  const number = (name: string) => {
    const text = stringFlag(args, name);
    return text === undefined ? undefined : text.trim() === '' ? NaN : Number(text);
  };
  const [record, deps] = await Promise.all([import('../record/index.js'), import('../record/deps.js')]);
  return record.runRecord(files, {
    output: stringFlag(args, 'output'),
    cols: number('cols'),
    rows: number('rows'),
    fps: number('fps'),
    speed: number('speed'),
    title: stringFlag(args, 'title'),
    idleTimeLimit: number('idleTimeLimit'),
    timestamp: number('timestamp'),
    format: stringFlag(args, 'format'),
  }, io, deps.defaultRecordDeps);
}

// ------------------------------------------------------------------------------------------- dispatch

const COMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  run: runCommand,
  sh: shCommand,
  record: recordCommand,
};

/** Run memsim with these arguments; resolves to the exit status. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    const sub = argv[0] === undefined ? undefined : COMMANDS[argv[0]];
    return sub ? await sub(argv.slice(1), io) : await dashboardCommand(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
