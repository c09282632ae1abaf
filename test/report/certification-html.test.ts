import { HtmlValidate } from 'html-validate';
import { describe, expect, it } from 'vitest';
import { renderCertificationHtml } from '../../src/report/certification-html.ts';
import { exampleRun } from '../../scripts/render-example-report.ts';
import { caseResult, exchange, runResult } from './helpers.ts';

const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });

async function expectValid(page: string): Promise<void> {
  const report = await validator.validateString(page);
  const messages = report.results.flatMap((result) => result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`));
  expect(messages, messages.join('\n')).toEqual([]);
  expect(report.valid).toBe(true);
}

const hostile = '<script>alert(1)</script>';

function hostileRun() {
  const x = exchange({
    request: { method: 'GET', url: 'https://scim.example.com/scim/v2/Users/"><img src=x>', headers: { Authorization: '[REDACTED]' } },
    response: { status: 404, headers: { 'content-type': 'text/html', 'x-evil': '"><b>' }, body: `<html><body>${hostile}</body></html>   \n\u0000end` },
  });
  return runResult([
    caseResult({ status: 'error', reason: `target answered ${hostile}`, exchanges: [x], expected: { a: '</pre>' }, actual: '<b>x</b>' }),
    caseResult({ id: 'CONN-01', area: 'connection', name: `MUST answer ${hostile}` }),
  ], { leftovers: [{ kind: 'user', id: '<i>id</i>', reason: hostile }], aborted: `stopped <${'b'}>` });
}

describe('certification HTML', () => {
  it('is valid per html-validate recommended rules for the full sample', async () => {
    await expectValid(renderCertificationHtml(exampleRun()));
  });

  it('stays valid with hostile server text, trailing spaces and control characters', async () => {
    await expectValid(renderCertificationHtml(hostileRun()));
  });

  it('renders <script> in a server response body inert', () => {
    const page = renderCertificationHtml(hostileRun());
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<i>id</i>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('\u2400end'); // NUL shown as a visible control picture
  });

  it('is self-contained: no scripts, external assets, fonts or imports', () => {
    const page = renderCertificationHtml(exampleRun());
    expect(page).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|@font-face|\bsrc=/i);
    const hrefs = [...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(hrefs.every((href) => href.startsWith('#') || /^https:\/\/(www\.rfc-editor\.org|learn\.microsoft\.com|github\.com)\//.test(href))).toBe(true);
  });

  it('has the report sections, <details> for exchanges, and a print block for them', () => {
    const page = renderCertificationHtml(exampleRun());
    for (const id of ['verdict', 'levels', 'dialects', 'service-provider', 'area-connection', 'area-users', 'area-groups', 'leftovers']) {
      expect(page).toContain(`id="${id}"`);
    }
    // Non-passing evidence starts open; passing cases' exchanges are there but collapsed.
    expect(page).toContain('<details class="exchanges" open>');
    expect(page).toContain('<details class="passing-exchanges">');
    expect(page).toContain('<details class="passing-case-exchanges">');
    expect(page).toMatch(/@media print \{[^]*details\.exchanges/);
    // Status is a word, not only a colour.
    expect(page).toMatch(/class="badge badge-fail">FAIL</);
    expect(page).toMatch(/class="badge badge-waived">WAIVED FAIL</);
  });

  it('pretty-prints JSON bodies and shows other bodies as received', () => {
    const run = runResult([caseResult({ status: 'fail', reason: 'r' })]);
    expect(renderCertificationHtml(run)).toContain('{\n  &quot;id&quot;: &quot;abc&quot;\n}');
  });
});
