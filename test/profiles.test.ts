import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getMappedValue, setMappedValue } from '../src/profiles/mapped-path.ts';
import { listProfileIds, loadProfile, matchingAttribute } from '../src/profiles/profile.ts';
import { deriveProfileSchema, schemaFileStem } from '../src/profiles/profile-schema.ts';
import { restrictPatchToProfile } from '../src/profiles/restrict-patch.ts';
import { SCHEMAS_DIR, validateAgainst } from '../src/schema/validator.ts';

describe('profiles', () => {
  it('keeps the committed schemas/profiles files equal to what the profiles derive (run npm run schemas)', () => {
    for (const id of listProfileIds()) {
      for (const kind of ['user', 'group'] as const) {
        const committed = JSON.parse(readFileSync(join(SCHEMAS_DIR, 'profiles', id, `${schemaFileStem(kind)}.json`), 'utf8'));
        expect(committed, `${id} ${kind}`).toEqual(deriveProfileSchema(loadProfile(id), kind));
      }
    }
  });

  it('holds the Akamai EAA tables of the Entra tutorial exactly', () => {
    const profile = loadProfile('akamai-eaa');
    expect(profile.user.attributes.map((a) => [a.path, a.matching, a.required])).toEqual([
      ['userName', true, true],
      ['active', false, false],
      ['displayName', false, false],
      ['emails[type eq "work"].value', false, true],
      ['name.givenName', false, false],
      ['name.familyName', false, false],
      ['phoneNumbers[type eq "mobile"].value', false, false],
      ['externalId', false, false],
    ]);
    expect(profile.group.attributes.map((a) => [a.path, a.matching, a.required])).toEqual([
      ['displayName', true, true],
      ['externalId', false, false],
      ['members', false, false],
    ]);
    expect(matchingAttribute(profile, 'user').path).toBe('userName');
  });

  it('requires userName and a work email of every Akamai EAA user, and a displayName of every group', () => {
    const user = { userName: 'u', emails: [{ type: 'work', value: 'u@example.com' }] };
    expect(validateAgainst('profiles/akamai-eaa/User.json', user)).toEqual([]);
    expect(validateAgainst('profiles/akamai-eaa/User.json', { userName: 'u', emails: [{ type: 'home', value: 'x' }] })).not.toEqual([]);
    expect(validateAgainst('profiles/akamai-eaa/User.json', { emails: user.emails })[0]?.pointer).toBe('/userName');
    expect(validateAgainst('profiles/akamai-eaa/Group.json', {})[0]?.pointer).toBe('/displayName');
  });

  it('writes and reads mapped paths, including typed elements and extension URNs', () => {
    const resource: Record<string, unknown> = {};
    setMappedValue(resource, 'emails[type eq "work"].value', 'w@example.com');
    setMappedValue(resource, 'name.givenName', 'Ada');
    setMappedValue(resource, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', 'R&D');
    expect(resource).toEqual({
      emails: [{ type: 'work', value: 'w@example.com' }],
      name: { givenName: 'Ada' },
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'R&D' },
    });
    expect(getMappedValue({ Emails: [{ Type: 'WORK', Value: 'x' }] }, 'emails[type eq "work"].value')).toBe('x');
  });

  it('drops PATCH ops and no-path keys the profile does not map', () => {
    const body = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Replace', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber', value: '1' },
        { op: 'Replace', path: 'name.givenName', value: 'A' },
        { op: 'replace', value: { 'name.familyName': 'B', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber': '2' } },
      ],
    };
    expect(restrictPatchToProfile(body, loadProfile('akamai-eaa'), 'user')).toEqual({
      schemas: body.schemas,
      Operations: [
        { op: 'Replace', path: 'name.givenName', value: 'A' },
        { op: 'replace', value: { 'name.familyName': 'B' } },
      ],
    });
    expect(restrictPatchToProfile(body, loadProfile('entra-default'), 'user')).toEqual(body);
  });
});
