// Shared builders for the pressure tests.
import type { OomCandidate } from '../../../source/kernel/oom-kill.js';

export function candidate(over: Partial<OomCandidate> = {}): OomCandidate {
  return {
    pid: 1000, uid: 1000, comm: 'python3', kernelThread: false, hasMm: true, oomScoreAdj: 0,
    rssAnonPages: 0, rssFilePages: 0, rssShmemPages: 0, swapEntsPages: 0, pgtablesBytes: 0, totalVmPages: 0,
    oomVictim: false, oomSkip: false, ...over,
  };
}
