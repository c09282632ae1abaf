/** How the guard reads a write request: which resource its path names, which names and members its body sets. */
import { describe, expect, it } from 'vitest';
import { isSafeId, membersAddedBy, namesSetBy, parseTarget } from '../../src/safety/resource-path.ts';

describe('parseTarget', () => {
  it.each([
    ['/Users', { shape: 'collection', kind: 'user' }],
    ['/groups?excludedAttributes=members', { shape: 'collection', kind: 'group' }],
    ['/Users/2819c223-7f76', { shape: 'resource', kind: 'user', id: '2819c223-7f76' }],
    ['/Groups/a%20b?x=1', { shape: 'resource', kind: 'group', id: 'a b' }],
    ['/Users/a%2Fb', { shape: 'resource', kind: 'user', id: 'a/b' }],
    ['/Users/', { shape: 'other' }],
    ['/Users/a/b', { shape: 'other' }],
    ['/Users/%E0%A4%A', { shape: 'other' }],
    ['Users/x', { shape: 'other' }],
    ['/Bulk', { shape: 'other' }],
    ['/Users#x', { shape: 'other' }],
    ['', { shape: 'other' }],
  ])('%s', (path, expected) => {
    expect(parseTarget(path)).toEqual(expected);
  });
});

describe('isSafeId', () => {
  it('accepts ids as directories hand them out and refuses what could change a path', () => {
    for (const id of ['2819c223-7f76-453a-919d-413861904646', '42', 'user@example.com', 'AAMkAGI2TG93AAA=', 'a.b', 'x:y']) expect(isSafeId(id), id).toBe(true);
    for (const id of ['', '.', '..', 'a/b', 'a\\b', '%2e%2e', 'a b', 'a\nb', 'x'.repeat(513)]) expect(isSafeId(id), id).toBe(false);
  });
});

describe('namesSetBy and membersAddedBy', () => {
  const patch = (...Operations: unknown[]) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations });
  it('finds every value a body gives userName or displayName, in every form Entra uses', () => {
    expect(namesSetBy('user', 'POST', { UserName: 'a' })).toEqual(['a']);
    expect(namesSetBy('user', 'PATCH', patch({ op: 'Replace', path: 'userName', value: 'b' }, { op: 'replace', value: { userName: 'c' } }))).toEqual(['b', 'c']);
    expect(namesSetBy('user', 'PATCH', patch({ op: 'add', path: 'urn:ietf:params:scim:schemas:core:2.0:User:userName', value: 'd' }))).toEqual(['d']);
    expect(namesSetBy('user', 'PATCH', patch({ op: 'remove', path: 'userName' }, { op: 'replace', path: 'title', value: 'x' }))).toEqual([]);
    expect(namesSetBy('group', 'PATCH', patch({ op: 'Replace', path: 'displayName', value: 'g' }))).toEqual(['g']);
  });

  it('finds every member a body adds, and ignores removals', () => {
    expect(membersAddedBy('POST', { members: [{ value: 'u1' }, { value: 'u2' }] })).toEqual(['u1', 'u2']);
    expect(membersAddedBy('PATCH', patch({ op: 'Add', path: 'members', value: [{ $ref: null, value: 'u3' }] }, { op: 'Remove', path: 'members', value: [{ value: 'u4' }] }))).toEqual(['u3']);
    expect(membersAddedBy('PATCH', patch({ op: 'replace', value: { members: { value: 'u5' } } }))).toEqual(['u5']);
  });
});
