// `npm run bench` (issue 7): memsim measured side by side with a reference taken in the same run, because these
// machines are shared and absolute times drift. Prints the machine, then one table row per figure with the
// median and spread of several runs and `meets` / `short`. Always exits 0: it is a report, not a test.
// How each figure is taken is explained in BENCHMARKS.md. Rows whose feature is not built yet say so.
// A usage error (unknown option, unknown row) exits 2 before anything is measured.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { rowDefinitions, rssChild, type RowResult } from './bench-rows.js';
import { formatTable, machineLine } from './bench-report.js';

const USAGE = `Usage: node --expose-gc dist/bench.mjs [--quick] [--only ROWID,...] [--markdown]
  --quick          fewer and shorter runs (a smoke test of the rows, not figures to quote)
  --only IDS       only these rows: ${rowDefinitions().map((row) => row.id).join(', ')}
  --markdown       accepted for compatibility: the table is always Markdown`;

/** The command line, or a one-line error (exit 2, nothing measured). */
function parseOptions(args: string[]): { quick: boolean; only: Set<string> | null } | { exit: number } {
  let values;
  try {
    ({ values } = parseArgs({ args, strict: true, allowPositionals: false, options: {
      quick: { type: 'boolean' }, only: { type: 'string' }, markdown: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    } }));
  } catch (error) {
    console.error(`bench: ${(error as Error).message.split('\n')[0]}\n${USAGE}`);
    return { exit: 2 };
  }
  if (values.help) {
    console.log(USAGE);
    return { exit: 0 };
  }
  const only = values.only === undefined ? null : new Set(values.only.split(','));
  const known = new Set(rowDefinitions().map((row) => row.id));
  const unknown = [...(only ?? [])].filter((id) => !known.has(id));
  if (unknown.length > 0) {
    console.error(`bench: --only: no row '${unknown[0]}' (rows: ${[...known].join(', ')})`);
    return { exit: 2 };
  }
  return { quick: values.quick === true, only };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--rss-child') return rssChild(Number(args[1]));
  const options = parseOptions(args);
  if ('exit' in options) {
    process.exitCode = options.exit;
    return;
  }
  const { quick, only } = options;

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
    process.exitCode ??= 0; // a report: 0 whatever the rows say; 2 only for a usage error
  });
