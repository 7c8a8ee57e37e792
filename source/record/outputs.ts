// Where each recording of one `memsim record` invocation goes. One scenario file: the -o path as given (a file,
// or - for standard output), or into -o when it names a directory. Several files (`memsim record scenarios/*.yaml
// -o casts/`): -o is a directory and each recording is named after its scenario, like `cp a b c DIR/` names its
// copies. Recording several scenarios in one process pays Node's start-up and the dashboard's import once.
// Everything here is decided before anything runs, so a clash is a usage error (exit status 2), not half a batch.
import { basename, join } from 'node:path';
import type { RecordFormat } from './options.js';

export interface PlannedRecording {
  /** The scenario file, as given on the command line. */
  scenario: string;
  /** Path of the file to write, or '-' for standard output. */
  output: string;
}

export interface OutputPlan {
  recordings: PlannedRecording[];
  /** The directory to create before the first recording, when -o names one. */
  directory?: string;
}

/** The file name a recording of `scenario` gets inside an output directory: the scenario's name, new extension. */
export function recordingName(scenario: string, format: RecordFormat): string {
  return `${basename(scenario).replace(/\.ya?ml$/i, '')}.${format}`;
}

/**
 * Decides every output path; a string is the usage error to print. `isDirectory` tells whether a path is an
 * existing directory (injected for tests).
 */
export function planOutputs(
  scenarios: readonly string[],
  output: string,
  format: RecordFormat,
  isDirectory: (path: string) => boolean,
): OutputPlan | string {
  const intoDirectory = scenarios.length > 1 || output.endsWith('/') || (output !== '-' && isDirectory(output));
  if (!intoDirectory) return { recordings: [{ scenario: scenarios[0]!, output }] };
  if (output === '-') return 'with several scenario files, -o names a directory (standard output takes one recording)';
  const byPath = new Map<string, string>();
  const recordings: PlannedRecording[] = [];
  for (const scenario of scenarios) {
    const path = join(output, recordingName(scenario, format));
    const earlier = byPath.get(path);
    if (earlier !== undefined) return `${earlier} and ${scenario} would both be recorded to ${path}`;
    byPath.set(path, scenario);
    recordings.push({ scenario, output: path });
  }
  return { recordings, directory: output };
}
