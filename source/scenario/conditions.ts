// Conditions and expectations of scenario files: `vmstat.oom_kill >= 1`, `meminfo.MemAvailable: "> 100MiB"`,
// `free.buff_cache: 250MiB..270MiB`, `proc.chrome.alive: false`, `dmesg: '/Killed process \d+/'`.
// Parsing: address + matcher, with a message for every mistake (evaluation against the kernel: evaluate.ts).
// Values read from /proc in kB (meminfo, free, /proc/PID/status) are compared in bytes, so authors write sizes
// with the same units everywhere; vmstat counters, sysctls and oom values are plain numbers.
import type { Errno } from '../kernel/types.js';
import { parseSize, quoteValue, type Parsed } from '../shell/size.js';
import {
  FREE_COLUMNS, PROC_OTHER_FIELDS, PROC_STATUS_SIZE_FIELDS,
  type Address, type CompareOp, type Condition, type FieldCatalog, type FreeColumnName, type Matcher, type ValueKind,
} from './schema.js';

export { evaluate, formatBytes, type StepObservations, type Verdict } from './evaluate.js';

const ERRNO_NAMES = [
  'EPERM', 'ENOENT', 'ESRCH', 'EINTR', 'EIO', 'E2BIG', 'ENOEXEC', 'EBADF', 'ECHILD', 'EAGAIN', 'ENOMEM', 'EACCES',
  'EFAULT', 'EBUSY', 'EEXIST', 'ENOTDIR', 'EISDIR', 'EINVAL', 'ENOSPC', 'EROFS', 'ERANGE', 'ENAMETOOLONG', 'ENOSYS',
  'ENOTEMPTY', 'EFBIG',
] as const satisfies readonly Errno[];

function fail<T>(error: string): Parsed<T> {
  return { ok: false, error };
}

/** Text from a file as a message may show it: control characters escaped, so one error stays one line and no
 *  escape sequence reaches the terminal. */
export function visible(text: string): string {
  return quoteValue(text).slice(1, -1);
}

// ---------------------------------------------------------------- addresses

const ADDRESS_HELP =
  'expected meminfo.FIELD, vmstat.COUNTER, sysctl.NAME, free.COLUMN, proc.COMM.FIELD, dmesg, status or output';

/** Edit distance, to suggest the name an author probably meant. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function suggest(name: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.min(2, Math.floor(name.length / 3));
  for (const candidate of known) {
    const d = distance(name, candidate);
    if (d <= bestDistance && (best === undefined || d < bestDistance)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best ? ` (did you mean ${best}?)` : '';
}

/** Parse `meminfo.MemFree`, `proc.chrome.VmRSS` ... against the names the kernel provides. */
export function parseAddress(text: string, catalog: FieldCatalog): Parsed<Address> {
  const shown = visible(text);
  if (text === 'dmesg' || text === 'status' || text === 'output') return { ok: true, value: { kind: text } };
  const dot = text.indexOf('.');
  const group = dot < 0 ? text : text.slice(0, dot);
  const rest = dot < 0 ? '' : text.slice(dot + 1);
  if (dot >= 0 && rest === '') return fail(`unknown field '${shown}': nothing after '${visible(group)}.'`);
  switch (group) {
    case 'meminfo':
      if (!catalog.meminfo.includes(rest)) {
        return fail(`unknown field '${shown}': /proc/meminfo has no ${visible(rest)}${suggest(rest, catalog.meminfo)}`);
      }
      return { ok: true, value: { kind: 'meminfo', field: rest, unit: rest.startsWith('HugePages_') ? 'count' : 'bytes' } };
    case 'vmstat':
      if (!catalog.vmstat.includes(rest)) {
        return fail(`unknown field '${shown}': /proc/vmstat has no ${visible(rest)}${suggest(rest, catalog.vmstat)}`);
      }
      return { ok: true, value: { kind: 'vmstat', counter: rest } };
    case 'sysctl':
      if (!catalog.sysctl.includes(rest)) {
        return fail(`unknown field '${shown}': no sysctl ${visible(rest)}${suggest(rest, catalog.sysctl)}`);
      }
      return { ok: true, value: { kind: 'sysctl', name: rest } };
    case 'free':
      if (!(FREE_COLUMNS as readonly string[]).includes(rest)) {
        return fail(`unknown field '${shown}': free has the columns ${FREE_COLUMNS.join(', ')}`);
      }
      return { ok: true, value: { kind: 'free', column: rest as FreeColumnName } };
    case 'proc':
      return parseProcAddress(text, rest);
    default:
      return fail(`unknown field '${shown}': ${ADDRESS_HELP}`);
  }
}

