/**
 * Regenerates docs/example-report/ (certification.html, certification.md, results.json, junit.xml) from the
 * committed sample run and baseline in test/report/fixtures/, so the docs show every kind of outcome without
 * a live target. Deterministic: the baseline is applied as of the run's own date and the result normalised.
 * Run with `npx tsx scripts/render-example-report.ts`; a test fails when the committed files are out of date.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { applyBaseline, loadBaseline } from '../src/report/baseline.ts';
import type { RunResult } from '../src/model/result.ts';
import { normalizeForSnapshot } from '../src/report/normalize.ts';
import { ALL_REPORT_FORMATS, REPORT_FILES, REPORT_FORMATS, writeReports } from '../src/report/write-reports.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../test/report/fixtures/${name}`, import.meta.url));
export const EXAMPLE_DIR = fileURLToPath(new URL('../docs/example-report/', import.meta.url));

export function sampleRun(): RunResult {
  return JSON.parse(readFileSync(fixture('sample-run.json'), 'utf8')) as RunResult;
}

/** The sample with its baseline applied (as of the day it ran, so the expired waiver stays expired) and normalised. */
export function exampleRun(): RunResult {
  const run = sampleRun();
  // The baseline is named as a user would pass it, not by this machine's absolute path.
  const baseline = { ...loadBaseline(fixture('sample-baseline.json')), file: 'baseline.json' };
  return normalizeForSnapshot(applyBaseline(run, baseline, new Date(run.startedAt)));
}

export { REPORT_FILES, REPORT_FORMATS };

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const file of writeReports(exampleRun(), EXAMPLE_DIR, ALL_REPORT_FORMATS)) console.log(`wrote ${file}`);
}
