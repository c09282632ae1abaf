/**
 * The pieces behind the everyday commands, on small result models: spec labels, run diff, baseline from a
 * run, and the decoded filters. The CLI tests (test/cli-daily.test.ts) run them on real runs.
 */
import { describe, expect, it } from 'vitest';
import { baselineFromRun, parseWaiverExpiry } from '../../src/report/baseline-writer.ts';
import { diffRuns, timingChanged } from '../../src/report/run-diff.ts';
import { decodeQueries } from '../../src/report/readable-request.ts';
import { ENTRA_SOURCES, specLabels, specLink } from '../../src/report/spec-links.ts';
import { caseResult, runResult } from './helpers.ts';

describe('spec labels', () => {
  it('reads as its source, and never shows a third party as Microsoft', () => {
    expect(specLabels(['RFC7644-3.5.2', 'ENTRA-ED-SCIM'])).toBe('RFC 7644 §3.5.2, Microsoft: SCIM provisioning guide');
    for (const [key, source] of Object.entries(ENTRA_SOURCES)) {
      const { label } = specLink(`ENTRA-${key}`);
      expect(label.startsWith(source.publisher === 'microsoft' ? 'Microsoft: ' : 'Third party: '), key).toBe(true);
    }
    expect(specLink('ENTRA-3P-VAL').label).toMatch(/^Third party: /);
    expect(specLink('ENTRA-QA-MEMBER409').label).toMatch(/^Third party: /);
  });
});

describe('run diff', () => {
  const failing = (reason: string, runId = '0a1b2c3d') =>
    caseResult({ id: 'USR-FILTER-02', status: 'fail', reason: `expected status 200, got 404 for GET /Users?filter=userName+eq+%22scimconf-${runId}-absent%22` });

  it('sorts cases into newly failing, newly passing, status, reason and timing changes', () => {
    const before = runResult([caseResult({ id: 'A-01' }), failing('x'), caseResult({ id: 'C-01', status: 'fail', reason: 'got 500' }), caseResult({ id: 'D-01', durationMs: 100 }), caseResult({ id: 'E-01', status: 'skip', reason: 'r' })]);
    const after = runResult([
      caseResult({ id: 'A-01', status: 'error', reason: 'timeout' }),
      caseResult({ id: 'USR-FILTER-02' }),
      caseResult({ id: 'C-01', status: 'fail', reason: 'got 502' }),
      caseResult({ id: 'D-01', durationMs: 1500 }),
      caseResult({ id: 'F-01' }),
    ]);
    const diff = diffRuns(before, after);
    expect(diff.newlyFailing.map((entry) => entry.id)).toEqual(['A-01']);
    expect(diff.newlyPassing.map((entry) => entry.id)).toEqual(['USR-FILTER-02']);
    expect(diff.reasonChanged.map((entry) => entry.id)).toEqual(['C-01']);
    expect(diff.timingChanged.map((entry) => entry.id)).toEqual(['D-01']);
    expect(diff.onlyInOld.map((entry) => entry.id)).toEqual(['E-01']);
    expect(diff.onlyInNew.map((entry) => entry.id)).toEqual(['F-01']);
  });

  it('does not call a reason changed when only the run id in it changed', () => {
    const diff = diffRuns(runResult([failing('x', '0a1b2c3d')]), runResult([failing('x', 'ffee0011')], { runId: 'ffee0011' }));
    expect(diff.reasonChanged).toEqual([]);
    expect(diff.newlyFailing).toEqual([]);
  });

  it('reports a timing change only when it doubled or halved by 250 ms or more', () => {
    expect(timingChanged(10, 200)).toBe(false);
    expect(timingChanged(300, 500)).toBe(false);
    expect(timingChanged(300, 600)).toBe(true);
    expect(timingChanged(900, 100)).toBe(true);
  });
});

describe('baseline from a run', () => {
  it('waives each failure and error per dialect with the finding as reason, and keeps earlier reasons', () => {
    const run = runResult(
      [
        caseResult({ id: 'USR-FILTER-02', status: 'fail', reason: 'got 404 for scimconf-0a1b2c3d-x' }),
        caseResult({ id: 'USR-PATCH-01', dialect: 'legacy', status: 'error', reason: 'timeout' }),
        caseResult({ id: 'USR-GET-01' }),
        caseResult({ id: 'USR-LIST-01', status: 'skip', reason: 'no paging' }),
      ],
      { startedAt: '2026-12-01T10:00:00.000Z' },
    );
    const previous = { file: 'b.json', waivers: [{ id: 'USR-PATCH-01', reason: 'vendor ticket 7', expires: '2027-01-31' }, { id: 'USR-GET-01', reason: 'stale now' }] };
    expect(baselineFromRun(run, { expires: '2027-06-30', previous }).waivers).toEqual([
      { id: 'USR-FILTER-02', reason: 'MUST fail on 2026-12-01: got 404 for scimconf-{run-id}-x', expires: '2027-06-30' },
      { id: 'USR-PATCH-01', dialect: 'legacy', reason: 'vendor ticket 7', expires: '2027-01-31' },
    ]);
  });

  it('takes an expiry only as a date, today or later, and only with --write-baseline', () => {
    const today = new Date('2026-12-01T12:00:00Z');
    expect(parseWaiverExpiry('2026-12-01', 'b.json', today)).toBe('2026-12-01');
    expect(() => parseWaiverExpiry('2026-11-30', 'b.json', today)).toThrow(/has passed/);
    expect(() => parseWaiverExpiry('31.12.2027', 'b.json', today)).toThrow(/YYYY-MM-DD/);
    expect(() => parseWaiverExpiry('2027-01-01', undefined, today)).toThrow(/only applies with --write-baseline/);
  });
});

describe('decoded filters', () => {
  it('form-decodes query strings and leaves anything else alone', () => {
    expect(decodeQueries('got 404 for GET /Users?filter=userName+eq+%22a%40b.c%22 (x)')).toBe('got 404 for GET /Users?filter=userName eq "a@b.c" (x)');
    expect(decodeQueries('GET /Users/abc')).toBe('GET /Users/abc');
    expect(decodeQueries('GET /Users?filter=%E0%A4%A')).toBe('GET /Users?filter=%E0%A4%A');
  });
});
