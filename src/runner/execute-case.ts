/**
 * Runs one planned case and turns whatever happened into exactly one of four outcomes: pass, fail
 * (ConformanceFailure), skip (CaseSkipped), error (anything else: the target broke, the network, throttling
 * that outlasted the retries, a request the safety guard refused, the harness).
 */
import { TransportError } from '../model/transport.ts';
import { ThrottledError } from '../client/pacing.ts';
import { CaseContext, type AbsentIdMinter, type OAuthProbe, type SendRequest } from '../cases/context.ts';
import type { MembershipVisibility } from '../cases/membership-visibility.ts';
import { judgedFixture, type PlannedCase } from '../cases/catalogue.ts';
import { CaseSkipped, ConformanceFailure, TargetBroken } from '../model/outcomes.ts';
import type { TestData } from '../data/test-data.ts';
import type { Profile } from '../profiles/profile.ts';
import type { CaseResult } from '../model/result.ts';
import { SafetyRefusal } from '../safety/errors.ts';
import { observedImpact } from './observed-impact.ts';

export interface ExecutedCase {
  result: CaseResult;
  context: CaseContext;
  /** What ended the case early, if anything (the runner tells a vanished target from a failing one by it). */
  thrown?: unknown;
}

export async function executeCase(
  planned: PlannedCase,
  send: SendRequest,
  profile: Profile,
  data: TestData,
  membership?: MembershipVisibility,
  oauth?: OAuthProbe,
  absentIds?: AbsentIdMinter,
): Promise<ExecutedCase> {
  const { testCase, dialect } = planned;
  const context = new CaseContext(send, profile, data, dialect, membership, oauth, absentIds);
  const started = performance.now();
  const result: CaseResult = { ...resultOf(planned, 'pass'), exchanges: context.exchanges };
  let thrown: unknown;
  try {
    await testCase.run(context);
  } catch (error) {
    thrown = error;
    Object.assign(result, classify(error));
    // Never a failure the network may have caused: the PATCH behind it may not have reached the target.
    if (result.status === 'fail' && context.unsure.length > 0) {
      result.status = 'error';
      result.reason = `not judged: ${result.reason ?? ''}, but ${context.unsure[0] ?? ''}, so the write may never have reached the target`;
    }
    if (result.status === 'fail') result.impact = observedImpact(result.impact, result.judges, context.exchanges);
    if (result.status === 'fail' && context.identity !== undefined) result.identity = { ...context.identity };
  }
  result.durationMs = Math.round(performance.now() - started);
  if (context.fallbacks.length > 0) result.fallbacks = [...context.fallbacks];
  return thrown === undefined ? { result, context } : { result, context, thrown };
}

/** The result of a planned case before anything is known of it but its outcome. */
export function resultOf(planned: PlannedCase, status: CaseResult['status'], reason?: string): CaseResult {
  const { testCase, dialect } = planned;
  const result: CaseResult = {
    id: testCase.id,
    name: testCase.name,
    level: testCase.level,
    area: testCase.area,
    spec: [...testCase.spec],
    dialect: dialect ?? 'any',
    status,
    durationMs: 0,
    judges: judgedFixture(testCase, dialect),
    keyword: { ...testCase.keyword },
    impact: { ...testCase.impact },
    exchanges: [],
  };
  if (reason !== undefined) result.reason = reason;
  return result;
}

function classify(error: unknown): Pick<CaseResult, 'status' | 'reason' | 'expected' | 'actual' | 'rootCase'> {
  if (error instanceof ConformanceFailure) {
    const outcome: Pick<CaseResult, 'status' | 'reason' | 'expected' | 'actual'> = { status: 'fail', reason: error.message };
    if (error.expected !== undefined) outcome.expected = error.expected;
    if (error.actual !== undefined) outcome.actual = error.actual;
    return outcome;
  }
  if (error instanceof CaseSkipped) return error.rootCase === undefined ? { status: 'skip', reason: error.message } : { status: 'skip', reason: error.message, rootCase: error.rootCase };
  if (error instanceof TargetBroken || error instanceof TransportError || error instanceof ThrottledError || error instanceof SafetyRefusal) {
    return { status: 'error', reason: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'error', reason: `harness error: ${message}` };
}
