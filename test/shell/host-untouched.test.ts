// The simulated shell never touches the machine it runs on, even as root: writing drop_caches, a sysctl and a
// tmpfs file through memsim leaves the host's /proc/sys/vm/swappiness, its drop_caches counter and its /dev/shm
// as they were. Also checked statically: nothing in the shell, the programs or the procps formatters imports a
// module that can reach the host (fs, child_process, net, os ...).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSession } from '../../source/shell/session.js';

function hostVmstat(name: string): number | undefined {
  if (!existsSync('/proc/vmstat')) return undefined;
  const line = readFileSync('/proc/vmstat', 'utf8').split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

function hostFile(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

const SHM_NAME = `memsim-host-check-${process.pid}`;

describe('the host is untouched', () => {
  it('drop_caches, sysctl -w and dd to /dev/shm act on the simulated machine only', () => {
    const swappinessBefore = hostFile('/proc/sys/vm/swappiness');
    const dropsBefore = hostVmstat('drop_pagecache');
    expect(existsSync(`/dev/shm/${SHM_NAME}`)).toBe(false);

    const session = createSession();
    const lines = [
      'echo 3 > /proc/sys/vm/drop_caches',
      'sysctl -w vm.swappiness=0',
      `dd if=/dev/zero of=/dev/shm/${SHM_NAME} bs=1M count=8`,
      'echo 1 > /proc/sys/vm/drop_caches',
    ];
    for (const line of lines) expect(session.runToCompletion(line, 'cli').status).toBe(0);

    // The simulated machine changed ...
    expect(session.kernel.sysctlGet('vm.swappiness')).toEqual({ ok: true, value: 0 });
    const simulatedFile = session.kernel.stat(`/dev/shm/${SHM_NAME}`);
    expect(simulatedFile.ok && simulatedFile.value.sizeBytes).toBe(8 * 2 ** 20);
    // ... the host did not.
    expect(hostFile('/proc/sys/vm/swappiness')).toBe(swappinessBefore);
    expect(hostVmstat('drop_pagecache')).toBe(dropsBefore);
    expect(existsSync(`/dev/shm/${SHM_NAME}`)).toBe(false);
  });
});

const FORBIDDEN = /from\s+['"](node:)?(fs|fs\/promises|child_process|net|os|worker_threads|http|https|dgram|cluster|process)['"]|require\(|process\.(binding|dlopen)|import\(/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('no host access in the shell layer', () => {
  const files = [...sourceFiles('source/shell'), ...sourceFiles('source/userspace'), 'source/procps/ps.ts', 'source/procps/vmstat.ts'];

  it('finds the files it checks', () => {
    expect(files).toContain('source/shell/interpreter.ts');
    expect(files).toContain('source/userspace/dd.ts');
    expect(`import { readFileSync } from 'node:fs';`).toMatch(FORBIDDEN);
    expect(`import { execFileSync } from "child_process";`).toMatch(FORBIDDEN);
  });

  it.each(files)('%s imports nothing that reaches the host', (file) => {
    expect(readFileSync(file, 'utf8')).not.toMatch(FORBIDDEN);
  });
});
