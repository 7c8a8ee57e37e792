// kernelFacts(): the loader's view of the kernel. Names are read from one probe per process (opening many files
// in one `memsim record` must not boot a throwaway kernel per file); sysctl writes are tried on a kernel of
// their own per facts object, so one file's writes never change what another file is checked against.
import { describe, expect, it } from 'vitest';
import { bootKernel } from '../../source/kernel/index.js';
import { kernelFacts } from '../../source/scenario/open.js';

describe('kernelFacts', () => {
  it('reads the names once per process', () => {
    const first = kernelFacts();
    const second = kernelFacts();
    expect(second.meminfo).toBe(first.meminfo);
    expect(second.sysctl).toBe(first.sysctl);
    expect(first.meminfo).toContain('MemAvailable');
    expect(first.vmstat).toContain('oom_kill');
    expect(first.sysctl).toContain('vm.swappiness');
    // Read from the smallest machine: the same names as a default one.
    const probe = bootKernel();
    const snapshot = probe.snapshot();
    expect(first.meminfo).toEqual(Object.keys(snapshot.meminfo));
    expect(first.vmstat).toEqual(Object.keys(snapshot.vmstat));
    expect(first.sysctl).toEqual(probe.sysctlNames());
  });

  it('checks sysctl writes as the kernel does, on a probe per facts object', () => {
    const facts = kernelFacts();
    expect(facts.checkSysctl('vm.swappiness', 0)).toBeUndefined();
    expect(facts.checkSysctl('vm.swappiness', 201)).toBe('sysctl vm.swappiness=201 is refused by the kernel (EINVAL)');
    expect(kernelFacts().checkSysctl('vm.overcommit_memory', 2)).toBeUndefined();
  });

  it('uses the kernel it is given, for names and writes', () => {
    const probe = bootKernel();
    const facts = kernelFacts(probe);
    expect(facts.checkSysctl('vm.swappiness', 7)).toBeUndefined();
    expect(probe.sysctlGet('vm.swappiness')).toEqual({ ok: true, value: 7 });
    expect(facts.sysctl).toEqual(kernelFacts().sysctl);
  });
});
