import { describe, expect, it } from 'vitest';
import { catalogue, fixturesOf, judgedFixture, planRuns, selectCases } from '../../src/cases/catalogue.ts';
import { DIALECTS, IMPACT_KINDS, LEVELS, levelOf, type Dialect } from '../../src/model/vocabulary.ts';
import { loadFixtures } from '../../src/fixtures/fixtures.ts';
import { isKnownSpecTag } from '../../src/report/spec-links.ts';

describe('case catalogue', () => {
  it('pins every case id, level, name, spec and dialect scope (review any change to this snapshot)', () => {
    const pinned = catalogue.map(({ id, level, name, spec, dialects, keyword, impact }) => ({ id, level, name, spec, dialects, keyword, impact: impact.kind }));
    expect(pinned).toMatchSnapshot();
  });

  it('never reuses an id', () => {
    const ids = catalogue.map((testCase) => testCase.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('starts every name with its level', () => {
    for (const testCase of catalogue) {
      expect(LEVELS).toContain(testCase.level);
      expect(testCase.name.startsWith(`${testCase.level} `), testCase.id).toBe(true);
    }
  });

  it('cites at least one resolvable spec tag per case', () => {
    for (const testCase of catalogue) {
      expect(testCase.spec.length, testCase.id).toBeGreaterThan(0);
      for (const tag of testCase.spec) expect(isKnownSpecTag(tag), `${testCase.id}: ${tag}`).toBe(true);
    }
  });

  it('says what Entra does when each case fails, from the closed set, cited unless unknown', () => {
    for (const testCase of catalogue) {
      expect(IMPACT_KINDS, testCase.id).toContain(testCase.impact.kind);
      expect(testCase.impact.text.length, testCase.id).toBeGreaterThan(20);
      if (testCase.impact.kind === 'unknown') expect(testCase.impact.text.startsWith('Unknown'), testCase.id).toBe(true);
      else expect(isKnownSpecTag(testCase.impact.source ?? ''), `${testCase.id}: ${testCase.impact.source}`).toBe(true);
      if (testCase.impact.kind === 'none-known') expect(testCase.impact.text.startsWith('None known'), testCase.id).toBe(true);
    }
  });

  it('takes each level from its cited source\'s own keyword (one check, one keyword)', () => {
    for (const testCase of catalogue) {
      expect(levelOf(testCase.keyword), `${testCase.id}: ${testCase.keyword.word}`).toBe(testCase.level);
      expect(isKnownSpecTag(testCase.keyword.source), `${testCase.id}: ${testCase.keyword.source}`).toBe(true);
    }
  });

  it('judges a fixture the case sends', () => {
    for (const { testCase, dialect } of planRuns(catalogue, DIALECTS)) {
      expect(fixturesOf(testCase, dialect), testCase.id).toContain(judgedFixture(testCase, dialect));
    }
  });

  it('names only fixtures that exist, in every dialect the case runs in', () => {
    const fixtures = loadFixtures();
    for (const { testCase, dialect } of planRuns(catalogue, DIALECTS)) {
      for (const id of fixturesOf(testCase, dialect)) expect(fixtures.has(id), `${testCase.id} [${dialect}] → ${id}`).toBe(true);
    }
  });

  it('runs dialect cases once per dialect and the others once', () => {
    const planned = planRuns(catalogue, DIALECTS);
    const each = catalogue.filter((testCase) => testCase.dialects === 'each').length;
    const once = catalogue.filter((testCase) => testCase.dialects === 'once').length;
    const single = (dialect: Dialect) => catalogue.filter((testCase) => testCase.dialects === dialect).length;
    expect(planned).toHaveLength(once + 2 * each + single('legacy') + single('compliant'));
    expect(planRuns(catalogue, ['compliant']).every((run) => run.dialect !== 'legacy')).toBe(true);
  });

  it('selects by id, id prefix, area and spec tag, and skips likewise', () => {
    expect(selectCases(catalogue, { only: ['CONN-01'] }).map((c) => c.id)).toEqual(['CONN-01']);
    expect(selectCases(catalogue, { only: ['USR-DISABLE-'] }).every((c) => c.id.startsWith('USR-DISABLE-'))).toBe(true);
    expect(selectCases(catalogue, { only: ['connection'] }).every((c) => c.area === 'connection')).toBe(true);
    expect(selectCases(catalogue, { only: ['RFC7644-3.6'] }).length).toBeGreaterThan(0);
    expect(selectCases(catalogue, { skip: ['connection'] }).some((c) => c.area === 'connection')).toBe(false);
  });
});