const PROC_FIELDS: readonly string[] = [...PROC_STATUS_SIZE_FIELDS, ...PROC_OTHER_FIELDS];

function parseProcAddress(text: string, rest: string): Parsed<Address> {
  // The field is after the last dot, so a command name may itself contain dots (proc.ld.so.VmRSS).
  const lastDot = rest.lastIndexOf('.');
  if (lastDot <= 0) return fail(`unknown field '${visible(text)}': expected proc.COMM.FIELD, e.g. proc.chrome.VmRSS`);
  const comm = rest.slice(0, lastDot);
  const field = rest.slice(lastDot + 1);
  if (!PROC_FIELDS.includes(field)) {
    return fail(`unknown field '${visible(text)}': a process has ${PROC_FIELDS.join(', ')}${suggest(field, PROC_FIELDS)}`);
  }
  return { ok: true, value: { kind: 'proc', comm, field } };
}

export function valueKind(address: Address): ValueKind {
  switch (address.kind) {
    case 'meminfo':
      return address.unit === 'bytes' ? 'bytes' : 'number';
    case 'free':
      return 'bytes';
    case 'vmstat':
    case 'sysctl':
      return 'number';
    case 'proc':
      if (address.field === 'alive') return 'boolean';
      return (PROC_STATUS_SIZE_FIELDS as readonly string[]).includes(address.field) ? 'bytes' : 'number';
    case 'dmesg':
    case 'output':
      return 'text';
    case 'status':
      return 'status';
  }
}

// ---------------------------------------------------------------- matchers

const COMPARISON = /^(==|!=|<=|>=|<|>)\s*(.+)$/;
const RANGE = /^(.+?)\.\.(.+)$/;

/** A number as written for an address of this kind: sizes in bytes with units, plain numbers otherwise. */
function parseNumber(text: string, kind: ValueKind): Parsed<number> {
  const trimmed = text.trim();
  if (kind === 'bytes') {
    const negative = trimmed.startsWith('-');
    const size = parseSize(negative ? trimmed.slice(1) : trimmed);
    if (!size.ok) return fail(`bad size: ${size.error}`);
    return { ok: true, value: negative ? -size.value : size.value };
  }
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value)) {
    return fail(/[0-9][A-Za-z]+$/.test(trimmed)
      ? `bad comparison: '${visible(trimmed)}' has a unit, but this value is a plain number`
      : `bad comparison: '${visible(trimmed)}' is not a number`);
  }
  return { ok: true, value };
}

function parseRegex(text: string): Parsed<Matcher> {
  const close = text.lastIndexOf('/');
  const flags = text.slice(close + 1);
  if (!/^[imsu]*$/.test(flags)) return fail(`bad regex ${visible(text)}: unknown flags '${visible(flags)}' (use i, m, s, u)`);
  try {
    return { ok: true, value: { kind: 'regex', regex: new RegExp(text.slice(1, close), flags) } };
  } catch (error) {
    return fail(`bad regex ${visible(text)}: ${visible((error as Error).message.replace(/^Invalid regular expression: /, ''))}`);
  }
}

function isRegexLiteral(text: string): boolean {
  return text.length >= 2 && text.startsWith('/') && text.lastIndexOf('/') > 0;
}

