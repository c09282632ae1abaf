/**
 * The verdict model: what a run lets an admin conclude, on two axes, with every list and count a report
 * prints. Renderers (terminal, Markdown, HTML, JUnit, results.json) show it and never count for themselves.
 *
 * - **Entra** (decides the exit code): Ready, Not ready, or Incomplete. A failure blocks Ready when its Entra
 *   impact is one Entra really suffers (Test Connection fails, quarantine, retried every cycle, data silently
 *   wrong), or when its impact is unknown and its RFC keyword is MUST (SHOULD too with --strict). Anything
 *   such a check did not verify (skipped, errored), a partial selection, a read-only run or a stopped run
 *   makes the run Incomplete: never Ready; an interrupted run is Incomplete whatever had failed, and exits
 *   as the signal asks (130, 143). An opt-in check a full run leaves out (too costly for every run) is named
 *   as not run; when it decides readiness the run is Incomplete, as for a check selected away.
 *   Waived failures still make it Not ready, but exit 0 so a CI gate with a
 *   baseline keeps working.
 * - **RFC 7643/7644 conformance**: decided by the keyword of the checks whose keyword an RFC states.
 *
 * Every failing case run is named in exactly one list (verdict-rules.ts `failureList`): blocking, warnings,
 * RFC-only findings, or waived. To add a list, add it to the model here and to `verdictLists`; every
 * renderer iterates `verdictLists`.
 */
import type { CaseRef, CaseResult, DialectTally, EntraVerdict, LevelTally, RfcVerdict, Verdict, VerdictCounts } from '../model/result.ts';
import { DIALECTS, LEVELS, type Dialect } from '../model/vocabulary.ts';
import { rootCauses } from './root-causes.ts';
import { securityFindings } from './security-findings.ts';
import { decidesEntra, decidesRfc, failureList, isWaivedFailure, plural, refDecidesEntra, refLabel, unwaivedList } from './verdict-rules.ts';

export { decidesEntra, decidesRfc, failureList, isWaivedFailure, refDecidesEntra, refLabel } from './verdict-rules.ts';

export interface VerdictInput {
  cases: readonly CaseResult[];
  strict: boolean;
  readOnly?: boolean;
  /** Why the run stopped early (interrupt, target down), if it did. */
  aborted?: string;
  /** The signal that interrupted the run (`SIGINT`, `SIGTERM`), if one did. */
  interrupted?: string;
  selection?: { only: readonly string[]; skip: readonly string[] };
  /** The baseline file applied, for the waived headline. */
  baselineFile?: string;
  /** The dialects the run replayed; by default those its cases name. */
  dialects?: readonly Dialect[];
  /** Opt-in case runs this full run left out (config.ts optInNotRun): named as not run, never as verified. */
  notRun?: readonly CaseRef[];
}

export const EXIT_READY = 0;
export const EXIT_NOT_READY = 1;
export const EXIT_INCOMPLETE = 4;
const EXIT_INTERRUPTED: Record<string, 130 | 143> = { SIGINT: 130, SIGTERM: 143 };

const failed = (result: CaseResult): boolean => result.status === 'fail';
const notVerified = (result: CaseResult): boolean => result.status === 'skip' || result.status === 'error';

