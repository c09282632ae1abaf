/** A failure with a hard identity says which kind of person it failed for, in every report (issue 21, item 4). */
import { describe, expect, it } from 'vitest';
import { renderCertificationMarkdown } from '../../src/report/certification-markdown.ts';
import { renderCertificationHtml } from '../../src/report/certification-html.ts';
import { renderJunit } from '../../src/report/junit.ts';
import { caseResult, runResult } from './helpers.ts';

const LABEL = "names with an apostrophe, a hyphen and spaces";
const failed = caseResult({
  id: 'IDN-FILTER-01',
  name: 'MUST find exactly the user of every hard identity by a filter on its matching value, as Entra encodes it',
  status: 'fail',
  reason: `fails for ${LABEL}: expected exactly one match (totalResults 1), got totalResults 0`,
  identity: { classId: 'apostrophe-hyphen-space', label: LABEL },
});
const run = runResult([failed, caseResult()]);

describe('the identity a failure happened with', () => {
  it('is a line of its own in the Markdown, HTML and JUnit reports', () => {
    expect(renderCertificationMarkdown(run)).toContain(`- **Fails for:** ${LABEL}`);
    expect(renderCertificationHtml(run)).toContain('<dt>Fails for</dt><dd>names with an apostrophe, a hyphen and spaces</dd>');
    expect(renderJunit(run)).toContain(`fails for: ${LABEL}`);
  });

  it('is absent from a case without one', () => {
    const plain = runResult([caseResult({ status: 'fail', reason: 'expected status 200, got 500' })]);
    expect(renderCertificationMarkdown(plain)).not.toContain('Fails for');
    expect(renderJunit(plain)).not.toContain('fails for:');
  });
});
