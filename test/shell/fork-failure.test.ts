// A fork that fails (spawn -> ENOMEM under strict overcommit): bash's make_child() prints "bash: fork: <strerror>",
// sets 126 (EX_NOEXEC), and throw_to_top_level() ORs in 128 and discards the rest of the line: $? is 254.
import { describe, expect, it } from 'vitest';
import { createSession } from '../../source/shell/session.js';

describe('fork failure', () => {
  it('prints bash: fork: Cannot allocate memory, gives 254 with ENOMEM and runs nothing more on the line', () => {
    const session = createSession({ machine: { ramBytes: 512 * 2 ** 20, swapBytes: 0 } });
    session.runToCompletion('sysctl -w vm.overcommit_memory=2 vm.overcommit_ratio=1', 'cli');
    const result = session.runToCompletion('hog --size 1M; echo next', 'cli');
    expect(result).toEqual({ status: 254, errno: 'ENOMEM', stdout: '', stderr: 'bash: fork: Cannot allocate memory\n' });
    // The next line runs normally and sees $? = 254.
    expect(session.runToCompletion('echo $?', 'cli')).toMatchObject({ status: 0, stdout: '254\n' });
  });
});
