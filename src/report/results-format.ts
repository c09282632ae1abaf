/**
 * results.json as a versioned format. `formatVersion` is major.minor: within a major version fields are
 * only added (minor), never removed, renamed or given another meaning, and consumers ignore fields they do
 * not know; schemas/results.schema.json describes it and is validated against real runs in the tests.
 * `readResults` is how the tool itself reads a results file back (`diff`), through the same schema.
 */
import { readFileSync } from 'node:fs';
import { validateAgainst } from '../schema/validator.ts';
import type { RunResult } from '../model/result.ts';

export const RESULTS_FORMAT_VERSION = '1.1';
export const RESULTS_SCHEMA = 'results.schema.json';

export type ResultsFile = RunResult & { formatVersion: string };

export function renderResultsJson(run: RunResult): string {
  return `${JSON.stringify({ formatVersion: RESULTS_FORMAT_VERSION, ...run }, null, 2)}\n`;
}

/** One line naming the file and what is wrong with it. */
export class ResultsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResultsFileError';
  }
}

export function readResults(file: string): ResultsFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new ResultsFileError(`${file}: cannot read a results.json (${why})`);
  }
  const version = (data as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'string' && version.split('.')[0] !== RESULTS_FORMAT_VERSION.split('.')[0]) {
    throw new ResultsFileError(`${file}: results format ${version} is not supported by this version (reads ${RESULTS_FORMAT_VERSION.split('.')[0]}.x)`);
  }
  const violations = validateAgainst(RESULTS_SCHEMA, data);
  if (violations.length > 0) {
    const first = violations[0]!;
    throw new ResultsFileError(`${file}: not a results.json of format ${RESULTS_FORMAT_VERSION.split('.')[0]}.x (${first.pointer} should be ${first.expected})`);
  }
  return data as ResultsFile;
}
