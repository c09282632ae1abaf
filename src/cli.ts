#!/usr/bin/env node
/** Entry point of the `scim-conformance` command; the program itself lives in src/cli/main.ts. */
import { main } from './cli/main.ts';

// `scim-conformance list | head` closes the pipe early; that is the reader's choice, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
