/** Writes the run's reports into the report directory and says where they went. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderJunit } from './junit.ts';
import type { RunResult } from './model.ts';

export type ReportFormat = 'junit' | 'json';
export const REPORT_FILES: Record<ReportFormat, string> = { junit: 'junit.xml', json: 'results.json' };

const RENDERERS: Record<ReportFormat, (run: RunResult) => string> = {
  junit: renderJunit,
  json: (run) => `${JSON.stringify(run, null, 2)}\n`,
};

export function writeReports(run: RunResult, reportDir: string, formats: readonly ReportFormat[] = ['junit', 'json']): string[] {
  const directory = resolve(reportDir);
  mkdirSync(directory, { recursive: true });
  return formats.map((format) => {
    const file = join(directory, REPORT_FILES[format]);
    writeFileSync(file, RENDERERS[format](run));
    return file;
  });
}
