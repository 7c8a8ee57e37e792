// memsim's command-line dispatcher (stub while the subcommands land): memsim | run | sh | record.
export async function runCli(argv: string[]): Promise<number> {
  process.stderr.write(`memsim: not implemented yet (${argv.join(' ')})\n`);
  return 2;
}
