/**
 * Every impact text describes the failure that was observed: a refused change reads "retried every cycle",
 * an acknowledged change that is not there reads "silently wrong", whichever of the two the case declares.
 */
import { describe, expect, it } from 'vitest';
import { findVariant } from '../../src/faults/catalogue.ts';
import { runVariant } from '../../src/faults/detect.ts';
import type { Exchange } from '../../src/model/transport.ts';
import type { EntraImpact } from '../../src/model/vocabulary.ts';
import { observedImpact } from '../../src/runner/observed-impact.ts';

const exchange = (method: string, status: number, fixture: string): Exchange => ({
  request: { method, url: 'https://scim.example/Users/1', headers: {} },
  response: { status, headers: {}, body: '' },
  durationMs: 1,
  fixture,
});

const SILENT: EntraImpact = { kind: 'data-silently-wrong', text: 'declared: silently wrong', source: 'ENTRA-ED-SCIM' };
const RETRIED: EntraImpact = { kind: 'retried-every-cycle', text: 'declared: retried', source: 'ENTRA-ED-COMPAT' };
const NONE: EntraImpact = { kind: 'none-known', text: 'declared: none known', source: 'ENTRA-ED-SCIM' };
const PATCH = 'users/add-x-legacy';

describe('observedImpact', () => {
  it('a refused change is retried every cycle, whatever the case declares', () => {
    const impact = observedImpact(SILENT, PATCH, [exchange('POST', 201, 'users/create'), exchange('PATCH', 400, PATCH)]);
    expect(impact.kind).toBe('retried-every-cycle');
    expect(impact.text).toMatch(/refused the change with 400/);
    expect(impact.source).toBe('ENTRA-ED-LOGS');
  });

  it('an acknowledged change the read-back does not show is silently wrong', () => {
    const impact = observedImpact(RETRIED, PATCH, [exchange('PATCH', 204, PATCH), exchange('GET', 200, 'users/get-by-id')]);
    expect(impact.kind).toBe('data-silently-wrong');
    expect(impact.text).toMatch(/acknowledged the change with 204/);
  });

  it('keeps the declared impact when it already matches, or is of another kind, or the failure was elsewhere', () => {
    expect(observedImpact(RETRIED, PATCH, [exchange('PATCH', 500, PATCH)])).toBe(RETRIED);
    expect(observedImpact(SILENT, PATCH, [exchange('PATCH', 204, PATCH), exchange('GET', 200, 'users/get-by-id')])).toBe(SILENT);
    expect(observedImpact(NONE, PATCH, [exchange('PATCH', 400, PATCH)])).toBe(NONE);
    // A later request failed, not the judged change: the case's own account stands.
    expect(observedImpact(SILENT, PATCH, [exchange('PATCH', 204, PATCH), exchange('PATCH', 400, 'users/replace-x-legacy')])).toBe(SILENT);
  });
});

describe('impact of the failure seen, in a run', () => {
  it('USR-ADD-01 (declares "retried") reads "silently wrong" when the add is acknowledged and dropped, "retried" when refused', async () => {
    const dropped = await runVariant(findVariant('user-patch-204-not-applied')!.middleware());
    const refused = await runVariant(findVariant('single-valued-add-rejected')!.middleware());
    const addCase = (cases: typeof dropped.result.cases) => cases.filter((result) => result.id === 'USR-ADD-01' && result.status === 'fail');
    expect(addCase(dropped.result.cases).length).toBeGreaterThan(0);
    expect(addCase(refused.result.cases).length).toBeGreaterThan(0);
    for (const result of addCase(dropped.result.cases)) expect(result.impact.kind).toBe('data-silently-wrong');
    for (const result of addCase(refused.result.cases)) expect(result.impact.kind).toBe('retried-every-cycle');
  }, 60_000);

  it('GRP-NOPATH-01 (declares "silently wrong") reads "retried" when the no-path replace is refused', async () => {
    const run = await runVariant(findVariant('group-no-path-replace-rejected')!.middleware());
    const failed = run.result.cases.filter((result) => result.id === 'GRP-NOPATH-01' && result.status === 'fail');
    expect(failed.length).toBe(1);
    expect(failed[0]!.impact.kind).toBe('retried-every-cycle');
    expect(failed[0]!.impact.text).toMatch(/refused the change with 400/);
  }, 60_000);
});
