/**
 * The one result model every report renders, and the runner, safety and faults produce. It holds everything
 * a reader needs (expected vs actual, the redacted exchanges, the verdict) and nothing secret: exchanges are
 * redacted before they get here. The verdict's rule is src/report/verdict.ts; its shape is here.
 */
import type { Exchange } from './transport.ts';
import type { Area, CaseStatus, Dialect, EntraImpact, Keyword, Level } from './vocabulary.ts';

export interface CaseResult {
  id: string;
  name: string;
  level: Level;
  area: Area;
  spec: string[];
  /** `any` for a case whose requests do not depend on the PATCH dialect. */
  dialect: Dialect | 'any';
  status: CaseStatus;
  /** One sentence about the response (fail), the breakage (error) or why it did not run (skip). */
  reason?: string;
  expected?: unknown;
  actual?: unknown;
  durationMs: number;
  /** The check's RFC keyword as its source words it, and that source. */
  keyword: Keyword;
  impact: EntraImpact;
  /** The fixture whose answer the check judges: a failure's root cause is looked for there. */
  judges: string;
  /** For a skip caused by a failed precondition: the case that judges that precondition. */
  rootCase?: string;
  /**
   * Setup that needed Entra's other form of a request (e.g. the core-only group body after the ADSCIM one
   * was refused), one line each; the case still judged only its own check.
   */
  fallbacks?: string[];
  exchanges: Exchange[];
  /** Set when a baseline file waives this case (a known deviation), with the baseline's reason. */
  waiver?: { reason: string; expires?: string; stale?: boolean };
  /** 429/503 answers the case met (each honoured with a wait and a retry, up to the retry limit). */
  throttled?: number;
  /** For a failure with a hard identity (fixtures/identities/): the class it failed for, and what reports call it. */
  identity?: { classId: string; label: string };
}

/** What the target's GET /ServiceProviderConfig (RFC 7643 §5) advertises, or why it could not be read. */
export type ServiceProviderSummary =
  | {
      patch: boolean;
      filter: boolean;
      filterMaxResults?: number;
      bulk: boolean;
      sort: boolean;
      etag: boolean;
      changePassword: boolean;
      authenticationSchemes: string[];
    }
  | { error: string };

export type EntraVerdict = 'ready' | 'not-ready' | 'incomplete';
export type RfcVerdict = 'conformant' | 'not-conformant' | 'incomplete';

/** A case run, as verdict lists name it. */
export interface CaseRef {
  id: string;
  dialect: Dialect | 'any';
  level: Level;
  status: CaseStatus;
  reason?: string;
}

export interface Verdict {
  entra: EntraVerdict;
  rfc: RfcVerdict;
  /** One line: `Ready for Entra provisioning`, `Not ready: …`, `Incomplete: …`. */
  headline: string;
  /** Why, one sentence each, most important first. */
  reasons: string[];
  /** Unwaived failures that block Ready. */
  blocking: CaseRef[];
  /** Failures a baseline waives: known deviations, still not Ready. */
  waived: CaseRef[];
  /** Waived cases that pass now: the baseline must shrink. */
  stale: CaseRef[];
  /** Checks that decide Ready but were not verified (skipped or errored), each with why. */
  unverified: CaseRef[];
  /** Failures of checks whose keyword an RFC states, waived or not. */
  rfcFailures: CaseRef[];
  /** SHOULD failures that decide nothing outside strict mode, listed so nobody misses them. */
  warnings: CaseRef[];
  /** 0 Ready (or only waived deviations), 1 Not ready, 4 Incomplete. */
  exitCode: 0 | 1 | 4;
}

export type StatusCounts = Record<CaseStatus, number>;

export interface Leftover {
  kind: 'user' | 'group';
  id: string;
  reason: string;
}

export interface RunResult {
  tool: { name: string; version: string };
  catalogueHash: string;
  runId: string;
  seed: number;
  target: { url: string; embedded: boolean };
  profile: string;
  /** Short hash of the profile's mapping (src/profiles/resolve-profile.ts), so two reports show whether they sent the same. */
  profileHash?: string;
  dialects: Dialect[];
  strict: boolean;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** `throttled`: 429/503 answers over the whole run (cases, preflight and cleanup), when there were any. */
  summary: { total: number } & StatusCounts & { byLevel: Record<Level, StatusCounts>; throttled?: number };
  /** What the run allows an admin to conclude (src/report/verdict.ts); recomputed when a baseline is applied. */
  verdict: Verdict;
  /** `--only`/`--skip` as given; a run with either is partial, and so never Ready. */
  selection: { only: string[]; skip: string[] };
  /** Hash of the case runs that actually executed (id, level, name, spec, dialect); equals no other selection's. */
  executedHash: string;
  /** Set when the run stopped early (interrupted, or the target failed the health probe). */
  aborted?: string;
  /** Transport faults the run rode out: requests sent again, lost answers resolved by a lookup. */
  network?: { retried: number; recovered: number };
  /** Cases at a time, requests sent and the critical path (src/runner/critical-path.ts). */
  schedule?: { concurrency: number; requests: number; criticalPath: number };
  serviceProviderConfig?: ServiceProviderSummary;
  cases: CaseResult[];
  leftovers: Leftover[];
  /** Set for a `--read-only` preflight: only the GET-only cases ran, so this is no conformance verdict. */
  readOnly?: boolean;
  /** The cleanup ledger file of the run (what it created and deleted), when it created anything. */
  ledger?: string;
  /** The baseline file whose waivers were applied, if any. */
  baseline?: string;
}

export function emptyCounts(): StatusCounts {
  return { pass: 0, fail: 0, error: 0, skip: 0 };
}

export function summarise(cases: readonly CaseResult[]): RunResult['summary'] {
  const summary = { total: cases.length, ...emptyCounts(), byLevel: { MUST: emptyCounts(), SHOULD: emptyCounts(), MAY: emptyCounts() } };
  for (const result of cases) {
    summary[result.status] += 1;
    summary.byLevel[result.level][result.status] += 1;
  }
  return summary;
}

