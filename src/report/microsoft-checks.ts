/**
 * "Microsoft's checks": every test of the SCIM Validator (mandatory and preview), every direct test of the
 * gallery validation and every gallery requirement, each judged from the run's case results through the
 * mapping in fixtures/microsoft/checks.json, so a vendor sees what Microsoft would find before submitting.
 * One evaluation; every renderer (Markdown, HTML, terminal, validator-json, docs/gallery.md) shows it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CaseResult, RateMeasurement, RunResult } from '../model/result.ts';

export type { RateMeasurement } from '../model/result.ts';

export const MICROSOFT_CHECKS_FILE = fileURLToPath(new URL('../../fixtures/microsoft/checks.json', import.meta.url));

export interface MappedTest {
  test: string;
  cases: string[];
  /** Why no case can or does cover it (required when `cases` is empty). */
  why?: string;
  note?: string;
  /** Judged only for a run with OAuth client credentials (Microsoft skips it for a static token). */
  auth?: 'client-credentials' | 'client-credentials-required';
  /** Passes when any one of its cases passes (soft or hard delete). */
  any?: boolean;
  /** Microsoft marks the test optional: a failure is a warning there. */
  optional?: boolean;
}

export interface Requirement extends MappedTest {
  id: string;
  requirement: string;
  priority: 'Required' | 'Recommended';
  /** Judged by the sustained-rate measurement (--sustained-rate). */
  rate?: boolean;
}

export interface MicrosoftChecksData {
  sources: Record<'validator' | 'galleryValidation' | 'requirements', string>;
  validator: { mandatory: MappedTest[]; preview: MappedTest[] };
  galleryValidation: { direct: MappedTest[]; engine: { why: string; tests: { test: string; related: string[] }[] } };
  requirements: Omit<Requirement, 'test'>[];
}

let cached: MicrosoftChecksData | undefined;

export function loadMicrosoftChecks(): MicrosoftChecksData {
  cached ??= JSON.parse(readFileSync(MICROSOFT_CHECKS_FILE, 'utf8')) as MicrosoftChecksData;
  return cached;
}

export type CheckStatus = 'pass' | 'fail' | 'not-verified' | 'not-verifiable' | 'no-case';

export const STATUS_LABELS: Record<CheckStatus, string> = {
  pass: 'pass',
  fail: 'FAIL',
  'not-verified': 'not verified',
  'not-verifiable': 'not verifiable by a tool',
  'no-case': 'no case yet',
};

export interface JudgedTest {
  name: string;
  cases: string[];
  status: CheckStatus;
  /** Why: the failing case and its reason, what was not run, or why no case can tell. */
  detail: string;
  optional?: boolean;
}

export interface MicrosoftChecks {
  validatorMandatory: JudgedTest[];
  validatorPreview: JudgedTest[];
  galleryDirect: JudgedTest[];
  galleryEngine: { why: string; tests: { name: string; related: string[] }[] };
  requirements: (JudgedTest & { id: string; priority: string })[];
  /** One line each, e.g. "the SCIM Validator would fail 2 of its 25 mandatory tests". */
  summary: string[];
  gallery: { ready: boolean; headline: string; reasons: string[] };
}

/** Whether the run authenticated with client credentials: only then are the token endpoint's checks planned. */
export function usedClientCredentials(run: Pick<RunResult, 'cases'>): boolean {
  return run.cases.some((result) => result.id.startsWith('AUTH-'));
}

function judge(entry: MappedTest, run: RunResult, rate?: boolean): Omit<JudgedTest, 'name'> {
  const base = { cases: entry.cases, ...(entry.optional ? { optional: true } : {}) };
  if (rate) return { ...base, ...judgeRate(run.rate) };
  if (entry.cases.length === 0) {
    const why = entry.why ?? '';
    return { ...base, status: /^not verifiable/i.test(why) ? 'not-verifiable' : 'no-case', detail: why };
  }
  if (entry.auth === 'client-credentials-required' && !usedClientCredentials(run)) {
    return { ...base, status: 'fail', detail: 'the run used a static bearer token: Microsoft does not onboard long-lived bearer tokens (give --token-url, --client-id and SCIM_CLIENT_SECRET to check client credentials)' };
  }
  if (entry.auth !== undefined && !usedClientCredentials(run)) {
    return { ...base, status: 'not-verified', detail: 'the run used a static bearer token, which Microsoft does not onboard: give --token-url, --client-id and SCIM_CLIENT_SECRET' };
  }
  const results = run.cases.filter((result) => entry.cases.includes(result.id));
  if (results.length === 0) return { ...base, status: 'not-verified', detail: 'none of its cases ran (profile, selection or mode)' };
  const failing = results.filter((result) => result.status === 'fail');
  const passing = results.filter((result) => result.status === 'pass');
  if (entry.any === true && passing.length > 0) return { ...base, status: 'pass', detail: `${label(passing[0] as CaseResult)} passed` };
  if (failing.length > 0 && entry.any !== true) return { ...base, status: 'fail', detail: failing.map((result) => `${label(result)}: ${result.reason ?? 'failed'}`).join('; ') };
  // A case skipped because its root case failed here predicts a failure of Microsoft's test as well.
  const rootFailed = results.filter((result) => result.status === 'skip' && result.rootCase !== undefined && run.cases.some((other) => other.id === result.rootCase && other.status === 'fail'));
  if (rootFailed.length > 0 && entry.any !== true) {
    return { ...base, status: 'fail', detail: rootFailed.map((result) => `${label(result)} not judged because ${result.rootCase} failed: ${result.reason ?? ''}`).join('; ') };
  }
  const unverified = results.filter((result) => result.status === 'skip' || result.status === 'error');
  if (unverified.length > 0 || passing.length === 0) {
    const first = unverified[0] ?? failing[0];
    return { ...base, status: failing.length > 0 ? 'fail' : 'not-verified', detail: first ? `${label(first)}: ${first.reason ?? first.status}` : 'not verified' };
  }
  const ran = new Set(results.map((result) => result.id));
  const missing = entry.cases.filter((id) => !ran.has(id));
  return { ...base, status: 'pass', detail: missing.length > 0 ? `passed (${missing.join(', ')} did not apply to this run)` : 'passed' };
}

