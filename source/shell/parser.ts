// Parser of memsim's shell language: turns the lexer's tokens into a list of simple commands, the part of the
// POSIX sh grammar (XCU 2.10 "Shell Grammar": list, and_or reduced to one pipeline, pipeline reduced to one
// simple_command, io_redirect reduced to `> WORD`) that the simulated shell runs. Errors carry the offset of the
// token at fault; `parse` turns them into `memsim: sh: LINE:COL: message`.
import { lineAndColumn, ShellSyntaxError, tokenize, type Token, type WordPart } from './lexer.js';

export type { WordPart } from './lexer.js';

/** A word part after parsing: substitutions hold a parsed script instead of tokens. */
export type ParsedPart =
  | { kind: 'literal'; text: string; quoted: boolean }
  | { kind: 'status' }
  | { kind: 'substitution'; script: Script; offset: number; quoted: boolean };

export interface SimpleCommand {
  words: ParsedWord[];
  /** `> target` (one per command). */
  redirect?: { target: ParsedWord; offset: number };
  /** Ended by `&`: run in the background. */
  background: boolean;
  offset: number;
}

export interface ParsedWord {
  parts: ParsedPart[];
  offset: number;
  /** The word as typed (for messages such as `bash: /proc/$(pidof sshd)/oom_adj: ambiguous redirect`). */
  text: string;
}

export interface Script {
  commands: SimpleCommand[];
}

export interface ParseError {
  line: number;
  column: number;
  message: string;
  /** The whole diagnostic as the shell prints it: `memsim: sh: 1:12: pipes are not supported`. */
  text: string;
}

export type ParseResult = { ok: true; script: Script } | { ok: false; error: ParseError };

/** Parse a command text (one or several lines). Never throws for bad input. */
export function parse(source: string): ParseResult {
  try {
    return { ok: true, script: parseTokens(tokenize(source)) };
  } catch (error) {
    if (!(error instanceof ShellSyntaxError)) throw error;
    const { line, column } = lineAndColumn(source, error.offset);
    return {
      ok: false,
      error: { line, column, message: error.message, text: `memsim: sh: ${line}:${column}: ${error.message}` },
    };
  }
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

function parseTokens(tokens: Token[]): Script {
  const commands: SimpleCommand[] = [];
  let current: SimpleCommand | undefined;
  let i = 0;
  const finish = (background: boolean, separator: Token) => {
    if (!current) {
      const shown = separator.kind === 'ampersand' ? '&' : ';';
      throw new ShellSyntaxError(separator.offset, `syntax error: unexpected ${shown}`);
    }
    current.background = background;
    commands.push(current);
    current = undefined;
  };
  for (;;) {
    const token = tokens[i++]!;
    switch (token.kind) {
      case 'end':
        if (current) commands.push(current);
        return { commands };
      case 'newline':
        if (current) commands.push(current);
        current = undefined;
        break;
      case 'semicolon':
        finish(false, token);
        break;
      case 'ampersand':
        finish(true, token);
        break;
      case 'redirect': {
        const target = tokens[i];
        if (!target || target.kind !== 'word') throw new ShellSyntaxError(token.offset, 'missing file name after >');
        i++;
        current ??= { words: [], background: false, offset: token.offset };
        if (current.redirect) throw new ShellSyntaxError(token.offset, 'only one > redirection per command is supported');
        current.redirect = { target: parseWord(target), offset: token.offset };
        break;
      }
      case 'word': {
        if (!current || current.words.length === 0) rejectAssignment(token);
        current ??= { words: [], background: false, offset: token.offset };
        current.words.push(parseWord(token));
        break;
      }
    }
  }
}

function rejectAssignment(token: Extract<Token, { kind: 'word' }>): void {
  const first = token.parts[0];
  if (first?.kind === 'literal' && !first.quoted && ASSIGNMENT.test(first.text)) {
    throw new ShellSyntaxError(token.offset, 'variable assignments are not supported');
  }
}

function parseWord(token: Extract<Token, { kind: 'word' }>): ParsedWord {
  const parts = token.parts.map((part): ParsedPart => {
    if (part.kind !== 'substitution') return part;
    return { kind: 'substitution', script: parseTokens(part.tokens), offset: part.offset, quoted: part.quoted };
  });
  return { parts, offset: token.offset, text: token.text };
}
