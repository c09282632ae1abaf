/**
 * Runs one planned case and turns whatever happened into exactly one of four outcomes: pass, fail
 * (ConformanceFailure), skip (CaseSkipped), error (anything else: the target broke, the network, the harness).
 */
import { TransportError } from '../client/errors.ts';
import { CaseContext, type SendRequest } from '../cases/context.ts';
import type { PlannedCase } from '../cases/catalogue.ts';
import { CaseSkipped, ConformanceFailure, TargetBroken } from '../cases/types.ts';
import type { TestData } from '../data/test-data.ts';
import type { Profile } from '../profiles/profile.ts';
import type { CaseResult } from '../report/model.ts';

export interface ExecutedCase {
  result: CaseResult;
  context: CaseContext;
}

export async function executeCase(
  planned: PlannedCase,
  send: SendRequest,
  profile: Profile,
  data: TestData,
): Promise<ExecutedCase> {
  const { testCase, dialect } = planned;
  const context = new CaseContext(send, profile, data, dialect);
  const started = performance.now();
  const result: CaseResult = {
    id: testCase.id,
    name: testCase.name,
    level: testCase.level,
    area: testCase.area,
    spec: [...testCase.spec],
    dialect: dialect ?? 'any',
    status: 'pass',
    durationMs: 0,
    entraImpact: testCase.entraImpact,
    exchanges: context.exchanges,
  };
  try {
    await testCase.run(context);
  } catch (error) {
    Object.assign(result, classify(error));
  }
  result.durationMs = Math.round(performance.now() - started);
  return { result, context };
}

function classify(error: unknown): Pick<CaseResult, 'status' | 'reason' | 'expected' | 'actual'> {
  if (error instanceof ConformanceFailure) {
    const outcome: Pick<CaseResult, 'status' | 'reason' | 'expected' | 'actual'> = { status: 'fail', reason: error.message };
    if (error.expected !== undefined) outcome.expected = error.expected;
    if (error.actual !== undefined) outcome.actual = error.actual;
    return outcome;
  }
  if (error instanceof CaseSkipped) return { status: 'skip', reason: error.message };
  if (error instanceof TargetBroken || error instanceof TransportError) return { status: 'error', reason: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'error', reason: `harness error: ${message}` };
}
