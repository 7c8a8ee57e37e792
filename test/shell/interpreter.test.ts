// The shell's own semantics against a stand-in kernel: expansion, $?, errors, redirection, background jobs, wait.
import { describe, expect, it } from 'vitest';
import { SimShell } from '../../source/shell/shell.js';
import type { CommandResult } from '../../source/shell/types.js';
import { fakeKernel } from './fake-kernel.js';

function setup() {
  const kernel = fakeKernel();
  const shell = new SimShell(kernel);
  /** Run a line to its end, ticking 10 ms at a time (at most 100 s). */
  const run = (line: string): CommandResult => {
    const job = shell.start(line);
    for (let i = 0; i < 10_000 && !job.done; i++) {
      kernel.tick(10);
      shell.poll();
    }
    if (!job.result) throw new Error(`still running: ${line}`);
    return job.result;
  };
  return { kernel, shell, run };
}

describe('shell basics', () => {
  it('acts as the login bash of the machine', () => {
    const { shell } = setup();
    expect(shell.pid).toBe(60);
  });

  it('echo prints its arguments; -n drops the newline', () => {
    const { run } = setup();
    expect(run('echo hello   world')).toEqual({ status: 0, errno: undefined, stdout: 'hello world\n', stderr: '' });
    expect(run('echo -n a b').stdout).toBe('a b');
    expect(run(`echo 'a  b' "c"`).stdout).toBe('a  b c\n');
  });

  it('an unknown command is 127 with bash message; $? shows it', () => {
    const { run, shell } = setup();
    expect(run('frobnicate --now')).toMatchObject({ status: 127, stderr: 'bash: frobnicate: command not found\n' });
    expect(shell.lastStatus).toBe(127);
    expect(run('echo $?').stdout).toBe('127\n');
    expect(run('./a.out').stderr).toBe('bash: ./a.out: No such file or directory\n');
  });

  it('help lists what the shell runs, and every command it names exists', () => {
    const { run } = setup();
    const text = run('help').stdout;
    for (const name of ['free', 'cat', 'ps', 'pidof', 'vmstat', 'dmesg', 'ls', 'sysctl', 'echo', 'sync', 'kill', 'rm', 'sleep', 'jobs', 'wait', 'hog', 'malloc', 'dd', 'strace']) {
      expect(text).toMatch(new RegExp(`(^|\\s)${name} `, 'm'));
      expect(run(`${name} --definitely-bad-option-xyz`).status).not.toBe(127);
    }
  });

  it('runs ; lists in order and returns the last status', () => {
    const { run } = setup();
    expect(run('false; echo $?; true')).toMatchObject({ status: 0, stdout: '1\n' });
    expect(run('true; false').status).toBe(1);
  });

  it('parse errors finish at once with status 2 and run nothing', () => {
    const { run, kernel } = setup();
    const result = run('echo 1 > /tmp/x; free | less');
    expect(result).toMatchObject({ status: 2, stdout: '', stderr: 'memsim: sh: 1:23: pipes are not supported\n' });
    expect(kernel.files.has('/tmp/x')).toBe(false);
  });
});

describe('command substitution', () => {
  it('splits unquoted results into fields and keeps quoted ones whole', () => {
    const { run } = setup();
    expect(run(`echo $(echo 'a   b')x`).stdout).toBe('a bx\n');
    expect(run(`echo "$(echo 'a   b')"`).stdout).toBe('a   b\n');
    expect(run(`echo $(echo ' lead') $(echo 'trail ')!`).stdout).toBe('lead trail !\n');
    expect(run('echo [$(true)]').stdout).toBe('[]\n');
  });

  it('feeds pidof into a path', () => {
    const { run, kernel } = setup();
    run('echo 10 > /proc/sys/vm/swappiness');
    expect(kernel.procWrites).toEqual([['/proc/sys/vm/swappiness', '10', 60]]);
    expect(run('cat /proc/sys/vm/swappiness').stdout).toBe('10\n');
    const r = run('echo -17 > /proc/$(pidof sshd)/oom_adj');
    expect(kernel.procWrites[1]).toEqual(['/proc/50/oom_adj', '-17', 60]);
    expect(r.status).toBe(1); // the stand-in kernel has no oom_adj file
    expect(r.stderr).toBe('bash: /proc/50/oom_adj: No such file or directory\n');
  });

  it('an ambiguous redirect target is refused', () => {
    const { run } = setup();
    expect(run('echo x > /tmp/$(echo a b)')).toMatchObject({ status: 1, stderr: 'bash: /tmp/$(echo a b): ambiguous redirect\n' });
  });
});