function judgeRate(rate: RateMeasurement | undefined): Pick<JudgedTest, 'status' | 'detail'> {
  if (rate === undefined) return { status: 'not-verified', detail: 'not measured: run with --sustained-rate' };
  if (rate.error !== undefined) return { status: 'not-verified', detail: `not measured: ${rate.error}` };
  const text = `${rate.achievedRate.toFixed(1)} req/s achieved of ${rate.targetRate} asked over ${(rate.durationMs / 1000).toFixed(1)} s, p99 ${Math.round(rate.p99Ms)} ms, ${rate.throttled} answers 429, ${rate.errors} errors`;
  return { status: rate.passed ? 'pass' : 'fail', detail: text };
}

const label = (result: CaseResult): string => `${result.id}${result.dialect === 'any' ? '' : ` [${result.dialect}]`}`;

function count(tests: readonly JudgedTest[], status: CheckStatus): number {
  return tests.filter((test) => test.status === status).length;
}

function tally(tests: readonly JudgedTest[]): string {
  const parts = [`${count(tests, 'pass')} pass`, `${count(tests, 'fail')} fail`];
  const unverified = count(tests, 'not-verified') + count(tests, 'no-case');
  if (unverified > 0) parts.push(`${unverified} not verified here`);
  if (count(tests, 'not-verifiable') > 0) parts.push(`${count(tests, 'not-verifiable')} not verifiable by a tool`);
  return parts.join(', ');
}

export function evaluateMicrosoftChecks(run: RunResult): MicrosoftChecks {
  const data = loadMicrosoftChecks();
  const mapTests = (entries: readonly MappedTest[]): JudgedTest[] => entries.map((entry) => ({ name: entry.test, ...judge(entry, run) }));
  const validatorMandatory = mapTests(data.validator.mandatory);
  const validatorPreview = mapTests(data.validator.preview);
  const galleryDirect = mapTests(data.galleryValidation.direct);
  const requirements = data.requirements.map((entry) => ({ id: entry.id, priority: entry.priority, name: entry.requirement, ...judge({ ...entry, test: entry.requirement }, run, entry.rate) }));
  const summary = [
    `SCIM Validator, ${validatorMandatory.length} mandatory tests: ${tally(validatorMandatory)}; ${validatorPreview.length} preview tests: ${tally(validatorPreview)}`,
    `Gallery validation, ${galleryDirect.length} direct SCIM tests: ${tally(galleryDirect)}; its ${data.galleryValidation.engine.tests.length} tests through the Entra engine are not verifiable by a tool`,
    `Gallery requirements, ${requirements.length}: ${tally(requirements)}`,
  ];
  return {
    validatorMandatory,
    validatorPreview,
    galleryDirect,
    galleryEngine: { why: data.galleryValidation.engine.why, tests: data.galleryValidation.engine.tests.map((test) => ({ name: test.test, related: test.related })) },
    requirements,
    summary,
    gallery: galleryReadiness(run, [...validatorMandatory, ...galleryDirect.filter((test) => !test.optional)], requirements),
  };
}

/**
 * Gallery readiness as far as a tool can tell: never "ready" with a security finding, a static bearer
 * token, a failing mandatory test or Required requirement, or any of them unverified; the requirements only
 * a person can show are named, not assumed.
 */
function galleryReadiness(run: RunResult, mandatory: readonly JudgedTest[], requirements: readonly (JudgedTest & { priority: string })[]): MicrosoftChecks['gallery'] {
  const reasons: string[] = [];
  const security = run.verdict.security ?? [];
  if (security.length > 0) reasons.push(`${security.length} security finding(s): ${security.map((finding) => finding.id).join(', ')}`);
  if (!usedClientCredentials(run)) reasons.push('the run used a static bearer token; Microsoft onboards only OAuth 2.0 client credentials or workload identity federation');
  const failing = [...mandatory, ...requirements.filter((test) => test.priority === 'Required')].filter((test) => test.status === 'fail');
  if (failing.length > 0) reasons.push(`failing: ${[...new Set(failing.map((test) => test.name))].join('; ')}`);
  const blocked = reasons.length > 0;
  const unverified = [...mandatory, ...requirements.filter((test) => test.priority === 'Required')].filter((test) => test.status === 'not-verified' || test.status === 'no-case');
  const unverifiedNames = [...new Set(unverified.map((test) => test.name))];
  if (unverified.length > 0) reasons.push(unverifiedNames.length > 4 ? `${unverifiedNames.length} checks not verified here (see the tables)` : `not verified here: ${unverifiedNames.join('; ')}`);
  const people = requirements.filter((test) => test.status === 'not-verifiable').length;
  const headline = blocked
    ? 'Gallery listing: not ready'
    : unverified.length > 0
      ? 'Gallery listing: incomplete (not everything Microsoft checks was verified here)'
      : `Gallery listing: every check a tool can run passed; ${people} requirements need a person (see the table)`;
  return { ready: !blocked && unverified.length === 0, headline, reasons };
}
