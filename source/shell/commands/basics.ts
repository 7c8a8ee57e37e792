// bash builtins: echo, true, false, wait, jobs, and help (here: what memsim's shell runs, one line each).
import { waitUntil, type Command, type CommandContext, type CommandRun } from '../command.js';
import { exitStatus, type ChildProcess } from '../jobs.js';

/** bash's echo: -n (no newline), -e / -E accepted (escapes are not interpreted). */
export function* echo(ctx: CommandContext): CommandRun {
  let args = ctx.argv.slice(1);
  let newline = true;
  while (args[0] !== undefined && /^-[neE]+$/.test(args[0])) {
    if (args[0].includes('n')) newline = false;
    args = args.slice(1);
  }
  ctx.out(args.join(' ') + (newline ? '\n' : ''));
  return 0;
}

export function* trueCommand(): CommandRun {
  return 0;
}

export function* falseCommand(): CommandRun {
  return 1;
}

/** wait [PID|%JOB]...: with no operand waits for every background job and returns 0. */
export function* wait(ctx: CommandContext): CommandRun {
  const operands = ctx.argv.slice(1);
  if (operands.length === 0) {
    const running = ctx.jobs.running().map((j) => j.child);
    yield* waitUntil(() => running.every((c) => c.exited));
    return 0;
  }
  let status = 0;
  for (const operand of operands) {
    const child = findChild(ctx, operand);
    if (child === 'invalid') {
      ctx.err(`bash: wait: \`${operand}': not a pid or valid job spec\n`);
      status = 2;
      continue;
    }
    if (!child) {
      if (operand.startsWith('%')) ctx.err(`bash: wait: ${operand}: no such job\n`);
      else ctx.err(`bash: wait: pid ${operand} is not a child of this shell\n`);
      status = 127;
      continue;
    }
    yield* waitUntil(() => child.exited);
    status = exitStatus(child);
  }
  return status;
}

function findChild(ctx: CommandContext, operand: string): ChildProcess | undefined | 'invalid' {
  if (operand.startsWith('%')) return ctx.jobs.find(operand)?.child;
  if (!/^[0-9]+$/.test(operand)) return 'invalid';
  return ctx.jobs.child(Number(operand));
}

export function* jobs(ctx: CommandContext): CommandRun {
  ctx.out(ctx.jobs.listing());
  return 0;
}

const HELP = `memsim's simulated shell runs these commands on the simulated machine (never on this host):
  free [-b|-k|-m|-g|-h] [-w]       memory summary (procps-ng free)
  cat /proc/meminfo|vmstat|PID/status|PID/maps|sys/vm/NAME ...   kernel views; cat FILE > /dev/null reads a file
  ps [-e|-p PID|-C NAME]           ps -eo pid,user,vsz,rss,oom,oomadj,stat,comm (any ps form prints this)
  pidof NAME   vmstat [DELAY [COUNT]] (cpu columns not simulated)   dmesg   ls [-l] [-h] PATH
  sysctl [-a] [-n] [-w] NAME[=VALUE]   echo VALUE > /proc/sys/vm/NAME   echo N > /proc/PID/oom_score_adj
  sync   kill [-9|-15|-s SIG] PID|%JOB   rm FILE   sleep 500ms|5s|2m   jobs   wait [PID]
  hog [--rate SIZE/s] [--size SIZE] [--touch PCT] [--shared] [--name COMM]   allocate and touch memory
  malloc SIZE...                   malloc, memset and free, showing brk vs mmap
  dd if=FILE|/dev/zero of=PATH bs=SIZE count=N   write through the page cache or into /dev/shm
  strace [-e trace=memory] PROGRAM ARGS   the program's system calls
Syntax: ; & > $? $(...) '...' "..."  (no pipes, &&, ||, <, variables or globs)
`;

export function* help(ctx: CommandContext): CommandRun {
  ctx.out(HELP);
  return 0;
}

export const BASIC_COMMANDS: Record<string, Command> = {
  echo,
  true: trueCommand,
  false: falseCommand,
  wait,
  jobs,
  help,
};
