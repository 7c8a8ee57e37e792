// `memsim sh` in a real terminal (tmux): the prompt, a command's output, history with Up, exit status on exit.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Tmux } from '../ui/support/tmux.js';

const BIN = join(import.meta.dirname, '../../dist/memsim.js');
let tmux: Tmux | undefined;

afterEach(() => {
  tmux?.kill();
  tmux = undefined;
});

describe('memsim sh on a terminal', () => {
  it('prompts, runs commands, recalls them with Up, and exits with the given status', () => {
    tmux = new Tmux(100, 30);
    tmux.run(`node ${BIN} sh --ram 1GiB --swap 0 --sysctl vm.swappiness=7`);
    tmux.waitFor((s) => s.includes('root@memsim:~#'), 'the memsim prompt');
    tmux.run('sysctl vm.swappiness');
    tmux.waitFor((s) => s.includes('vm.swappiness = 7'), 'the sysctl output');
    tmux.run('free -m');
    tmux.waitFor((s) => /Mem: +958 /.test(s), 'free -m of a 1 GiB machine');
    // Up twice brings back the sysctl line from history.
    tmux.keys('Up', 'Up');
    tmux.waitFor((s) => s.trimEnd().endsWith('root@memsim:~# sysctl vm.swappiness'), 'the recalled line');
    tmux.keys('C-u');
    tmux.run('exit 3');
    tmux.run('echo "status=$?"');
    tmux.waitFor((s) => s.includes('status=3'), 'the exit status in the outer shell');
  });
});
