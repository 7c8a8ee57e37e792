// The asciicast v2 writer: exact bytes of the header and events, merging of same-instant writes, order checks.
import { describe, expect, it } from 'vitest';
import { CastEventLog, formatCast, formatCastHeader, parseCast } from '../../source/record/asciicast.js';

describe('asciicast v2 writer', () => {
  it('writes the header fields in a fixed order with fixed number formats', () => {
    expect(
      formatCastHeader({
        width: 100, height: 30, timestamp: 1_764_000_000, idleTimeLimit: 2, title: 'OOM "killer"',
        env: { TERM: 'xterm-256color', SHELL: '/bin/sh' },
      }),
    ).toBe(
      '{"version": 2, "width": 100, "height": 30, "timestamp": 1764000000, "idle_time_limit": 2, ' +
        '"title": "OOM \\"killer\\"", "env": {"TERM": "xterm-256color", "SHELL": "/bin/sh"}}',
    );
    expect(formatCastHeader({ width: 80, height: 24 })).toBe('{"version": 2, "width": 80, "height": 24}');
    expect(() => formatCastHeader({ width: 80.5, height: 24 })).toThrow(/width must be an integer/);
  });

  it('prints times with six decimals and escapes control characters as JSON', () => {
    const log = new CastEventLog();
    log.output(0, '\x1b[?2026h');
    log.output(0, 'Mem\n');
    log.output(0, '\x1b[?2026l');
    log.marker(0, 'Chapter 1');
    log.output(100, 'a');
    log.output(1234.5, 'b');
    log.input(1234.5, '\r');
    expect(formatCast({ width: 10, height: 5 }, log.events())).toBe(
      '{"version": 2, "width": 10, "height": 5}\n' +
        '[0.000000, "o", "\\u001b[?2026hMem\\n\\u001b[?2026l"]\n' +
        '[0.000000, "m", "Chapter 1"]\n' +
        '[0.100000, "o", "a"]\n' +
        '[1.234500, "o", "b"]\n' +
        '[1.234500, "i", "\\r"]\n',
    );
  });

  it('starts a new output event after a marker, even at the same instant, and never merges across time', () => {
    const log = new CastEventLog();
    log.output(5, 'x');
    log.marker(5, 'm');
    log.output(5, 'y');
    log.output(6, 'z');
    log.closeOutput();
    log.output(6, 'w');
    expect(log.events()).toEqual([
      [0.005, 'o', 'x'],
      [0.005, 'm', 'm'],
      [0.005, 'o', 'y'],
      [0.006, 'o', 'z'],
      [0.006, 'o', 'w'],
    ]);
  });

  it('refuses events that go back in time', () => {
    const log = new CastEventLog();
    log.output(200, 'x');
    expect(() => log.output(100, 'y')).toThrow(RangeError);
  });

  it('reads back what it writes', () => {
    const text = formatCast({ width: 40, height: 10, timestamp: 7, title: 't', idleTimeLimit: 1.5 }, [
      [0, 'o', 'héllo ✓\r\n'],
      [2.5, 'm', 'two'],
    ]);
    const cast = parseCast(text);
    expect(cast.header).toMatchObject({ version: 2, width: 40, height: 10, timestamp: 7, title: 't', idleTimeLimit: 1.5 });
    expect(cast.events).toEqual([
      [0, 'o', 'héllo ✓\r\n'],
      [2.5, 'm', 'two'],
    ]);
    expect(() => parseCast('{"version": 3, "term": {"cols": 80, "rows": 24}}\n')).toThrow(/not asciicast v2/);
  });
});
