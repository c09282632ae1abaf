/**
 * `--help` without loading the program. The help text is the program's own, captured at build time by
 * scripts/precompile-help.ts into dist/cli/help.json (the same build as the code it describes, so it cannot
 * go stale). Printing it costs a file read instead of commander and every command module (about 80 ms of
 * a 150 ms start). Only the exact help forms are answered here; anything else goes to the program. When
 * the file is missing (running from src/ with tsx) or the terminal is narrower than the captured width,
 * the program prints its help itself.
 */
import { readFileSync } from 'node:fs';

export const HELP_FILE = new URL('./help.json', import.meta.url);

/** The argument lists answered from the file: `--help`/`-h`, alone or after one sub-command. */
export function helpKey(argv: readonly string[]): string | undefined {
  const isHelp = (argument: string | undefined): boolean => argument === '--help' || argument === '-h';
  if (argv.length === 1 && isHelp(argv[0])) return '--help';
  if (argv.length === 2 && isHelp(argv[1]) && /^[a-z]+$/.test(argv[0] ?? '')) return `${argv[0]} --help`;
  return undefined;
}

export interface PrecomputedHelp {
  /** The width commander wrapped the text at (its default when output is not a terminal). */
  width: number;
  texts: Record<string, string>;
}

export function precomputedHelp(argv: readonly string[], columns: number | undefined): string | undefined {
  const key = helpKey(argv);
  if (key === undefined) return undefined;
  let help: PrecomputedHelp;
  try {
    help = JSON.parse(readFileSync(HELP_FILE, 'utf8')) as PrecomputedHelp;
  } catch {
    return undefined;
  }
  if (columns !== undefined && columns < help.width) return undefined;
  return help.texts[key];
}
