import { describe, expect, it } from 'vitest';
import { buildCertification } from '../../src/report/certification-data.ts';
import { renderCertificationHtml } from '../../src/report/certification-html.ts';
import { renderCertificationMarkdown } from '../../src/report/certification-markdown.ts';
import { caseResult, dialectRun, runResult } from './helpers.ts';

describe('certification verdict', () => {
  it('says "Ready for Entra provisioning" only when every deciding check ran and passed', () => {
    expect(buildCertification(runResult([caseResult()])).verdict).toMatchObject({ state: 'ready', ready: true, headline: 'Ready for Entra provisioning' });
    const failing = runResult([caseResult({ status: 'fail', reason: 'expected 200, got 404' })]);
    expect(buildCertification(failing).verdict).toMatchObject({
      state: 'not-ready',
      ready: false,
      headline: 'Not ready for Entra provisioning: 1 check that Entra depends on failed',
      detail: '1 check that Entra depends on failed.',
    });
    // The headline follows the run's verdict, whatever the cases say: verdict.ts owns that decision.
    expect(buildCertification({ ...failing, verdict: runResult([caseResult()]).verdict }).verdict.ready).toBe(true);
  });

  it('never calls a read-only preflight, a partial selection or a skipped check "Ready"', () => {
    expect(buildCertification(runResult([caseResult()], { readOnly: true })).verdict).toMatchObject({ state: 'incomplete', ready: false });
    expect(buildCertification(runResult([caseResult()], { selection: { only: ['CONN-01'], skip: [] } })).verdict.headline).toBe(
      'Incomplete: partial selection (--only CONN-01)',
    );
    const skipped = buildCertification(runResult([caseResult({ status: 'skip', reason: 'not verified: x' })])).verdict;
    expect(skipped).toMatchObject({ state: 'incomplete', headline: 'Incomplete: 1 check not verified' });
    expect(skipped.lists).toEqual([{ key: 'unverified', title: 'Not verified (decides readiness)', items: ['USR-GET-01 (MUST): not verified: x'] }]);
  });

  it('names the opt-in check a full run left out, in an Incomplete headline, the lists and the selection', () => {
    const optIn = { id: 'LIFE-GROW-01', dialect: 'any' as const, level: 'MUST' as const, status: 'skip' as const, impact: 'data-silently-wrong' as const, reason: 'opt-in, too costly for every run: 101 users' };
    const view = buildCertification(runResult([caseResult()], {}, [optIn]));
    expect(view.verdict).toMatchObject({ state: 'incomplete', ready: false, headline: 'Incomplete: 1 opt-in check not run: LIFE-GROW-01 (--with-opt-in runs it)' });
    expect(view.verdict.lists).toEqual([{ key: 'notRun', title: 'Not run: opt-in checks, too costly for every run (--with-opt-in runs them)', items: ['LIFE-GROW-01 (MUST): opt-in, too costly for every run: 101 users'] }]);
    expect(view.header.selection).toBe('the whole catalogue except the opt-in LIFE-GROW-01 (--with-opt-in runs it)');
    expect(buildCertification(runResult([caseResult()], { selection: { only: [], skip: [], withOptIn: true } })).header.selection).toBe('the whole catalogue, opt-in cases included');
  });

  it('keeps Entra readiness and RFC conformance apart', () => {
    const rfcOnly = caseResult({ id: 'USR-ERROR-01', status: 'fail', reason: 'r', keyword: { word: 'REQUIRED', source: 'RFC7644-3.12' }, impact: { kind: 'none-known', text: 'n', source: 'ENTRA-ED-SCIM' } });
    const verdict = buildCertification(runResult([caseResult(), rfcOnly])).verdict;
    expect(verdict).toMatchObject({ state: 'ready', rfc: { state: 'not-conformant' } });
  });

  it('names the mode that decided the verdict and the throttling the run waited out', () => {
    const run = runResult([caseResult()]);
    expect(buildCertification(run).header).toMatchObject({ mode: 'default (MUST failures count)' });
    expect(buildCertification({ ...run, strict: true }).header.mode).toBe('strict (SHOULD failures count)');
    const throttled = { ...run, readOnly: true, summary: { ...run.summary, throttled: 2 } };
    expect(buildCertification(throttled).header).toMatchObject({ mode: 'read-only preflight (GET-only cases)', throttled: 2 });
    expect(renderCertificationMarkdown(throttled)).toContain('2 answers 429/503, retried after Retry-After');
    expect(renderCertificationHtml(throttled)).toContain('2 answers 429/503, retried after Retry-After');
  });

  it('counts per level and per status, with waived cases counted apart', () => {
    const run = runResult([
      caseResult(),
      caseResult({ id: 'A', status: 'fail', waiver: { reason: 'known' } }),
      caseResult({ id: 'B', level: 'SHOULD', status: 'skip', reason: 'n/a' }),
    ]);
    const { counts } = buildCertification(run);
    expect(counts.levels.find((row) => row.level === 'MUST')).toMatchObject({ total: 2, pass: 1, fail: 1, waived: 1 });
    expect(counts.total).toMatchObject({ total: 3, pass: 1, fail: 1, error: 0, skip: 1, waived: 1 });
  });

  it('groups cases by area in catalogue order and keeps run order within an area', () => {
    const run = runResult([
      caseResult({ id: 'USR-B', area: 'users' }),
      caseResult({ id: 'CONN-01', area: 'connection' }),
      caseResult({ id: 'USR-A', area: 'users' }),
    ]);
    const sections = buildCertification(run).sections;
    expect(sections.map((s) => s.area)).toEqual(['connection', 'users', 'groups']);
    expect(sections[1]?.cases.map((c) => c.id)).toEqual(['USR-B', 'USR-A']);
  });

  it('shows Entra impact only for fail and error, and labels waivers', () => {
    const run = runResult([
      caseResult({ id: 'F', status: 'fail', reason: 'r' }),
      caseResult({ id: 'S', status: 'skip', reason: 'r' }),
      caseResult({ id: 'W', status: 'error', reason: 'r', waiver: { reason: 'known', expires: '2099-01-01' } }),
      caseResult({ id: 'P', status: 'pass', waiver: { reason: 'old', stale: true } }),
    ]);
    const cases = buildCertification(run).sections[1]?.cases ?? [];
    expect(cases.map((c) => [c.id, c.statusLabel, c.impact !== undefined, c.finding])).toEqual([
      ['F', 'FAIL', true, true],
      ['S', 'SKIP', false, true],
      ['W', 'WAIVED ERROR', true, true],
      ['P', 'STALE WAIVER', false, true],
    ]);
  });
});

