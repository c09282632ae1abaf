/**
 * Known deviations as a committed baseline file, keyed by case id (and optionally dialect), each with a reason
 * and an optional expiry date. A waived failure no longer breaks conformance; a waiver whose case now passes is
 * "stale" and does break it, so the baseline shrinks as the target improves instead of hiding regressions.
 *
 *   { "waivers": [{ "id": "USR-FILTER-03", "dialect": "legacy", "reason": "…", "expires": "2027-01-31" }] }
 */
import { readFileSync } from 'node:fs';
import { DIALECTS, type Dialect } from '../model/vocabulary.ts';
import type { CaseResult, RunResult } from '../model/result.ts';
import { computeVerdict } from './verdict.ts';
import { catalogue } from '../cases/catalogue.ts';
import { closestCaseId } from '../cases/selectors.ts';

export interface BaselineWaiver {
  id: string;
  /** Waives the case in this dialect only; without it, in every dialect it ran in. */
  dialect?: Dialect;
  reason: string;
  /** `YYYY-MM-DD`; the waiver applies through the end of that day (UTC). */
  expires?: string;
}

export interface Baseline {
  file: string;
  waivers: BaselineWaiver[];
}

/** What the CLI lists after a run: a waiver that went stale or expired. */
export interface WaiverNote {
  id: string;
  dialect?: Dialect | 'any';
  reason: string;
  expires?: string;
}

/** One line naming the file and, when it is about one, the entry. */
export class BaselineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineError';
  }
}

const WAIVER_KEYS = new Set(['id', 'dialect', 'reason', 'expires']);

export function loadBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new BaselineError(`${file}: cannot read the baseline (${oneLine(error)})`);
  }
  return parseBaseline(text, file);
}

export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`${file}: not valid JSON (${oneLine(error)})`);
  }
  if (!isRecord(data) || !Array.isArray(data.waivers)) {
    throw new BaselineError(`${file}: expected an object with a "waivers" array`);
  }
  const waivers = data.waivers.map((entry: unknown, index: number) => parseWaiver(entry, `${file}: waivers[${index}]`));
  const seen = new Set<string>();
  waivers.forEach((waiver, index) => {
    const key = `${waiver.id}|${waiver.dialect ?? '*'}`;
    if (seen.has(key)) throw new BaselineError(`${file}: waivers[${index}] (${waiver.id}): duplicate waiver for this case and dialect`);
    seen.add(key);
  });
  return { file, waivers };
}

function parseWaiver(entry: unknown, where: string): BaselineWaiver {
  if (!isRecord(entry)) throw new BaselineError(`${where}: expected an object`);
  if (typeof entry.id !== 'string' || entry.id.trim() === '') throw new BaselineError(`${where}: "id" must be a non-empty string`);
  const at = `${where} (${entry.id})`;
  if (!catalogue.some((testCase) => testCase.id === entry.id)) {
    // A waiver for a case that does not exist waives nothing; a typo must not pass for a known deviation.
    const suggestion = closestCaseId(entry.id, catalogue);
    throw new BaselineError(`${at}: no case has this id${suggestion ? `; did you mean ${suggestion}?` : ''}`);
  }
  const unknown = Object.keys(entry).filter((key) => !WAIVER_KEYS.has(key));
  // A misspelt key ("expiry") would otherwise turn a dated waiver into a permanent one without a word.
  if (unknown.length > 0) throw new BaselineError(`${at}: unknown key ${unknown.map((key) => `"${key}"`).join(', ')}`);
  if (typeof entry.reason !== 'string' || entry.reason.trim() === '') {
    throw new BaselineError(`${at}: "reason" must be a non-empty string saying why the deviation is accepted`);
  }
  const waiver: BaselineWaiver = { id: entry.id, reason: entry.reason };
  if (entry.dialect !== undefined) {
    if (!DIALECTS.includes(entry.dialect as Dialect)) throw new BaselineError(`${at}: "dialect" must be one of ${DIALECTS.join(', ')}`);
    waiver.dialect = entry.dialect as Dialect;
  }
  if (entry.expires !== undefined) {
    if (typeof entry.expires !== 'string' || !isCalendarDate(entry.expires)) {
      throw new BaselineError(`${at}: "expires" must be a date written YYYY-MM-DD`);
    }
    waiver.expires = entry.expires;
  }
  return waiver;
}

export function isExpired(waiver: BaselineWaiver, today: Date = new Date()): boolean {
  return waiver.expires !== undefined && today.toISOString().slice(0, 10) > waiver.expires;
}

/** Expired waivers no longer apply; the CLI lists them so someone renews or removes them. */
export function expiredWaivers(baseline: Baseline, today: Date = new Date()): BaselineWaiver[] {
  return baseline.waivers.filter((waiver) => isExpired(waiver, today));
}

/**
 * Marks the cases the baseline waives (any earlier marks are replaced) and recomputes the verdict: waived
 * failures still mean Not ready (exit 0 when nothing else is wrong), and a stale waiver means Not ready.
 */
export function applyBaseline(run: RunResult, baseline: Baseline, today: Date = new Date()): RunResult {
  const active = baseline.waivers.filter((waiver) => !isExpired(waiver, today));
  const cases = run.cases.map((result): CaseResult => {
    const { waiver: _previous, ...rest } = result;
    const match = findWaiver(active, result);
    if (!match) return rest;
    const waiver: NonNullable<CaseResult['waiver']> = { reason: match.reason };
    if (match.expires !== undefined) waiver.expires = match.expires;
    if (result.status === 'pass') waiver.stale = true;
    return { ...rest, waiver };
  });
  const verdict = computeVerdict({
    cases,
    strict: run.strict,
    readOnly: run.readOnly ?? false,
    ...(run.aborted === undefined ? {} : { aborted: run.aborted }),
    ...(run.interrupted === undefined ? {} : { interrupted: run.interrupted }),
    selection: run.selection,
    dialects: run.dialects,
    notRun: run.verdict.notRun ?? [],
    baselineFile: baseline.file,
  });
  return { ...run, cases, verdict, baseline: baseline.file };
}

/** The reason the baseline gives for waiving this case run (unexpired waivers only), so live progress can say WAIVED. */
export function waiverReasonFor(baseline: Baseline, result: Pick<CaseResult, 'id' | 'dialect'>, today: Date = new Date()): string | undefined {
  return findWaiver(baseline.waivers.filter((waiver) => !isExpired(waiver, today)), result)?.reason;
}

/** A waiver for the case's own dialect wins over one for every dialect. */
function findWaiver(waivers: readonly BaselineWaiver[], result: Pick<CaseResult, 'id' | 'dialect'>): BaselineWaiver | undefined {
  const forCase = waivers.filter((waiver) => waiver.id === result.id);
  return forCase.find((waiver) => waiver.dialect !== undefined && waiver.dialect === result.dialect) ?? forCase.find((waiver) => waiver.dialect === undefined);
}

/** Waivers whose case now passes: remove them from the baseline (they break conformance until then). */
export function staleWaivers(run: RunResult): WaiverNote[] {
  return run.cases
    .filter((result) => result.waiver?.stale === true)
    .map((result) => {
      const note: WaiverNote = { id: result.id, dialect: result.dialect, reason: result.waiver?.reason ?? '' };
      if (result.waiver?.expires !== undefined) note.expires = result.waiver.expires;
      return note;
    });
}

export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
}
