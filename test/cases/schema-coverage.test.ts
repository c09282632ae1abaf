import { describe, expect, it } from 'vitest';
import { undeclaredMappedAttributes } from '../../src/cases/schema-coverage.ts';
import { loadProfile } from '../../src/profiles/profile.ts';
import { customExtensionsOf } from '../../src/profiles/declared-extensions.ts';
import { schemas } from '../../src/server/discovery.ts';
import { resolveProfile } from '../../src/profiles/resolve-profile.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const referenceSchemas = (): unknown => schemas('http://localhost/scim/v2', undefined).body;

describe('undeclaredMappedAttributes (DISC-03)', () => {
  it('finds nothing missing in the reference server\'s /Schemas for every built-in profile', () => {
    for (const id of ['akamai-eaa', 'akamai-eaa-email', 'entra-default']) expect(undeclaredMappedAttributes(loadProfile(id), referenceSchemas()), id).toEqual([]);
  });

  it('names a custom extension the server does not declare, and none once it declares the profile\'s extensions', () => {
    const { profile } = resolveProfile('fixtures/entra-exports/custom-attributes.json');
    expect(undeclaredMappedAttributes(profile, referenceSchemas()).map(({ path }) => path)).toEqual([
      'urn:ietf:params:scim:schemas:extension:contoso:2.0:User:costCenterCode',
      'urn:ietf:params:scim:schemas:extension:contoso:2.0:User:badgeCode',
    ]);
    const declared = schemas('http://localhost/scim/v2', undefined, customExtensionsOf(profile)).body;
    expect(undeclaredMappedAttributes(profile, declared)).toEqual([]);
  });

  it('compares names case-insensitively, skips the common attributes, and checks typed paths against canonical values', () => {
    const profile = loadProfile('entra-default');
    const body = {
      Resources: [
        {
          id: USER.toUpperCase(),
          attributes: [
            { name: 'USERNAME' }, { name: 'active' }, { name: 'displayName' }, { name: 'title' }, { name: 'preferredLanguage' },
            { name: 'name', subAttributes: [{ name: 'givenname' }, { name: 'familyName' }, { name: 'formatted' }] },
            { name: 'emails', subAttributes: [{ name: 'value' }, { name: 'type' }] },
            { name: 'addresses', subAttributes: ['streetAddress', 'locality', 'region', 'postalCode', 'country', 'type'].map((name) => ({ name })) },
            { name: 'phoneNumbers', subAttributes: [{ name: 'value' }, { name: 'type', canonicalValues: ['work', 'home'] }] },
          ],
        },
        { id: ENTERPRISE, attributes: [{ name: 'employeeNumber' }, { name: 'manager' }] },
        { id: GROUP, attributes: [{ name: 'displayName' }] },
      ],
    };
    expect(undeclaredMappedAttributes(profile, body)).toEqual([
      { path: 'phoneNumbers[type eq "mobile"].value', why: 'phoneNumbers.type\'s canonicalValues ["work","home"] lack "mobile"' },
      { path: `${ENTERPRISE}:department`, why: `${ENTERPRISE} has no attribute department` },
      { path: 'Group members', why: `${GROUP} has no attribute members` },
    ]);
  });

  it('says which schema is missing altogether', () => {
    expect(undeclaredMappedAttributes(loadProfile('akamai-eaa'), { Resources: [] })[0]).toEqual({ path: 'userName', why: `no schema ${USER}` });
  });
});
