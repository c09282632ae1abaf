/**
 * Which cases a run plans for each profile the repository ships (the built-in profiles and the example
 * exports). Applicability is derived from what a case's PATCH fixtures keep for the profile, so this pins
 * its outcome: a change to the snapshot is a change to what a run checks, to be reviewed.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applicableCases, catalogue } from '../../src/cases/catalogue.ts';
import { listProfileIds } from '../../src/profiles/profile.ts';
import { resolveProfile } from '../../src/profiles/resolve-profile.ts';

const EXPORTS = 'fixtures/entra-exports/';
const profiles = [...listProfileIds(), ...readdirSync(EXPORTS).filter((name) => name.endsWith('.json')).map((name) => `${EXPORTS}${name}`)];

describe('case applicability', () => {
  it.each(profiles)('plans the same cases for %s', (profileId) => {
    const { profile } = resolveProfile(profileId);
    expect(applicableCases(catalogue, profile).map((testCase) => testCase.id)).toMatchSnapshot();
  });
});
