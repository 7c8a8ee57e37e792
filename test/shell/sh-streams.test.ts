// `memsim sh -c` through the real bin (dist/memsim.js, built by the global setup): stdout and stderr come out in
// print order, each on its own fd. With both fds on one pipe (2>&1) the order of the writes is what a terminal shows.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../dist/memsim.js');
const LINES = 'dd if=/dev/zero of=/tmp/f bs=1M count=10\necho next\nstrace sleep 1\necho end';

function sh(redirect: string): { status: number | null; stdout: string } {
  const command = `"${process.execPath}" "${BIN}" sh -c '${LINES}' ${redirect}`;
  return spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8', timeout: 60_000 });
}

describe('memsim sh -c output order', () => {
  it("dd's statistics and strace's trace (stderr) come between the stdout lines they were printed between", () => {
    const merged = sh('2>&1');
    expect(merged.status).toBe(0);
    const lines = merged.stdout.split('\n');
    const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    expect(at(/^10\+0 records in$/)).toBe(0);
    expect(at(/^10485760 bytes \(10 MB, 10 MiB\) copied, /)).toBe(2);
    expect(lines[3]).toBe('next');
    expect(lines[4]).toMatch(/^execve\("\/usr\/bin\/sleep", \["sleep", "1"\]/);
    expect(lines[lines.length - 3]).toBe('+++ exited with 0 +++');
    expect(lines[lines.length - 2]).toBe('end');
  });

  it('keeps stderr on fd 2: with stderr discarded only the echo lines remain', () => {
    expect(sh('2>/dev/null')).toMatchObject({ status: 0, stdout: 'next\nend\n' });
  });
});
