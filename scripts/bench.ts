// `npm run bench` (issue 7): memsim measured side by side with a reference taken in the same run, because these
// machines are shared and absolute times drift. Prints the machine, then one table row per figure with the
// median and spread of several runs and `meets` / `short`. Always exits 0: it is a report, not a test.
// How each figure is taken is explained in BENCHMARKS.md. Rows whose feature is not built yet say so.
//
// Usage: node --expose-gc dist/bench.mjs [--quick] [--only ROWID,...] [--markdown]
import { cpus, loadavg } from 'node:os';
import { rowDefinitions, rssChild, type RowResult } from './bench-rows.js';
import { formatTable, machineLine } from './bench-report.js';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--rss-child') return rssChild(Number(args[1]));
  const quick = args.includes('--quick');
  const onlyIndex = args.indexOf('--only');
  const only = onlyIndex >= 0 ? new Set(args[onlyIndex + 1].split(',')) : null;

  console.log(machineLine(cpus(), process.version, loadavg()));
  console.log('');
  const results: RowResult[] = [];
  for (const row of rowDefinitions()) {
    if (only && !only.has(row.id)) continue;
    process.stderr.write(`bench: ${row.id} ...\n`);
    const started = performance.now();
    let result: RowResult;
    try {
      result = await row.run({ quick });
    } catch (error) {
      result = { ...row.describe(), memsim: `error: ${(error as Error).message.split('\n')[0]}`, reference: '', verdict: 'short' };
    }
    process.stderr.write(`bench: ${row.id} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    results.push(result);
  }
  console.log(formatTable(results));
  console.log('');
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

main()
  .catch((error) => console.error(error))
  .finally(() => {
    process.exitCode = 0;
  });
