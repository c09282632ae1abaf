/**
 * PATCH engine behaviour from RFC 7644 §3.5.2 that the Entra pitfalls (patch-entra.test.ts) do not cover:
 * request validation, atomicity, attribute semantics, and group member operations.
 */
import { describe, expect, it } from 'vitest';
import { MemberChanges, type Member } from '../../src/server/members.ts';
import { applyPatch } from '../../src/server/patch.ts';
import { PATCH_OP_SCHEMA } from '../../src/server/schema.ts';
import { ENTERPRISE, group, groupContext, memberIds, patchGroup, patchOf, patchUser, rejection, user } from './patch-helpers.ts';

describe('PATCH request validation', () => {
  it('requires the PatchOp schema URN (400 invalidSyntax)', () => {
    const error = rejection(() => applyPatch(user(), { schemas: ['urn:x'], Operations: [{ op: 'add', path: 'title', value: 't' }] }));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidSyntax' });
  });

  it('rejects an unknown op with 400 invalidSyntax', () => {
    expect(rejection(() => patchUser(user(), { op: 'move', path: 'title', value: 't' }))).toMatchObject({ status: 400, scimType: 'invalidSyntax' });
  });

  it('rejects a missing or empty Operations array with 400 invalidSyntax', () => {
    expect(rejection(() => applyPatch(user(), { schemas: [PATCH_OP_SCHEMA] }))).toMatchObject({ scimType: 'invalidSyntax' });
    expect(rejection(() => applyPatch(user(), patchOf()))).toMatchObject({ scimType: 'invalidSyntax' });
  });

  it('rejects a path to a readOnly attribute like id with 400 mutability', () => {
    expect(rejection(() => patchUser(user(), { op: 'replace', path: 'id', value: 'x' }))).toMatchObject({ status: 400, scimType: 'mutability' });
    expect(rejection(() => patchUser(user(), { op: 'replace', path: 'meta.created', value: 'x' }))).toMatchObject({ scimType: 'mutability' });
    expect(rejection(() => patchUser(user(), { op: 'add', path: 'groups', value: [{ value: 'g' }] }))).toMatchObject({ scimType: 'mutability' });
  });

  it('rejects remove without a path with 400 noTarget', () => {
    expect(rejection(() => patchUser(user(), { op: 'remove' }))).toMatchObject({ status: 400, scimType: 'noTarget' });
  });

  it('rejects a non-boolean string for a boolean attribute with 400 invalidValue', () => {
    expect(rejection(() => patchUser(user(), { op: 'replace', path: 'active', value: 'yes' }))).toMatchObject({ scimType: 'invalidValue' });
  });

  it('names the failing operation in the error detail', () => {
    const error = rejection(() => patchUser(user(), { op: 'add', path: 'title', value: 't' }, { op: 'replace', path: 'id', value: 'x' }));
    expect(error.message).toMatch(/^Operations\[1\]/);
  });

  it('is atomic: a failing operation leaves the input unchanged', () => {
    const start = user();
    const before = structuredClone(start);
    rejection(() => patchUser(start, { op: 'replace', path: 'displayName', value: 'changed' }, { op: 'frobnicate' }));
    expect(start).toEqual(before);
  });
});

