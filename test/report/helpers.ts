/** Small builders for result models in the reporter tests: a case or a run with only what a test cares about. */
import type { Exchange } from '../../src/model/transport.ts';
import { summarise, type CaseRef, type CaseResult, type RunResult } from '../../src/model/result.ts';
import { computeVerdict } from '../../src/report/verdict.ts';

export function exchange(overrides: Partial<Exchange> = {}): Exchange {
  return {
    request: { method: 'GET', url: 'https://scim.example.com/scim/v2/Users/abc', headers: { Authorization: '[REDACTED]' } },
    response: { status: 200, headers: { 'content-type': 'application/scim+json' }, body: '{"id":"abc"}' },
    durationMs: 12,
    ...overrides,
  };
}

export function caseResult(overrides: Partial<CaseResult> = {}): CaseResult {
  return {
    id: 'USR-GET-01',
    name: 'MUST return a user by the id it was created with',
    level: 'MUST',
    area: 'users',
    spec: ['RFC7644-3.4.1', 'ENTRA-ED-SCIM'],
    dialect: 'any',
    status: 'pass',
    durationMs: 20,
    judges: 'users/get-by-id',
    keyword: { word: 'REQUIRED', source: 'RFC7643-3.1' },
    impact: { kind: 'retried-every-cycle', text: 'Entra cannot update the user.', source: 'ENTRA-ED-LOGS' },
    exchanges: [exchange()],
    ...overrides,
  };
}

/** A run whose summary and verdict follow from its cases, as runSuite computes them. */
export function runResult(cases: CaseResult[], overrides: Partial<RunResult> = {}, notRun: CaseRef[] = []): RunResult {
  const strict = overrides.strict ?? false;
  return {
    tool: { name: 'scim-conformance', version: '0.1.0' },
    catalogueHash: 'abcdef012345',
    runId: '0a1b2c3d',
    seed: 7,
    target: { url: 'https://scim.example.com/scim/v2', embedded: false },
    profile: 'akamai-eaa',
    dialects: ['legacy', 'compliant'],
    strict,
    startedAt: '2026-03-14T09:00:00.000Z',
    finishedAt: '2026-03-14T09:00:05.000Z',
    durationMs: 5000,
    summary: summarise(cases),
    verdict: computeVerdict({
      cases,
      strict,
      readOnly: overrides.readOnly ?? false,
      selection: overrides.selection ?? { only: [], skip: [] },
      ...(overrides.aborted ? { aborted: overrides.aborted } : {}),
      ...(overrides.interrupted ? { interrupted: overrides.interrupted } : {}),
      dialects: overrides.dialects ?? ['legacy', 'compliant'],
      notRun,
    }),
    selection: { only: [], skip: [] },
    executedHash: '0123456789ab',
    cases,
    leftovers: [],
    ...overrides,
  };
}

/** One MUST PATCH case per dialect with the given outcomes: the shape that decides the dialect advice. */
export function dialectRun(legacy: CaseResult['status'], compliant: CaseResult['status']): RunResult {
  const patch = (dialect: 'legacy' | 'compliant', status: CaseResult['status']): CaseResult =>
    caseResult({ id: 'USR-DISABLE-01', name: 'MUST disable a user', dialect, status, ...(status === 'pass' ? {} : { reason: 'expected 204, got 400' }) });
  return runResult([caseResult(), patch('legacy', legacy), patch('compliant', compliant)]);
}
