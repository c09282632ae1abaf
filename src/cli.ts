#!/usr/bin/env node
/** Entry point of the `scim-conformance` command; the program itself lives in src/cli/main.ts. */
import { main } from './cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
