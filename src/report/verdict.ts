/**
 * The verdict: what a run lets an admin conclude, on two axes.
 *
 * - **Entra** (decides the exit code): Ready, Not ready, or Incomplete. A failure blocks Ready when its Entra
 *   impact is one Entra really suffers (Test Connection fails, quarantine, retried every cycle, data silently
 *   wrong), or when its impact is unknown and its RFC keyword is MUST (SHOULD too with --strict). Anything
 *   such a check did not verify (skipped, errored), a partial selection, a read-only run or an interrupted
 *   run makes the run Incomplete: never Ready. Waived failures still make it Not ready, but exit 0 so a CI
 *   gate with a baseline keeps working.
 * - **RFC 7643/7644 conformance**: decided by the keyword of the checks whose keyword an RFC states.
 *
 * One place decides, every renderer (terminal, reports, exit code) only shows the result.
 */
import type { CaseRef, CaseResult, EntraVerdict, RfcVerdict, Verdict } from '../model/result.ts';
import type { Level } from '../model/vocabulary.ts';

export interface VerdictInput {
  cases: readonly CaseResult[];
  strict: boolean;
  readOnly?: boolean;
  /** Why the run stopped early (interrupt, target down), if it did. */
  aborted?: string;
  selection?: { only: readonly string[]; skip: readonly string[] };
  /** The baseline file applied, for the waived headline. */
  baselineFile?: string;
}

export const EXIT_READY = 0;
export const EXIT_NOT_READY = 1;
export const EXIT_INCOMPLETE = 4;

const ENTRA_BLOCKING_IMPACTS = new Set(['test-connection-fails', 'quarantine', 'retried-every-cycle', 'data-silently-wrong']);

/** True when a failure of this check means Entra provisioning goes wrong (see the module header). */
export function decidesEntra(result: Pick<CaseResult, 'impact' | 'level'>, strict: boolean): boolean {
  if (ENTRA_BLOCKING_IMPACTS.has(result.impact.kind)) return true;
  return result.impact.kind === 'unknown' && decidingLevel(result.level, strict);
}

/** True when the check's keyword comes from RFC 7643/7644 and its level decides conformance. */
export function decidesRfc(result: Pick<CaseResult, 'keyword' | 'level'>, strict: boolean): boolean {
  return result.keyword.source.startsWith('RFC') && decidingLevel(result.level, strict);
}

function decidingLevel(level: Level, strict: boolean): boolean {
  return level === 'MUST' || (strict && level === 'SHOULD');
}

export function isWaivedFailure(result: CaseResult): boolean {
  return result.waiver !== undefined && result.waiver.stale !== true && result.status !== 'pass';
}

const failed = (result: CaseResult): boolean => result.status === 'fail';
const notVerified = (result: CaseResult): boolean => result.status === 'skip' || result.status === 'error';

export function computeVerdict(input: VerdictInput): Verdict {
  const { cases, strict } = input;
  const entraChecks = cases.filter((result) => decidesEntra(result, strict));
  const rfcChecks = cases.filter((result) => decidesRfc(result, strict));
  const blocking = entraChecks.filter((result) => failed(result) && !isWaivedFailure(result));
  const waived = cases.filter((result) => isWaivedFailure(result) && (decidesEntra(result, strict) || decidesRfc(result, strict)));
  const stale = cases.filter((result) => result.waiver?.stale === true);
  const unverified = entraChecks.filter((result) => notVerified(result) && !isWaivedFailure(result));
  const rfcFailures = rfcChecks.filter(failed);
  const warnings = strict ? [] : cases.filter((result) => failed(result) && result.level === 'SHOULD' && !decidesEntra(result, strict));

  const partialBecause = runLevelGaps(input);
  const reasons: string[] = [];
  if (blocking.length > 0) reasons.push(`${plural(blocking.length, 'check')} that Entra depends on failed`);
  if (stale.length > 0) reasons.push(`${plural(stale.length, 'baseline waiver')} now pass${stale.length === 1 ? 'es' : ''} and must be removed from the baseline`);
  reasons.push(...partialBecause);
  if (unverified.length > 0) reasons.push(`${plural(unverified.length, 'check')} that decide${unverified.length === 1 ? 's' : ''} readiness could not be verified (skipped or errored)`);
  if (waived.length > 0) reasons.push(`${plural(waived.length, 'known deviation')} waived${input.baselineFile ? ` (baseline ${input.baselineFile})` : ''}`);

  let entra: EntraVerdict;
  let exitCode: Verdict['exitCode'];
  let headline: string;
  if (blocking.length > 0 || stale.length > 0) {
    entra = 'not-ready';
    exitCode = EXIT_NOT_READY;
    headline = blocking.length > 0 ? `Not ready for Entra provisioning: ${plural(blocking.length, 'failing check')}` : 'Not ready: the baseline has stale waivers';
  } else if (partialBecause.length > 0 || unverified.length > 0) {
    entra = 'incomplete';
    exitCode = EXIT_INCOMPLETE;
    headline = `Incomplete: ${[...partialBecause, unverified.length > 0 ? `${plural(unverified.length, 'check')} not verified` : ''].filter(Boolean).join('; ')}`;
  } else if (waived.length > 0) {
    entra = 'not-ready';
    exitCode = EXIT_READY;
    headline = `Not ready: ${plural(waived.length, 'known deviation')} waived${input.baselineFile ? ` (baseline ${input.baselineFile})` : ''}`;
  } else {
    entra = 'ready';
    exitCode = EXIT_READY;
    headline = 'Ready for Entra provisioning';
  }
  if (entra === 'ready') reasons.push(`every check that decides readiness ran and passed${strict ? ' (strict: SHOULD checks included)' : ''}`);

  const rfcUnverified = rfcChecks.some(notVerified) || partialBecause.length > 0;
  const rfc: RfcVerdict = rfcFailures.length > 0 ? 'not-conformant' : rfcUnverified ? 'incomplete' : 'conformant';
  return {
    entra,
    rfc,
    headline,
    reasons,
    blocking: blocking.map(toRef),
    waived: waived.map(toRef),
    stale: stale.map(toRef),
    unverified: unverified.map(toRef),
    rfcFailures: rfcFailures.map(toRef),
    warnings: warnings.map(toRef),
    exitCode,
  };
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
  return gaps;
}

function toRef(result: CaseResult): CaseRef {
  const ref: CaseRef = { id: result.id, dialect: result.dialect, level: result.level, status: result.status };
  if (result.reason !== undefined) ref.reason = result.reason;
  return ref;
}

export function refLabel(ref: Pick<CaseRef, 'id' | 'dialect'>): string {
  return `${ref.id}${ref.dialect === 'any' ? '' : ` [${ref.dialect}]`}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
