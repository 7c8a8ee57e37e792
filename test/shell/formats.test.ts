// Exact output formats of the tools memsim imitates: dd's statistics line (coreutils print_xfer_stats), printf %g,
// ps column layout (procps-ng), vmstat's data line (procps-ng), strace's result column.
import { describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../source/kernel/types.js';
import { formatPs } from '../../source/procps/ps.js';
import { formatVmstatLine, VMSTAT_HEADER } from '../../source/procps/vmstat.js';
import { formatG, formatTransfer } from '../../source/userspace/dd.js';
import { formatTraceLine, straceString } from '../../source/userspace/strace.js';

describe('dd statistics', () => {
  it.each([
    [268435456, 2.6, '268435456 bytes (268 MB, 256 MiB) copied, 2.6 s, 103 MB/s'],
    [8388608, 0.00390625, '8388608 bytes (8.4 MB, 8.0 MiB) copied, 0.00390625 s, 2.1 GB/s'],
    [1073741824, 10.24, '1073741824 bytes (1.1 GB, 1.0 GiB) copied, 10.24 s, 105 MB/s'],
    [1000, 0.5, '1000 bytes (1.0 kB) copied, 0.5 s, 2.0 kB/s'],
    [512, 0.000123, '512 bytes copied, 0.000123 s, 4.2 MB/s'],
    [1, 1, '1 byte copied, 1 s, 1 B/s'],
    [0, 0, '0 bytes copied, 0 s, Infinity B/s'],
  ])('%d bytes in %f s', (bytes, seconds, line) => {
    expect(formatTransfer(bytes, seconds)).toBe(line);
  });

  it('%g keeps 6 significant digits and switches to exponents below 1e-4', () => {
    expect(formatG(2.56)).toBe('2.56');
    expect(formatG(123.4567891)).toBe('123.457');
    expect(formatG(0.0000123)).toBe('1.23e-05');
    expect(formatG(1234567)).toBe('1.23457e+06');
  });
});

function proc(overrides: Partial<ProcessInfo>): ProcessInfo {
  return {
    pid: 1, ppid: 0, uid: 0, user: 'root', comm: 'init', state: 'S', kernelThread: false, startTimeMs: 0,
    vmPeakKb: 0, vmSizeKb: 0, vmHwmKb: 0, vmRssKb: 0, rssAnonKb: 0, rssFileKb: 0, rssShmemKb: 0, vmDataKb: 0,
    vmStkKb: 0, vmExeKb: 0, vmLibKb: 0, vmPteKb: 0, vmSwapKb: 0, minFlt: 0, majFlt: 0, oomScore: 0,
    oomScoreAdj: 0, oomKilled: false, ...overrides,
  };
}

describe('ps layout', () => {
  it('aligns the columns and lets a wide value push the rest right, as procps does', () => {
    expect(formatPs([
      proc({ pid: 618, comm: 'bash', vmSizeKb: 5704, vmRssKb: 5140, oomScore: 667 }),
      proc({ pid: 700, user: 'messagebus', comm: 'hog', vmSizeKb: 1052940, vmRssKb: 1048712, oomScore: 1180, oomScoreAdj: 500, state: 'R' }),
    ])).toBe(
      '    PID USER        VSZ   RSS  OOM OOMADJ STAT COMMAND\n' +
      '    618 root       5704  5140  667      0 S    bash\n' +
      '    700 message+ 1052940 1048712 1180    500 R    hog\n',
    );
  });
});

describe('vmstat line', () => {
  it('prints procps widths: swpd, free, buff, cache in KiB and since-boot averages', () => {
    const line = formatVmstatLine({
      timeMs: 100_000,
      meminfo: { MemFree: 1801624, Buffers: 14336, Cached: 100000, SReclaimable: 24540, SwapTotal: 1048572, SwapFree: 1048572 },
      counters: { pswpin: 0, pswpout: 2500, pgpgin: 92620, pgpgout: 1000 },
      running: 2,
      blocked: 1,
    });
    expect(VMSTAT_HEADER.split('\n')[1]).toBe(' r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st');
    expect(line).toBe(' 2  1      0 1801624  14336 124540    0  100   926    10    0    0  0  0 100  0  0\n');
  });
});

describe('strace lines', () => {
  it('aligns = at column 40 and cuts strings at 32 characters', () => {
    expect(formatTraceLine('brk(NULL)', '0x55d8c2a1c000')).toBe(`brk(NULL)${' '.repeat(31)}= 0x55d8c2a1c000\n`);
    expect(formatTraceLine('mmap(NULL, 208896, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)', '0x7f0'))
      .toBe('mmap(NULL, 208896, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0\n');
    expect(straceString('hello\n')).toBe('"hello\\n"');
    expect(straceString('x'.repeat(40))).toBe(`"${'x'.repeat(32)}"...`);
  });
});
