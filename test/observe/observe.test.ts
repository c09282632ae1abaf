/**
 * observe in `npm test`: the suite's own replay through the proxy to the clean reference server (no passive
 * finding, nothing leaked) and to a representative subset of fault variants (each active failure of a
 * passively judgeable check is a passive finding too). The full sweep over every variant is
 * `npm run test:observe` (observe-sweep.sweep.ts).
 */
import { describe, expect, it } from 'vitest';
import { faultCatalogue } from '../../src/faults/catalogue.ts';
import { renderHar } from '../../src/report/har.ts';
import { observeVariant, PASSIVELY_JUDGED } from './through-observe.ts';

/** One fault per kind of passive check: query, create, error body, sequence, media type, read, discovery, members. */
const SUBSET = [
  'empty-filter-404',
  'create-answers-200',
  'error-body-html',
  'duplicate-username-accepted',
  'content-type-text-plain',
  'unknown-id-500',
  'schemas-endpoint-missing',
  'excluded-attributes-ignored',
  'delete-answers-200',
  'second-delete-204',
];

describe('observe on the suite\'s own replay', () => {
  it('finds nothing on the clean server, and records no token and no raw Authorization', async () => {
    const { token, active, observed } = await observeVariant(undefined, undefined, { withOptIn: true });
    expect(active.verdict.entra).toBe('ready');
    expect(observed.run.cases.filter((result) => result.status === 'fail' || result.status === 'error')).toEqual([]);
    // Passive is never Ready, and says so.
    expect(observed.run.verdict.entra).toBe('incomplete');
    expect(observed.run.verdict.headline).toMatch(/^Passive observation/);
    expect(observed.run.cases.some((result) => result.status === 'pass')).toBe(true);
    const recorded = [renderHar(observed.har), JSON.stringify(observed.exchanges), JSON.stringify(observed.run)].join('\n');
    expect(recorded).not.toContain(token);
    expect(recorded).not.toMatch(/"authorization":\s*"Bearer (?!\[REDACTED\])/i);
    // Every request the suite sends is one of its fixtures, apart from the final sweep's prefix queries.
    const unknown = observed.judged.filter((judged) => judged.classification.match === 'unknown').map((judged) => judged.label);
    expect(unknown.every((label) => /filter=\w+\+sw\+/.test(label))).toBe(true);
  });

  it.each(SUBSET)('finds passively what the active run finds: %s', async (name) => {
    const fault = faultCatalogue.find((candidate) => candidate.name === name)!;
    expect(fault.caughtBy.some((id) => PASSIVELY_JUDGED.has(id))).toBe(true);
    // Only the cases that catch it: the full suite per variant is the sweep's job.
    const run = await observeVariant(fault.middleware(), fault.profile, { only: fault.caughtBy });
    expect(run.activeSingleExchangeFailures.length).toBeGreaterThan(0);
    expect(run.activeSingleExchangeFailures.filter((id) => !run.passiveFailures.includes(id))).toEqual([]);
  });

  it('hashes personal values with --redact-personal-data', async () => {
    const { observed } = await observeVariant(undefined, undefined, { redactPersonalData: true, only: ['USR-CREATE-01', 'USR-FILTER-01', 'USR-GET-01'] });
    const created = observed.judged.find((judged) => judged.facts.action === 'create' && judged.facts.kind === 'user')!;
    const userName = String(created.facts.body?.userName);
    const text = [renderHar(observed.har), JSON.stringify(observed.exchanges), JSON.stringify(observed.run)].join('\n');
    expect(text).not.toContain(userName);
    expect(text).not.toContain(encodeURIComponent(userName));
    expect(text).toMatch(/\[personal:[0-9a-f]{10}\]/);
  });
});
