/**
 * docs/entra-requests.md lists every request the suite sends with its source and cases; it is generated,
 * and this test keeps the committed file equal to what the fixtures and the catalogue say today.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureKinds, groupedFixtures, renderEntraRequestsDoc, requestDocProblems } from '../../src/fixtures/entra-requests-doc.ts';
import { getFixture, loadFixtures } from '../../src/fixtures/fixtures.ts';
import { sourceKind } from '../../src/fixtures/request-sources.ts';
import { ROOT } from '../safety/helpers.ts';

describe('docs/entra-requests.md', () => {
  it('groups every fixture, and every source entry names a known key', () => {
    expect(requestDocProblems()).toEqual([]);
  });

  it('is up to date (regenerate with `npm run entra-requests`)', () => {
    expect(readFileSync(`${ROOT}docs/entra-requests.md`, 'utf8')).toBe(renderEntraRequestsDoc());
  });

  it('lists every fixture once, with its source kinds and the cases using it', () => {
    const doc = renderEntraRequestsDoc();
    for (const id of loadFixtures().keys()) expect(doc.split(`### \`${id}\``)).toHaveLength(2);
    expect(doc).toMatch(/### `users\/disable-legacy`[\s\S]*?- \*\*Source:\*\* documented \(ED-COMPAT block 1a\)\n- \*\*Dialect:\*\* legacy \(its form in `users\/disable\.json`\)\n- \*\*Cases:\*\* USR-DISABLE-01, USR-ENABLE-01, GRP-MEMBER-07/);
  });

  it("puts a fixture no group lists at the end of its area's group, so a new request shape needs no edit to be documented", () => {
    const groups = groupedFixtures([...loadFixtures().keys(), 'users/new-shape-legacy', 'groups/new-shape-compliant']);
    for (const [area, id] of [['users', 'users/new-shape-legacy'], ['groups', 'groups/new-shape-compliant']] as const) {
      const home = groups.find(({ group }) => group.area === area)!;
      expect(home.fixtures.indexOf(id), id).toBeGreaterThanOrEqual(home.group.fixtures.length);
      expect(groups.filter(({ fixtures }) => fixtures.includes(id)), id).toHaveLength(1);
    }
  });

  it('tells documented, captured and derived sources apart', () => {
    expect(sourceKind('ED-COMPAT block 1a')).toBe('documented');
    expect(sourceKind('ED-COMPAT block 1a by symmetry')).toBe('derived');
    expect(sourceKind('QA-GROUPPOST (body quoted from real traffic)')).toBe('captured');
    expect(sourceKind('azure-docs#94189 wire form')).toBe('captured');
    expect(sourceKind('NO-SUCH-KEY 1')).toBeUndefined();
    expect(fixtureKinds(getFixture('users/enable-legacy'))).toEqual(['documented', 'derived']);
    expect(fixtureKinds(getFixture('groups/get-with-members'))).toEqual(['derived']);
  });
});
