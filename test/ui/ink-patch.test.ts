// patches/ink+6.8.0.patch is applied by `npm install` / `npm ci` (patch-package in postinstall). Without it the
// dashboard's incremental frames land one row too low (ink 6.8.0 bug, fixed upstream by c32da0b / #910).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';

const inkBuild = join(dirname(createRequire(import.meta.url).resolve('ink')), '.');

test('incremental log-update moves up over the whole previous frame (trailing newline included)', async () => {
  const { default: logUpdate } = await import(pathToFileURL(join(inkBuild, 'log-update.js')).href);
  const writes: string[] = [];
  const stream = { write: (s: string) => writes.push(s) };
  const render = logUpdate.create(stream, { incremental: true, showCursor: true });
  render('a\nb\nc\n'); // three lines and the row the cursor ends on
  render('a\nX\nc\n');
  // From the row below the frame, 3 rows up reach "a"; the unpatched 6.8.0 goes up 2 and writes X over "c".
  expect(writes.at(-1)).toContain('\x1b[3A');
  expect(writes.at(-1)).not.toContain('\x1b[2A');
});

test('ink redraws in full after any resize (memsim hunk of the patch)', () => {
  const ink = readFileSync(join(inkBuild, 'ink.js'), 'utf8');
  expect(ink).toContain('memsim: redraw in full after ANY resize');
});

test('ink keeps one tokenizer cache across renders, bounded (memsim hunk of the patch)', () => {
  const output = readFileSync(join(inkBuild, 'output.js'), 'utf8');
  expect(output).toContain('const sharedCaches = new OutputCaches();');
  expect(output).toContain('SHARED_CACHE_LIMIT');
  expect(output).toContain('ROW_CACHE_LIMIT');
});

// The memsim hunks below change how Ink computes a frame, never what it writes. Reference: ink 6.8.0's own
// algorithm (a row of cells filled by the library functions it uses, then styledCharsToString), kept here.
const load = async (file: string) => import(pathToFileURL(join(inkBuild, file)).href);
/** A package Ink itself imports, as Ink's build resolves it (ESM-only packages: found through node_modules). */
async function fromInk(name: string) {
  for (let dir = inkBuild; dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = join(dir, 'node_modules', name);
    if (!existsSync(join(pkg, 'package.json'))) continue;
    const { exports } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
    const entry = exports['.']?.import ?? exports.default;
    return import(pathToFileURL(join(pkg, entry)).href);
  }
  throw new Error(`${name} not found from ${inkBuild}`);
}

async function referenceRow(width: number, writes: Array<[number, string]>): Promise<string> {
  const { tokenize, styledCharsFromTokens, styledCharsToString } = await fromInk('@alcalzone/ansi-tokenize');
  const { default: stringWidth } = await fromInk('string-width');
  type Cell = { value: string; styles: unknown[] };
  const row: Cell[] = Array.from({ length: width }, () => ({ type: 'char', value: ' ', fullWidth: false, styles: [] }) as Cell);
  for (const [x0, text] of writes) {
    let x = x0;
    for (const c of styledCharsFromTokens(tokenize(text)) as Cell[]) {
      row[x] = c;
      const w = Math.max(1, stringWidth(c.value));
      for (let i = 1; i < w; i++) row[x + i] = { ...c, value: '' };
      x += w;
    }
  }
  return (styledCharsToString(row.filter((c) => c !== undefined)) as string).trimEnd();
}

const SAMPLES = [
  'plain ascii line',
  '\x1b[1mMem  [\x1b[22m\x1b[38;2;230;159;0m\x1b[1m████\x1b[22m\x1b[39m\x1b[90m\x1b[2m······\x1b[22m\x1b[39m] total 1.9Gi',
  '\x1b[7m\x1b[1m PID USER     COMM ▼ \x1b[22m\x1b[27m',
  '\x1b[1;31mcompound\x1b[0m reset \x1b[38;5;100m256\x1b[m',
  'wide 漢字 and emoji 😀 and flag 🇩🇪 and e\u0301 combining',
  '\x1b]8;;https://example.org\x07link\x1b]8;;\x07 after',
  'bad escapes \x1b[1;xm \x1bZ \x9b1m end',
  '▁▂▃▄▅▆▇█ │ ‖ ▶ ─ · ▒ ▓',
];

