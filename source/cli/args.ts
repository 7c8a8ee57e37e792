// Command-line parsing for each memsim subcommand, on top of meow: meow parses the flags and prints --help and
// --version; this file adds what meow does in several lines or not at all: an unknown flag or a flag without its
// value becomes ONE line on stderr and exit status 2 (a UsageError), and typos get a suggestion.
import meow from 'meow';
import { quoteValue } from '../shell/size.js';
import packageJson from '../../package.json' with { type: 'json' };

export class UsageError extends Error {}

export interface FlagSpec {
  type: 'string' | 'boolean';
  shortFlag?: string;
  isMultiple?: boolean;
}
export type FlagSpecs = Record<string, FlagSpec>;

export interface ParsedArgs {
  flags: Record<string, string | boolean | string[] | undefined>;
  input: string[];
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Every flag token must be known, and a value flag must have its value. Stops at `--`. */
function checkFlags(command: string, argv: readonly string[], specs: FlagSpecs): void {
  const shorts = new Map(Object.entries(specs).filter(([, s]) => s.shortFlag).map(([name, s]) => [s.shortFlag!, name]));
  const seeHelp = `(see ${command} --help)`;
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i]!;
    if (token === '--') return;
    if (!token.startsWith('-') || token === '-' || /^-\d/.test(token)) continue;
    let name: string | undefined;
    let display = token;
    let inlineValue = false;
    if (token.startsWith('--')) {
      const [raw] = token.slice(2).split('=', 1) as [string];
      inlineValue = token.includes('=');
      display = `--${raw}`;
      name = camel(raw);
      if (!specs[name] && name.startsWith('no') && specs[camel(raw.slice(3))]?.type === 'boolean') continue;
    } else {
      name = shorts.get(token.slice(1, 2));
      display = token.slice(0, 2);
      inlineValue = token.length > 2;
    }
    const spec = name === undefined ? undefined : specs[name];
    if (!spec) {
      const known = Object.keys(specs).map((n) => `--${kebab(n)}`);
      const close = known.find((k) => k.startsWith(display.slice(0, 4)) && display.length > 3);
      throw new UsageError(`${command}: unknown flag ${quoteValue(display).slice(1, -1)}${close ? ` (did you mean ${close}?)` : ''} ${seeHelp}`);
    }
    if (spec.type === 'string' && !inlineValue) {
      const value = argv[i + 1];
      if (value === undefined || (value.startsWith('--') && value.length > 2)) {
        throw new UsageError(`${command}: ${display} needs a value ${seeHelp}`);
      }
      i += 1;
    }
  }
}

/**
 * `--swap -1G` and `-c '-x'`: join each value flag with its value (`--swap=-1G`), so that meow's parser does
 * not read a value that starts with '-' as more flags. Runs after checkFlags, so every value is present.
 */
function attachValues(argv: readonly string[], specs: FlagSpecs): string[] {
  const shorts = new Map(Object.entries(specs).filter(([, s]) => s.shortFlag).map(([name, s]) => [s.shortFlag!, name]));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i]!;
    if (token === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const long = /^--([^=]+)$/.exec(token);
    const name = long ? camel(long[1]!) : /^-[^-]$/.test(token) ? shorts.get(token.slice(1)) : undefined;
    if (name !== undefined && specs[name]?.type === 'string' && i + 1 < argv.length) {
      out.push(`--${kebab(name)}=${argv[i + 1]}`);
      i += 1;
    } else {
      out.push(token);
    }
  }
  return out;
}

/**
 * Parse one subcommand's argv. `--help` and `--version` anywhere print meow's help/version and exit 0, as
 * meow does for a lone --help; everything else wrong throws a UsageError.
 */
export function parseArgs(command: string, argv: readonly string[], help: string, specs: FlagSpecs): ParsedArgs {
  const wantsHelp = argv.includes('--help');
  const wantsVersion = argv.includes('--version');
  const rest = argv.filter((a) => a !== '--help' && a !== '--version');
  if (!wantsHelp && !wantsVersion) checkFlags(command, rest, specs);
  const cli = meow(help, {
    // Only the URL: meow needs nothing else of import.meta (the package is passed as pkg), and a CommonJS build has
    // no import.meta, only the URL esbuild substitutes.
    importMeta: { url: import.meta.url } as ImportMeta,
    pkg: packageJson as Record<string, unknown>,
    argv: wantsHelp || wantsVersion ? [] : attachValues(rest, specs),
    flags: specs as never,
    allowUnknownFlags: true,
    booleanDefault: undefined,
    autoHelp: false,
    autoVersion: false,
  });
  if (wantsHelp) cli.showHelp(0);
  if (wantsVersion) cli.showVersion();
  return { flags: cli.flags as ParsedArgs['flags'], input: cli.input };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  return typeof value === 'string' ? value : undefined;
}

export function listFlag(args: ParsedArgs, name: string): string[] {
  const value = args.flags[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

/** A number flag: finite, within [min, max], whole if asked. */
export function numberFlag(
  command: string, args: ParsedArgs, name: string, limits: { min: number; max: number; integer?: boolean },
): number | undefined {
  const text = stringFlag(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  const kind = limits.integer ? 'a whole number' : 'a number';
  if (text.trim() === '' || !Number.isFinite(value) || (limits.integer && !Number.isInteger(value))) {
    throw new UsageError(`${command}: --${kebab(name)} must be ${kind}, got ${quoteValue(text)}`);
  }
  if (value < limits.min || value > limits.max) {
    throw new UsageError(`${command}: --${kebab(name)} must be between ${limits.min} and ${limits.max}, got ${quoteValue(text).slice(1, -1)}`);
  }
  return value;
}

/** Exactly `count` positional arguments named `names`. */
export function positionals(command: string, args: ParsedArgs, names: string[]): string[] {
  if (args.input.length < names.length) {
    throw new UsageError(`${command}: missing ${names[args.input.length]} (see ${command} --help)`);
  }
  if (args.input.length > names.length) {
    throw new UsageError(`${command}: unexpected argument ${quoteValue(String(args.input[names.length]))} (see ${command} --help)`);
  }
  return args.input;
}
