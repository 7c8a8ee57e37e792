// The flag layer over meow, in-process: what is accepted, and the one-line message for what is not.
import { describe, expect, it } from 'vitest';
import { numberFlag, parseArgs, positionals, UsageError, type FlagSpecs } from '../../source/cli/args.js';

const SPECS: FlagSpecs = {
  json: { type: 'boolean' },
  speed: { type: 'string' },
  command: { type: 'string', shortFlag: 'c' },
  sysctl: { type: 'string', isMultiple: true },
  idleTimeLimit: { type: 'string' },
};

function parse(argv: string[]) {
  return parseArgs('memsim x', argv, 'help', SPECS);
}

function usageError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('expected a usage error');
}

describe('parseArgs', () => {
  it('parses values, inline values, short flags, repeated flags and kebab-case names', () => {
    const args = parse(['FILE', '--json', '--speed=2', '-c', 'free -h', '--sysctl', 'a=1', '--sysctl', 'b=2', '--idle-time-limit', '3']);
    expect(args.input).toEqual(['FILE']);
    expect(args.flags).toMatchObject({ json: true, speed: '2', command: 'free -h', sysctl: ['a=1', 'b=2'], idleTimeLimit: '3' });
  });

  it('a flag value may look like a negative number or contain spaces', () => {
    expect(parse(['--speed', '-1']).flags.speed).toBe('-1');
    expect(parse(['-c', 'echo -17 > /proc/1/oom_adj']).flags.command).toBe('echo -17 > /proc/1/oom_adj');
  });

  it('--no-json is the negation of a boolean, not an unknown flag', () => {
    expect(parse(['--no-json']).flags.json).toBe(false);
  });

  it('everything after -- is input', () => {
    expect(parse(['--', '--weird-file.yaml']).input).toEqual(['--weird-file.yaml']);
  });

  it.each([
    [['--jsn'], 'memsim x: unknown flag --jsn (did you mean --json?) (see memsim x --help)'],
    [['--frobnicate=1'], 'memsim x: unknown flag --frobnicate (see memsim x --help)'],
    [['-z'], 'memsim x: unknown flag -z (see memsim x --help)'],
    [['--speed'], 'memsim x: --speed needs a value (see memsim x --help)'],
    [['--speed', '--json'], 'memsim x: --speed needs a value (see memsim x --help)'],
    [['-c'], 'memsim x: -c needs a value (see memsim x --help)'],
  ])('%j -> one-line usage error', (argv, message) => {
    expect(usageError(() => parse(argv))).toBe(message);
  });
});

describe('numberFlag and positionals', () => {
  it('checks numbers and ranges', () => {
    expect(numberFlag('memsim', parse(['--speed', '2.5']), 'speed', { min: 0.25, max: 16 })).toBe(2.5);
    expect(numberFlag('memsim', parse([]), 'speed', { min: 0.25, max: 16 })).toBeUndefined();
    expect(usageError(() => numberFlag('memsim', parse(['--speed', 'x']), 'speed', { min: 0, max: 1 })))
      .toBe("memsim: --speed must be a number, got 'x'");
    expect(usageError(() => numberFlag('memsim', parse(['--speed', '1.5']), 'speed', { min: 0, max: 9, integer: true })))
      .toBe("memsim: --speed must be a whole number, got '1.5'");
    expect(usageError(() => numberFlag('memsim', parse(['--idle-time-limit', '0']), 'idleTimeLimit', { min: 1, max: 9 })))
      .toBe('memsim: --idle-time-limit must be between 1 and 9, got 0');
  });

  it('counts positional arguments', () => {
    expect(positionals('memsim run', parse(['a.yaml']), ['FILE'])).toEqual(['a.yaml']);
    expect(usageError(() => positionals('memsim run', parse([]), ['FILE']))).toBe('memsim run: missing FILE (see memsim run --help)');
    expect(usageError(() => positionals('memsim sh', parse(['x']), []))).toBe("memsim sh: unexpected argument 'x' (see memsim sh --help)");
  });
});

describe('values that start with a dash', () => {
  it('are kept whole for value flags', () => {
    expect(parse(['--speed', '-1G']).flags.speed).toBe('-1G');
    expect(parse(['-c', '-x']).flags.command).toBe('-x');
    expect(parse(['--sysctl', 'vm.x=-1']).flags.sysctl).toEqual(['vm.x=-1']);
  });
});