test('Output rows (cached or not) are what ink 6.8.0 computes from the same writes', async () => {
  const { default: Output } = await load('output.js');
  for (let pass = 0; pass < 2; pass++) {
    for (const width of [20, 60, 120]) {
      const output = new Output({ width, height: SAMPLES.length + 1 });
      SAMPLES.forEach((text, y) => output.write(y % 3, y, text, { transformers: [] }));
      output.write(5, SAMPLES.length, 'two\nlines', { transformers: [] }); // second line is cut at the bottom
      const rows = output.get().output.split('\n');
      expect(rows).toHaveLength(SAMPLES.length + 1);
      for (const [y, text] of SAMPLES.entries()) expect(rows[y]).toBe(await referenceRow(width, [[y % 3, text]]));
      expect(rows[SAMPLES.length]).toBe(await referenceRow(width, [[5, 'two']]));
    }
  }
});

test('fast text paths give string-width, widest-line and tokenize results exactly', async () => {
  const fast = await load('memsim-fast-text.js');
  const { tokenize } = await fromInk('@alcalzone/ansi-tokenize');
  const { default: stringWidth } = await fromInk('string-width');
  const { default: widestLine } = await fromInk('widest-line');
  const strings = [...SAMPLES, '', ' ', '\x1b[1m', '⌚ watch', '◾ square', 'ﾞhalf', '\u00ad soft', 'a\u200db', 'x\ufe0f'];
  for (const s of strings) {
    expect(fast.fastStringWidth(s)).toBe(stringWidth(s));
    expect(fast.fastWidestLine(`${s}\n${s}${s}`)).toBe(widestLine(`${s}\n${s}${s}`));
    expect(fast.fastTokenize(s)).toEqual(tokenize(s));
  }
});

test('fast string width strips SGR codes exactly as string-width does (dashboard lines, random mixes)', async () => {
  const fast = await load('memsim-fast-text.js');
  const { tokenize } = await fromInk('@alcalzone/ansi-tokenize');
  const { default: stringWidth } = await fromInk('string-width');
  const { default: widestLine } = await fromInk('widest-line');
  const strings = [
    '\x1b[1mMem  [\x1b[22m\x1b[1m\x1b[93m█████\x1b[39m\x1b[96m▒▒▒\x1b[39m\x1b[90m\x1b[2m····\x1b[22m\x1b[39m]',
    '█ used 97Mi ▓ shared ▒ buff/cache · free',
    '\x1b[90m▅\x1b[39m',
    '\x1b[1mmemsim\x1b[22m up 0:00 ',
    '\x1b[m', '\x1b[;m\x1b[0m', '\x1b[38;2;1;2;3m▁\x1b[0m▂', 'x\x1b[1m', '\x1b[1m\x1b[22m',
    // Not plain SGR: must reach string-width (or give its result anyway).
    '\x1b[1', '\x1b[1;', '\x1b[', '\x1b', '\x1b[?25l█', '\x1b[2J·', '\x1b[1:2m▒', '\x1b[1 m▒', '\x1bM▒',
    '\x1b]8;;u\x07▒\x1b]8;;\x07', '\x9b1m▒', '\x1b[1m漢\x1b[22m', '\x1b[1m😀\x1b[22m', '\x1b[1me\u0301\x1b[22m',
    '\x1b[1m\u00ad\x1b[22m', '\x1b[1m\x1b[1me\x1b[22m\u0301', 'a\x1b[1m\u200d\x1b[22mb',
  ];
  // Random mixes of simple characters, SGR codes, broken or other escapes and a few non-simple characters.
  const pieces = [
    'a', ' ', '█', '▒', '·', '▅', '─', '│', 'é', '‖', '→', '\x1b[1m', '\x1b[22m', '\x1b[39m', '\x1b[90m', '\x1b[2m',
    '\x1b[38;5;208m', '\x1b[48;2;1;2;3m', '\x1b[0m', '\x1b[m', '\x1b[;1;m', '\x1b[', '\x1b', '\x1b[1', '\x1b[?1049h',
    '\x1b[K', '\x1b[1:3m', '\x1b7', '\x1b]0;t\x07', '\x9b', '\u0301', '\u200d', '\ufe0f', '漢', '😀', '\u00ad', '\t', '[', 'm', ';', '1',
  ];
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < 3000; i++) {
    let s = '';
    const length = random(14);
    // Most mixes only simple characters and SGR codes (the fast path), the rest anything.
    const span = i % 3 === 0 ? pieces.length : 20;
    for (let j = 0; j < length; j++) s += pieces[random(span)];
    strings.push(s);
  }
  for (const s of strings) {
    expect(fast.fastStringWidth(s), JSON.stringify(s)).toBe(stringWidth(s));
    expect(fast.fastWidestLine(`${s}\n${s}${s}`), JSON.stringify(s)).toBe(widestLine(`${s}\n${s}${s}`));
    expect(fast.fastTokenize(s), JSON.stringify(s)).toEqual(tokenize(s));
  }
});

