#!/usr/bin/env node
/** Entry point of the `scim-conformance` command; the program itself lives in src/cli/main.ts. */
import { precomputedHelp } from './cli/precomputed-help.ts';

// `scim-conformance list | head` closes the pipe early; that is the reader's choice, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const argv = process.argv.slice(2);
const help = precomputedHelp(argv, process.stdout.isTTY ? process.stdout.columns : undefined);
if (help !== undefined) {
  process.stdout.write(help);
} else {
  const { main } = await import('./cli/main.ts');
  process.exitCode = await main(argv);
}
