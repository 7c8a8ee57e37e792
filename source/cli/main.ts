// The memsim executable (bundled by scripts/build.mjs into dist/memsim.js). Everything lives in app.ts so tests
// can call runCli with an injected argv; this file only hands over process.argv and sets the exit status.
import { runCli } from './app.js';

// `memsim run x.yaml | head`: the reader went away; stop quietly like other Unix tools instead of a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`memsim: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
