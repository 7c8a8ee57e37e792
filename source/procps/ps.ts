// ps(1) output of procps-ng 4.x for the column set memsim shows: `ps -eo pid,user,vsz,rss,oom,oomadj,stat,comm`
// (procps-ng src/ps/output.c: PID width 7 (pid_max 4194304), USER 8 left-aligned and cut to 7 chars + '+', VSZ 6,
// RSS 5, OOM 4, OOMADJ 6, STAT 4 left-aligned, COMMAND left-aligned, one space between columns; a value wider than
// its column pushes the rest of the line right, as procps does). oom is /proc/PID/oom_score, oomadj is
// oom_score_adj. Simplified: STAT is the state letter alone (no <, N, s, + flags).
import type { ProcessInfo } from '../kernel/types.js';

interface Column {
  header: string;
  width: number;
  left: boolean;
  value(p: ProcessInfo): string;
}

const COLUMNS: readonly Column[] = [
  { header: 'PID', width: 7, left: false, value: (p) => String(p.pid) },
  { header: 'USER', width: 8, left: true, value: (p) => (p.user.length > 8 ? `${p.user.slice(0, 7)}+` : p.user) },
  { header: 'VSZ', width: 6, left: false, value: (p) => String(p.vmSizeKb) },
  { header: 'RSS', width: 5, left: false, value: (p) => String(p.vmRssKb) },
  { header: 'OOM', width: 4, left: false, value: (p) => String(p.oomScore) },
  { header: 'OOMADJ', width: 6, left: false, value: (p) => String(p.oomScoreAdj) },
  { header: 'STAT', width: 4, left: true, value: (p) => p.state },
  { header: 'COMMAND', width: 0, left: true, value: (p) => p.comm },
];

function cell(column: Column, text: string, last: boolean): string {
  if (last) return text;
  return column.left ? text.padEnd(column.width) : text.padStart(column.width);
}

function row(values: readonly string[]): string {
  return values.map((v, i) => cell(COLUMNS[i]!, v, i === COLUMNS.length - 1)).join(' ').trimEnd() + '\n';
}

/** The whole listing: header and one line per process, in the order given (the kernel's pid order). */
export function formatPs(processes: readonly ProcessInfo[]): string {
  const header = row(COLUMNS.map((c) => c.header));
  return header + processes.map((p) => row(COLUMNS.map((c) => c.value(p)))).join('');
}
