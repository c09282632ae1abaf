/**
 * Part of `npm run build`: captures the compiled program's own `--help` output, for the top level and each
 * sub-command, into <dist>/cli/help.json, so `--help` prints without loading the program
 * (src/cli/precomputed-help.ts). An argument names another build folder than dist/ (the package test).
 * Runs the real CLI for each text, with output not a terminal, so the text is exactly what it prints.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PrecomputedHelp } from '../src/cli/precomputed-help.ts';

const distDir = process.argv[2] === undefined ? fileURLToPath(new URL('../dist/', import.meta.url)) : resolve(process.argv[2]);
const cli = join(distDir, 'cli.js');
const target = join(distDir, 'cli', 'help.json');
// A rebuild starts from an empty dist/; if a file is left over, the texts below would come from it.
if (existsSync(target)) throw new Error(`${target} exists: build into an empty folder`);

const capture = (args: string[]): string => execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const root = capture(['--help']);
// The sub-commands are the words listed under "Commands:" in the top-level help.
const commands = [...root.split(/^Commands:$/m)[1]!.matchAll(/^ {2}([a-z]+)\b/gm)].map((match) => match[1]!).filter((name) => name !== 'help');
const help: PrecomputedHelp = { width: 80, texts: { '--help': root } };
for (const command of commands) help.texts[`${command} --help`] = capture([command, '--help']);
writeFileSync(target, `${JSON.stringify(help)}\n`);
console.log(`wrote ${target} (${Object.keys(help.texts).length} help texts)`);
