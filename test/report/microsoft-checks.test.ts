/**
 * Microsoft's checks as data (fixtures/microsoft/checks.json): every case it names exists, every Microsoft
 * test is mapped or says why not, docs/gallery.md holds the current tables, and a run is judged through it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../src/cases/catalogue.ts';
import { evaluateMicrosoftChecks, loadMicrosoftChecks } from '../../src/report/microsoft-checks.ts';
import { GALLERY_DOC, galleryDocWithMapping } from '../../src/report/microsoft-checks-doc.ts';
import { renderValidatorJson } from '../../src/report/validator-json.ts';
import type { RunResult } from '../../src/model/result.ts';

const data = loadMicrosoftChecks();
const ids = new Set(catalogue.map((testCase) => testCase.id));
const mapped = [...data.validator.mandatory, ...data.validator.preview, ...data.galleryValidation.direct, ...data.requirements.map((entry) => ({ ...entry, test: entry.requirement }))];

describe("Microsoft's checks mapping", () => {
  it('holds the SCIM Validator (25 mandatory, 7 preview), the gallery validation (11 direct, 14 engine) and the requirements', () => {
    expect(data.validator.mandatory).toHaveLength(25);
    expect(data.validator.preview).toHaveLength(7);
    expect(data.galleryValidation.direct).toHaveLength(11);
    expect(data.galleryValidation.engine.tests).toHaveLength(14);
    expect(data.requirements.length).toBeGreaterThanOrEqual(20);
  });

  it('names only cases of the catalogue', () => {
    const named = [...mapped.flatMap((entry) => entry.cases), ...data.galleryValidation.engine.tests.flatMap((test) => test.related)];
    expect(named.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('maps every test to cases, or says why no case covers it', () => {
    for (const entry of mapped) {
      const rate = 'rate' in entry && entry.rate === true;
      expect(entry.cases.length > 0 || rate || (entry.why ?? '').length > 20, entry.test).toBe(true);
    }
  });

  it('is what docs/gallery.md shows (regenerate: npm run microsoft-checks)', () => {
    const doc = readFileSync(GALLERY_DOC, 'utf8');
    expect(doc).toBe(galleryDocWithMapping(doc));
  });
});

describe('judging a run', () => {
  const result = (id: string, status: 'pass' | 'fail' | 'skip', reason?: string) =>
    ({ id, name: `MUST ${id}`, level: 'MUST', area: 'users', spec: [], dialect: 'any', status, durationMs: 1, judges: '', keyword: { word: 'MUST', source: 'RFC7644-3.3' }, impact: { kind: 'unknown', text: '' }, exchanges: [], ...(reason ? { reason } : {}) }) as RunResult['cases'][number];
  const run = (cases: RunResult['cases'], security: NonNullable<RunResult['verdict']['security']> = []): RunResult =>
    ({ cases, runId: 'r1', startedAt: '2026-01-01T00:00:00.000Z', target: { url: 'https://x', embedded: false }, verdict: { security } }) as unknown as RunResult;

  it('fails a test whose case failed, passes one whose cases passed, and leaves one whose case did not run unverified', () => {
    const checks = evaluateMicrosoftChecks(run([result('USR-CREATE-02', 'fail', 'expected 409, got 201'), result('USR-FILTER-03', 'pass')]));
    const byName = new Map(checks.validatorMandatory.map((test) => [test.name, test]));
    expect(byName.get('Create a duplicate User')).toMatchObject({ status: 'fail', detail: 'USR-CREATE-02: expected 409, got 201' });
    expect(byName.get('Filter for an existing user with a different case')?.status).toBe('pass');
    expect(byName.get('Delete a Group')?.status).toBe('not-verified');
  });

  it('never calls a static-token run or one with a security finding ready for the gallery', () => {
    const passing = catalogue.filter((testCase) => !testCase.id.startsWith('AUTH-')).map((testCase) => result(testCase.id, 'pass'));
    const staticToken = evaluateMicrosoftChecks(run(passing));
    expect(staticToken.gallery.ready).toBe(false);
    expect(staticToken.gallery.reasons.join(' ')).toMatch(/static bearer token/);
    const withAuth = [...passing, ...catalogue.filter((testCase) => testCase.id.startsWith('AUTH-')).map((testCase) => result(testCase.id, 'pass'))];
    const open = evaluateMicrosoftChecks(run(withAuth, [{ id: 'CONN-03', dialect: 'any', severity: 'critical', title: 't', detail: 'd' }]));
    expect(open.gallery.ready).toBe(false);
    expect(open.gallery.reasons[0]).toMatch(/security finding/);
  });

  it('writes validator-json with SFComplianceFailed set by the mandatory tests', () => {
    const file = JSON.parse(renderValidatorJson(run([result('USR-CREATE-02', 'fail', 'got 201')])));
    expect(file.SFComplianceFailed).toBe(true);
    expect(file.tests).toHaveLength(32);
    expect(file.tests[1]).toMatchObject({ category: 0, testName: 'Create a duplicate User', result: 'Failed' });
  });
});
