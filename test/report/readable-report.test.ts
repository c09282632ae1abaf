/**
 * The report read at a glance: an overview matrix (areas × dialects) whose cells add up to the run's own
 * counts, filters shown decoded beside their wire form, JSON bodies pretty-printed and folded when long, in
 * both the HTML and the Markdown report.
 */
import { describe, expect, it } from 'vitest';
import { cellText, overviewMatrix } from '../../src/report/overview-matrix.ts';
import { decodedQuery } from '../../src/report/readable-exchange.ts';
import { renderCertificationHtml } from '../../src/report/certification-html.ts';
import { renderCertificationMarkdown } from '../../src/report/certification-markdown.ts';
import { exampleRun } from '../../scripts/render-example-report.ts';
import { caseResult, exchange, runResult } from './helpers.ts';

describe('the overview matrix', () => {
  it('adds up, area by area and dialect by dialect, to the summary of the run and its waived failures', () => {
    const run = exampleRun();
    const matrix = overviewMatrix(run);
    const cells = matrix.rows.flatMap((row) => row.cells);
    const sum = (key: 'pass' | 'fail' | 'waived' | 'notVerified'): number => cells.reduce((total, cell) => total + cell[key], 0);
    expect(sum('pass') + sum('fail') + sum('waived') + sum('notVerified')).toBe(run.summary.total);
    expect(sum('fail') + sum('waived')).toBeGreaterThanOrEqual(run.verdict.blocking.length);
    expect(sum('fail')).toBe(run.cases.filter((result) => result.status === 'fail' && !(result.waiver && !result.waiver.stale)).length);
    expect(sum('waived')).toBe(run.verdict.waived.length);
    expect(matrix.columns.map((column) => column.dialect)).toEqual([...run.dialects, 'any']);
  });

  it('names each cell by its worst outcome, as a word', () => {
    const run = runResult([
      caseResult({ id: 'USR-A', area: 'users', dialect: 'legacy', status: 'pass' }),
      caseResult({ id: 'USR-B', area: 'users', dialect: 'legacy', status: 'skip', reason: 'root case failed' }),
      caseResult({ id: 'GRP-A', area: 'groups', dialect: 'legacy', status: 'fail', reason: 'got 400' }),
    ], { dialects: ['legacy'] });
    const matrix = overviewMatrix(run);
    expect(matrix.rows.map((row) => [row.label, row.cells.map((cell) => `${cell.state}: ${cellText(cell)}`)])).toEqual([
      ['Users', ['not-verified: 1 pass · 1 not verified']],
      ['Groups', ['fail: 1 fail']],
    ]);
    const page = renderCertificationHtml(run);
    expect(page).toMatch(/<table class="overview">[\s\S]*<td class="cell-fail"><span class="badge badge-fail">FAIL<\/span> 1 fail<\/td>/);
    // Inside the verdict, above its lists.
    expect(page.indexOf('<table class="overview">')).toBeLessThan(page.indexOf('Failing checks that Entra depends on'));
    expect(page.indexOf('<section class="verdict')).toBeLessThan(page.indexOf('<table class="overview">'));
    expect(renderCertificationMarkdown(run)).toContain('| **Users** | **NOT VERIFIED** 1 pass · 1 not verified |');
  });
});

describe('exchanges at a glance', () => {
  it('decodes a filter beside its wire form, and says nothing for a query that reads the same', () => {
    expect(decodedQuery('https://x/scim/Users?filter=userName+eq+%22a%40b.example%22')).toBe('?filter=userName eq "a@b.example"');
    expect(decodedQuery('https://x/scim/Users?startIndex=1&count=100')).toBeUndefined();
    expect(decodedQuery('https://x/scim/Users/abc')).toBeUndefined();
  });

  const long = JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'abc', userName: 'a@b.example', emails: [{ value: 'a@b.example', type: 'work', primary: true }], active: true });
  const run = runResult([
    caseResult({
      status: 'fail',
      reason: 'expected 1 result, got 0',
      exchanges: [
        exchange({ request: { method: 'GET', url: 'https://scim.example.com/scim/v2/Users?filter=userName+eq+%22a%40b.example%22', headers: { Authorization: '[REDACTED]' } } }),
        exchange({ response: { status: 200, headers: { 'content-type': 'application/scim+json' }, body: long } }),
      ],
    }),
  ]);

  it('HTML: the decoded filter under the request, JSON pretty-printed, long bodies folded in <details>', () => {
    const page = renderCertificationHtml(run);
    expect(page).toContain('<p class="decoded">Query decoded: <code>?filter=userName eq &quot;a@b.example&quot;</code></p>');
    expect(page).toMatch(/<details class="body"><summary>Body: JSON, 15 lines<\/summary>\n<pre class="body"><code>\{\n {2}&quot;schemas&quot;/);
    // A short body is shown as it is, not folded.
    expect(page).toContain('<pre class="body"><code>{\n  &quot;id&quot;: &quot;abc&quot;\n}</code></pre>');
    expect(page).not.toContain(long.replace(/"/g, '&quot;'));
  });

  it('Markdown: the same, with the body in a json fence', () => {
    const md = renderCertificationMarkdown(run);
    expect(md).toContain('Query decoded: `?filter=userName eq "a@b.example"`');
    expect(md).toMatch(/<details><summary>Body: JSON, 15 lines<\/summary>\n\n```json\n\{\n {2}"schemas"/);
    expect(md).toContain('```json\n{\n  "id": "abc"\n}\n```');
  });
});
