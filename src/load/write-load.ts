/** Writes a load run's files into the report directory: load.json (figures, parameters, seed), load.html, load.md. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderLoadHtml } from './report-html.ts';
import { renderLoadMarkdown } from './report-markdown.ts';
import type { LoadResult } from './runner.ts';

export const LOAD_FILES = { json: 'load.json', html: 'load.html', md: 'load.md' } as const;

export function writeLoadReports(result: LoadResult, reportDir: string): string[] {
  const directory = resolve(reportDir);
  mkdirSync(directory, { recursive: true });
  const files: [string, string][] = [
    [LOAD_FILES.json, `${JSON.stringify(result, null, 2)}\n`],
    [LOAD_FILES.html, renderLoadHtml(result)],
    [LOAD_FILES.md, renderLoadMarkdown(result)],
  ];
  return files.map(([name, content]) => {
    const file = join(directory, name);
    writeFileSync(file, content);
    return file;
  });
}
