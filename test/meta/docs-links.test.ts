/**
 * The README and every page under docs/ stay working: each relative link points at a file that exists, each
 * anchor (`#section`) at a heading of that file (GitHub's slugs), and each command shown in a code block is
 * accepted by the command line: `scim-conformance …` (or `npx scim-conformance …`, `npm start -- …`) is parsed
 * by the program itself with every action replaced by a no-op, and `npm run X` names a script package.json has.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.ts';
import { ROOT } from '../safety/helpers.ts';

function markdownFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === 'example-report' ? [] : markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

const PAGES = [join(ROOT, 'README.md'), ...markdownFiles(join(ROOT, 'docs'))];

/** Text outside fenced code blocks (links inside code are examples, not links). */
function prose(text: string): string {
  return text.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1\s*$/gm, '');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const match of prose(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = match[1]!
      .replace(/`/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  for (const match of text.matchAll(/<a (?:name|id)="([^"]+)"/g)) anchors.add(match[1]!);
  return anchors;
}

function links(text: string): string[] {
  return [...prose(text).replace(/`[^`\n]*`/g, '').matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]!);
}

describe.each(PAGES.map((page) => [relative(ROOT, page), page]))('%s', (_, page) => {
  const text = readFileSync(page, 'utf8');

  it('links only to files that exist and headings that exist', () => {
    const broken: string[] = [];
    for (const link of links(text)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue;
      const [path = '', anchor] = link.split('#');
      const target = path === '' ? page : resolve(dirname(page), decodeURIComponent(path));
      if (!existsSync(target)) {
        broken.push(`${link}: no such file`);
        continue;
      }
      if (anchor !== undefined && target.endsWith('.md') && !anchorsOf(readFileSync(target, 'utf8')).has(anchor)) broken.push(`${link}: no heading #${anchor}`);
    }
    expect(broken).toEqual([]);
  });

  it('shows only commands the command line accepts', async () => {
    const problems: string[] = [];
    for (const command of shownCommands(text)) {
      const problem = await parseProblem(command);
      if (problem !== undefined) problems.push(`${command}: ${problem}`);
    }
    expect(problems).toEqual([]);
  });
});

/** Command lines in code blocks (sh, bash, console or none), one per line, comments dropped. */
export function shownCommands(text: string): string[] {
  const commands: string[] = [];
  for (const block of text.matchAll(/^```(sh|bash|shell|console|)\n([\s\S]*?)^```$/gm)) {
    for (const raw of block[2]!.split('\n')) {
      const line = raw.replace(/^\$\s+/, '').replace(/\s+#\s.*$/, '').trim();
      // A synopsis (`[--flag …]`, `a | b`) describes commands; it is not one.
      if (/\[|\s\|\s|…|\.\.\./.test(line)) continue;
      // `a && b` is two commands; `VAR=value cmd` runs cmd.
      for (const part of line.split(/\s+&&\s+/).map((command) => command.replace(/^(\w+=(?:'[^']*'|"[^"]*"|\S*)\s+)+/, ''))) {
        if (/^(npx )?scim-conformance\b|^npm (start|run)\b/.test(part)) commands.push(part);
      }
    }
  }
  return commands;
}

/** Shell words: quotes grouped, `VAR=x` prefixes and `\` line ends dropped. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3]!);
}

const SCRIPTS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

async function parseProblem(line: string): Promise<string | undefined> {
  let argv = words(line);
  if (argv[0] === 'npm' && argv[1] === 'run') {
    if (!(argv[2]! in SCRIPTS)) return `npm has no script ${argv[2]}`;
    if (!/(^| )(node dist\/cli\.js|tsx src\/cli\.ts)/.test(SCRIPTS[argv[2]!]!)) return undefined;
    argv = ['scim-conformance', ...(SCRIPTS[argv[2]!]!.split(' ').slice(2)), ...argv.slice(argv[3] === '--' ? 4 : 3)];
  }
  if (argv[0] === 'npm' && argv[1] === 'start') argv = ['scim-conformance', ...argv.slice(argv[2] === '--' ? 3 : 2)];
  if (argv[0] === 'npx') argv = argv.slice(1);
  const program = buildProgram(() => undefined);
  const silence = (command: Command): void => {
    command.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
    command.action(() => undefined);
    command.commands.forEach(silence);
  };
  program.commands.forEach(silence);
  program.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  try {
    await program.parseAsync(argv.slice(1), { from: 'user' });
    return undefined;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? undefined : error.message;
    throw error;
  }
}

describe('the README', () => {
  it('stays short enough to read in five minutes, and links every page under docs/', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
    const linked = new Set(links(readme).map((link) => resolve(ROOT, link.split('#')[0]!)));
    const topPages = readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => join(ROOT, 'docs', name));
    expect(topPages.filter((page) => !linked.has(page))).toEqual([]);
  });
});

describe('the checks themselves', () => {
  it('find the README commands and refuse a wrong one', async () => {
    expect(shownCommands(readFileSync(join(ROOT, 'README.md'), 'utf8')).length).toBeGreaterThan(2);
    expect(shownCommands("```sh\nnpm ci && npm start   # comment\nSCIM_BASE_URL='x y' SCIM_TOKEN=t npm start -- --strict\n```\n")).toEqual(['npm start', 'npm start -- --strict']);
    expect(await parseProblem('scim-conformance run --frmat json')).toMatch(/unknown option '--frmat'/);
    expect(await parseProblem('npm run no-such-script')).toBe('npm has no script no-such-script');
    expect(await parseProblem('npx scim-conformance run --profile entra-default --dialect all')).toBeUndefined();
  });

  it('slug headings as GitHub does', () => {
    expect([...anchorsOf('# Exit codes\n## The `run` command: flags & more\n## Exit codes\n')]).toEqual(['exit-codes', 'the-run-command-flags--more', 'exit-codes-1']);
  });
});
