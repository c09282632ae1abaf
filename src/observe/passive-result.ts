/**
 * An observation as the suite's one result model, so the usual reports render it: one case result per
 * passive check (src/observe/passive-checks.ts) with the case's own name, keyword and Entra impact. A check
 * that failed on any exchange fails, with the first reason and how many exchanges showed it; one that only
 * passed passes (a `partial` one is "not verified": a passing step proves nothing about the rest of its
 * case); one nothing exercised is skipped with what was not seen. The verdict says it is passive and is
 * never Ready: an observation judges only what the client happened to send.
 */
import { randomBytes } from 'node:crypto';
import { catalogue, catalogueHash, executedHash } from '../cases/catalogue.ts';
import { redactUrlCredentials } from '../client/redact.ts';
import { summarise, type CaseResult, type RunResult } from '../model/result.ts';
import type { Exchange } from '../model/transport.ts';
import type { Dialect } from '../model/vocabulary.ts';
import type { Profile } from '../profiles/profile.ts';
import { computeVerdict } from '../report/verdict.ts';
import { TOOL } from '../version.ts';
import { isCredentialRefusal, type JudgedExchange, type Judgement } from './judge.ts';
import { PASSIVE_CHECKS, type PassiveScope } from './passive-checks.ts';

/** Exchanges kept per case result: enough to show the deviation, not the whole recording (that is the HAR). */
const EXCHANGES_PER_CASE = 3;

export interface ObservationMeta {
  upstream: string;
  profile: Profile;
  profileHash?: string;
  startedAt: Date;
  finishedAt: Date;
  /** Why the observation ended: `interrupted (SIGINT)`, `--duration 600 s elapsed`. */
  endedBy: string;
}

interface Tally {
  caseId: string;
  dialect: Dialect | 'any';
  scope: PassiveScope;
  judgements: { judgement: Judgement; exchange: Exchange }[];
}

export function passiveRunResult(exchanges: readonly JudgedExchange[], meta: ObservationMeta): RunResult {
  const tallies = new Map<string, Tally>();
  const key = (caseId: string, dialect: string): string => `${caseId} ${dialect}`;
  for (const check of PASSIVE_CHECKS) {
    if (!tallies.has(key(check.caseId, 'any'))) tallies.set(key(check.caseId, 'any'), { caseId: check.caseId, dialect: 'any', scope: check.scope, judgements: [] });
  }
  for (const judged of exchanges) {
    for (const judgement of judged.judgements) {
      const id = key(judgement.caseId, judgement.dialect);
      const tally = tallies.get(id) ?? { caseId: judgement.caseId, dialect: judgement.dialect, scope: judgement.scope, judgements: [] };
      tallies.set(id, tally);
      tally.judgements.push({ judgement, exchange: judged.exchange });
    }
  }
  const order = new Map(catalogue.map((testCase, index) => [testCase.id, index]));
  const cases = [...tallies.values()]
    .sort((a, b) => (order.get(a.caseId) ?? 0) - (order.get(b.caseId) ?? 0) || a.dialect.localeCompare(b.dialect))
    .map((tally) => caseResultOf(tally));
  const verdict = passiveVerdict(cases, exchanges, meta.endedBy);
  return {
    tool: { ...TOOL },
    catalogueHash: catalogueHash(),
    runId: randomBytes(4).toString('hex'),
    seed: 0,
    target: { url: redactUrlCredentials(meta.upstream), embedded: false },
    profile: meta.profile.id,
    ...(meta.profileHash === undefined ? {} : { profileHash: meta.profileHash }),
    dialects: dialectsSeen(exchanges),
    strict: false,
    startedAt: meta.startedAt.toISOString(),
    finishedAt: meta.finishedAt.toISOString(),
    durationMs: meta.finishedAt.getTime() - meta.startedAt.getTime(),
    summary: summarise(cases),
    verdict,
    selection: { only: [], skip: [] },
    executedHash: executedHash(cases),
    cases,
    leftovers: [],
  };
}