export function computeVerdict(input: VerdictInput): Verdict {
  const { cases, strict } = input;
  const entraChecks = cases.filter((result) => decidesEntra(result, strict));
  const rfcChecks = cases.filter((result) => decidesRfc(result, strict));
  const unwaivedFailures = cases.filter((result) => failed(result) && !isWaivedFailure(result));
  const inList = (list: string) => unwaivedFailures.filter((result) => failureList(result, strict) === list);
  const blocking = inList('blocking');
  const warnings = inList('warnings');
  const rfcOnly = inList('rfcOnly');
  const waived = cases.filter(isWaivedFailure);
  const waivedDeciding = waived.filter((result) => decidesEntra(result, strict));
  const stale = cases.filter((result) => result.waiver?.stale === true);
  const unverified = entraChecks.filter((result) => notVerified(result) && !isWaivedFailure(result));
  const otherUnverified = cases.filter((result) => notVerified(result) && !isWaivedFailure(result) && !decidesEntra(result, strict));
  const rfcFailures = rfcChecks.filter(failed);
  const causes = rootCauses({ cases, strict });
  const notRun = [...(input.notRun ?? [])];
  const notRunDeciding = notRun.filter((ref) => refDecidesEntra(ref, strict));
  const notRunText = `${plural(notRun.length, 'opt-in check')} not run: ${optInNames(notRun)}`;

  const partialBecause = runLevelGaps(input);
  // Counts the headline can be checked against: the deciding ones, and all of the waived list when it is longer.
  const ofAll = waived.length > waivedDeciding.length ? ` that Entra depends on, of ${waived.length} waived` : '';
  const waivedText = `${plural(waivedDeciding.length, 'known deviation')} waived${ofAll}${input.baselineFile ? ` (baseline ${input.baselineFile})` : ''}`;
  const reasons: string[] = [];
  if (blocking.length > 0) reasons.push(`${plural(blocking.length, 'check')} that Entra depends on failed`);
  if (stale.length > 0) reasons.push(`${plural(stale.length, 'baseline waiver')} now pass${stale.length === 1 ? 'es' : ''} and must be removed from the baseline`);
  reasons.push(...partialBecause);
  if (notRun.length > 0) reasons.push(notRunText);
  if (unverified.length > 0) reasons.push(`${plural(unverified.length, 'check')} that decide${unverified.length === 1 ? 's' : ''} readiness could not be verified (skipped or errored)`);
  if (waivedDeciding.length > 0) reasons.push(waivedText);
  const others = [
    warnings.length > 0 ? plural(warnings.length, 'warning') : '',
    rfcOnly.length > 0 ? `${plural(rfcOnly.length, 'RFC-only finding')} (MUST, no known Entra impact)` : '',
    waived.length > waivedDeciding.length ? `${waived.length - waivedDeciding.length} other known deviations waived` : '',
  ].filter(Boolean);
  if (others.length > 0) reasons.push(`not blocking Entra: ${others.join(', ')}`);

  let entra: EntraVerdict;
  let exitCode: Verdict['exitCode'];
  let headline: string;
  if (input.interrupted !== undefined) {
    entra = 'incomplete';
    exitCode = EXIT_INTERRUPTED[input.interrupted] ?? 130;
    headline = `Incomplete: ${partialBecause.join('; ')}`;
  } else if (blocking.length > 0 || stale.length > 0) {
    entra = 'not-ready';
    exitCode = EXIT_NOT_READY;
    headline = blocking.length > 0 ? `Not ready for Entra provisioning: ${plural(blocking.length, 'check')} that Entra depends on failed` : 'Not ready: the baseline has stale waivers';
  } else if (partialBecause.length > 0 || notRunDeciding.length > 0 || unverified.length > 0) {
    // A check that decides readiness and was not run (an opt-in one a full run leaves out) is not verified:
    // never Ready, as for a check selected away.
    entra = 'incomplete';
    exitCode = EXIT_INCOMPLETE;
    const gaps = [...partialBecause, notRunDeciding.length > 0 ? notRunText : '', unverified.length > 0 ? `${plural(unverified.length, 'check')} not verified` : ''];
    headline = `Incomplete: ${gaps.filter(Boolean).join('; ')}`;
  } else if (waivedDeciding.length > 0) {
    entra = 'not-ready';
    exitCode = EXIT_READY;
    headline = `Not ready: ${waivedText}`;
  } else {
    entra = 'ready';
    exitCode = EXIT_READY;
    headline = 'Ready for Entra provisioning';
  }
  if (entra === 'ready') reasons.unshift(`every check that decides readiness ran and passed${strict ? ' (strict: SHOULD checks included)' : ''}`);

  const rfcUnverified = rfcChecks.some(notVerified) || partialBecause.length > 0;
  const rfc: RfcVerdict = rfcFailures.length > 0 ? 'not-conformant' : rfcUnverified ? 'incomplete' : 'conformant';
  const counts: VerdictCounts = {
    caseRuns: cases.length,
    cases: new Set(cases.map((result) => result.id)).size,
    failing: cases.filter(failed).length,
    blocking: blocking.length,
    warnings: warnings.length,
    rfcOnly: rfcOnly.length,
    waived: waived.length,
    waivedFailing: waived.filter(failed).length,
    waivedDeciding: waivedDeciding.length,
    stale: stale.length,
    unverified: unverified.length,
    otherUnverified: otherUnverified.length,
    notRun: notRun.length,
    rfcFailures: rfcFailures.length,
    rootCauses: causes.length,
    byLevel: Object.fromEntries(LEVELS.map((level) => [level, tally(cases.filter((result) => result.level === level))])) as VerdictCounts['byLevel'],
    total: tally(cases),
  };
  const toListedRef = (result: CaseResult): CaseRef => ({ ...toRef(result), list: listWithoutBaseline(result, strict), waiver: result.waiver?.reason ?? '' });
  return {
    entra,
    rfc,
    headline,
    reasons,
    blocking: blocking.map(toRef),
    waived: waived.map(toListedRef),
    stale: stale.map(toListedRef),
    unverified: unverified.map(toRef),
    rfcFailures: rfcFailures.map(toRef),
    warnings: warnings.map(toRef),
    rfcOnly: rfcOnly.map(toRef),
    otherUnverified: otherUnverified.map(toRef),
    notRun,
    counts,
    dialects: dialectTallies(cases, strict, input.dialects),
    rootCauses: causes,
    exitCode,
    // Issue 20: one small list, built here from the case results (security-findings.ts); renderers only show it.
    security: securityFindings(cases),
  };
}

