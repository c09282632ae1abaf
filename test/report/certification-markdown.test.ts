import { describe, expect, it } from 'vitest';
import { renderCertificationMarkdown } from '../../src/report/certification-markdown.ts';
import { caseResult, exchange, runResult } from './helpers.ts';

describe('certification Markdown', () => {
  const x = exchange({ response: { status: 500, headers: {}, body: 'oops ```\n<script>alert(1)</script>' } });
  const run = runResult([
    caseResult({ status: 'fail', name: 'MUST split | no\nrows', reason: 'got a|b\nand <b>c</b>', exchanges: [x] }),
  ]);
  const md = renderCertificationMarkdown(run);

  it('keeps each case on one table row: | and newlines escaped in cells', () => {
    const row = md.split('\n').find((line) => line.startsWith('| `USR-GET-01`'));
    expect(row).toBe(
      '| `USR-GET-01` | MUST split \\| no<br>rows | MUST | any | **FAIL** | [RFC 7644 §3.4.1](https://www.rfc-editor.org/rfc/rfc7644#section-3.4.1), [Microsoft: SCIM provisioning guide](https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups) |',
    );
  });

  it('writes a block per non-passing case with reason, Entra impact and the exchanges in <details>', () => {
    expect(md).toContain('### USR-GET-01: FAIL');
    expect(md).toContain('- **Reason:** got a\\|b<br>and &lt;b&gt;c&lt;/b&gt;');
    expect(md).toContain('- **Entra impact:** the operation fails and is retried every cycle. Entra cannot update the user.');
    expect(md).toContain('<details><summary>HTTP exchanges (1)</summary>\n\n');
    // The body's own ``` cannot close the fence early.
    // The head as HTTP, the body in a fence of its own, longer than any backtick run in it.
    expect(md).toContain('```http\nHTTP 500\n```\n\n````\noops ```\n<script>alert(1)</script>\n````');
  });

  it('omits the block for passing cases and notes areas with no cases', () => {
    const passing = renderCertificationMarkdown(runResult([caseResult()]));
    expect(passing).not.toContain('### USR-GET-01');
    expect(passing).toContain('## Groups\n\nNo groups cases ran.');
    expect(passing).toContain('## Verdict: Ready for Entra provisioning');
  });
});
