// Random command lines for the simulated shell: every command it knows, with valid and invalid options, sizes,
// pids, signals and paths (including host paths that must never be touched: /etc/passwd, /proc/sys/vm/*), plus
// the exact lines the dashboard's keys send. Used by the interpreter fuzz and by the host-untouched test.
import fc from 'fast-check';
import { garbageText } from './fuzz-support.js';

const size = fc.oneof(
  fc.constantFrom('4096', '64K', '1M', '16M', '100MiB', '256M', '1G', '2G', '1.5G', '0', '-1M', '1e9', '10MB', '99999999T', 'lots', ''),
  fc.nat({ max: 2 ** 31 }).map(String),
);
const rate = fc.oneof(size.map((s) => `${s}/s`), fc.constantFrom('64M', '0/s', '/s'));
const duration = fc.constantFrom('0', '10ms', '500ms', '1s', '2s', '1h', '-1s', 'soon', '1.5s');
const pid = fc.constantFrom('1', '2', '618', '433', '700', '701', '999999', '-1', '0', '$(pidof hog)', '$(pidof sshd)', '%1', 'abc', '$?');
const signal = fc.constantFrom('-9', '-15', '-KILL', '-TERM', '-INT', '-HUP', '-STOP', '-CONT', '-USR1', '-USR2', '-s USR1', '-0', '-99', '-BOGUS', '');
const sysctlName = fc.constantFrom('vm.swappiness', 'vm.overcommit_memory', 'vm.overcommit_ratio', 'vm.min_free_kbytes', 'vm.dirty_ratio',
  'vm.drop_caches', 'vm.panic_on_oom', 'vm.watermark_scale_factor', 'vm.vfs_cache_pressure', 'vm.nosuch', 'kernel.pid_max', 'vm.');
const sysctlValue = fc.constantFrom('0', '1', '2', '3', '10', '60', '100', '200', '201', '-1', '2147483648', 'x', '');
/** Paths a learner types: simulated files, /proc, and real host files that must stay untouched. */
export const PATHS = ['/proc/meminfo', '/proc/vmstat', '/proc/sys/vm/swappiness', '/proc/sys/vm/drop_caches', '/proc/sys/vm/overcommit_memory',
  '/proc/618/status', '/proc/1/oom_score_adj', '/proc/self/status', '/srv/dataset.bin', '/var/log/syslog', '/var/tmp/hardening.bin',
  '/dev/shm/hardening', '/dev/zero', '/dev/null', '/etc/passwd', '/etc/hostname', '/tmp/hardening-x', 'relative-file', '../escape',
  '/sys/kernel/mm/transparent_hugepage/enabled', '/', '/nonexistent/dir/file', ''];
const path = fc.constantFrom(...PATHS);

/** The lines the dashboard's keys run (source/ui/keymap.ts), with concrete numbers. */
export const KEY_LINES = [
  'hog --rate 64M/s &', 'hog --rate 256M/s --name bighog &', 'dd if=/dev/zero of=/var/tmp/stream1.bin bs=1M count=256 &',
  'dd if=/dev/zero of=/dev/shm/shm1 bs=1M count=64', 'sync', 'echo 1 > /proc/sys/vm/drop_caches', 'echo 2 > /proc/sys/vm/drop_caches',
  'echo 3 > /proc/sys/vm/drop_caches', 'kill -15 $(pidof hog)', 'kill -9 $(pidof bighog)', 'echo 500 > /proc/$(pidof bighog)/oom_score_adj',
  'sysctl -w vm.overcommit_memory=2', 'sysctl -w vm.overcommit_memory=0', 'sysctl -w vm.swappiness=10', 'sysctl -w vm.swappiness=100',
  'kill -USR1 $(pidof hog)', 'kill -USR2 $(pidof hog)',
];

const words = <T extends string>(...arbs: Array<fc.Arbitrary<T>>) => fc.tuple(...arbs).map((parts) => parts.filter((p) => p !== '').join(' '));

/** One simple command (no ; or &), from every command the shell knows. */
export const simpleCommand: fc.Arbitrary<string> = fc.oneof(
  words(fc.constant('hog'), fc.constantFrom('', '--rate'), rate, fc.constantFrom('', '--size 64M', '--touch 1M', '--name web', '--shared', '--bogus', '--name')),
  words(fc.constant('malloc'), size, fc.constantFrom('', '100K', '200K', 'x')),
  words(fc.constant('dd'), fc.constantFrom('if=/dev/zero', 'if=/srv/dataset.bin', 'if=/etc/passwd', 'if=', ''), path.map((p) => `of=${p}`), size.map((s) => `bs=${s}`), fc.constantFrom('count=1', 'count=16', 'count=0', 'count=-1', 'count=x', '')),
  words(fc.constant('cat'), path),
  words(fc.constant('echo'), fc.oneof(sysctlValue, fc.constantFrom('-17', '-1000', '1000', '1001', 'hello')), fc.constant('>'), path),
  words(fc.constant('sysctl'), fc.constantFrom('-w', '', '-a', '-n', '--values', '-q'), fc.tuple(sysctlName, sysctlValue).map(([n, v]) => `${n}=${v}`)),
  words(fc.constant('sysctl'), fc.constantFrom('', '-n'), sysctlName),
  words(fc.constant('kill'), signal, pid),
  words(fc.constant('free'), fc.constantFrom('', '-h', '-m', '-g', '-b', '-k', '-w', '-t', '-v', '--si', '-x', '--bogus', 'extra')),
  words(fc.constant('ps'), fc.constantFrom('', 'aux', '-e', '-ef', '-p 1', '-C hog', '--bogus', 'faux')),
  words(fc.constant('vmstat'), fc.constantFrom('', '1 1', '-s', '-w', '0', '-1', 'x')),
  words(fc.constantFrom('dmesg', 'jobs', 'wait', 'sync', 'true', 'false', 'free', 'pidof hog', 'pidof sshd', 'pidof', 'ls', 'ls /dev/shm', 'ls /etc')),
  words(fc.constant('rm'), path),
  words(fc.constant('sleep'), duration),
  words(fc.constant('strace'), fc.constantFrom('malloc 100K', 'malloc 1M', 'hog --size 1M', 'dd if=/dev/zero of=/dev/null bs=1M count=1', 'free', '')),
  words(fc.constantFrom('nosuchcommand', 'bash', 'python3', 'top', 'htop', 'reboot', 'mount', 'swapoff -a', 'stress --vm 1')),
  fc.constantFrom(...KEY_LINES),
);

/** A whole line: one or more commands, backgrounded or not, sometimes with garbage appended. */
export const commandLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: simpleCommand },
  { weight: 3, arbitrary: fc.array(fc.tuple(simpleCommand, fc.constantFrom('; ', ' & ', '\n')), { minLength: 1, maxLength: 3 }).map((cs) => cs.map(([c, s]) => c + s).join('')) },
  { weight: 1, arbitrary: fc.tuple(simpleCommand, garbageText(12)).map(([c, g]) => `${c} ${g}`) },
  { weight: 1, arbitrary: garbageText(30) },
);
