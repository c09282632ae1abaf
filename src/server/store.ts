/**
 * In-memory users and groups, in Maps by id (insertion order = creation order, which lists rely on), with
 * the indexes Entra's traffic needs: userName and group displayName (lower-cased: both are caseExact false,
 * RFC 7643 §4.1.1/§4.2) for lookups and uniqueness, and user id → group ids so a hard-deleted user leaves
 * its groups without a scan. The store checks uniqueness; everything else about a resource is validated
 * before it gets here.
 */
import { randomUUID } from 'node:crypto';
import { ScimError } from './errors.ts';
import type { Filter } from './filter.ts';
import { MemberChanges, type Member } from './members.ts';
import { getField, type JsonObject } from './paths.ts';
import type { ResourceTypeName } from './schema.ts';

export interface StoredResource {
  id: string;
  created: string;
  lastModified: string;
  /** Everything but `id`, `schemas`, `meta` and (for groups) `members`. */
  attrs: JsonObject;
}

export interface StoredGroup extends StoredResource {
  members: Map<string, Member>;
}

export interface StoreStats {
  /** Queries answered by evaluating the filter against every resource of the type. */
  fullScans: number;
}

interface Table<R extends StoredResource> {
  rows: Map<string, R>;
  /** Lower-cased unique name → id. */
  names: Map<string, string>;
  /** Attribute holding the unique name. */
  nameAttr: 'userName' | 'displayName';
}

export class ScimStore {
  readonly stats: StoreStats = { fullScans: 0 };
  private readonly users: Table<StoredResource> = { rows: new Map(), names: new Map(), nameAttr: 'userName' };
  private readonly groups: Table<StoredGroup> = { rows: new Map(), names: new Map(), nameAttr: 'displayName' };
  /** User id → ids of the groups it is a member of. */
  private readonly memberships = new Map<string, Set<string>>();

  getUser(id: string): StoredResource | undefined {
    return this.users.rows.get(id);
  }

  getGroup(id: string): StoredGroup | undefined {
    return this.groups.rows.get(id);
  }

  hasUser(id: string): boolean {
    return this.users.rows.has(id);
  }

  get userCount(): number {
    return this.users.rows.size;
  }

  get groupCount(): number {
    return this.groups.rows.size;
  }

  createUser(attrs: JsonObject): StoredResource {
    const user = { id: randomUUID(), created: '', lastModified: '', attrs };
    this.claimName(this.users, user.id, undefined, attrs);
    user.created = user.lastModified = now();
    this.users.rows.set(user.id, user);
    return user;
  }

  updateUser(id: string, attrs: JsonObject): StoredResource {
    const user = this.mustGet(this.users, id, 'User');
    this.claimName(this.users, id, user.attrs, attrs);
    user.attrs = attrs;
    user.lastModified = now();
    return user;
  }

  deleteUser(id: string): boolean {
    const user = this.users.rows.get(id);
    if (user === undefined) return false;
    this.users.rows.delete(id);
    this.users.names.delete(nameOf(this.users, user.attrs));
    const stamp = now();
    for (const groupId of this.memberships.get(id) ?? []) {
      const group = this.groups.rows.get(groupId);
      if (group === undefined) continue;
      group.members.delete(id);
      group.lastModified = stamp;
    }
    this.memberships.delete(id);
    return true;
  }

  /** `members` must only name existing users (the PATCH engine checks that through `hasUser`). */
  createGroup(attrs: JsonObject, members?: MemberChanges): StoredGroup {
    const group: StoredGroup = { id: randomUUID(), created: '', lastModified: '', attrs, members: new Map() };
    this.claimName(this.groups, group.id, undefined, attrs);
    group.created = group.lastModified = now();
    this.groups.rows.set(group.id, group);
    if (members !== undefined) this.commitMembers(group, members);
    return group;
  }

  /** `members` are changes made against `getGroup(id).members`; they are applied only if the name is free. */
  updateGroup(id: string, attrs: JsonObject, members?: MemberChanges): StoredGroup {
    const group = this.mustGet(this.groups, id, 'Group');
    this.claimName(this.groups, id, group.attrs, attrs);
    group.attrs = attrs;
    if (members !== undefined) this.commitMembers(group, members);
    group.lastModified = now();
    return group;
  }