/** The verdict's lists in the order every report shows them, each with its title; empty ones included. */
export interface VerdictList {
  key: 'blocking' | 'stale' | 'unverified' | 'waived' | 'warnings' | 'rfcOnly' | 'otherUnverified' | 'notRun';
  title: string;
  refs: CaseRef[];
}

export function verdictLists(verdict: Verdict, baselineFile?: string): VerdictList[] {
  return [
    { key: 'blocking', title: 'Failing checks that Entra depends on', refs: verdict.blocking },
    { key: 'stale', title: 'Stale waivers (the case passes now)', refs: verdict.stale },
    { key: 'unverified', title: 'Not verified (decides readiness)', refs: verdict.unverified },
    { key: 'waived', title: `Known deviations waived${baselineFile ? ` by ${baselineFile}` : ''}`, refs: verdict.waived },
    { key: 'warnings', title: 'Warnings: SHOULD and MAY failures (they do not block Entra)', refs: verdict.warnings },
    { key: 'rfcOnly', title: 'RFC-only findings: MUST failures with no known Entra impact', refs: verdict.rfcOnly },
    { key: 'otherUnverified', title: 'Not verified (decides nothing)', refs: verdict.otherUnverified },
    { key: 'notRun', title: 'Not run: opt-in checks, too costly for every run (--with-opt-in runs them)', refs: verdict.notRun ?? [] },
  ];
}

/** The opt-in checks a run left out, and how to run them: `LIFE-GROW-01 (--with-opt-in runs it)`. */
export function optInNames(refs: readonly Pick<CaseRef, 'id'>[]): string {
  const ids = [...new Set(refs.map((ref) => ref.id))];
  return `${ids.join(', ')} (--with-opt-in runs ${ids.length === 1 ? 'it' : 'them'})`;
}

