/**
 * The akamai-eaa-email variant (issue 10, item 6): Entra matching on the work email first and userName second,
 * against a target whose table (ED-AKAMAI) lists only userName as filterable; and the email query as it goes
 * on the wire.
 */
import { describe, expect, it } from 'vitest';
import { catalogue, applicableCases } from '../../src/cases/catalogue.ts';
import { renderFixture } from '../../src/fixtures/fixtures.ts';
import { checkProfile } from '../../src/profiles/check-profile.ts';
import { loadProfile, matchingAttributes } from '../../src/profiles/profile.ts';

const profile = loadProfile('akamai-eaa-email');
const akamai = loadProfile('akamai-eaa');

describe('profile akamai-eaa-email', () => {
  it('is the akamai-eaa mapping, matching on the work email first and userName second', () => {
    expect(matchingAttributes(profile, 'user').map((attribute) => [attribute.path, attribute.matchingPriority])).toEqual([
      ['emails[type eq "work"].value', 1],
      ['userName', 2],
    ]);
    const withoutMatching = (attributes: typeof profile.user.attributes) =>
      attributes.map(({ matching: _m, matchingPriority: _p, ...rest }) => rest);
    expect(withoutMatching(profile.user.attributes)).toEqual(withoutMatching(akamai.user.attributes));
    expect(profile.group).toEqual(akamai.group);
  });

  it("states the seed table's filterable attributes, so profile check flags the email match as outside it", () => {
    expect(profile.target?.filterable).toEqual({ user: ['userName'], group: ['displayName'] });
    const blocking = checkProfile(profile, akamai).filter((finding) => finding.severity === 'blocking');
    expect(blocking.map((finding) => finding.message)).toEqual([expect.stringContaining('matches users on emails[type eq "work"].value, but Akamai EAA can only filter users on userName')]);
  });

  it('plans USR-MATCH-01 here and not for profiles that never match on the email', () => {
    const planned = (id: string) => applicableCases(catalogue, loadProfile(id)).some((testCase) => testCase.id === 'USR-MATCH-01');
    expect([planned('akamai-eaa-email'), planned('akamai-eaa'), planned('entra-default')]).toEqual([true, false, false]);
  });

  it('sends the work email query form-encoded, as Entra sends every filter', () => {
    const request = renderFixture('users/query-by-matching-attribute', { userQueryAttribute: 'emails[type eq "work"].value', queryValue: 'ADA@EXAMPLE.COM' });
    expect(request.path).toBe('/Users?filter=emails%5Btype+eq+%22work%22%5D.value+eq+%22ADA%40EXAMPLE.COM%22');
    expect(new URLSearchParams(request.path.split('?')[1]).get('filter')).toBe('emails[type eq "work"].value eq "ADA@EXAMPLE.COM"');
  });
});
