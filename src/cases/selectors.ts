/**
 * Selectors (`--only`, `--skip`, baseline ids) that name nothing are mistakes, not empty selections: a
 * typo in `--skip` would otherwise run a case the user meant to leave out, and a typo in a waiver would
 * silently waive nothing. Each unknown token is refused with the closest real name.
 */
import type { ConformanceCase } from './types.ts';

/** Every name a selector may use: ids, id prefixes (`USR-`, `USR-FILTER-`), areas, spec tags. */
export function selectorVocabulary(cases: readonly ConformanceCase[]): string[] {
  const names = new Set<string>();
  for (const testCase of cases) {
    names.add(testCase.id);
    names.add(testCase.area);
    for (const tag of testCase.spec) names.add(tag);
    const parts = testCase.id.split('-');
    for (let length = 1; length < parts.length; length += 1) names.add(`${parts.slice(0, length).join('-')}-`);
  }
  return [...names];
}

/** Tokens that select no case at all, each with the closest real name (or undefined when nothing is near). */
export function unknownSelectors(tokens: readonly string[], cases: readonly ConformanceCase[]): { token: string; suggestion?: string }[] {
  const vocabulary = selectorVocabulary(cases);
  const known = new Set(vocabulary);
  return tokens
    .filter((token) => !known.has(token))
    .map((token) => {
      const suggestion = closest(token, vocabulary);
      return suggestion === undefined ? { token } : { token, suggestion };
    });
}

/** The case id closest to `token`, for a waiver naming an id that does not exist. */
export function closestCaseId(token: string, cases: readonly ConformanceCase[]): string | undefined {
  return closest(token, cases.map((testCase) => testCase.id));
}

export function describeUnknown(flag: string, unknown: { token: string; suggestion?: string }): string {
  return `${flag} ${unknown.token} matches no case id, id prefix (ending in -), area or spec tag${unknown.suggestion ? `; did you mean ${unknown.suggestion}?` : ''} (see \`scim-conformance list\`)`;
}

/** Nearest by edit distance, case-insensitively; nothing when even the nearest is far off. */
function closest(token: string, names: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(token.toUpperCase(), name.toUpperCase());
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  return best !== undefined && best.distance <= Math.max(2, Math.floor(token.length / 3)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
