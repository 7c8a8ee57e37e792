// Shared settings of the hardening fuzzers: one fixed seed (a failure replays identically on every machine),
// bounded input counts in the default suite, and a long mode (`npm run fuzz:long`, MEMSIM_FUZZ_LONG=1) that
// multiplies every count. Every fuzzer prints how many inputs it tried, so the README figure comes from a run.
import fc from 'fast-check';

export const FUZZ_SEED = 20_261_125;
export const LONG_MODE = process.env.MEMSIM_FUZZ_LONG === '1';
const LONG_FACTOR = Number(process.env.MEMSIM_FUZZ_FACTOR ?? 100);

/** Input count for a property: `base` in the default suite, base x 100 in long mode. */
export function runs(base: number): number {
  return LONG_MODE ? base * LONG_FACTOR : base;
}

/** Per-test timeout: the default one, or unbounded in long mode. */
export const FUZZ_TIMEOUT_MS = LONG_MODE ? 0 : 60_000;

/** A per-input time limit: a parser that takes longer than this on one small input is treated as a hang. */
export const PER_INPUT_LIMIT_MS = 2_000;

const tried = new Map<string, number>();

/**
 * Run a property with the fixed seed and print `fuzz: NAME: N inputs`. The predicate may throw (expect) or
 * return false; an exception escaping the code under test is a failure too, which is the point.
 */
export function fuzz<T>(name: string, arbitrary: fc.Arbitrary<T>, predicate: (input: T) => void, numRuns: number): number {
  let count = 0;
  const property = fc.property(arbitrary, (input) => {
    count++;
    const started = performance.now();
    predicate(input);
    const ms = performance.now() - started;
    if (ms > PER_INPUT_LIMIT_MS) throw new Error(`one input took ${Math.round(ms)} ms (limit ${PER_INPUT_LIMIT_MS} ms)`);
  });
  fc.assert(property, { seed: FUZZ_SEED, numRuns: runs(numRuns), endOnFailure: false });
  tried.set(name, (tried.get(name) ?? 0) + count);
  console.log(`fuzz: ${name}: ${count} inputs`);
  return count;
}

/** Printed once per file (afterAll) so the total shows in the test output. */
export function reportTotal(file: string): void {
  let total = 0;
  for (const n of tried.values()) total += n;
  console.log(`fuzz total (${file}): ${total} inputs${LONG_MODE ? ' (long mode)' : ''}`);
}

/** Arbitrary text: printable ASCII, shell/YAML metacharacters, control characters, astral unicode, lone surrogates. */
export function garbageText(maxLength = 80): fc.Arbitrary<string> {
  const special = fc.constantFrom(
    ';', '&', '|', '>', '<', '$', '(', ')', '`', '"', "'", '\\', '#', '\n', '\t', '\r', ' ', '{', '}', '[', ']',
    ':', '-', '*', '?', '!', '~', '=', '%', '@', ',', '.', '/', '\0', '\u001b', '\u00e9', '\u202e', '\ud83d\udca5',
    '\ud800', '\uffff', '0', '9',
  );
  const char = fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: special },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  );
  return fc.array(char, { maxLength }).map((chars) => chars.join(''));
}

/** Assert a diagnostic is one non-empty line (no newline, no ANSI escape that could corrupt a terminal). */
export function isOneCleanLine(text: string): boolean {
  return text.length > 0 && !/[\n\r]/.test(text);
}
