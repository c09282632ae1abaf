/**
 * Tokens are redacted by the client before an exchange is stored; the renderers must keep it that way and
 * show the placeholder, never anything else, wherever an Authorization header appears.
 */
import { describe, expect, it } from 'vitest';
import { renderCertificationHtml } from '../../src/report/certification-html.ts';
import { renderCertificationMarkdown } from '../../src/report/certification-markdown.ts';
import { renderJunit } from '../../src/report/junit.ts';
import { renderJson } from '../../src/report/write-reports.ts';
import { caseResult, exchange, runResult } from './helpers.ts';

const redactedExchange = exchange({
  request: {
    method: 'PATCH',
    url: 'https://scim.example.com/scim/v2/Users/abc',
    headers: { authorization: '[REDACTED]', 'content-type': 'application/scim+json' },
    body: '{"Operations":[]}',
  },
  response: { status: 400, headers: { 'content-type': 'application/scim+json' }, body: '{"detail":"bad"}' },
});
const run = runResult([
  caseResult({ status: 'fail', reason: 'expected 204, got 400', exchanges: [redactedExchange] }),
  caseResult({ id: 'USR-GET-02', exchanges: [redactedExchange] }),
]);

describe.each([
  ['markdown', renderCertificationMarkdown],
  ['html', renderCertificationHtml],
  ['junit', renderJunit],
  ['json', renderJson],
])('%s report', (name, render) => {
  it('shows Authorization only as [REDACTED]', () => {
    const output = render(run);
    const values = [...output.matchAll(/authorization"?\s*:\s*"?([^"\n<]*)/gi)].map((match) => match[1]?.trim());
    // JUnit prints no headers at all; the others must show the placeholder.
    if (name !== 'junit') expect(values.length).toBeGreaterThan(0);
    expect(values.every((value) => value === '[REDACTED]')).toBe(true);
    expect(output).not.toMatch(/bearer\s+(?!token)/i);
  });
});
