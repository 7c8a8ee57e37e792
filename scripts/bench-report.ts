// Printing of the benchmark: the machine line and the markdown table of issue 7.
import type { CpuInfo } from 'node:os';
import type { RowResult } from './bench-rows.js';

export function machineLine(cpuList: CpuInfo[], nodeVersion: string, load: number[]): string {
  const model = cpuList[0]?.model.trim() ?? 'unknown CPU';
  const date = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  // The load average says how much of the machine the bench really had (a shared machine inflates wall times).
  const loadText = load.map((l) => l.toFixed(1)).join(' ');
  return `machine: ${cpuList.length} cores (${model}), node ${nodeVersion}, ${process.platform}/${process.arch}; load average ${loadText} at start; ${date}`;
}

export function formatTable(rows: RowResult[]): string {
  const lines = [
    '| figure | memsim | reference, same run | goal | result |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    lines.push(`| ${row.figure} | ${row.memsim} | ${row.reference} | ${row.goal} | ${row.verdict} |`);
  }
  return lines.join('\n');
}