function caseResultOf(tally: Tally): CaseResult {
  const testCase = catalogue.find((candidate) => candidate.id === tally.caseId);
  if (testCase === undefined) throw new Error(`passive check names no case: ${tally.caseId}`);
  const failures = tally.judgements.filter(({ judgement }) => judgement.status === 'fail');
  const errors = tally.judgements.filter(({ judgement }) => judgement.status === 'error');
  const base = {
    id: testCase.id,
    name: testCase.name,
    level: testCase.level,
    area: testCase.area,
    spec: [...testCase.spec],
    dialect: tally.dialect,
    durationMs: 0,
    keyword: testCase.keyword,
    impact: testCase.impact,
    judges: testCase.judges ?? testCase.fixtures.at(-1) ?? '',
  };
  const judged = tally.judgements.length;
  if (failures.length > 0 || errors.length > 0) {
    const shown = failures.length > 0 ? failures : errors;
    const first = shown[0]!.judgement;
    const more = shown.length > 1 ? ` (and ${shown.length - 1} more of ${judged} exchanges judged)` : judged > 1 ? ` (1 of ${judged} exchanges judged)` : '';
    return {
      ...base,
      status: failures.length > 0 ? 'fail' : 'error',
      reason: `${first.reason ?? ''}${more}`,
      ...(first.expected === undefined ? {} : { expected: first.expected }),
      ...(first.actual === undefined ? {} : { actual: first.actual }),
      exchanges: shown.slice(0, EXCHANGES_PER_CASE).map(({ exchange }) => exchange),
    };
  }
  if (judged === 0) {
    const needs = [...new Set(PASSIVE_CHECKS.filter((check) => check.caseId === tally.caseId).map((check) => check.needs))];
    return { ...base, status: 'skip', reason: `not exercised: no ${needs.join(', nor ')} seen`, exchanges: [] };
  }
  if (tally.scope === 'partial') {
    return {
      ...base,
      status: 'skip',
      reason: `not verified passively: ${judged} answer(s) of this case's request looked right, but the case also reads the result back, which an observation does not do`,
      exchanges: [tally.judgements[0]!.exchange],
    };
  }
  return { ...base, status: 'pass', reason: `judged passively on ${judged} exchange(s)`, exchanges: [tally.judgements[0]!.exchange] };
}

function passiveVerdict(cases: CaseResult[], exchanges: readonly JudgedExchange[], endedBy: string): RunResult['verdict'] {
  const verdict = computeVerdict({ cases, strict: false });
  const unknown = exchanges.filter((judged) => judged.classification.match === 'unknown').length;
  const unanswered = exchanges.filter((judged) => judged.exchange.response === undefined).length;
  const refused = exchanges.filter((judged) => judged.exchange.response !== undefined && isCredentialRefusal(judged.exchange.response.status)).length;
  const notExercised = cases.filter((result) => result.status === 'skip' && result.reason?.startsWith('not exercised')).length;
  const passive = [
    `passive observation (ended by ${endedBy}): ${exchanges.length} exchange(s) seen, none sent of its own; only what the client happened to send was judged`,
    `${notExercised} passive check(s) not exercised, and the checks that need requests of their own (read-backs, wrong tokens, paging) cannot be judged passively`,
    ...(unknown > 0 ? [`${unknown} request(s) of a shape the fixture catalogue does not know (see fixtures from-har)`] : []),
    ...(unanswered > 0 ? [`${unanswered} request(s) got no complete answer`] : []),
    ...(refused > 0 ? [`${refused} request(s) refused with 401/403: not judged (whether the credentials were meant to be valid is not on the wire); if Entra's own requests were refused, its Secret Token is wrong`] : []),
  ];
  if (verdict.entra === 'not-ready') {
    return { ...verdict, headline: `Passive observation: ${verdict.headline}`, reasons: [...verdict.reasons, ...passive] };
  }
  // Never Ready: what was not sent was not judged.
  return {
    ...verdict,
    entra: 'incomplete',
    rfc: verdict.rfc === 'not-conformant' ? 'not-conformant' : 'incomplete',
    headline: `Passive observation, incomplete: nothing seen failed, but only what went by was judged`,
    reasons: [...verdict.reasons.filter((reason) => !reason.startsWith('every check')), ...passive],
    exitCode: 4,
  };
}

function dialectsSeen(exchanges: readonly JudgedExchange[]): Dialect[] {
  const seen = new Set(exchanges.map((judged) => judged.classification.dialect).filter((dialect): dialect is Dialect => dialect !== undefined));
  const dialects = (['legacy', 'compliant'] as const).filter((dialect) => seen.has(dialect));
  // No PATCH seen: the judge would have recognised either dialect (results.json lists at least one).
  return dialects.length > 0 ? dialects : ['legacy', 'compliant'];
}

/** The recording in the results.json exchange model: each exchange, its request shape and what was judged on it. */
export function observedExchanges(exchanges: readonly JudgedExchange[]): object {
  return {
    formatVersion: '1.0',
    exchanges: exchanges.map((judged) => ({
      index: judged.index,
      startedAt: judged.startedAt,
      label: judged.label,
      classification: judged.classification,
      judgements: judged.judgements,
      exchange: judged.exchange,
    })),
  };
}
