/**
 * One test per server-side pitfall in reference §7 (rows 1–22: what real SCIM servers got wrong with
 * Microsoft Entra's PATCH requests), each named after the pitfall.
 */
import { describe, expect, it } from 'vitest';
import { applyAttributes, applyPatch } from '../../src/server/patch.ts';
import { PATCH_OP_SCHEMA } from '../../src/server/schema.ts';
import { ENTERPRISE, group, groupContext, memberIds, patchGroup, patchUser, user } from './patch-helpers.ts';

describe('Entra pitfalls (reference §7)', () => {
  it('#1 capitalised Replace op is accepted', () => {
    expect(patchUser(user(), { op: 'Replace', path: 'displayName', value: 'Pvlo' }).displayName).toBe('Pvlo');
  });

  it('#1 capitalised Add op is accepted', () => {
    expect(patchUser(user(), { op: 'Add', path: 'nickName', value: 'Babs' }).nickName).toBe('Babs');
  });

  it('#2 op names are matched case-insensitively in any casing (ADD, rePlace)', () => {
    const result = patchUser(user(), { op: 'ADD', path: 'title', value: 'Guide' }, { op: 'rePlace', path: 'nickName', value: 'B' });
    expect(result).toMatchObject({ title: 'Guide', nickName: 'B' });
  });

  it('#3 capitalised Remove op is accepted', () => {
    expect(patchUser(user(), { op: 'Remove', path: 'displayName' })).not.toHaveProperty('displayName');
  });

  it('#4 lower-case RFC ops are accepted too (add, replace, remove)', () => {
    const result = patchUser(user(), { op: 'add', path: 'title', value: 'T' }, { op: 'replace', path: 'nickName', value: 'N' }, { op: 'remove', path: 'displayName' });
    expect(result).toMatchObject({ title: 'T', nickName: 'N' });
    expect(result).not.toHaveProperty('displayName');
  });

  it('#5 a plain string value replaces displayName (no [{"$ref":null,"value":…}] wrapper required)', () => {
    const result = patchGroup(group(), { op: 'Replace', path: 'displayName', value: '1879db59updatedDisplayName' });
    expect(result.displayName).toBe('1879db59updatedDisplayName');
  });

  it('#6 Remove members with a value array is accepted, not refused for carrying a value', () => {
    expect(() => patchGroup(group('u1', 'u2'), { op: 'Remove', path: 'members', value: [{ value: 'u1' }] })).not.toThrow();
  });

  it('#7 Remove members with a value array removes only the listed members', () => {
    const result = patchGroup(group('u1', 'u2', 'u3', 'u4'), { op: 'Remove', path: 'members', value: [{ $ref: null, value: 'u2' }, { value: 'u4' }] });
    expect(memberIds(result)).toEqual(['u1', 'u3']);
  });

  it('#8 remove members[value eq "<id>"] removes that one member, not all', () => {
    const result = patchGroup(group('u1', 'u2', 'u3'), { op: 'remove', path: 'members[value eq "u2"]' });
    expect(memberIds(result)).toEqual(['u1', 'u3']);
  });

  it('#9 the default-dialect member removal takes effect (no silent no-op)', () => {
    const result = patchGroup(group('f648f8d5ea4e4cd38e9c', 'u1'), { op: 'Remove', path: 'members', value: [{ $ref: null, value: 'f648f8d5ea4e4cd38e9c' }] });
    expect(memberIds(result)).not.toContain('f648f8d5ea4e4cd38e9c');
    expect(memberIds(result)).toEqual(['u1']);
  });

  it('#10 the exact compatibility-doc block 4a body is accepted as sent', () => {
    const block4a = { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'Remove', path: 'members', value: [{ value: 'u1' }] }] };
    expect(memberIds(applyPatch(group('u1', 'u2'), block4a, groupContext))).toEqual(['u2']);
  });

  it('#11 default-dialect and aadOptscim062020 member removal have the same effect', () => {
    const id = '7f4bc1a3-285e-48ae-8202-5accb43efb0e';
    const legacy = patchGroup(group(id, 'u1'), { op: 'Remove', path: 'members', value: [{ value: id }] });
    const flagged = patchGroup(group(id, 'u1'), { op: 'remove', path: `members[value eq "${id}"]` });
    expect(memberIds(legacy)).toEqual(['u1']);
    expect(memberIds(flagged)).toEqual(memberIds(legacy));
  });

  it('#12 no-path replace with dotted keys updates name.givenName and stores no literal key', () => {
    const result = patchUser(user(), { op: 'replace', value: { 'name.givenName': 'Kkom' } });
    expect(result.name).toEqual({ givenName: 'Kkom', familyName: 'Jensen', formatted: 'Barbara Jensen' });
    expect(result).not.toHaveProperty(['name.givenName']);
  });

  it('#13 no-path add with dotted keys creates a nested name, not literal keys', () => {
    const start = user();
    delete start.name;
    const result = patchUser(start, { op: 'add', value: { 'name.givenName': 'Joy', 'name.formatted': 'Joy Young', title: 'CEO' } });
    expect(result.name).toEqual({ givenName: 'Joy', formatted: 'Joy Young' });
    expect(result.title).toBe('CEO');
    expect(Object.keys(result).filter((key) => key.includes('.'))).toEqual([]);
  });

  it('#14 no-path replace of name.familyName keeps the other name sub-attributes and adds no flat key', () => {
    const result = patchUser(user(), { op: 'replace', value: { 'name.familyName': 'Unua', 'name.formatted': 'Barbara Unua' } });
    expect(result.name).toEqual({ givenName: 'Barbara', familyName: 'Unua', formatted: 'Barbara Unua' });
    expect(Object.keys(result)).not.toContain('name.familyName');
  });

  it('#15 no-path add of givenName and familyName reaches both name fields', () => {
    const result = patchUser(user(), { op: 'add', value: { 'name.givenName': 'Gtfd', 'name.familyName': 'Pkqf' } });
    expect(result.name).toMatchObject({ givenName: 'Gtfd', familyName: 'Pkqf' });
  });

  it('#16 URN key in a no-path value lands in the enterprise extension', () => {
    const result = patchUser(user(), { op: 'replace', value: { [`${ENTERPRISE}:employeeNumber`]: 'Aklq', [`${ENTERPRISE}:department`]: 'Retail' } });
    expect(result[ENTERPRISE]).toEqual({ employeeNumber: 'Aklq', department: 'Retail' });
    expect(Object.keys(result).filter((key) => key.endsWith(':employeeNumber'))).toEqual([]);
  });

  it('#17 the whole aadOptscim062020 block 3b applies every attribute', () => {
    const result = patchUser(
      user(),
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
      { op: 'replace', value: { displayName: 'Bjfe', 'name.givenName': 'Kkom', 'name.familyName': 'Unua', [`${ENTERPRISE}:employeeNumber`]: 'Aklq' } },
    );
    expect(result).toMatchObject({
      displayName: 'Bjfe',
      name: { givenName: 'Kkom', familyName: 'Unua' },
      emails: [{ type: 'work', value: 'TestMhvaes@test.microsoft.com', primary: true }],
      [ENTERPRISE]: { employeeNumber: 'Aklq' },
    });
  });

  it('#18 enterprise manager given as a plain string id is stored as { value }', () => {
    const result = patchUser(user(), { op: 'Add', path: `${ENTERPRISE}:manager`, value: 'mgr-1' });
    expect(result[ENTERPRISE]).toEqual({ manager: { value: 'mgr-1' } });
  });

  it('#18 enterprise manager given as { value } or as [{ $ref, value }] is stored as { value }', () => {
    const asObject = patchUser(user(), { op: 'replace', path: `${ENTERPRISE}:manager`, value: { value: 'mgr-2' } });
    expect(asObject[ENTERPRISE]).toEqual({ manager: { value: 'mgr-2' } });
    const documented = patchUser(user(), { op: 'Add', path: 'manager', value: [{ $ref: 'http://x/scim/Users/mgr-3', value: 'mgr-3' }] });
    expect(documented[ENTERPRISE]).toEqual({ manager: { value: 'mgr-3' } });
  });

  it('#18 replace of manager with "" clears it', () => {
    const withManager = patchUser(user(), { op: 'add', path: `${ENTERPRISE}:manager`, value: 'mgr-1' });
    const cleared = patchUser(withManager, { op: 'replace', path: `${ENTERPRISE}:manager`, value: '' });
    expect(cleared).not.toHaveProperty([ENTERPRISE]);
  });

  it("#19 active 'False' string disables the user as a boolean", () => {
    expect(patchUser(user(), { op: 'Replace', path: 'active', value: 'False' }).active).toBe(false);
  });

  it("#19 active 'True' string re-enables the user as a boolean", () => {
    expect(patchUser({ ...user(), active: false }, { op: 'Replace', path: 'active', value: 'True' }).active).toBe(true);
  });

  it("#20 roles primary given as the string 'True' is stored as boolean true", () => {
    const role = { primary: 'True', type: 'WindowsAzureActiveDirectoryRole', value: 'Admin' };
    expect(patchUser(user(), { op: 'add', path: 'roles', value: [role] }).roles).toEqual([{ ...role, primary: true }]);
    expect(applyAttributes({}, { userName: 'x', roles: [role] }, { resourceType: 'User' }).roles).toEqual([{ ...role, primary: true }]);
  });

  it('#21 replace on emails[type eq "work"].value updates the existing work email', () => {
    const start = { ...user(), emails: [{ type: 'home', value: 'h@x.org' }, { type: 'work', value: 'old@x.com', primary: true }] };
    const result = patchUser(start, { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' });
    expect(result.emails).toEqual([{ type: 'home', value: 'h@x.org' }, { type: 'work', value: 'updatedEmail@microsoft.com', primary: true }]);
  });

  it('#22 replace on emails[type eq "work"].value creates the work email when absent', () => {
    const start = { ...user(), emails: [{ type: 'home', value: 'h@x.org', primary: true }] };
    const result = patchUser(start, { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@x.com' });
    expect(result.emails).toEqual([{ type: 'home', value: 'h@x.org', primary: true }, { type: 'work', value: 'new@x.com' }]);
  });

  it('#22 add on emails[type eq "work"].value creates the work email when there are no emails', () => {
    const start = user();
    delete start.emails;
    expect(patchUser(start, { op: 'add', path: 'emails[type eq "work"].value', value: 'a@x.com' }).emails).toEqual([{ type: 'work', value: 'a@x.com' }]);
  });
});