test('every "simple" character code is one narrow character for string-width and tokenize (all of 0..0xFFFF)', async () => {
  const { isSimpleCharCode } = await load('memsim-fast-text.js');
  const { tokenize } = await fromInk('@alcalzone/ansi-tokenize');
  const { default: stringWidth } = await fromInk('string-width');
  let simple = 0;
  for (let code = 0; code <= 0xffff; code++) {
    if (!isSimpleCharCode(code)) continue;
    simple++;
    const ch = String.fromCharCode(code);
    expect(stringWidth(ch), ch).toBe(1);
    expect(tokenize(ch), ch).toEqual([{ type: 'char', value: ch, fullWidth: false }]);
    // Its own grapheme next to any other simple character and before an escape code.
    expect(stringWidth(`a${ch}█`), ch).toBe(3);
  }
  expect(simple).toBeGreaterThan(600);
});

test('isSimpleText (one regular expression) agrees with isSimpleCharCode on every code of 0..0xFFFF', async () => {
  const { isSimpleCharCode, isSimpleText } = await load('memsim-fast-text.js');
  for (let code = 0; code <= 0xffff; code++) {
    const ch = String.fromCharCode(code);
    expect(isSimpleText(`a${ch}b`), code.toString(16)).toBe(isSimpleCharCode(code));
  }
  expect(isSimpleText('')).toBe(true);
});

test('SGR codes get the tokens tokenize gives them (compound, 256-colour, truecolour, malformed)', async () => {
  const { tokensOfSgr } = await load('memsim-fast-text.js');
  const { tokenize } = await fromInk('@alcalzone/ansi-tokenize');
  const codes = ['\x1b[m', '\x1b[;m', '\x1b[0;;1m', '\x1b[38;5m', '\x1b[38;2;1;2m', '\x1b[1;2;3;4;7;9;22;23;24;27;29;39;49m'];
  for (let n = 0; n < 260; n += 1) {
    codes.push(`\x1b[${n}m`, `\x1b[1;${n}m`, `\x1b[38;5;${n}m`, `\x1b[48;5;${n}m`, `\x1b[38;2;${n};2;3m`, `\x1b[${n};38;5;1;22m`);
  }
  for (const code of codes) expect(tokensOfSgr(code), JSON.stringify(code)).toEqual(tokenize(code));
});

test('a row of one write is encoded as ink 6.8.0 encodes it (offsets past the end, styled trailing spaces, random mixes)', async () => {
  const { default: Output } = await load('output.js');
  const pieces = ['a', 'bc ', '  ', '█', '▒▒', '·', '\x1b[1m', '\x1b[22m', '\x1b[2m', '\x1b[7m', '\x1b[27m', '\x1b[38;2;230;159;0m',
    '\x1b[39m', '\x1b[90m', '\x1b[38;5;117m', '\x1b[0m', '\x1b[m', '\x1b[1;31m', '\x1b[49m', '\x1b[44m', 'é', '─'];
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const lines = ['\x1b[1mbold then spaces   \x1b[22m', 'x', '', '\x1b[7m\x1b[27m', ...SAMPLES];
  for (let i = 0; i < 300; i++) lines.push(Array.from({ length: 1 + random(12) }, () => pieces[random(pieces.length)]).join(''));
  for (const width of [8, 30]) {
    const output = new Output({ width, height: lines.length });
    const offsets = lines.map((_, y) => [0, 1, 3, width - 1, width, width + 2][y % 6]!);
    lines.forEach((text, y) => output.write(offsets[y]!, y, text, { transformers: [] }));
    const rows = output.get().output.split('\n');
    for (const [y, text] of lines.entries()) {
      expect(rows[y], JSON.stringify([offsets[y], text])).toBe(text === '' ? '' : await referenceRow(width, [[offsets[y]!, text]]));
    }
  }
});
