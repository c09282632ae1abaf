/**
 * `--write-baseline FILE`: a baseline (src/report/baseline.ts) from a run, so adopting the suite on a
 * target that does not conform yet takes one command. Every case that failed or errored becomes a waiver
 * for its dialect, its reason prefilled from the finding (to be edited into why the deviation is accepted),
 * with an optional expiry. A case already waived keeps the reason and expiry it had; a stale waiver (the
 * case passes now) and a waiver of a case that did not run this time are dropped.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Baseline, BaselineWaiver } from './baseline.ts';
import { BaselineError, isCalendarDate, parseBaseline } from './baseline.ts';
import type { RunResult } from '../model/result.ts';
import { stableReasons } from './stable-reason.ts';

export function baselineFromRun(run: RunResult, options: { expires?: string; previous?: Baseline } = {}): { waivers: BaselineWaiver[] } {
  const reasons = stableReasons(run);
  const waivers: BaselineWaiver[] = [];
  run.cases.forEach((result, index) => {
    if (result.status !== 'fail' && result.status !== 'error') return;
    const dialect = result.dialect === 'any' ? undefined : result.dialect;
    const kept = options.previous?.waivers.find((waiver) => waiver.id === result.id && (waiver.dialect === undefined || waiver.dialect === dialect));
    const reason = kept?.reason ?? `${result.level} ${result.status} on ${run.startedAt.slice(0, 10)}: ${reasons[index] ?? 'no reason given'}`;
    const waiver: BaselineWaiver = dialect === undefined ? { id: result.id, reason } : { id: result.id, dialect, reason };
    const expires = kept?.expires ?? options.expires;
    if (expires !== undefined) waiver.expires = expires;
    waivers.push(waiver);
  });
  return { waivers };
}

/**
 * Writes the baseline. An existing file is only replaced when it is the baseline this run applied (an
 * update); any other existing file is refused, so a typo cannot overwrite someone's reasons.
 */
export function writeBaseline(file: string, baseline: { waivers: BaselineWaiver[] }, appliedFile: string | undefined): void {
  checkBaselineDestination(file, appliedFile);
  const text = `${JSON.stringify(baseline, null, 2)}\n`;
  // What is written must load: the same parser --baseline uses checks it before it reaches the disk.
  parseBaseline(text, file);
  writeFileSync(file, text);
}

/** Checked before the run too, so a refused file costs no run. */
export function checkBaselineDestination(file: string, appliedFile: string | undefined): void {
  if (existsSync(file) && (appliedFile === undefined || resolve(appliedFile) !== resolve(file))) {
    throw new BaselineError(`--write-baseline ${file}: the file exists; pass it as --baseline too to update it, or choose a new name`);
  }
}

/** `--waiver-expires`: a calendar date, today or later, and only with --write-baseline. */
export function parseWaiverExpiry(value: string | undefined, writeBaselineFile: string | undefined, today: Date = new Date()): string | undefined {
  if (value === undefined) return undefined;
  if (writeBaselineFile === undefined) throw new BaselineError('--waiver-expires only applies with --write-baseline FILE');
  if (!isCalendarDate(value)) throw new BaselineError(`--waiver-expires must be a date written YYYY-MM-DD, got ${JSON.stringify(value)}`);
  if (value < today.toISOString().slice(0, 10)) throw new BaselineError(`--waiver-expires ${value}: the date has passed, so the waivers would never apply`);
  return value;
}
