import { Writable } from 'node:stream';
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { createProgress, githubAnnotation } from '../src/cli/progress.ts';
import type { CaseResult } from '../src/model/result.ts';

function result(overrides: Partial<CaseResult>): CaseResult {
  return {
    id: 'USR-FILTER-02', name: 'MUST answer 200 with an empty ListResponse', level: 'MUST', area: 'users', spec: [], dialect: 'any',
    status: 'pass', durationMs: 1, judges: 'users/query-by-matching-attribute', keyword: { word: 'SHALL', source: 'RFC7644-3.4.2' },
    impact: { kind: 'quarantine', text: 'x', source: 'ENTRA-ED-QUAR' }, exchanges: [], ...overrides,
  };
}

function sink(isTTY: boolean): { out: Writable & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const out = new Writable({ write(chunk, _encoding, done) { text += chunk.toString(); done(); } }) as Writable & { isTTY?: boolean };
  out.isTTY = isTTY;
  return { out, text: () => text };
}

describe('progress output', () => {
  it('prints one plain line per case without a TTY, and no escape codes when colours are off', () => {
    const { out, text } = sink(false);
    const progress = createProgress({ out, colors: pc.createColors(false), githubActions: false, total: 2 });
    progress.caseStarted('USR-FILTER-02', undefined);
    progress.caseDone(result({}));
    progress.caseDone(result({ id: 'USR-PATCH-01', dialect: 'legacy', status: 'fail', reason: 'expected status 200, got 404' }));
    progress.finish();
    expect(text()).toBe(
      'PASS  USR-FILTER-02 MUST answer 200 with an empty ListResponse\n' +
        'FAIL  USR-PATCH-01 [legacy] MUST answer 200 with an empty ListResponse: expected status 200, got 404\n',
    );
  });

  it('prints a case again when the run reconciled its skip into a failure of its own, and nothing for the rest', () => {
    const { out, text } = sink(false);
    const progress = createProgress({ out, colors: pc.createColors(false), githubActions: true, total: 2 });
    const skipped = result({ id: 'GRP-MEMBER-07', status: 'skip', reason: 'precondition failed: 400; see GRP-MEMBER-01', rootCase: 'GRP-MEMBER-01' });
    progress.caseDone(result({}));
    progress.caseDone(skipped);
    progress.finish();
    const { rootCase: _root, ...rest } = skipped;
    progress.settled([result({}), { ...rest, status: 'fail', reason: '400, although GRP-MEMBER-01 passed' }]);
    const lines = text().trim().split('\n');
    expect(lines[1]).toMatch(/^SKIP  GRP-MEMBER-07 /);
    expect(lines[2]).toBe('FAIL  GRP-MEMBER-07 MUST answer 200 with an empty ListResponse: 400, although GRP-MEMBER-01 passed (shown as SKIP while the run went)');
    expect(lines[3]).toMatch(/^::error title=GRP-MEMBER-07 \(MUST\)::/);
    expect(lines).toHaveLength(4);
  });

  it('keeps a live line on a TTY and prints only the failures in full', () => {
    const { out, text } = sink(true);
    const progress = createProgress({ out, colors: pc.createColors(false), githubActions: false, total: 2 });
    progress.caseStarted('USR-FILTER-02', undefined);
    progress.caseDone(result({}));
    progress.caseStarted('USR-PATCH-01', 'legacy');
    progress.caseDone(result({ id: 'USR-PATCH-01', status: 'error', reason: 'timeout' }));
    progress.finish();
    expect(text()).toContain('[1/2] 0 passed, 0 failed, 0 errors, 0 skipped | USR-FILTER-02');
    expect(text()).toContain('[2/2] 1 passed');
    expect(text()).toContain('ERROR USR-PATCH-01');
    expect(text()).not.toContain('PASS  USR-FILTER-02');
  });

  it('annotates failing cases for GitHub Actions, MUST as errors and SHOULD as warnings, escaped', () => {
    expect(githubAnnotation(result({ status: 'fail', reason: 'got 404\nfor GET /Users?a=b,c' }))).toBe(
      '::error title=USR-FILTER-02 (MUST)::MUST answer 200 with an empty ListResponse: got 404%0Afor GET /Users?a=b,c',
    );
    expect(githubAnnotation(result({ level: 'SHOULD', dialect: 'compliant', status: 'fail', reason: '50%' }))).toBe(
      '::warning title=USR-FILTER-02 [compliant] (SHOULD)::MUST answer 200 with an empty ListResponse: 50%25',
    );
  });

  it('shows filters decoded in annotations, as an admin reads them in Entra', () => {
    const reason = 'expected status 200, got 404 for GET /Users?filter=userName+eq+%22scimconf-ab12cd34-a%40example.com%22';
    expect(githubAnnotation(result({ status: 'fail', reason }))).toBe(
      '::error title=USR-FILTER-02 (MUST)::MUST answer 200 with an empty ListResponse: expected status 200, got 404 for GET /Users?filter=userName eq "scimconf-ab12cd34-a@example.com"',
    );
  });
});

describe('progress: waived cases and the cleanup phase (issue 19)', () => {
  it('calls a waived failure WAIVED, never FAIL, and does not annotate it', () => {
    const { out, text } = sink(false);
    const progress = createProgress({ out, colors: pc.createColors(false), githubActions: true, total: 1, waiverFor: () => 'vendor ticket 7' });
    progress.caseDone(result({ status: 'fail', reason: 'expected status 200, got 404' }));
    expect(text()).toBe('WAIVED USR-FILTER-02 MUST answer 200 with an empty ListResponse: expected status 200, got 404 (baseline: vendor ticket 7)\n');
  });

  it('shows the cleanup as a phase: plain lines at its start, every 5 s and its end off a TTY', () => {
    const { out, text } = sink(false);
    let t = 0;
    const progress = createProgress({ out, colors: pc.createColors(false), githubActions: false, total: 1, now: () => t });
    progress.cleanup(0, 270);
    for (let done = 1; done < 270; done += 1) {
      t += 30;
      progress.cleanup(done, 271);
    }
    progress.cleanup(270, 270);
    const lines = text().trim().split('\n');
    expect(lines[0]).toBe('cleanup 0/270 requests (0 %): deleting what the run created, then checking it is gone');
    expect(lines.at(-1)).toBe('cleanup: done, 270 requests in 8.1 s (deleted what the run created, then checked it is gone)');
    expect(lines).toHaveLength(3);
  });

  it('redraws one live cleanup line on a TTY and ends it with a newline', () => {
    const { out, text } = sink(true);
    const progress = createProgress({ out, colors: pc.createColors(false), githubActions: false, total: 1, now: () => 0 });
    progress.caseStarted('GRP-MEMBER-07', 'compliant');
    progress.cleanup(0, 3);
    progress.cleanup(1, 3);
    progress.cleanup(3, 3);
    expect(text()).toContain('\r\x1b[2Kcleanup 1/3 requests (33 %)');
    expect(text().endsWith('cleanup: done, 3 requests in 0.0 s (deleted what the run created, then checked it is gone)\n')).toBe(true);
  });
});
