/**
 * `--help` answered from the help captured at build time: only the exact help forms, only when the file is
 * there and the terminal is at least as wide as the captured text; the text is the program's own.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { helpKey } from '../src/cli/precomputed-help.ts';

describe('helpKey', () => {
  it('answers --help and -h, alone or after one sub-command', () => {
    expect(helpKey(['--help'])).toBe('--help');
    expect(helpKey(['-h'])).toBe('--help');
    expect(helpKey(['run', '--help'])).toBe('run --help');
    expect(helpKey(['load', '-h'])).toBe('load --help');
  });

  it('leaves everything else to the program', () => {
    expect(helpKey([])).toBeUndefined();
    expect(helpKey(['list'])).toBeUndefined();
    expect(helpKey(['run', '--only', 'CONN-01', '--help'])).toBeUndefined();
    expect(helpKey(['profile', 'import', '--help'])).toBeUndefined();
    expect(helpKey(['--base-url', '--help'])).toBeUndefined();
  });
});

// dist/ is built by `npm ci` (prepare); the captured texts must equal what the program prints without them.
const DIST_CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const HELP_JSON = fileURLToPath(new URL('../dist/cli/help.json', import.meta.url));

describe.runIf(existsSync(HELP_JSON))('the built CLI', () => {
  it('prints the captured text for --help, and the program prints the same text itself', () => {
    const captured = JSON.parse(readFileSync(HELP_JSON, 'utf8')) as { width: number; texts: Record<string, string> };
    expect(Object.keys(captured.texts)).toEqual(expect.arrayContaining(['--help', 'run --help', 'load --help', 'list --help', 'profile --help']));
    const printed = execFileSync(process.execPath, [DIST_CLI, '--help'], { encoding: 'utf8' });
    expect(printed).toBe(captured.texts['--help']);
    // The program's own help (from source, through commander) is the same text.
    const fromProgram = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../src/cli.ts', import.meta.url)), 'run', '--help'], { encoding: 'utf8' });
    expect(fromProgram).toBe(captured.texts['run --help']);
  });
});
