// Loads and checks a scenario file (scenarios/*.yaml). Every problem is reported as FILE:LINE:COL: message —
// all of them, not only the first — and a file with any problem is refused before anything runs.
// YAML syntax comes from the `yaml` package, whose nodes carry source ranges that a LineCounter turns into
// line/column; everything after that (keys, types, sizes, field addresses, regexes, comparisons) is checked here.
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { parse as parseShell } from '../shell/parser.js';
import { formatSize, parseDuration, parseSize } from '../shell/size.js';
import { MAX_RAM_BYTES, MAX_SWAP_BYTES, MIN_RAM_BYTES } from '../kernel/boot.js';
import { parseAddress, parseCondition, parseMatcher, visible } from './conditions.js';
import {
  DEFAULT_SEED, DEFAULT_UNTIL_TIMEOUT_MS,
  type Condition, type FieldCatalog, type MachineSpec, type Scenario, type SourcePos, type Step,
} from './schema.js';

export interface LoadError extends SourcePos {
  file: string;
  message: string;
}

export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; errors: LoadError[] };

/** What the loader needs to know about the kernel: its field names, and whether a sysctl value is accepted. */
export interface KernelFacts extends FieldCatalog {
  /** An error message when the kernel would refuse `sysctl -w name=value`, else undefined. */
  checkSysctl(name: string, value: number): string | undefined;
  /** Dashboard key names (source/ui/keymap.ts); undefined = not checked. */
  keyNames?: readonly string[];
}

export function formatLoadError(error: LoadError): string {
  return `${error.file}:${error.line}:${error.col}: ${error.message}`;
}

const TOP_KEYS = ['title', 'description', 'seed', 'machine', 'steps'];
const MACHINE_KEYS = ['ram', 'swap', 'sysctl'];
const STEP_KEYS = ['at', 'after', 'until', 'timeout', 'say', 'run', 'expect', 'keys'];

/** Collects errors with positions while one file is checked. */
class Checker {
  readonly errors: LoadError[] = [];
  constructor(readonly file: string, private readonly lines: LineCounter) {}

  pos(node: Node | null | undefined, fallbackOffset = 0): SourcePos {
    const offset = node?.range?.[0] ?? fallbackOffset;
    const { line, col } = this.lines.linePos(offset);
    return { line, col };
  }

  error(node: Node | null | undefined, message: string): void {
    this.errors.push({ file: this.file, ...this.pos(node), message });
  }

  /** A map's pairs, reporting keys that are not allowed. */
  pairs(map: YAMLMap, allowed: readonly string[], where: string): Array<{ key: string; pair: Pair<Node, Node> }> {
    const out: Array<{ key: string; pair: Pair<Node, Node> }> = [];
    for (const pair of map.items as Array<Pair<Node, Node>>) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) {
        this.error(pair.key, `wrong type: ${where} keys must be plain names`);
      } else if (!allowed.includes(key)) {
        this.error(pair.key, `unknown key '${visible(key)}' in ${where} (allowed: ${allowed.join(', ')})`);
      } else {
        out.push({ key, pair });
      }
    }
    return out;
  }

  string(node: Node | null, what: string): string | undefined {
    if (isScalar(node) && typeof node.value === 'string') return node.value;
    this.error(node, `wrong type: ${what} must be a string`);
    return undefined;
  }

  /** A scalar for size/duration parsing: numbers are accepted as their text (ram: 0, after: 2). */
  text(node: Node | null, what: string): string | undefined {
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) return String(node.value);
    this.error(node, `wrong type: ${what} must be a string or a number`);
    return undefined;
  }

  size(node: Node | null, what: string): number | undefined {
    const text = this.text(node, what);
    if (text === undefined) return undefined;
    const size = parseSize(text);
    if (!size.ok) this.error(node, `bad size for ${what}: ${size.error}`);
    return size.ok ? size.value : undefined;
  }

  /** A size the kernel can boot with (bootKernel's limits). */
  sizeIn(node: Node | null, what: string, min: number, max: number): number | undefined {
    const bytes = this.size(node, what);
    if (bytes === undefined) return undefined;
    if (bytes < min || bytes > max) {
      this.error(node, `bad size for ${what}: ${formatSize(bytes)} is outside ${formatSize(min)}..${formatSize(max)}`);
      return undefined;
    }
    return bytes;
  }

  duration(node: Node | null, what: string): number | undefined {
    const text = this.text(node, what);
    if (text === undefined) return undefined;
    const ms = parseDuration(text);
    if (!ms.ok) this.error(node, `bad duration for ${what}: ${ms.error}`);
    return ms.ok ? ms.value : undefined;
  }
}