function parseBoolean(raw: unknown): Parsed<Matcher> {
  if (typeof raw === 'boolean') return { ok: true, value: { kind: 'bool', value: raw } };
  const text = String(raw).trim();
  const match = /^(==|!=)?\s*(true|false)$/.exec(text);
  if (!match) return fail(`wrong type: expected true or false, got '${visible(text)}'`);
  const value = match[2] === 'true';
  return { ok: true, value: { kind: 'bool', value: match[1] === '!=' ? !value : value } };
}

function parseStatus(raw: unknown): Parsed<Matcher> {
  const text = String(raw).trim();
  if (/^E[A-Z0-9]+$/.test(text)) {
    if (!(ERRNO_NAMES as readonly string[]).includes(text)) return fail(`unknown errno name '${visible(text)}'`);
    return { ok: true, value: { kind: 'errno', name: text } };
  }
  return parseNumeric(raw, 'number');
}

function parseNumeric(raw: unknown, kind: ValueKind): Parsed<Matcher> {
  if (typeof raw === 'number') return { ok: true, value: { kind: 'compare', op: '==', value: raw } };
  if (typeof raw !== 'string') return fail(`wrong type: expected a number or a comparison such as "> 100MiB"`);
  const text = raw.trim();
  const comparison = COMPARISON.exec(text);
  if (comparison) {
    const value = parseNumber(comparison[2]!, kind);
    return value.ok ? { ok: true, value: { kind: 'compare', op: comparison[1] as CompareOp, value: value.value } } : value;
  }
  if (/^[=!<>]/.test(text)) return fail(`bad comparison '${visible(text)}': use one of == != < <= > >= followed by a value`);
  const range = RANGE.exec(text);
  if (range) {
    const low = parseNumber(range[1]!, kind);
    if (!low.ok) return low;
    const high = parseNumber(range[2]!, kind);
    if (!high.ok) return high;
    if (low.value > high.value) return fail(`bad range '${visible(text)}': the low end is above the high end`);
    return { ok: true, value: { kind: 'range', low: low.value, high: high.value } };
  }
  const value = parseNumber(text, kind);
  return value.ok ? { ok: true, value: { kind: 'compare', op: '==', value: value.value } } : value;
}

/** Parse the value side of an expectation (a YAML scalar) for an address. */
export function parseMatcher(raw: unknown, address: Address): Parsed<Matcher> {
  const kind = valueKind(address);
  if (raw === null || raw === undefined || typeof raw === 'object') {
    return fail('wrong type: expected a number, a boolean or a string');
  }
  switch (kind) {
    case 'text': {
      const text = String(raw);
      if (isRegexLiteral(text)) return parseRegex(text);
      if (text === '') return fail('wrong type: an empty text matches everything; write the text to look for');
      return { ok: true, value: { kind: 'substring', text } };
    }
    case 'boolean':
      return parseBoolean(raw);
    case 'status':
      return parseStatus(raw);
    default:
      if (typeof raw === 'boolean') return fail(`wrong type: ${kind === 'bytes' ? 'a size' : 'a number'} is expected, not ${raw}`);
      return parseNumeric(raw, kind);
  }
}

/** Parse `ADDRESS MATCHER` as written after `until:` (e.g. `vmstat.oom_kill >= 1`, `dmesg /Killed/`). */
export function parseCondition(text: string, catalog: FieldCatalog): Parsed<Condition> {
  const trimmed = text.trim();
  const match = /^(\S+?)(?:\s*(==|!=|<=|>=|<|>)\s*|\s+)(.+)$/.exec(trimmed);
  if (!match) return fail(`bad comparison '${visible(trimmed)}': expected ADDRESS OP VALUE, e.g. vmstat.oom_kill >= 1`);
  const address = parseAddress(match[1]!, catalog);
  if (!address.ok) return address;
  const matcherText = match[2] ? `${match[2]} ${match[3]}` : match[3]!;
  const matcher = parseMatcher(matcherText, address.value);
  if (!matcher.ok) return matcher;
  return { ok: true, value: { address: address.value, matcher: matcher.value, source: trimmed } };
}