describe('PATCH semantics (RFC 7644 §3.5.2)', () => {
  it('applies URN-qualified paths inside the extension object', () => {
    const result = patchUser(user(), { op: 'Add', path: `${ENTERPRISE}:department`, value: 'Retail' });
    expect(result[ENTERPRISE]).toEqual({ department: 'Retail' });
  });

  it('spreads an extension object given as a no-path value key', () => {
    const result = patchUser(user(), { op: 'add', value: { [ENTERPRISE]: { costCenter: '4130', division: 'Theme Park' } } });
    expect(result[ENTERPRISE]).toEqual({ costCenter: '4130', division: 'Theme Park' });
  });

  it('matches attribute names case-insensitively and keeps the stored spelling', () => {
    const result = patchUser(user(), { op: 'replace', path: 'emails[type eq "work"].Value', value: 'x@y.z' }, { op: 'replace', path: 'DISPLAYNAME', value: 'D' });
    expect(result.emails).toEqual([{ type: 'work', value: 'x@y.z', primary: true }]);
    expect(result.displayName).toBe('D');
    expect(result).not.toHaveProperty('DISPLAYNAME');
  });

  it('replace on a complex attribute keeps sub-attributes it does not mention', () => {
    expect(patchUser(user(), { op: 'replace', path: 'name', value: { givenName: 'B' } }).name).toEqual({ givenName: 'B', familyName: 'Jensen', formatted: 'Barbara Jensen' });
  });

  it('replace on a multi-valued attribute without a filter replaces all values', () => {
    const roles = [{ primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'User', value: 'User' }];
    const start = { ...user(), roles: [{ value: 'Old' }] };
    expect(patchUser(start, { op: 'replace', path: 'roles', value: roles }).roles).toEqual(roles);
  });

  it('add to a multi-valued attribute appends and skips values already present', () => {
    const result = patchUser(user(), { op: 'add', path: 'emails', value: [{ type: 'work', value: 'bjensen@example.com', primary: true }, { type: 'home', value: 'h@x.org' }] });
    expect(result.emails).toEqual([{ type: 'work', value: 'bjensen@example.com', primary: true }, { type: 'home', value: 'h@x.org' }]);
  });

  it('setting primary true on one value clears it on the others', () => {
    const result = patchUser(user(), { op: 'add', path: 'emails', value: [{ type: 'home', value: 'h@x.org', primary: true }] });
    expect(result.emails).toEqual([{ type: 'work', value: 'bjensen@example.com', primary: false }, { type: 'home', value: 'h@x.org', primary: true }]);
  });

  it('stores the JSON-string role value of Entra’s role PATCH exactly as sent', () => {
    const value = '{"id":"06b07648-ecfe-589f-9d2f-6325724a46ee","value":"25","displayName":"Role1234"}';
    expect(patchUser(user(), { op: 'Add', path: 'roles', value: [{ value }] }).roles).toEqual([{ value }]);
  });

  it('removes filtered values and leaves the attribute unassigned when none remain', () => {
    expect(patchUser(user(), { op: 'remove', path: 'emails[type eq "work"]' })).not.toHaveProperty('emails');
  });

  it('removing something already absent succeeds without change', () => {
    const result = patchUser(user(), { op: 'remove', path: 'nickName' }, { op: 'remove', path: 'emails[type eq "other"]' }, { op: 'remove', path: `${ENTERPRISE}:manager` });
    expect(result).toEqual(user());
  });

  it('replace with null unassigns; an emptied complex attribute disappears', () => {
    const result = patchUser(user(), { op: 'replace', path: 'displayName', value: null }, { op: 'remove', path: 'name.givenName' }, { op: 'remove', path: 'name.familyName' }, { op: 'remove', path: 'name.formatted' });
    expect(result).not.toHaveProperty('displayName');
    expect(result).not.toHaveProperty('name');
  });

  it('answers noTarget when replacing a whole element no filter matches', () => {
    expect(rejection(() => patchUser(user(), { op: 'replace', path: 'emails[type eq "home"]', value: { value: 'h@x.org' } }))).toMatchObject({ scimType: 'noTarget' });
  });

  it('answers noTarget when a missing element cannot be derived from a non-equality filter', () => {
    expect(rejection(() => patchUser(user(), { op: 'replace', path: 'emails[value co "nomatch"].type', value: 'home' }))).toMatchObject({ scimType: 'noTarget' });
  });

  it('creates a role from a filter on a boolean sub-attribute given as "True"', () => {
    const result = patchUser(user(), { op: 'add', path: 'roles[primary eq "True"].value', value: 'Admin' });
    expect(result.roles).toEqual([{ primary: true, value: 'Admin' }]);
  });

  it('replace on a path that does not exist yet adds it', () => {
    expect(patchUser(user(), { op: 'replace', path: 'nickName', value: 'Babs' }).nickName).toBe('Babs');
  });
});

describe('group members', () => {
  it('add of an existing member is idempotent: no error, no duplicate', () => {
    const result = patchGroup(group('u1'), { op: 'Add', path: 'members', value: [{ $ref: null, value: 'u1' }, { value: 'u2' }] });
    expect(memberIds(result)).toEqual(['u1', 'u2']);
  });

  it('rejects member ids that are not existing users with 400 invalidValue', () => {
    expect(rejection(() => patchGroup(group(), { op: 'Add', path: 'members', value: [{ value: 'nobody' }] }))).toMatchObject({ status: 400, scimType: 'invalidValue' });
  });

  it('remove of members without a value removes them all (RFC)', () => {
    expect(memberIds(patchGroup(group('u1', 'u2'), { op: 'remove', path: 'members' }))).toEqual([]);
  });

  it('replace of members sets exactly the given members', () => {
    expect(memberIds(patchGroup(group('u1', 'u2'), { op: 'replace', path: 'members', value: [{ value: 'u3' }] }))).toEqual(['u3']);
  });

  it('accepts members in a no-path add value', () => {
    expect(memberIds(patchGroup(group('u1'), { op: 'add', value: { members: [{ value: 'u2' }] } }))).toEqual(['u1', 'u2']);
  });

  it('removes members matched by a general filter and by an or-list of ids', () => {
    expect(memberIds(patchGroup(group('u1', 'u2', 'u3'), { op: 'remove', path: 'members[value eq "u1" or value eq "u3"]' }))).toEqual(['u2']);
    expect(memberIds(patchGroup(group('u1', 'u2', 'u3'), { op: 'remove', path: 'members[value sw "u"]' }))).toEqual([]);
  });

  it('rejects changing a member sub-attribute (immutable) with 400 mutability', () => {
    expect(rejection(() => patchGroup(group('u1'), { op: 'replace', path: 'members[value eq "u1"].display', value: 'x' }))).toMatchObject({ scimType: 'mutability' });
  });

  it('member operations touch only the named members, never iterate the stored set', () => {
    const base = new Map<string, Member>();
    for (let i = 0; i < 50_000; i++) base.set(`m${i}`, { value: `m${i}` });
    const iterate = (): never => {
      throw new Error('the whole member set was iterated');
    };
    Object.assign(base, { values: iterate, keys: iterate, entries: iterate, forEach: iterate, [Symbol.iterator]: iterate });
    const changes = new MemberChanges(base);
    applyPatch(
      { displayName: 'big' },
      patchOf({ op: 'Add', path: 'members', value: [{ value: 'u1' }, { value: 'm7' }] }, { op: 'Remove', path: 'members', value: [{ value: 'm3' }] }, { op: 'remove', path: 'members[value eq "m9"]' }),
      { ...groupContext, members: changes, memberExists: (id) => id === 'u1' || base.has(id) },
    );
    const diff = changes.commit(base);
    expect(diff).toEqual({ added: ['u1'], removed: ['m3', 'm9'] });
    expect(base.has('u1')).toBe(true);
    expect(base.has('m3')).toBe(false);
    expect(base.size).toBe(49_999);
  });
});
