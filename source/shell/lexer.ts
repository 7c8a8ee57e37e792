// Lexer of memsim's shell language: the subset of POSIX sh (dash/bash token rules, XCU 2.3 "Token Recognition")
// that the simulated shell runs. Kept: words, '...' and "..." quoting, backslash escapes, `;`, `&`, newlines,
// `>` redirection, `$?`, `$(...)` (nested) and `#` comments. Everything else a learner might type (pipes, `<`,
// `&&`, `||`, backquotes, variables, globs, here-documents, subshells) is refused with a message naming the line
// and column, because silently doing something different from bash would teach the wrong thing.

export class ShellSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

export type WordPart =
  | { kind: 'literal'; text: string; quoted: boolean }
  | { kind: 'status' } // $?
  | { kind: 'substitution'; tokens: Token[]; offset: number; quoted: boolean }; // $( ... ), quoted: inside "..."

export type Token =
  | { kind: 'word'; parts: WordPart[]; offset: number; /** as typed */ text: string }
  | { kind: 'semicolon' | 'ampersand' | 'newline' | 'redirect' | 'end'; offset: number };

const BLANK = /[ \t\r]/;
/** Runs of characters with no special meaning, consumed at once (keeps long words linear and fast). */
const PLAIN_RUN = /[^ \t\r\n;&|<>()`'"\\$*?]+/y;
const QUOTED_RUN = /[^"\\$`]+/y;
const WORD_END = /[ \t\r\n;&|<>()`]/;

/** Tokenize a whole command text (may hold several lines). Throws ShellSyntaxError. */
export function tokenize(source: string): Token[] {
  const lexer = new Lexer(source);
  return lexer.tokens(undefined);
}

/** 1-based line and column of an offset, as the error messages print them. */
export function lineAndColumn(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Deepest $( ... $( ... ) ... ) nesting accepted (bash has no fixed limit; this keeps the recursion bounded). */
export const MAX_SUBSTITUTION_DEPTH = 64;

class Lexer {
  private pos = 0;
  private depth = 0;

  constructor(private readonly src: string) {}

  /** Read tokens until the end of input, or, inside a `$(` opened at substitutionOpen, until its `)`. */
  tokens(substitutionOpen: number | undefined): Token[] {
    const inSubstitution = substitutionOpen !== undefined;
    const out: Token[] = [];
    for (;;) {
      this.skipBlanksAndComments();
      const at = this.pos;
      const c = this.src[at];
      if (c === undefined) {
        if (inSubstitution) throw new ShellSyntaxError(substitutionOpen, 'missing ) to close $(');
        out.push({ kind: 'end', offset: at });
        return out;
      }
      if (c === ')') {
        if (!inSubstitution) throw new ShellSyntaxError(at, 'syntax error: unexpected )');
        out.push({ kind: 'end', offset: at });
        this.pos++;
        return out;
      }
      out.push(this.operatorOrWord(at, c));
    }
  }

  private skipBlanksAndComments(): void {
    for (;;) {
      const c = this.src[this.pos];
      if (c !== undefined && BLANK.test(c)) this.pos++;
      else if (c === '\\' && this.src[this.pos + 1] === '\n') this.pos += 2; // line continuation
      else if (c === '#') while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
      else return;
    }
  }

  private operatorOrWord(at: number, c: string): Token {
    const next = this.src[at + 1];
    switch (c) {
      case '\n':
        this.pos++;
        return { kind: 'newline', offset: at };
      case ';':
        if (next === ';') throw new ShellSyntaxError(at, 'case statements (;;) are not supported');
        this.pos++;
        return { kind: 'semicolon', offset: at };
      case '&':
        if (next === '&') throw new ShellSyntaxError(at, '&& is not supported (use ;)');
        if (next === '>') throw new ShellSyntaxError(at, 'redirecting stderr (&>) is not supported');
        this.pos++;
        return { kind: 'ampersand', offset: at };
      case '|':
        if (next === '|') throw new ShellSyntaxError(at, '|| is not supported (use ;)');
        throw new ShellSyntaxError(at, 'pipes are not supported');
      case '<':
        if (next === '<') throw new ShellSyntaxError(at, 'here-documents (<<) are not supported');
        throw new ShellSyntaxError(at, 'input redirection (<) is not supported');
      case '>':
        if (next === '>') throw new ShellSyntaxError(at, 'appending (>>) is not supported, use >');
        if (next === '&' || next === '|') throw new ShellSyntaxError(at, `>${next} is not supported, use > FILE`);
        this.pos++;
        return { kind: 'redirect', offset: at };
      case '(':
        throw new ShellSyntaxError(at, 'subshells ( ... ) are not supported');
      default:
        return this.word(at);
    }
  }

  private word(start: number): Token {
    const parts: WordPart[] = [];
    let literal = '';
    const flush = (quoted: boolean) => {
      if (literal !== '') parts.push({ kind: 'literal', text: literal, quoted });
      literal = '';
    };
    for (;;) {
      const at = this.pos;
      const c = this.src[at];
      if (c === undefined || WORD_END.test(c)) {
        if (c === '`') throw new ShellSyntaxError(at, 'backquotes are not supported, use $(...)');
        if (c === '(') throw new ShellSyntaxError(at, 'subshells ( ... ) are not supported');
        if (c === '>' && /^[0-9]+$/.test(this.src.slice(start, at))) {
          throw new ShellSyntaxError(start, `redirecting file descriptor ${this.src.slice(start, at)} is not supported`);
        }
        if (c === '<' && /^[0-9]+$/.test(this.src.slice(start, at))) {
          throw new ShellSyntaxError(start, 'input redirection (<) is not supported');
        }
        break;
      }
      if (c === "'") {
        flush(false);
        parts.push({ kind: 'literal', text: this.singleQuoted(at), quoted: true });
      } else if (c === '"') {
        flush(false);
        this.doubleQuoted(at, parts);
      } else if (c === '\\') {
        flush(false);
        parts.push({ kind: 'literal', text: this.src[at + 1] ?? '\\', quoted: true });
        this.pos += this.src[at + 1] === undefined ? 1 : 2;
      } else if (c === '$') {
        const part = this.dollar(at, false);
        if (part) {
          flush(false);
          parts.push(part);
        } else {
          literal += '$';
          this.pos++;
        }
      } else if (c === '*' || c === '?') {
        throw new ShellSyntaxError(at, `globs (${c}) are not supported; quote it to use it literally`);
      } else {
        literal += this.run(PLAIN_RUN, at);
      }
    }
    flush(false);
    return { kind: 'word', parts, offset: start, text: this.src.slice(start, this.pos) };
  }

  /** Consume the run of `pattern` (a sticky regex) starting at `at` (at least the character there). */
  private run(pattern: RegExp, at: number): string {
    pattern.lastIndex = at;
    const match = pattern.exec(this.src);
    const text = match ? match[0] : this.src[at]!;
    this.pos = at + text.length;
    return text;
  }

  private singleQuoted(open: number): string {
    const close = this.src.indexOf("'", open + 1);
    if (close < 0) throw new ShellSyntaxError(open, 'unterminated quoted string');
    this.pos = close + 1;
    return this.src.slice(open + 1, close);
  }

  private doubleQuoted(open: number, parts: WordPart[]): void {
    this.pos = open + 1;
    let literal = '';
    let pushedAny = false;
    const flush = () => {
      if (literal !== '' || !pushedAny) parts.push({ kind: 'literal', text: literal, quoted: true });
      pushedAny = true;
      literal = '';
    };
    for (;;) {
      const at = this.pos;
      const c = this.src[at];
      if (c === undefined) throw new ShellSyntaxError(open, 'unterminated quoted string');
      if (c === '"') {
        this.pos++;
        if (literal !== '' || !pushedAny) flush();
        return;
      }
      if (c === '\\' && '$`"\\\n'.includes(this.src[at + 1] ?? '')) {
        if (this.src[at + 1] !== '\n') literal += this.src[at + 1];
        this.pos += 2;
      } else if (c === '`') {
        throw new ShellSyntaxError(at, 'backquotes are not supported, use $(...)');
      } else if (c === '$') {
        const part = this.dollar(at, true);
        if (part) {
          if (literal !== '') flush();
          parts.push(part);
          pushedAny = true;
        } else {
          literal += '$';
          this.pos++;
        }
      } else {
        literal += this.run(QUOTED_RUN, at);
      }
    }
  }

  /** `$?`, `$(...)`; refuses other expansions; undefined when the `$` is a plain character. */
  private dollar(at: number, quoted: boolean): WordPart | undefined {
    const next = this.src[at + 1];
    if (next === '?') {
      this.pos = at + 2;
      return { kind: 'status' };
    }
    if (next === '(') {
      if (this.src[at + 2] === '(') throw new ShellSyntaxError(at, 'arithmetic expansion $((...)) is not supported');
      if (this.depth >= MAX_SUBSTITUTION_DEPTH) throw new ShellSyntaxError(at, 'command substitution nested too deeply');
      this.pos = at + 2;
      this.depth++;
      const tokens = this.tokens(at);
      this.depth--;
      return { kind: 'substitution', tokens, offset: at, quoted };
    }
    if (next !== undefined && /[A-Za-z0-9_{@*#!$-]/.test(next)) {
      throw new ShellSyntaxError(at, 'variables are not supported (only $? and $(...))');
    }
    return undefined;
  }
}
