// Where `memsim record` writes each recording: one file as given, or one file per scenario in a directory.
import { describe, expect, it } from 'vitest';
import { planOutputs, recordingName } from '../../source/record/outputs.js';

const noDirectories = () => false;

describe('planOutputs', () => {
  it('writes one scenario to the -o path as given (a file or standard output)', () => {
    expect(planOutputs(['s/04-oom.yaml'], 'oom.cast', 'cast', noDirectories)).toEqual({
      recordings: [{ scenario: 's/04-oom.yaml', output: 'oom.cast' }],
    });
    expect(planOutputs(['s/04-oom.yaml'], '-', 'cast', () => true)).toEqual({
      recordings: [{ scenario: 's/04-oom.yaml', output: '-' }],
    });
  });

  it('writes into -o when it is an existing directory or ends with a slash, named after the scenario', () => {
    expect(planOutputs(['s/04-oom.yaml'], 'casts', 'cast', (p) => p === 'casts')).toEqual({
      recordings: [{ scenario: 's/04-oom.yaml', output: 'casts/04-oom.cast' }],
      directory: 'casts',
    });
    expect(planOutputs(['s/04-oom.yaml'], 'new/', 'txt', noDirectories)).toEqual({
      recordings: [{ scenario: 's/04-oom.yaml', output: 'new/04-oom.txt' }],
      directory: 'new/',
    });
  });

  it('puts several scenarios into the -o directory, in the order given', () => {
    expect(planOutputs(['s/b.yaml', 'a.yml', 'x/c'], 'out', 'cast', noDirectories)).toEqual({
      recordings: [
        { scenario: 's/b.yaml', output: 'out/b.cast' },
        { scenario: 'a.yml', output: 'out/a.cast' },
        { scenario: 'x/c', output: 'out/c.cast' },
      ],
      directory: 'out',
    });
  });

  it('refuses standard output and clashing names for several scenarios', () => {
    expect(planOutputs(['a.yaml', 'b.yaml'], '-', 'cast', noDirectories)).toBe(
      'with several scenario files, -o names a directory (standard output takes one recording)',
    );
    expect(planOutputs(['x/a.yaml', 'y/a.yaml'], 'out', 'cast', noDirectories)).toBe(
      'x/a.yaml and y/a.yaml would both be recorded to out/a.cast',
    );
  });

  it('names a recording after its scenario file', () => {
    expect(recordingName('scenarios/04-oom-killer.yaml', 'cast')).toBe('04-oom-killer.cast');
    expect(recordingName('/abs/Story.YML', 'txt')).toBe('Story.txt');
  });
});
