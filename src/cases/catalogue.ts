/**
 * The case catalogue: every case of every area, in run order, plus selection and planning. Plain data a
 * runner consumes; listing it needs no server.
 */
import { createHash } from 'node:crypto';
import { connectionCases } from './connection.ts';
import { oauthCases } from './oauth.ts';
import { microsoftTestCases } from './microsoft-tests.ts';
import { galleryDirectCases } from './gallery-direct.ts';
import { userCases } from './users.ts';
import { groupCases } from './groups.ts';
import { discoveryCases } from './discovery.ts';
import { managerCases } from './manager.ts';
import { customAttributeCases } from './custom-attributes.ts';
import { typedValueCases } from './typed-values.ts';
import { sparseCreateCases } from './sparse-create.ts';
import { singleValuedAddCases } from './single-valued-adds.ts';
import { mappingCases } from './mapping-cases.ts';
import { tenantShapeCases } from './tenant-shapes.ts';
import { roleCases } from './roles.ts';
import { identityCases } from './identities.ts';
import { lifecycleCases } from './lifecycles.ts';
import { DIALECTS, type ConformanceCase, type Dialect } from './types.ts';
import { isProvisioned, type Profile } from '../profiles/profile.ts';
import { patchesKeepOperations } from './applicability.ts';

export const catalogue: readonly ConformanceCase[] = [...connectionCases, ...oauthCases, ...discoveryCases, ...userCases, ...sparseCreateCases, ...typedValueCases, ...singleValuedAddCases, ...tenantShapeCases, ...managerCases, ...customAttributeCases, ...roleCases, ...groupCases, ...mappingCases, ...identityCases, ...lifecycleCases, ...microsoftTestCases, ...galleryDirectCases];

/** One execution of a case: `dialect` is undefined for cases whose requests do not depend on it. */
export interface PlannedCase {
  testCase: ConformanceCase;
  dialect: Dialect | undefined;
}

export interface Selection {
  /** Case ids, id prefixes ending in `-` (e.g. `USR-`), areas, or spec tags. Empty means all. */
  only?: readonly string[];
  skip?: readonly string[];
  /** Plan the opt-in cases too (`--with-opt-in`): a full run, not a partial selection. */
  withOptIn?: boolean;
}

export function selectCases(cases: readonly ConformanceCase[], selection: Selection = {}): ConformanceCase[] {
  const named = (testCase: ConformanceCase, token: string): boolean => testCase.id === token || (token.endsWith('-') && testCase.id.startsWith(token));
  const matches = (testCase: ConformanceCase, token: string): boolean => named(testCase, token) || testCase.area === token || testCase.spec.includes(token);
  return cases.filter(
    (testCase) =>
      // An opt-in case runs only with --with-opt-in, or when --only names it by id or id prefix (an area or a spec tag is not enough).
      (testCase.optIn === undefined || selection.withOptIn === true || (selection.only ?? []).some((token) => named(testCase, token))) &&
      (!selection.only?.length || selection.only.some((token) => matches(testCase, token))) &&
      !selection.skip?.some((token) => matches(testCase, token)),
  );
}

/**
 * The cases that apply to a profile: Entra would send each of their PATCH requests with at least one
 * operation for its mapping (applicability.ts), `appliesTo` holds, and the area is provisioned.
 */
export function applicableCases(cases: readonly ConformanceCase[], profile: Profile): ConformanceCase[] {
  return cases.filter(
    (testCase) =>
      patchesKeepOperations(fixturesOf(testCase, undefined), profile) &&
      (testCase.appliesTo === undefined || testCase.appliesTo(profile)) &&
      areaIsProvisioned(testCase, profile),
  );
}

/** A disabled object mapping sends nothing: no user case without users, no group case without groups or their member users. */
function areaIsProvisioned(testCase: ConformanceCase, profile: Profile): boolean {
  if (testCase.area === 'users') return isProvisioned(profile, 'user');
  if (testCase.area === 'groups') return isProvisioned(profile, 'group') && isProvisioned(profile, 'user');
  return true;
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

/**
 * Fixture ids a case may send in a dialect. A case that runs once and names a `{dialect}` fixture sends it
 * in whichever dialect's form the target accepts (dialect-neutral setup), so every form is listed.
 */
export function fixturesOf(testCase: ConformanceCase, dialect: Dialect | undefined): string[] {
  return [
    ...new Set(
      testCase.fixtures.flatMap((id) => [
        ...(dialect ? [id.replace('{dialect}', dialect)] : id.includes('{dialect}') ? DIALECTS.map((each) => id.replace('{dialect}', each)) : [id]),
        ...(MEMBERSHIP_READ_IMPLIES[id] ?? []),
      ]),
    ),
  ];
}

/** Reading members back may ask again with attributes=members, and once per run probe visibility (membership.ts). */
const MEMBERSHIP_READ_IMPLIES: Record<string, readonly string[]> = {
  'groups/get-with-members': ['groups/get-members-attribute', 'groups/create-with-member', 'users/create'],
};

/** A short hash of what the catalogue promises (ids, levels, names, spec tags), printed on every report. */
export function catalogueHash(cases: readonly ConformanceCase[] = catalogue): string {
  const pinned = cases.map(({ id, level, name, spec, dialects, keyword, impact }) => ({ id, level, name, spec, dialects, keyword, impact: impact.kind }));
  return createHash('sha256').update(JSON.stringify(pinned)).digest('hex').slice(0, 12);
}

/** A short hash of the case runs a run executed, in order: two reports with the same one ran the same checks. */
export function executedHash(runs: readonly { id: string; level: string; name: string; spec: readonly string[]; dialect: string }[]): string {
  const pinned = runs.map(({ id, level, name, spec, dialect }) => ({ id, level, name, spec, dialect }));
  return createHash('sha256').update(JSON.stringify(pinned)).digest('hex').slice(0, 12);
}

/** Reads a case sends to verify a change, never the request it judges. */
const READ_BACKS = new Set(['users/get-by-id', 'groups/get-by-id', 'groups/get-with-members', 'groups/get-members-attribute']);
const CREATES = new Set(['users/create', 'groups/create-with-microsoft-schema', 'groups/create-core-with-empty-members']);
const QUERIES = new Set(['users/query-by-matching-attribute', 'groups/query-by-matching-attribute']);

/**
 * The fixture whose answer a case judges: `judges` when given, else the last request that is not a
 * read-back (a query after a change is a read-back too), else the last fixture.
 */
export function judgedFixture(testCase: ConformanceCase, dialect: Dialect | undefined): string {
  const resolve = (id: string): string => (dialect ? id.replace('{dialect}', dialect) : id);
  if (testCase.judges !== undefined) return resolve(testCase.judges);
  const fixtures = testCase.fixtures.map(resolve);
  const changed = fixtures.some((id) => !CREATES.has(id) && !READ_BACKS.has(id) && !QUERIES.has(id) && !id.startsWith('users/get') && !id.startsWith('groups/get'));
  const candidates = fixtures.filter((id) => !READ_BACKS.has(id) && !(changed && QUERIES.has(id)));
  return candidates.at(-1) ?? (fixtures.at(-1) as string);
}