  deleteGroup(id: string): boolean {
    const group = this.groups.rows.get(id);
    if (group === undefined) return false;
    this.groups.rows.delete(id);
    this.groups.names.delete(nameOf(this.groups, group.attrs));
    for (const userId of group.members.keys()) this.memberships.get(userId)?.delete(id);
    return true;
  }

  /** The groups a user is a direct member of, from the membership index. */
  groupsOf(userId: string): StoredGroup[] {
    const ids = this.memberships.get(userId);
    if (ids === undefined) return [];
    return [...ids].flatMap((id) => this.groups.rows.get(id) ?? []);
  }

  /**
   * Resources that may match `filter`, in creation order. `id eq`, `userName eq` / `displayName eq` (alone
   * or as a term of an `and`) are answered from the indexes; anything else returns every resource, and the
   * caller evaluates the filter on what comes back either way.
   */
  candidates(type: 'User', filter: Filter | undefined): StoredResource[];
  candidates(type: 'Group', filter: Filter | undefined): StoredGroup[];
  candidates(type: ResourceTypeName, filter: Filter | undefined): StoredResource[];
  candidates(type: ResourceTypeName, filter: Filter | undefined): StoredResource[] {
    const table: Table<StoredResource> = type === 'User' ? this.users : this.groups;
    const ids = filter === undefined ? undefined : indexLookup(table, filter);
    if (ids === undefined) {
      if (filter !== undefined) this.stats.fullScans++;
      return [...table.rows.values()];
    }
    return ids.flatMap((id) => table.rows.get(id) ?? []);
  }

  private mustGet<R extends StoredResource>(table: Table<R>, id: string, type: ResourceTypeName): R {
    const row = table.rows.get(id);
    if (row === undefined) throw new ScimError(404, `${type} ${JSON.stringify(id)} not found.`);
    return row;
  }

  /** Reserves the unique name in `next` for `id`, releasing the one in `previous`; 409 uniqueness if taken. */
  private claimName(table: Table<StoredResource>, id: string, previous: JsonObject | undefined, next: JsonObject): void {
    const wanted = nameOf(table, next);
    const holder = table.names.get(wanted);
    if (holder !== undefined && holder !== id) {
      throw new ScimError(409, `A resource with ${table.nameAttr} ${JSON.stringify(getField(next, table.nameAttr))} already exists.`, 'uniqueness');
    }
    if (previous !== undefined) table.names.delete(nameOf(table, previous));
    table.names.set(wanted, id);
  }

  private commitMembers(group: StoredGroup, changes: MemberChanges): void {
    const diff = changes.commit(group.members);
    for (const userId of diff.added) {
      let groups = this.memberships.get(userId);
      if (groups === undefined) this.memberships.set(userId, (groups = new Set()));
      groups.add(group.id);
    }
    for (const userId of diff.removed) this.memberships.get(userId)?.delete(group.id);
  }
}

function now(): string {
  return new Date().toISOString();
}

function nameOf(table: Table<StoredResource>, attrs: JsonObject): string {
  const name = getField(attrs, table.nameAttr);
  return typeof name === 'string' ? name.toLowerCase() : '';
}

/** Ids an indexed equality pins the filter to, or undefined when the filter needs a scan. */
function indexLookup(table: Table<StoredResource>, filter: Filter): string[] | undefined {
  if (filter.kind === 'and') return indexLookup(table, filter.left) ?? indexLookup(table, filter.right);
  if (filter.kind !== 'compare' || filter.op !== 'eq') return undefined;
  if (filter.path.urn !== undefined || filter.path.sub !== undefined) return undefined;
  const value = typeof filter.value === 'string' ? filter.value : filter.raw;
  if (value === undefined) return undefined;
  const attr = filter.path.attr.toLowerCase();
  if (attr === 'id') return [value]; // ids are caseExact: a Map lookup is the whole answer
  if (attr !== table.nameAttr.toLowerCase()) return undefined;
  const id = table.names.get(value.toLowerCase());
  return id === undefined ? [] : [id];
}
