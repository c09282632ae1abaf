/**
 * The store's indexes: uniqueness (case-insensitive userName / group displayName → 409 uniqueness), indexed
 * lookups that avoid scans, and the membership index that keeps deletes cheap and consistent.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ScimError } from '../../src/server/errors.ts';
import { parseFilter } from '../../src/server/filter.ts';
import { MemberChanges } from '../../src/server/members.ts';
import { ScimStore } from '../../src/server/store.ts';

function conflict(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ScimError);
    return error as ScimError;
  }
  throw new Error('expected a uniqueness conflict');
}

function withMembers(...ids: string[]): MemberChanges {
  const changes = new MemberChanges(new Map());
  for (const value of ids) changes.add({ value });
  return changes;
}

describe('ScimStore', () => {
  let store: ScimStore;
  beforeEach(() => {
    store = new ScimStore();
  });

  it('assigns UUID ids and creation timestamps', () => {
    const user = store.createUser({ userName: 'a' });
    expect(user.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Date.parse(user.created)).not.toBeNaN();
    expect(user.lastModified).toBe(user.created);
  });

  it('rejects a duplicate userName differing only in case with 409 uniqueness', () => {
    store.createUser({ userName: 'Bjensen@Example.com' });
    const error = conflict(() => store.createUser({ userName: 'bjensen@example.COM' }));
    expect(error.status).toBe(409);
    expect(error.scimType).toBe('uniqueness');
    expect(store.userCount).toBe(1);
  });

  it('rejects renaming a user onto another user’s userName, and keeps the old name claimed', () => {
    store.createUser({ userName: 'taken' });
    const other = store.createUser({ userName: 'mine' });
    expect(conflict(() => store.updateUser(other.id, { userName: 'TAKEN' })).status).toBe(409);
    expect(store.getUser(other.id)?.attrs.userName).toBe('mine');
    expect(conflict(() => store.createUser({ userName: 'MINE' })).status).toBe(409);
  });

  it('lets a user change the case of its own userName and frees the old name on rename', () => {
    const user = store.createUser({ userName: 'old' });
    store.updateUser(user.id, { userName: 'OLD' });
    store.updateUser(user.id, { userName: 'new' });
    expect(() => store.createUser({ userName: 'old' })).not.toThrow();
  });

  it('rejects a duplicate group displayName case-insensitively with 409 uniqueness', () => {
    store.createGroup({ displayName: 'Org Admin' });
    expect(conflict(() => store.createGroup({ displayName: 'org admin' })).scimType).toBe('uniqueness');
  });

  it('frees a userName when the user is deleted', () => {
    const user = store.createUser({ userName: 'gone' });
    expect(store.deleteUser(user.id)).toBe(true);
    expect(store.deleteUser(user.id)).toBe(false);
    expect(() => store.createUser({ userName: 'gone' })).not.toThrow();
  });

  it('answers userName eq, id eq and an and containing them from the index, without a scan', () => {
    const users = ['a', 'b', 'c'].map((userName) => store.createUser({ userName }));
    const target = users[1]!;
    expect(store.candidates('User', parseFilter('userName eq "B"')).map((u) => u.id)).toEqual([target.id]);
    expect(store.candidates('User', parseFilter(`id eq "${target.id}"`)).map((u) => u.id)).toEqual([target.id]);
    expect(store.candidates('User', parseFilter('active eq true and userName eq "b"')).map((u) => u.id)).toEqual([target.id]);
    expect(store.candidates('User', parseFilter('userName eq "nobody"'))).toEqual([]);
    expect(store.stats.fullScans).toBe(0);
  });

  it('answers displayName eq for groups from the index', () => {
    store.createGroup({ displayName: 'one' });
    const two = store.createGroup({ displayName: 'EDU All personal' });
    expect(store.candidates('Group', parseFilter('displayName eq "edu all personal"')).map((g) => g.id)).toEqual([two.id]);
    expect(store.stats.fullScans).toBe(0);
  });

  it('scans for filters no index answers, in creation order', () => {
    const ids = ['x', 'y', 'z'].map((userName) => store.createUser({ userName }).id);
    expect(store.candidates('User', parseFilter('externalId eq "1"')).map((u) => u.id)).toEqual(ids);
    expect(store.candidates('User', parseFilter('userName eq "x" or userName eq "y"')).map((u) => u.id)).toEqual(ids);
    expect(store.stats.fullScans).toBe(2);
  });

  it('removes a hard-deleted user from every group it belonged to', () => {
    const alice = store.createUser({ userName: 'alice' });
    const bob = store.createUser({ userName: 'bob' });
    const g1 = store.createGroup({ displayName: 'g1' }, withMembers(alice.id, bob.id));
    const g2 = store.createGroup({ displayName: 'g2' }, withMembers(alice.id));
    expect(store.groupsOf(alice.id).map((g) => g.id)).toEqual([g1.id, g2.id]);
    store.deleteUser(alice.id);
    expect([...g1.members.keys()]).toEqual([bob.id]);
    expect(g2.members.size).toBe(0);
    expect(store.groupsOf(alice.id)).toEqual([]);
  });

  it('keeps the membership index in step with member changes and group deletes', () => {
    const alice = store.createUser({ userName: 'alice' });
    const group = store.createGroup({ displayName: 'g' }, withMembers(alice.id));
    const removal = new MemberChanges(group.members);
    removal.delete(alice.id);
    store.updateGroup(group.id, { displayName: 'g' }, removal);
    expect(store.groupsOf(alice.id)).toEqual([]);
    const readd = new MemberChanges(group.members);
    readd.add({ value: alice.id });
    store.updateGroup(group.id, { displayName: 'g' }, readd);
    expect(store.groupsOf(alice.id).map((g) => g.id)).toEqual([group.id]);
    store.deleteGroup(group.id);
    expect(store.groupsOf(alice.id)).toEqual([]);
  });

  it('does not apply member changes when the group rename conflicts', () => {
    const alice = store.createUser({ userName: 'alice' });
    store.createGroup({ displayName: 'taken' });
    const group = store.createGroup({ displayName: 'g' });
    const changes = new MemberChanges(group.members);
    changes.add({ value: alice.id });
    expect(conflict(() => store.updateGroup(group.id, { displayName: 'TAKEN' }, changes)).status).toBe(409);
    expect(group.members.size).toBe(0);
    expect(store.groupsOf(alice.id)).toEqual([]);
  });
});

describe('MemberChanges', () => {
  it('reports only real changes and supports clear-then-add', () => {
    const base = new Map([
      ['a', { value: 'a' }],
      ['b', { value: 'b' }],
    ]);
    const changes = new MemberChanges(base);
    changes.clear();
    changes.add({ value: 'b' });
    changes.add({ value: 'c' });
    expect(changes.size).toBe(2);
    expect(changes.has('a')).toBe(false);
    expect(changes.commit(base)).toEqual({ added: ['c'], removed: ['a'] });
    expect([...base.keys()]).toEqual(['b', 'c']);
  });

  it('treats delete-then-add of a stored member as no change', () => {
    const base = new Map([['a', { value: 'a' }]]);
    const changes = new MemberChanges(base);
    changes.delete('a');
    expect(changes.has('a')).toBe(false);
    changes.add({ value: 'a' });
    expect(changes.isEmpty).toBe(true);
    expect(changes.commit(base)).toEqual({ added: [], removed: [] });
  });
});