/** One line of a verdict list: `USR-LIST-02 (MUST, Entra impact none known): why`. */
export function refLine(ref: CaseRef): string {
  const notes = [ref.level, ref.impact === 'none-known' ? 'Entra impact none known' : '', ref.list === undefined ? '' : `otherwise ${LIST_NAMES[ref.list]}`].filter(Boolean);
  const waiver = ref.waiver === undefined ? '' : ` [baseline: ${ref.waiver}]`;
  return `${refLabel(ref)} (${notes.join(', ')}): ${ref.reason ?? ref.status}${waiver}`;
}

const LIST_NAMES: Record<NonNullable<CaseRef['list']>, string> = {
  blocking: 'blocking',
  warnings: 'a warning',
  rfcOnly: 'RFC-only',
  unverified: 'not verified',
  otherUnverified: 'not verified, deciding nothing',
};

/** One sentence that adds up: `12 failing checks: 7 block Entra, 2 warnings, 3 RFC-only, 0 waived`. */
export function failingSummary(counts: VerdictCounts): string {
  if (counts.failing === 0) return 'no failing checks';
  const parts = [`${counts.blocking} block Entra`, plural(counts.warnings, 'warning'), `${counts.rfcOnly} RFC-only`];
  if (counts.waivedFailing > 0) parts.push(`${counts.waivedFailing} waived`);
  return `${plural(counts.failing, 'failing check')} in ${plural(counts.rootCauses, 'root cause')}: ${parts.join(', ')}`;
}

function listWithoutBaseline(result: CaseResult, strict: boolean): NonNullable<CaseRef['list']> {
  if (result.status === 'fail' || result.status === 'pass') return unwaivedList(result, strict);
  return decidesEntra(result, strict) ? 'unverified' : 'otherUnverified';
}

function tally(subset: readonly CaseResult[]): LevelTally {
  const counts: LevelTally = { total: subset.length, pass: 0, fail: 0, error: 0, skip: 0, waived: 0 };
  for (const result of subset) {
    counts[result.status] += 1;
    if (isWaivedFailure(result)) counts.waived += 1;
  }
  return counts;
}

/**
 * A dialect passes when no check that decides Entra readiness, run in it or once for both (`any`), failed or
 * errored; waived failures count, since Entra does not read the baseline.
 */
function dialectTallies(cases: readonly CaseResult[], strict: boolean, dialects?: readonly Dialect[]): DialectTally[] {
  const run = dialects ?? DIALECTS.filter((dialect) => cases.some((result) => result.dialect === dialect));
  return run.map((dialect) => {
    const mine = cases.filter((result) => result.dialect === dialect || result.dialect === 'any');
    const blocking = unique(mine.filter((result) => decidesEntra(result, strict) && (result.status === 'fail' || result.status === 'error')));
    const others = unique(mine.filter((result) => result.status === 'fail' && !decidesEntra(result, strict)));
    return { dialect, passes: blocking.length === 0, blocking, others };
  });
}

function unique(results: readonly CaseResult[]): string[] {
  return [...new Set(results.map((result) => result.id))];
}

/** What makes a whole run unable to say Ready, whatever its cases did. */
function runLevelGaps(input: VerdictInput): string[] {
  const gaps: string[] = [];
  const only = input.selection?.only ?? [];
  const skip = input.selection?.skip ?? [];
  if (only.length > 0 || skip.length > 0) {
    const parts = [only.length > 0 ? `--only ${only.join(',')}` : '', skip.length > 0 ? `--skip ${skip.join(',')}` : ''].filter(Boolean);
    gaps.push(`partial selection (${parts.join(' ')})`);
  }
  if (input.readOnly) gaps.push('read-only preflight: no write request was sent');
  if (input.aborted) gaps.push(`the run stopped early (${input.aborted})`);
  else if (input.interrupted) gaps.push(`the run was interrupted (${input.interrupted})`);
  return gaps;
}

function toRef(result: CaseResult): CaseRef {
  const ref: CaseRef = { id: result.id, dialect: result.dialect, level: result.level, status: result.status, impact: result.impact.kind };
  if (result.reason !== undefined) ref.reason = result.reason;
  return ref;
}