function checkMachine(c: Checker, node: Node | null, facts: KernelFacts): MachineSpec {
  const machine: MachineSpec = { sysctl: {} };
  if (!isMap(node)) {
    c.error(node, 'wrong type: machine must be a map with ram, swap, sysctl');
    return machine;
  }
  for (const { key, pair } of c.pairs(node, MACHINE_KEYS, 'machine')) {
    if (key === 'ram') machine.ramBytes = c.sizeIn(pair.value, 'machine.ram', MIN_RAM_BYTES, MAX_RAM_BYTES);
    if (key === 'swap') machine.swapBytes = c.sizeIn(pair.value, 'machine.swap', 0, MAX_SWAP_BYTES);
    if (key === 'sysctl') machine.sysctl = checkSysctls(c, pair.value, facts);
  }
  return machine;
}

function checkSysctls(c: Checker, node: Node | null, facts: KernelFacts): Record<string, number> {
  const values: Record<string, number> = {};
  if (!isMap(node)) {
    c.error(node, 'wrong type: machine.sysctl must be a map of NAME: NUMBER, e.g. { vm.swappiness: 10 }');
    return values;
  }
  for (const pair of node.items as Array<Pair<Node, Node>>) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!facts.sysctl.includes(name)) {
      c.error(pair.key, `unknown sysctl '${visible(name)}'`);
      continue;
    }
    const value = isScalar(pair.value) ? Number(pair.value.value) : NaN;
    if (!isScalar(pair.value) || typeof pair.value.value === 'boolean' || !Number.isInteger(value)) {
      c.error(pair.value, `wrong type: ${name} must be a whole number`);
      continue;
    }
    const refused = facts.checkSysctl(name, value);
    if (refused) c.error(pair.value, refused);
    else values[name] = value;
  }
  return values;
}

/** A command line the shell would refuse is reported where it is written (column inside a one-line scalar). */
function checkShellSyntax(c: Checker, node: Node, line: string): void {
  const parsed = parseShell(line);
  if (parsed.ok) return;
  const { error } = parsed;
  const at = c.pos(node);
  const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
  const oneLine = !line.includes('\n') && isScalar(node) && node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED';
  const col = oneLine && error.line === 1 ? at.col + (quoted ? 1 : 0) + error.column - 1 : at.col;
  c.errors.push({ file: c.file, line: at.line, col, message: `shell: ${visible(error.message)}` });
}

function checkRun(c: Checker, node: Node | null): string[] {
  if (isScalar(node) && typeof node.value === 'string') {
    checkShellSyntax(c, node, node.value);
    return [node.value];
  }
  if (isSeq(node)) {
    const lines: string[] = [];
    for (const item of node.items as Node[]) {
      const line = c.string(item, 'each run entry');
      if (line !== undefined) {
        checkShellSyntax(c, item, line);
        lines.push(line);
      }
    }
    return lines;
  }
  c.error(node, 'wrong type: run must be a command line or a list of command lines');
  return [];
}

function checkExpect(c: Checker, node: Node | null, facts: KernelFacts): Condition[] {
  if (!isMap(node)) {
    c.error(node, 'wrong type: expect must be a map of ADDRESS: VALUE');
    return [];
  }
  const conditions: Condition[] = [];
  for (const pair of node.items as Array<Pair<Node, Node>>) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const address = parseAddress(name, facts);
    if (!address.ok) {
      c.error(pair.key, address.error);
      continue;
    }
    if (!isScalar(pair.value)) {
      c.error(pair.value, `wrong type: the value of ${name} must be a number, a boolean or a string`);
      continue;
    }
    const matcher = parseMatcher(pair.value.value, address.value);
    if (!matcher.ok) {
      c.error(pair.value, matcher.error);
      continue;
    }
    conditions.push({ address: address.value, matcher: matcher.value, source: `${name}: ${String(pair.value.value)}` });
  }
  return conditions;
}

function checkKeys(c: Checker, node: Node | null, facts: KernelFacts): string[] {
  const text = c.string(node, 'keys');
  if (text === undefined) return [];
  const keys: string[] = [];
  const at = c.pos(node);
  const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
  for (const match of text.matchAll(/\S+/g)) {
    const key = match[0];
    keys.push(key);
    if (facts.keyNames && !facts.keyNames.includes(key)) {
      const col = text.includes('\n') ? at.col : at.col + (quoted ? 1 : 0) + match.index;
      c.errors.push({ file: c.file, line: at.line, col, message: `unknown key name '${visible(key)}' in keys (see the dashboard's ? help)` });
    }
  }
  return keys;
}

