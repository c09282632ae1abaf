/** Writes the run's reports into the report directory and says where they went. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderCertificationHtml } from './certification-html.ts';
import { renderCertificationMarkdown } from './certification-markdown.ts';
import { renderJunit } from './junit.ts';
import type { RunResult } from '../model/result.ts';
import { renderResultsJson } from './results-format.ts';
import { renderValidatorJson } from './validator-json.ts';
import { renderHar } from './har.ts';
import { runHar, type RecordedExchange } from './run-har.ts';
import type { Redact } from '../safety/redact.ts';

export type ReportFormat = 'junit' | 'json' | 'html' | 'md' | 'har' | 'validator-json';
/** What a run writes unless --format says otherwise. */
export const REPORT_FORMATS: readonly ReportFormat[] = ['junit', 'json', 'html', 'md', 'har'];
/** Every format --format accepts: the defaults and the opt-in validator-json. */
export const ALL_REPORT_FORMATS: readonly ReportFormat[] = [...REPORT_FORMATS, 'validator-json'];
export const REPORT_FILES: Record<ReportFormat, string> = {
  junit: 'junit.xml',
  json: 'results.json',
  html: 'certification.html',
  md: 'certification.md',
  'validator-json': 'scim-results.json',
  har: 'run.har',
};

/** What some reports need beyond the result: the HAR every exchange the run recorded, and its redactor. */
export interface ReportExtras {
  exchanges?: readonly RecordedExchange[];
  redact?: Redact;
}

const RENDERERS: Record<ReportFormat, (run: RunResult, extras: ReportExtras) => string> = {
  junit: renderJunit,
  json: renderJson,
  html: renderCertificationHtml,
  md: renderCertificationMarkdown,
  'validator-json': renderValidatorJson,
  har: (run, extras) => renderHar(runHar(run, extras.exchanges, extras.redact)),
};

/** results.json: the versioned format of src/report/results-format.ts. */
export function renderJson(run: RunResult): string {
  return renderResultsJson(run);
}

export function writeReports(run: RunResult, reportDir: string, formats: readonly ReportFormat[] = REPORT_FORMATS, extras: ReportExtras = {}): string[] {
  const directory = resolve(reportDir);
  mkdirSync(directory, { recursive: true });
  return formats.map((format) => {
    const file = join(directory, REPORT_FILES[format]);
    writeFileSync(file, RENDERERS[format](run, extras));
    return file;
  });
}
