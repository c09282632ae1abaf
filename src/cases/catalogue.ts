/**
 * The case catalogue: every case of every area, in run order, plus selection and planning. Plain data a
 * runner consumes; listing it needs no server.
 */
import { createHash } from 'node:crypto';
import { connectionCases } from './connection.ts';
import { userCases } from './users.ts';
import { groupCases } from './groups.ts';
import { discoveryCases } from './discovery.ts';
import { managerCases } from './manager.ts';
import { DIALECTS, type ConformanceCase, type Dialect } from './types.ts';
import type { Profile } from '../profiles/profile.ts';

export const catalogue: readonly ConformanceCase[] = [...connectionCases, ...discoveryCases, ...userCases, ...managerCases, ...groupCases];

/** One execution of a case: `dialect` is undefined for cases whose requests do not depend on it. */
export interface PlannedCase {
  testCase: ConformanceCase;
  dialect: Dialect | undefined;
}

export interface Selection {
  /** Case ids, id prefixes ending in `-` (e.g. `USR-`), areas, or spec tags. Empty means all. */
  only?: readonly string[];
  skip?: readonly string[];
}

export function selectCases(cases: readonly ConformanceCase[], selection: Selection = {}): ConformanceCase[] {
  const matches = (testCase: ConformanceCase, token: string): boolean =>
    testCase.id === token ||
    (token.endsWith('-') && testCase.id.startsWith(token)) ||
    testCase.area === token ||
    testCase.spec.includes(token);
  return cases.filter(
    (testCase) =>
      (!selection.only?.length || selection.only.some((token) => matches(testCase, token))) &&
      !selection.skip?.some((token) => matches(testCase, token)),
  );
}

/** The cases that apply to a profile: those without `requiresMapping`, and those whose attribute it maps. */
export function applicableCases(cases: readonly ConformanceCase[], profile: Profile): ConformanceCase[] {
  return cases.filter((testCase) => {
    const required = testCase.requiresMapping;
    return required === undefined || profile[required.kind].attributes.some((attribute) => attribute.path.toLowerCase() === required.path.toLowerCase());
  });
}

/** Dialect-independent cases run once, first; then each dialect's cases in catalogue order. */
export function planRuns(cases: readonly ConformanceCase[], dialects: readonly Dialect[]): PlannedCase[] {
  const once = cases.filter((testCase) => testCase.dialects === 'once').map((testCase) => ({ testCase, dialect: undefined }));
  const perDialect = DIALECTS.filter((dialect) => dialects.includes(dialect)).flatMap((dialect) =>
    cases
      .filter((testCase) => testCase.dialects === 'each' || testCase.dialects === dialect)
      .map((testCase) => ({ testCase, dialect })),
  );
  return [...once, ...perDialect];
}

/** Fixture ids a case sends in a dialect. */
export function fixturesOf(testCase: ConformanceCase, dialect: Dialect | undefined): string[] {
  return testCase.fixtures.map((id) => (dialect ? id.replace('{dialect}', dialect) : id));
}

/** A short hash of what the catalogue promises (ids, levels, names, spec tags), printed on every report. */
export function catalogueHash(cases: readonly ConformanceCase[] = catalogue): string {
  const pinned = cases.map(({ id, level, name, spec, dialects }) => ({ id, level, name, spec, dialects }));
  return createHash('sha256').update(JSON.stringify(pinned)).digest('hex').slice(0, 12);
}
