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

describe('applicability derived from the PATCH fixtures', () => {
  const akamai = resolveProfile('akamai-eaa').profile;
  const withoutUserAttributes = (...paths: string[]) => ({
    ...akamai,
    user: { ...akamai.user, attributes: akamai.user.attributes.filter((attribute) => !paths.includes(attribute.path)) },
  });
  const planned = (profile: typeof akamai) => applicableCases(catalogue, profile).map((testCase) => testCase.id);

  it('drops a case whose only PATCH would keep no operation: the mobile phone unmapped', () => {
    expect(planned(akamai)).toContain('USR-TYPED-01');
    expect(planned(withoutUserAttributes('phoneNumbers[type eq "mobile"].value'))).not.toContain('USR-TYPED-01');
  });

  it('keeps a case while one of its PATCH operations stays mapped, and drops it when none does', () => {
    const noEmail = withoutUserAttributes('emails[type eq "work"].value');
    expect(planned(noEmail)).toContain('USR-PATCH-01');
    expect(planned(withoutUserAttributes('emails[type eq "work"].value', 'name.familyName'))).not.toContain('USR-PATCH-01');
    // USR-ADD-01 adds displayName, name.givenName and externalId and replaces name.familyName: any of them will do.
    expect(planned(withoutUserAttributes('displayName'))).toContain('USR-ADD-01');
    expect(planned(withoutUserAttributes('displayName', 'name.givenName', 'name.familyName', 'externalId'))).not.toContain('USR-ADD-01');
  });

  it('leaves a PATCH on a placeholder path (a custom attribute) to the case\'s appliesTo', () => {
    expect(planned(akamai)).not.toContain('USR-EXT-01');
    expect(planned(resolveProfile(`${EXPORTS}custom-attributes.json`).profile)).toContain('USR-EXT-01');
  });
});