function checkStep(c: Checker, node: Node, number: number, facts: KernelFacts): Step | undefined {
  if (!isMap(node)) {
    c.error(node, 'wrong type: each step must be a map (say, run, expect, at/after/until ...)');
    return undefined;
  }
  const step: Step = { number, pos: c.pos(node), timing: { kind: 'next' }, run: [], expect: [], keys: [] };
  const timingKeys: Array<Pair<Node, Node>> = [];
  let expectNode: Node | null = null;
  let until: Condition | undefined;

  for (const { key, pair } of c.pairs(node, STEP_KEYS, 'a step')) {
    const value = pair.value;
    switch (key) {
      case 'at':
      case 'after': {
        timingKeys.push(pair);
        const ms = c.duration(value, key);
        if (ms !== undefined) step.timing = { kind: key, ms };
        break;
      }
      case 'until': {
        timingKeys.push(pair);
        const text = c.string(value, 'until');
        if (text === undefined) break;
        const condition = parseCondition(text, facts);
        if (condition.ok) until = condition.value;
        else c.error(value, condition.error);
        break;
      }
      case 'timeout':
        step.timeoutMs = c.duration(value, 'timeout');
        break;
      case 'say':
        // Folded YAML (`say: >`) ends with a newline; a caption is one paragraph.
        step.say = c.string(value, 'say')?.trim();
        break;
      case 'run':
        step.run = checkRun(c, value);
        break;
      case 'expect':
        step.expect = checkExpect(c, value, facts);
        expectNode = value;
        break;
      case 'keys':
        step.keys = checkKeys(c, value, facts);
        break;
    }
  }
  // status and output are about the step's own commands: without any, they could never hold.
  const aboutCommands = step.expect.find((e) => e.address.kind === 'status' || e.address.kind === 'output');
  if (aboutCommands && step.run.length === 0 && step.keys.length === 0) {
    c.error(expectNode, `${aboutCommands.address.kind} checks the step's own commands, but this step has no run`);
  }
  if (timingKeys.length > 1) {
    c.error(timingKeys[1]!.key, 'a step has at most one of at, after, until');
  }
  if (until) step.timing = { kind: 'until', condition: until, timeoutMs: step.timeoutMs ?? DEFAULT_UNTIL_TIMEOUT_MS };
  return step;
}

/** Check a scenario given as text. `file` is only used in messages. */
export function loadScenarioText(text: string, file: string, facts: KernelFacts): LoadResult {
  try {
    return checkScenarioText(text, file, facts);
  } catch (error) {
    // The yaml package recurses per nesting level: absurdly deep flow collections overflow the stack.
    if (error instanceof RangeError) {
      return { ok: false, errors: [{ file, line: 1, col: 1, message: 'YAML: nested too deeply' }] };
    }
    throw error;
  }
}

function checkScenarioText(text: string, file: string, facts: KernelFacts): LoadResult {
  // A binary file (an executable, an image) would give a screenful of YAML complaints: say it once.
  if (/[\u0000\uFFFD]/.test(text)) {
    return { ok: false, errors: [{ file, line: 1, col: 1, message: 'not a text scenario file (binary data)' }] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const c = new Checker(file, lines);
  for (const error of [...doc.errors, ...doc.warnings]) {
    const [at] = error.linePos ?? [{ line: 1, col: 1 }];
    const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    c.errors.push({ file, line: at.line, col: at.col, message: `YAML: ${message}` });
  }
  if (doc.errors.length > 0) return { ok: false, errors: c.errors };

  const root = doc.contents;
  if (!isMap(root)) {
    c.error(root, 'wrong type: a scenario is a map with title, steps ...');
    return { ok: false, errors: c.errors };
  }
  const scenario: Scenario = { file, title: '', seed: DEFAULT_SEED, machine: { sysctl: {} }, steps: [] };
  let sawTitle = false;
  let sawSteps = false;
  for (const { key, pair } of c.pairs(root, TOP_KEYS, 'the scenario')) {
    const value = pair.value;
    if (key === 'title') {
      sawTitle = true;
      scenario.title = c.string(value, 'title') ?? '';
    } else if (key === 'description') {
      scenario.description = c.string(value, 'description');
    } else if (key === 'seed') {
      if (isScalar(value) && Number.isSafeInteger(value.value)) scenario.seed = value.value as number;
      else c.error(value, 'wrong type: seed must be a whole number');
    } else if (key === 'machine') {
      scenario.machine = checkMachine(c, value, facts);
    } else if (key === 'steps') {
      sawSteps = true;
      if (!isSeq(value) || value.items.length === 0) {
        c.error(value ?? pair.key, 'wrong type: steps must be a non-empty list');
        continue;
      }
      (value.items as Node[]).forEach((item, i) => {
        const step = checkStep(c, item, i + 1, facts);
        if (step) scenario.steps.push(step);
      });
    }
  }
  if (!sawTitle) c.error(root, 'missing key: title is required');
  if (!sawSteps) c.error(root, 'missing key: steps is required');
  return c.errors.length > 0 ? { ok: false, errors: c.errors } : { ok: true, scenario };
}

/** Read and check a scenario file; an unreadable file is one error at 1:1. */
export function loadScenarioFile(path: string, facts: KernelFacts): LoadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { ok: false, errors: [{ file: path, line: 1, col: 1, message: `cannot read the file (${code})` }] };
  }
  return loadScenarioText(text, path, facts);
}
