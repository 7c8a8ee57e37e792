import { describe, expect, it } from 'vitest';
import { parse, type ParsedPart, type Script } from '../../source/shell/parser.js';

function ok(source: string): Script {
  const result = parse(source);
  if (!result.ok) throw new Error(result.error.text);
  return result.script;
}

/** A compact picture of a script: words as strings, with $? as {?} and $(...) as {(...)}. */
function show(script: Script): string {
  return script.commands
    .map((c) => {
      const words = c.words.map(showWord).join(' ');
      const redirect = c.redirect ? ` > ${showWord(c.redirect.target)}` : '';
      return `[${words}${redirect}]${c.background ? '&' : ''}`;
    })
    .join(' ');
}
function showWord(word: { parts: ParsedPart[] }): string {
  return word.parts
    .map((p) => (p.kind === 'literal' ? (p.quoted ? `'${p.text}'` : p.text) : p.kind === 'status' ? '{?}' : `{(${show(p.script)})}`))
    .join('');
}

function error(source: string): string {
  const result = parse(source);
  if (result.ok) throw new Error(`parsed: ${source}`);
  return result.error.text;
}

describe('parse: accepted constructs', () => {
  it('splits words on blanks and tabs', () => {
    expect(show(ok('free  -h\t-w'))).toBe('[free -h -w]');
  });
  it('separates commands with ; and newlines, & marks background', () => {
    expect(show(ok('hog --size 1G & sleep 2s; free\nps'))).toBe('[hog --size 1G]& [sleep 2s] [free] [ps]');
    expect(show(ok('hog &'))).toBe('[hog]&');
    expect(show(ok('free;'))).toBe('[free]');
  });
  it('keeps quoted text literal, including blanks, ;, | and $', () => {
    expect(show(ok(`echo 'a | b; $?' "c  d"`))).toBe(`[echo 'a | b; $?' 'c  d']`);
    expect(show(ok(`echo ''`))).toBe(`[echo '']`);
    expect(show(ok(`echo a"b"'c'`))).toBe(`[echo a'b''c']`);
  });
  it('handles backslash escapes outside and inside double quotes', () => {
    expect(show(ok('echo a\\;b'))).toBe(`[echo a';'b]`);
    expect(show(ok('echo "x\\"y\\$z"'))).toBe(`[echo 'x"y$z']`);
  });
  it('reads > redirection anywhere in the command', () => {
    expect(show(ok('echo 3 > /proc/sys/vm/drop_caches'))).toBe('[echo 3 > /proc/sys/vm/drop_caches]');
    expect(show(ok('echo 3 >/tmp/x'))).toBe('[echo 3 > /tmp/x]');
    expect(show(ok('> /dev/null cat /var/log/syslog'))).toBe('[cat /var/log/syslog > /dev/null]');
  });
  it('expands $? and nested $(...) into parts', () => {
    expect(show(ok('echo $?'))).toBe('[echo {?}]');
    expect(show(ok('echo "status=$?"'))).toBe(`[echo 'status='{?}]`);
    expect(show(ok('echo -17 > /proc/$(pidof sshd)/oom_adj'))).toBe('[echo -17 > /proc/{([pidof sshd])}/oom_adj]');
    expect(show(ok('kill $(pidof $(echo hog))'))).toBe('[kill {([pidof {([echo hog])}])}]');
    expect(show(ok('echo "$(echo a; echo b)"'))).toBe('[echo {([echo a] [echo b])}]');
  });
  it('keeps a lone $ literal and skips comments', () => {
    expect(show(ok('echo $ # a comment | with a pipe'))).toBe('[echo $]');
    expect(show(ok('# only a comment'))).toBe('');
    expect(show(ok(''))).toBe('');
  });
});

describe('parse: refused constructs name line and column', () => {
  it.each([
    ['cat /proc/meminfo | grep Mem', 'memsim: sh: 1:19: pipes are not supported'],
    ['free && ps', 'memsim: sh: 1:6: && is not supported (use ;)'],
    ['free || ps', 'memsim: sh: 1:6: || is not supported (use ;)'],
    ['cat < /etc/passwd', 'memsim: sh: 1:5: input redirection (<) is not supported'],
    ['cat <<EOF', 'memsim: sh: 1:5: here-documents (<<) are not supported'],
    ['echo 1 >> /tmp/x', 'memsim: sh: 1:8: appending (>>) is not supported, use >'],
    ['echo 1 >&2', 'memsim: sh: 1:8: >& is not supported, use > FILE'],
    ['echo 1 2>/dev/null', 'memsim: sh: 1:8: redirecting file descriptor 2 is not supported'],
    ['free &> /tmp/x', 'memsim: sh: 1:6: redirecting stderr (&>) is not supported'],
    ['echo `pidof sshd`', 'memsim: sh: 1:6: backquotes are not supported, use $(...)'],
    ['echo "`pidof sshd`"', 'memsim: sh: 1:7: backquotes are not supported, use $(...)'],
    ['echo $HOME', 'memsim: sh: 1:6: variables are not supported (only $? and $(...))'],
    ['echo ${x}', 'memsim: sh: 1:6: variables are not supported (only $? and $(...))'],
    ['echo $((1+2))', 'memsim: sh: 1:6: arithmetic expansion $((...)) is not supported'],
    ['ls /proc/*/status', 'memsim: sh: 1:10: globs (*) are not supported; quote it to use it literally'],
    ['ls a?', 'memsim: sh: 1:5: globs (?) are not supported; quote it to use it literally'],
    ['(free)', 'memsim: sh: 1:1: subshells ( ... ) are not supported'],
    ['free)', 'memsim: sh: 1:5: syntax error: unexpected )'],
    ["echo 'abc", 'memsim: sh: 1:6: unterminated quoted string'],
    ['echo "abc', 'memsim: sh: 1:6: unterminated quoted string'],
    ['echo $(pidof sshd', 'memsim: sh: 1:6: missing ) to close $('],
    ['echo $(echo $(x)', 'memsim: sh: 1:6: missing ) to close $('],
    ['; free', 'memsim: sh: 1:1: syntax error: unexpected ;'],
    ['free; ; ps', 'memsim: sh: 1:7: syntax error: unexpected ;'],
    ['& free', 'memsim: sh: 1:1: syntax error: unexpected &'],
    ['echo 3 >', 'memsim: sh: 1:8: missing file name after >'],
    ['echo 3 > ; ls', 'memsim: sh: 1:8: missing file name after >'],
    ['echo 1 > a > b', 'memsim: sh: 1:12: only one > redirection per command is supported'],
    ['X=1 free', 'memsim: sh: 1:1: variable assignments are not supported'],
    ['case x in a) ;; esac', 'memsim: sh: 1:12: syntax error: unexpected )'],
    ['free\nfree | less', 'memsim: sh: 2:6: pipes are not supported'],
    ['echo $(free | less)', 'memsim: sh: 1:13: pipes are not supported'],
  ])('%s', (source, message) => {
    expect(error(source)).toBe(message);
  });

  it('limits $( nesting instead of overflowing the stack', () => {
    const deep = 'echo ' + '$('.repeat(2000) + 'true' + ')'.repeat(2000);
    expect(error(deep)).toBe(`memsim: sh: 1:${6 + 2 * 64}: command substitution nested too deeply`);
    expect(parse('echo ' + '$('.repeat(64) + 'true' + ')'.repeat(64)).ok).toBe(true);
  });

  it('returns line, column and message separately', () => {
    const result = parse('ps\n  free | x');
    expect(result).toMatchObject({ ok: false, error: { line: 2, column: 8, message: 'pipes are not supported' } });
  });
});
