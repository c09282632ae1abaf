/**
 * The one result model every report renders, and the runner, safety and faults produce. It holds everything
 * a reader needs (expected vs actual, the redacted exchanges, the verdict) and nothing secret: exchanges are
 * redacted before they get here. The verdict's rule is src/report/verdict.ts; its shape is here.
 */
import type { Exchange } from './transport.ts';
import type { Area, CaseStatus, Dialect, EntraImpact, EntraImpactKind, Keyword, Level } from './vocabulary.ts';

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

/** The verdict list a failing case run is named in: exactly one (src/report/verdict.ts decides which). */
export type FailureList = 'blocking' | 'warnings' | 'rfcOnly';

/** A case run, as verdict lists name it. */
export interface CaseRef {
  id: string;
  dialect: Dialect | 'any';
  level: Level;
  status: CaseStatus;
  reason?: string;
  /** The Entra impact of what was seen, so a list can say "none known" next to a MUST (format 1.1). */
  impact?: EntraImpactKind;
  /** In the waived and stale lists: where the case would be listed without the baseline (format 1.1). */
  list?: FailureList | 'unverified' | 'otherUnverified';
  /** In the waived and stale lists: the baseline's reason (format 1.1). */
  waiver?: string;
}

/** Pass/fail/error/skip of some case runs, with how many of them there are and how many a baseline waives. */
export interface LevelTally extends StatusCounts {
  total: number;
  /** Non-passing case runs a baseline waives (a subset of fail, error and skip). */
  waived: number;
}

/**
 * Every number a report prints about a run, counted once (src/report/verdict.ts). Invariant:
 * `failing = blocking + warnings + rfcOnly + waivedFailing` (each failing case run is in exactly one list).
 */
export interface VerdictCounts {
  caseRuns: number;
  /** Distinct case ids among the case runs (a case that runs once per dialect counts once). */
  cases: number;
  failing: number;
  blocking: number;
  warnings: number;
  rfcOnly: number;
  /** Non-passing case runs the baseline waives (any status), and those of them that failed. */
  waived: number;
  waivedFailing: number;
  /** Waived case runs that, without the baseline, would block Ready or leave a deciding check unverified. */
  waivedDeciding: number;
  stale: number;
  unverified: number;
  otherUnverified: number;
  /** Opt-in case runs a full run left out (format 1.1, additive; absent in older files). */
  notRun?: number;
  /** Failing checks whose keyword an RFC states and whose level decides conformance (the RFC axis). */
  rfcFailures: number;
  rootCauses: number;
  byLevel: Record<Level, LevelTally>;
  total: LevelTally;
}

/** One dialect's verdict for Entra: the checks run in it (or once for both) that block it, and the other failures. */
export interface DialectTally {
  dialect: Dialect;
  passes: boolean;
  /** Ids of failed or errored checks that decide Entra readiness (waived ones too: Entra does not read the baseline). */
  blocking: string[];
  /** Ids of the other failing checks (warnings, RFC-only findings). */
  others: string[];
}

/** Failures grouped by what went wrong (src/report/root-causes.ts), each consequence named once. */
export interface RootCause {
  /** Stable within a run: what groups the consequences. */
  key: string;
  /** One line: `PATCH /Users/{id} (legacy dialect) was refused with 400`. */
  title: string;
  /** The request and answer of the first consequence, as sent and received (redacted). */
  example?: { request: string; body?: string; status?: number; answer?: string };
  /** `USR-DISABLE-01 [legacy]`-style labels with each failing check's requirement and the verdict list it is in. */
  consequences: { label: string; name: string; impact: string; waived: boolean; list: FailureList | 'waived' }[];
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
  /** Non-passing case runs a baseline waives: known deviations (`list` says where each would be otherwise). */
  waived: CaseRef[];
  /** Waived cases that pass now: the baseline must shrink. */
  stale: CaseRef[];
  /** Checks that decide Ready but were not verified (skipped or errored), each with why. */
  unverified: CaseRef[];
  /**
   * The RFC axis, not a list of its own: the failures (waived or not) of checks whose keyword an RFC states.
   * Each is also named in blocking, warnings, rfcOnly or waived.
   */
  rfcFailures: CaseRef[];
  /** Unwaived SHOULD and MAY failures that do not block Ready. */
  warnings: CaseRef[];
  /** Unwaived MUST failures that do not block Ready because their Entra impact is none known (format 1.1). */
  rfcOnly: CaseRef[];
  /** Skipped or errored checks that decide nothing (SHOULD/MAY outside --strict, no Entra impact) (format 1.1). */
  otherUnverified: CaseRef[];
  /**
   * Opt-in case runs a full run left out (too costly for every run; `--with-opt-in` runs them), each with why
   * (format 1.1, additive; absent in older files). Never failing, never verified: named so a Ready never hides them.
   */
  notRun?: CaseRef[];
  /** Every count the reports print (format 1.1). */
  counts: VerdictCounts;
  /** One verdict per dialect run (format 1.1). */
  dialects: DialectTally[];
  /** Failures grouped by root cause (format 1.1). */
  rootCauses: RootCause[];
  /** 0 Ready (or only waived deviations), 1 Not ready, 4 Incomplete, 130/143 interrupted (SIGINT/SIGTERM). */
  exitCode: 0 | 1 | 4 | 130 | 143;
  /**
   * Answers that let someone other than Entra into the directory (src/report/security-findings.ts), worst
   * first: shown at the top of every report whatever the Entra verdict, and each blocks a gallery listing.
   */
  security?: SecurityFinding[];
}

/** What the sustained-rate measurement saw: the gallery asks for at least 25 requests per second per tenant. */
export interface RateMeasurement {
  targetRate: number;
  achievedRate: number;
  p99Ms: number;
  /** Answers 429/503 the measurement waited out. */
  throttled: number;
  requests: number;
  durationMs: number;
  errors: number;
  passed: boolean;
  /** Set when the measurement could not be made (its setup failed, the target vanished). */
  error?: string;
}

export interface SecurityFinding {
  id: string;
  dialect: CaseRef['dialect'];
  /** critical: anyone can get in (a token for anyone, a wrong token accepted); high: the refusal is not what RFC 6750 asks. */
  severity: 'critical' | 'high';
  title: string;
  detail: string;
}

export type StatusCounts = Record<CaseStatus, number>;

export interface Leftover {
  kind: 'user' | 'group';
  id: string;
  reason: string;
}

export interface RunResult {
  tool: { name: string; version: string };
  /** The sustained-rate measurement (--sustained-rate), when the run made one. */
  rate?: RateMeasurement;
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
  /** `--only`/`--skip` as given (a run with either is partial, and so never Ready), and `--with-opt-in` when given. */
  selection: { only: string[]; skip: string[]; withOptIn?: true };
  /** Hash of the case runs that actually executed (id, level, name, spec, dialect); equals no other selection's. */
  executedHash: string;
  /** Set when the run stopped early (interrupted, or the target failed the health probe). */
  aborted?: string;
  /** Every value the test data generator handed out, with the attribute it was for (format 1.1): what diff and --write-baseline set aside. */
  generated?: Array<{ value: string; label: string }>;
  /** The signal that interrupted the run (`SIGINT`, `SIGTERM`), when one did: the verdict is then Incomplete. */
  interrupted?: string;
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

