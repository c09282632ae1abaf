/**
 * Security findings: an endpoint that lets someone other than Entra in is named at the top of every report
 * and in the terminal's verdict block, whatever the Entra verdict; a forged assertion is the worst finding.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { findVariant } from '../../src/faults/catalogue.ts';
import { runVariant, type VariantRun } from '../../src/faults/detect.ts';
import type { FaultVariant } from '../../src/faults/types.ts';
import { renderCertificationMarkdown } from '../../src/report/certification-markdown.ts';
import { renderCertificationHtml } from '../../src/report/certification-html.ts';
import { renderJunit } from '../../src/report/junit.ts';
import { renderSummary } from '../../src/cli/summary.ts';

const plain = { red: (s: string) => s, green: (s: string) => s, yellow: (s: string) => s, bold: (s: string) => s, dim: (s: string) => s, cyan: (s: string) => s };
const runs = new Map<string, VariantRun>();

beforeAll(async () => {
  for (const name of ['auth-not-enforced', 'oauth-forged-assertion-accepted', 'oauth-token-lifetime-24h']) {
    const fault = findVariant(name) as FaultVariant;
    runs.set(name, await runVariant(fault.middleware(), undefined, [], fault.tokenMiddleware?.(), true));
  }
}, 120_000);

describe('security findings', () => {
  it('names a SCIM endpoint that accepts any token as a critical finding, though Entra would still provision (Ready)', () => {
    const run = runs.get('auth-not-enforced') as VariantRun;
    expect(run.result.verdict.entra).toBe('ready');
    expect(run.result.verdict.security).toEqual([expect.objectContaining({ id: 'CONN-03', severity: 'critical' })]);
    const markdown = renderCertificationMarkdown(run.result);
    expect(markdown.indexOf('## Security findings (1)')).toBeGreaterThan(-1);
    expect(markdown.indexOf('## Security findings')).toBeLessThan(markdown.indexOf('## Verdict'));
    const html = renderCertificationHtml(run.result);
    expect(html.indexOf('Security findings (1)')).toBeLessThan(html.indexOf('id="verdict"'));
    expect(renderSummary(run.result, [], plain as never)).toContain('SECURITY FINDINGS (1)');
    expect(renderJunit(run.result)).toContain('SECURITY FINDING (critical)');
  });

  it('calls a token for a forged RFC 7523 assertion the worst finding, first in the list', () => {
    const run = runs.get('oauth-forged-assertion-accepted') as VariantRun;
    const [first] = run.result.verdict.security ?? [];
    expect(first).toMatchObject({ id: 'AUTH-06', severity: 'critical' });
    expect(first?.title).toMatch(/worst finding/);
  });

  it('keeps a gallery-only failure (a 24 h token) out of the security findings, in the verdict list of MUSTs without an Entra impact', () => {
    const run = runs.get('oauth-token-lifetime-24h') as VariantRun;
    expect(run.result.verdict.security).toEqual([]);
    expect(run.result.verdict.rfcOnly.map((ref) => ref.id)).toEqual(['AUTH-03']);
  });
});