describe('dialect verdicts and the aadOptscim062020 advice', () => {
  it('tells the admin to append ?aadOptscim062020 when only the compliant dialect passes', () => {
    const run = dialectRun('fail', 'pass');
    const view = buildCertification(run);
    expect(view.dialects.map((d) => [d.dialect, d.passes])).toEqual([['legacy', false], ['compliant', true]]);
    expect(view.advice.kind).toBe('use-flag');
    expect(view.advice.paragraphs.join(' ')).toContain('https://scim.example.com/scim/v2?aadOptscim062020');
    expect(renderCertificationMarkdown(run)).toContain('append `?aadOptscim062020` to the Tenant URL');
    expect(renderCertificationHtml(run)).toContain('append <code>?aadOptscim062020</code> to the Tenant URL');
  });

  it('tells the admin NOT to use the flag when only the legacy dialect passes, and why', () => {
    const run = dialectRun('pass', 'error');
    const advice = buildCertification(run).advice;
    expect(advice.kind).toBe('avoid-flag');
    const text = advice.paragraphs.join(' ');
    expect(text).toContain('Do NOT add `?aadOptscim062020`');
    expect(text).toContain('will become the default');
    expect(renderCertificationMarkdown(run)).toContain('Do NOT add `?aadOptscim062020`');
  });

  it('gives no flag instruction when both or neither dialect pass', () => {
    expect(buildCertification(dialectRun('pass', 'pass')).advice.kind).toBe('either');
    expect(buildCertification(dialectRun('fail', 'fail')).advice.kind).toBe('neither');
  });

  it('counts dialect-independent (`any`) failures against both dialects, waived ones too, but not checks that decide nothing', () => {
    const base = dialectRun('pass', 'pass');
    const anyFail = caseResult({ id: 'CONN-01', status: 'fail', reason: 'r' });
    expect(buildCertification(runResult([...base.cases, anyFail])).dialects.every((d) => !d.passes)).toBe(true);
    // A baseline accepts a deviation; Entra does not, so the dialect still fails.
    const waived = { ...anyFail, waiver: { reason: 'known' } };
    expect(buildCertification(runResult([...base.cases, waived])).dialects.every((d) => !d.passes)).toBe(true);
    const should = caseResult({ id: 'USR-MEDIA-01', level: 'SHOULD', status: 'fail', reason: 'r', impact: { kind: 'unknown', text: 'Unknown.' } });
    expect(buildCertification(runResult([...base.cases, should])).dialects.every((d) => d.passes)).toBe(true);
  });

  it('asks for both dialects when only one ran, and never suggests a Tenant URL for the embedded server', () => {
    const one = runResult([caseResult({ dialect: 'compliant' })], { dialects: ['compliant'] });
    expect(buildCertification(one).advice).toMatchObject({ kind: 'incomplete' });
    const embedded = { ...dialectRun('fail', 'pass'), target: { url: 'embedded reference server', embedded: true } };
    expect(buildCertification(embedded).advice.paragraphs.join(' ')).not.toContain('e.g.');
  });
});
