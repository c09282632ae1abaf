/**
 * The rules a verdict is made of, one predicate each: which checks decide Entra readiness, which decide RFC
 * conformance, what a baseline waives, and how a case run is named. Kept apart from verdict.ts so that
 * root-causes.ts (which the verdict model includes) can use them without a cycle.
 */
import type { CaseRef, CaseResult, FailureList } from '../model/result.ts';
import type { EntraImpactKind, Level } from '../model/vocabulary.ts';

const ENTRA_BLOCKING_IMPACTS = new Set(['test-connection-fails', 'quarantine', 'retried-every-cycle', 'data-silently-wrong']);

/** True when a failure of this check means Entra provisioning goes wrong (see verdict.ts's header). */
export function decidesEntra(result: Pick<CaseResult, 'impact' | 'level'>, strict: boolean): boolean {
  return decides(result.level, result.impact.kind, strict);
}

/** The same rule for a check named in a verdict list (a case not run has a ref, not a result). */
export function refDecidesEntra(ref: Pick<CaseRef, 'impact' | 'level'>, strict: boolean): boolean {
  return decides(ref.level, ref.impact ?? 'unknown', strict);
}

function decides(level: Level, impact: EntraImpactKind, strict: boolean): boolean {
  return ENTRA_BLOCKING_IMPACTS.has(impact) || (impact === 'unknown' && decidingLevel(level, strict));
}

/** True when the check's keyword comes from RFC 7643/7644 and its level decides conformance. */
export function decidesRfc(result: Pick<CaseResult, 'keyword' | 'level'>, strict: boolean): boolean {
  return result.keyword.source.startsWith('RFC') && decidingLevel(result.level, strict);
}

function decidingLevel(level: Level, strict: boolean): boolean {
  return level === 'MUST' || (strict && level === 'SHOULD');
}

/** A non-passing case a baseline accepts as a known deviation (a stale waiver accepts nothing). */
export function isWaivedFailure(result: Pick<CaseResult, 'waiver' | 'status'>): boolean {
  return result.waiver !== undefined && result.waiver.stale !== true && result.status !== 'pass';
}

/** `USR-PATCH-01 [legacy]`, or the bare id for a case that runs once for both dialects. */
export function refLabel(ref: Pick<CaseRef, 'id' | 'dialect'>): string {
  return `${ref.id}${ref.dialect === 'any' ? '' : ` [${ref.dialect}]`}`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * The one verdict list a failing case run is named in: waived when a baseline accepts it; blocking when it
 * decides Entra readiness; otherwise a warning (SHOULD, MAY) or an RFC-only finding (a MUST whose Entra
 * impact is none known: it breaks conformance, and Entra does not act on it).
 */
export function failureList(result: Pick<CaseResult, 'impact' | 'level' | 'waiver' | 'status'>, strict: boolean): FailureList | 'waived' {
  if (isWaivedFailure(result)) return 'waived';
  return unwaivedList(result, strict);
}

/** Where a failure is listed when no baseline waives it. */
export function unwaivedList(result: Pick<CaseResult, 'impact' | 'level'>, strict: boolean): FailureList {
  if (decidesEntra(result, strict)) return 'blocking';
  return result.level === 'MUST' ? 'rfcOnly' : 'warnings';
}
