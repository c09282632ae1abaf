/**
 * Opt-in cases (ConformanceCase.optIn): too costly for every run, planned only with --with-opt-in or when
 * --only names them, named as not run in a default run's verdict (never a silent gap behind a Ready), and
 * held to the same standard: the clean reference server passes them.
 */
import { describe, expect, it } from 'vitest';
import { catalogue, selectCases } from '../../src/cases/catalogue.ts';
import { configure } from '../../src/config.ts';
import { runVariant } from '../../src/faults/detect.ts';
import { computeVerdict } from '../../src/report/verdict.ts';

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

  it('are planned by --with-opt-in as part of a full run, not a partial selection', () => {
    const ids = selectCases(catalogue, { withOptIn: true }).map((testCase) => testCase.id);
    expect(ids).toContain('LIFE-GROW-01');
    expect(ids.length).toBe(catalogue.length);
    const { plan } = configure({ withOptIn: true });
    expect(plan.cases.map((planned) => planned.testCase.id)).toContain('LIFE-GROW-01');
    expect(plan.optInNotRun).toEqual([]);
    expect(plan.selection).toEqual({ only: [], skip: [], withOptIn: true });
  });

  it('are planned by default against the embedded reference server, where they cost under a second', () => {
    const { plan } = configure({});
    expect(plan.cases.map((planned) => planned.testCase.id)).toContain('LIFE-GROW-01');
    expect(plan.optInNotRun).toEqual([]);
    expect(plan.selection).toEqual({ only: [], skip: [] });
  });

  it('are named as not run by a default full run against a target, and only by a full one', () => {
    const target = { baseUrl: 'https://scim.example.com/scim/v2', token: 'opt-in-test-token' };
    const { plan } = configure(target);
    expect(plan.cases.map((planned) => planned.testCase.id)).not.toContain('LIFE-GROW-01');
    expect(plan.optInNotRun).toEqual([expect.objectContaining({ id: 'LIFE-GROW-01', dialect: 'any', level: 'MUST', status: 'skip', impact: 'data-silently-wrong' })]);
    // A partial selection or a read-only run is Incomplete for all it leaves out already.
    expect(configure({ ...target, only: ['USR-'] }).plan.optInNotRun).toEqual([]);
    expect(configure({ ...target, readOnly: true }).plan.optInNotRun).toEqual([]);
    expect(configure({ ...target, only: ['LIFE-GROW-01'] }).plan.optInNotRun).toEqual([]);
    expect(configure({ ...target, withOptIn: true }).plan.optInNotRun).toEqual([]);
  });

  it('make a full run that left a deciding one out Incomplete, never Ready, and say which', () => {
    const notRun = configure({ baseUrl: 'https://scim.example.com/scim/v2', token: 'opt-in-test-token' }).plan.optInNotRun!;
    const verdict = computeVerdict({ cases: [], strict: false, notRun });
    expect(verdict.entra).toBe('incomplete');
    expect(verdict.exitCode).toBe(4);
    expect(verdict.headline).toBe('Incomplete: 1 opt-in check not run: LIFE-GROW-01 (--with-opt-in runs it)');
    expect(verdict.notRun?.map((ref) => ref.id)).toEqual(['LIFE-GROW-01']);
    expect(computeVerdict({ cases: [], strict: false }).headline).toBe('Ready for Entra provisioning');
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
