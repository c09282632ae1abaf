/**
 * Stored resource → SCIM JSON representation: `schemas` (core plus each extension present, never the unknown
 * URIs a client happened to send), `id`, attributes as stored, `meta` with an absolute `location`. Computed
 * parts: a user's `active` (defaults to true, always returned) and `groups` (from the membership index), a
 * group's `members` with `$ref`. `password` is never returned (RFC 7643 §4.1.1, returned "never").
 */
import type { Member } from './members.ts';
import { findKey, isObject, type JsonObject } from './paths.ts';
import { GROUP_SCHEMA, USER_SCHEMA, findSchema, type ResourceTypeName } from './schema.ts';
import type { ScimStore, StoredGroup, StoredResource } from './store.ts';

export interface ViewOptions {
  /** Build `members` (O(group size)); false when the projection or filter does not need them. */
  members?: boolean;
}

export function endpointOf(type: ResourceTypeName): string {
  return type === 'User' ? 'Users' : 'Groups';
}

export function locationOf(baseUrl: string, type: ResourceTypeName, id: string): string {
  return `${baseUrl}/${endpointOf(type)}/${encodeURIComponent(id)}`;
}

function schemasOf(core: string, attrs: JsonObject): string[] {
  const schemas = [core];
  for (const [key, value] of Object.entries(attrs)) {
    if (/^urn:/i.test(key) && isObject(value)) schemas.push(findSchema(key)?.id ?? key);
  }
  return schemas;
}

function meta(baseUrl: string, type: ResourceTypeName, row: StoredResource): JsonObject {
  return { resourceType: type, created: row.created, lastModified: row.lastModified, location: locationOf(baseUrl, type, row.id) };
}

/** Representation with `externalId` first after `id` and `meta` last, the order RFC 7643's examples use. */
function assemble(core: string, row: StoredResource, skip: (key: string) => boolean): JsonObject {
  const out: JsonObject = { schemas: schemasOf(core, row.attrs), id: row.id };
  const externalId = findKey(row.attrs, 'externalId');
  if (externalId !== undefined) out[externalId] = row.attrs[externalId];
  for (const [key, value] of Object.entries(row.attrs)) if (key !== externalId && !skip(key)) out[key] = value;
  return out;
}

export function userView(store: ScimStore, baseUrl: string, user: StoredResource): JsonObject {
  const out = assemble(USER_SCHEMA, user, (key) => key.toLowerCase() === 'password');
  if (findKey(out, 'active') === undefined) out.active = true;
  const groups = store.groupsOf(user.id);
  if (groups.length > 0) {
    out.groups = groups.map((group) => ({
      value: group.id,
      $ref: locationOf(baseUrl, 'Group', group.id),
      display: group.attrs.displayName,
      type: 'direct',
    }));
  }
  out.meta = meta(baseUrl, 'User', user);
  return out;
}

export function groupView(baseUrl: string, group: StoredGroup, options: ViewOptions = {}): JsonObject {
  const out = assemble(GROUP_SCHEMA, group, () => false);
  if (options.members !== false) out.members = [...group.members.values()].map((member) => memberView(baseUrl, member));
  out.meta = meta(baseUrl, 'Group', group);
  return out;
}

function memberView(baseUrl: string, member: Member): JsonObject {
  const out: JsonObject = { value: member.value, $ref: locationOf(baseUrl, 'User', member.value) };
  if (member.display !== undefined) out.display = member.display;
  out.type = member.type ?? 'User';
  return out;
}
