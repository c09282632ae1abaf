/**
 * Opt-in cases (ConformanceCase.optIn): too costly for every run, planned only when --only names them, and
 * then held to the same standard: the clean reference server passes them.
 */
import { describe, expect, it } from 'vitest';
import { catalogue, selectCases } from '../../src/cases/catalogue.ts';
import { runVariant } from '../../src/faults/detect.ts';

const optIn = catalogue.filter((testCase) => testCase.optIn !== undefined);

describe('opt-in cases', () => {
  it('are left out of a full run and of a selection by area or spec tag, and run when named by id or id prefix', () => {
    expect(optIn.map((testCase) => testCase.id)).toEqual(['LIFE-GROW-01']);
    const ids = (only: string[]) => selectCases(catalogue, { only }).map((testCase) => testCase.id);
    expect(ids([])).not.toContain('LIFE-GROW-01');
    expect(ids(['groups'])).not.toContain('LIFE-GROW-01');
    expect(ids(['RFC7644-3.5.2.1'])).not.toContain('LIFE-GROW-01');
    expect(ids(['LIFE-GROW-01'])).toEqual(['LIFE-GROW-01']);
    expect(ids(['LIFE-'])).toContain('LIFE-GROW-01');
    expect(selectCases(catalogue, { only: ['LIFE-GROW-01'], skip: ['LIFE-GROW-01'] })).toEqual([]);
  });

  it('say why they are opt-in', () => {
    for (const testCase of optIn) expect(testCase.optIn!.length, testCase.id).toBeGreaterThan(20);
  });

  it('pass against the clean reference server when selected', async () => {
    const run = await runVariant(undefined, 'akamai-eaa', optIn.map((testCase) => testCase.id));
    expect(run.result.cases.map((result) => `${result.id} ${result.status}`)).toEqual(optIn.map((testCase) => `${testCase.id} pass`));
    expect(run.remaining).toBe(0);
  }, 120_000);
});
