// Models linux mm/util.c (`vm_commit_limit`, `__vm_enough_memory`, `vm_acct_memory`), the VM_ACCOUNT rules of
// mm/mmap.c (`accountable_mapping`, MAP_NORESERVE handling in do_mmap), mm/mprotect.c and mm/shmem.c, and the
// boot defaults of vm.admin_reserve_kbytes / vm.user_reserve_kbytes (mm/util.c init_*_reserve).
// Simplified: no hugetlb pages (hugetlb term 0); Committed_AS is one exact counter instead of a per-CPU one;
// CAP_SYS_ADMIN is "uid 0".
import { MAP_ANONYMOUS, MAP_NORESERVE, MAP_SHARED, PROT_WRITE } from './types.js';
import { Ratelimit } from './ratelimit.js';

export const OVERCOMMIT_GUESS = 0, OVERCOMMIT_ALWAYS = 1, OVERCOMMIT_NEVER = 2;

export interface CommitSysctls {
  overcommitMemory: number;
  overcommitRatio: number;
  overcommitKbytes: number;
  adminReserveKbytes: number;
  userReserveKbytes: number;
}

/** vm_commit_limit(): overcommit_kbytes/4 if set, else (totalram - hugetlb) * ratio / 100; plus total swap. */
export function vmCommitLimit(totalramPages: number, totalswapPages: number, s: CommitSysctls, hugetlbPages = 0): number {
  const allowed =
    s.overcommitKbytes !== 0
      ? Math.floor(s.overcommitKbytes / 4)
      : Math.floor(((totalramPages - hugetlbPages) * s.overcommitRatio) / 100);
  return allowed + totalswapPages;
}

/** init_admin_reserve(): min(free kB at boot / 32, 8 MiB). */
export function defaultAdminReserveKbytes(freeKbAtBoot: number): number {
  return Math.min(Math.floor(freeKbAtBoot / 32), 8192);
}

/** init_user_reserve(): min(free kB at boot / 32, 128 MiB). */
export function defaultUserReserveKbytes(freeKbAtBoot: number): number {
  return Math.min(Math.floor(freeKbAtBoot / 32), 131072);
}

/** Who asks: the caller's identity and its mm's current total_vm (pages, before the new mapping). */
export interface CommitCaller {
  pid: number;
  comm: string;
  capSysAdmin: boolean;
  /** Undefined for a caller without an mm (kernel thread). */
  totalVmPages?: number;
}

export type CommitVerdict = { ok: true } | { ok: false; warning?: string; suppressed?: string };

/**
 * Committed_AS and the admission check. One instance per kernel; Committed_AS is charged by every mode,
 * so switching modes at run time only changes how the *next* request is judged.
 */
export class CommitAccounting {
  /** vm_committed_as, pages. */
  committedPages = 0;
  private readonly ratelimit = new Ratelimit('__vm_enough_memory');

  constructor(
    private readonly totals: () => { totalramPages: number; totalswapPages: number },
    private readonly sysctls: () => CommitSysctls,
  ) {}

  commitLimitPages(): number {
    const t = this.totals();
    return vmCommitLimit(t.totalramPages, t.totalswapPages, this.sysctls());
  }

  /** vm_unacct_memory(): release a reservation (munmap, brk shrink, exit, freed tmpfs page). */
  unaccount(pages: number): void {
    this.committedPages -= pages;
  }

  /** vm_acct_memory() without a check (e.g. fork copying a charged VMA is checked by the caller). */
  account(pages: number): void {
    this.committedPages += pages;
  }

  /**
   * __vm_enough_memory(): charge first, then judge by the mode; on refusal undo the charge and return the
   * rate-limited warning line the kernel prints. `nowMs` drives the rate limit.
   */
  enoughMemory(pages: number, caller: CommitCaller, nowMs: number): CommitVerdict {
    const s = this.sysctls();
    const t = this.totals();
    this.committedPages += pages;
    if (s.overcommitMemory === OVERCOMMIT_ALWAYS) return { ok: true };
    if (s.overcommitMemory === OVERCOMMIT_GUESS) {
      if (pages <= t.totalramPages + t.totalswapPages) return { ok: true };
      return this.refuse(pages, caller, nowMs);
    }
    let allowed = vmCommitLimit(t.totalramPages, t.totalswapPages, s);
    if (!caller.capSysAdmin) allowed -= s.adminReserveKbytes >> 2;
    if (caller.totalVmPages !== undefined) {
      allowed -= Math.min(Math.floor(caller.totalVmPages / 32), s.userReserveKbytes >> 2);
    }
    if (Math.max(this.committedPages, 0) < allowed) return { ok: true };
    return this.refuse(pages, caller, nowMs);
  }

  private refuse(pages: number, caller: CommitCaller, nowMs: number): CommitVerdict {
    this.committedPages -= pages;
    const rl = this.ratelimit.check(nowMs);
    const warning = rl.print
      ? `__vm_enough_memory: pid: ${caller.pid}, comm: ${caller.comm}, bytes: ${pages * 4096} not enough memory for the allocation`
      : undefined;
    return { ok: false, warning, suppressed: rl.suppressedLine };
  }
}

export interface MappingKind {
  prot: number;
  flags: number;
  /** True for a file mapping (path given), false for anonymous memory. */
  file: boolean;
}

/**
 * Does mmap charge this mapping to Committed_AS (VM_ACCOUNT), given the overcommit mode at mmap time?
 * - MAP_NORESERVE sets VM_NORESERVE except in mode 2 (do_mmap ignores it under OVERCOMMIT_NEVER);
 * - private writable mappings (anonymous or file COW) are charged: accountable_mapping() =
 *   (flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE;
 * - MAP_SHARED|MAP_ANONYMOUS is a shmem object charged at setup (shmem_acct_size) unless VM_NORESERVE;
 * - shared file mappings are never charged (the file is the backing store).
 */
export function mmapIsCharged(k: MappingKind, overcommitMode: number): boolean {
  const noreserve = (k.flags & MAP_NORESERVE) !== 0 && overcommitMode !== OVERCOMMIT_NEVER;
  const shared = (k.flags & MAP_SHARED) !== 0;
  if (shared) return !k.file && (k.flags & MAP_ANONYMOUS) !== 0 ? !noreserve : false;
  if (noreserve) return false;
  return (k.prot & PROT_WRITE) !== 0;
}