describe('redirection', () => {
  it('a refused value is a write error of echo, with the errno kept', () => {
    const { run, shell } = setup();
    const r = run('echo 300 > /proc/sys/vm/swappiness');
    expect(r).toEqual({ status: 1, errno: 'EINVAL', stdout: '', stderr: 'bash: echo: write error: Invalid argument\n' });
    expect(shell.lastErrno).toBe('EINVAL');
    expect(run('cat /proc/sys/vm/swappiness').stdout).toBe('60\n');
  });

  it('writes a file with the bytes of the output, replacing an old one', () => {
    const { run, kernel } = setup();
    run('echo hello > /tmp/greeting');
    expect(kernel.files.get('/tmp/greeting')).toBe(6);
    run('echo hi > /tmp/greeting');
    expect(kernel.files.get('/tmp/greeting')).toBe(3);
    run('> /tmp/empty');
    expect(kernel.files.get('/tmp/empty')).toBe(0);
  });

  it('opens the target before running the command: a bad path runs nothing', () => {
    const { run, kernel } = setup();
    expect(run('sleep 1s > /nodir/x')).toMatchObject({ status: 1, errno: 'ENOENT', stderr: 'bash: /nodir/x: No such file or directory\n' });
    expect(kernel.now()).toBe(0);
    expect(run('nosuch > /nodir/x').stderr).toBe('bash: /nodir/x: No such file or directory\n');
  });

  it('/dev/null swallows output', () => {
    const { run } = setup();
    expect(run('echo gone > /dev/null')).toMatchObject({ status: 0, stdout: '' });
  });
});

describe('programs, background jobs and wait', () => {
  it('sleep lets simulated time pass in the foreground', () => {
    const { kernel, shell } = setup();
    const job = shell.start('sleep 500ms; echo woke');
    expect(job.done).toBe(false);
    for (let i = 0; i < 49; i++) {
      kernel.tick(10);
      shell.poll();
    }
    expect(job.done).toBe(false);
    for (let i = 0; i < 3; i++) {
      kernel.tick(10);
      shell.poll();
    }
    expect(job.result).toMatchObject({ status: 0, stdout: 'woke\n' });
  });

  it('& prints [N] PID, jobs lists it, wait returns its status, then bash reports Done', () => {
    const { run, shell } = setup();
    const started = run('sleep 1s &');
    expect(started.status).toBe(0);
    const pid = Number(/^\[1\] (\d+)\n$/.exec(started.stderr)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(run('jobs').stdout).toBe('[1]+  Running                 sleep 1s &\n');
    expect(shell.jobs()).toEqual([{ id: 1, pid, line: 'sleep 1s', state: 'Running', status: undefined }]);
    expect(run(`wait ${pid}`).status).toBe(0);
    const next = shell.start('true');
    expect(next.output()).toBe('[1]+  Done                    sleep 1s\n');
    expect(shell.jobs()).toEqual([]);
  });

  it('kill sends signals; a killed foreground child shows Killed and 128+9', () => {
    const { run, shell, kernel } = setup();
    const bg = run('sleep 10s &');
    const pid = Number(/\] (\d+)/.exec(bg.stderr)![1]);
    expect(run(`kill -9 ${pid}`).status).toBe(0);
    expect(run(`wait ${pid}`).status).toBe(137);
    expect(run('kill 99999')).toMatchObject({ status: 1, errno: 'ESRCH', stderr: 'bash: kill: (99999) - No such process\n' });
    expect(run('kill -FOO 1').stderr).toBe('bash: kill: FOO: invalid signal specification\n');
    expect(run('kill abc').stderr).toBe('bash: kill: abc: arguments must be process or job IDs\n');
    expect(run('kill').status).toBe(2);
    const fg = shell.start('sleep 10s');
    kernel.tick(10);
    const child = kernel.pidof('sleep')[0]!;
    kernel.kill(child, 'SIGKILL');
    shell.poll();
    expect(fg.result).toMatchObject({ status: 137, stderr: 'Killed\n' });
  });

  it('wait for a stranger is 127', () => {
    const { run } = setup();
    expect(run('wait 1')).toMatchObject({ status: 127, stderr: 'bash: wait: pid 1 is not a child of this shell\n' });
  });

  it('sleep rejects bad durations like GNU sleep', () => {
    const { run } = setup();
    expect(run('sleep 5x')).toMatchObject({ status: 1, stderr: "sleep: invalid time interval '5x'\nTry 'sleep --help' for more information.\n" });
  });
});
