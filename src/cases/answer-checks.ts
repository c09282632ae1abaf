/**
 * Checks that need only one answer (and what its request said): the cases call them on the answers they
 * provoke, and `observe`'s passive judge (src/observe/judge.ts) calls the very same functions on answers it
 * only watched go by. One implementation each, so an active and a passive finding can never disagree on what
 * "wrong" means. Each names the case ids whose check it is.
 */
import type { Profile, ResourceKind } from '../profiles/profile.ts';
import { getInsensitive } from '../profiles/mapped-path.ts';
import type { Reply } from '../model/reply.ts';
import { ConformanceFailure } from '../model/outcomes.ts';
import { expectCreatedId, expectNoMembers, expectResource, expectSchemas, expectStatus, expectValue, jsonBody, profileSchema } from './checks.ts';

const CORE_SCHEMAS = ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:core:2.0:Group'];

/** USR-CREATE-01, GRP-CREATE-01, GRP-CREATE-02: success, the new id, a valid resource, the name as sent. */
export function expectCreateAnswer(reply: Reply, kind: ResourceKind, named: { attribute: string; sent: unknown }): Record<string, unknown> {
  expectCreatedId(reply);
  const body = expectResource(reply, kind);
  expectValue(reply, `/${named.attribute}`, named.sent, body[named.attribute]);
  return body;
}

/** USR-CREATE-04, GRP-CREATE-04: a successful create answers 201 Created (RFC 7644 §3.3). */
export function expectCreated201(reply: Reply): void {
  expectStatus(reply, [201]);
}

/** USR-CREATE-05, GRP-CREATE-05: the created resource carries every attribute the target profile requires. */
export function expectProfileAttributes(reply: Reply, profile: Profile, kind: ResourceKind): void {
  expectSchemas(reply, jsonBody(reply), [profileSchema(profile, kind)]);
}

/** USR-GET-01, GRP-GET-01: a read by id answers 200 with a valid resource that has that id. */
export function expectReadById(reply: Reply, kind: ResourceKind, id: string): Record<string, unknown> {
  expectStatus(reply, [200]);
  const resource = expectResource(reply, kind);
  expectValue(reply, '/id', id, resource.id);
  return resource;
}

/** USR-GET-01: the user read by the id it was created with, holding the userName it was created with. */
export function expectUserById(reply: Reply, id: string, userName: unknown): void {
  const resource = expectReadById(reply, 'user', id);
  expectValue(reply, '/userName', userName, resource.userName);
}

/** GRP-GET-01: the group read by id with excludedAttributes=members, and no members in it. */
export function expectGroupByIdWithoutMembers(reply: Reply, id: string): void {
  expectNoMembers(reply.label, expectReadById(reply, 'group', id));
}

/** USR-DELETE-03, GRP-DELETE-03: a successful DELETE answers 204 No Content (RFC 7644 §3.6). */
export function expectDeleted204(reply: Reply): void {
  expectStatus(reply, [204]);
}

/** USR-MEDIA-01: answers carry Content-Type application/scim+json (RFC 7644 §3.1). */
export function expectScimContentType(reply: Reply): void {
  const contentType = reply.headers['content-type'] ?? '';
  if (!/^application\/scim\+json\s*(;|$)/i.test(contentType)) {
    throw new ConformanceFailure(`${reply.label}: Content-Type should be application/scim+json, got ${JSON.stringify(contentType)}`, 'application/scim+json', contentType);
  }
}

/** DISC-01: GET /Schemas answers a ListResponse holding the User and Group schemas, without nulls. */
export function expectSchemasDiscovery(reply: Reply): void {
  expectStatus(reply, [200]);
  const body = jsonBody(reply);
  expectSchemas(reply, body, ['scim/ListResponse.json']);
  const ids = ((body.Resources ?? []) as unknown[]).map((schema) => String(getInsensitive(schema, 'id')));
  for (const id of CORE_SCHEMAS) {
    if (!ids.includes(id)) {
      throw new ConformanceFailure(`${reply.label}: Resources should include the schema ${id}, got ${JSON.stringify(ids)}`, id, ids);
    }
  }
  const nullAt = findNull(body, '');
  // ED-SCIM /Schemas: "If a value isn't present, don't send null values."
  if (nullAt !== undefined) throw new ConformanceFailure(`${reply.label}: ${nullAt} is null; absent values should be left out`, 'no null values', null);
}

/** DISC-02: GET /ServiceProviderConfig advertises PATCH. */
export function expectPatchAdvertised(reply: Reply): void {
  expectStatus(reply, [200]);
  const body = jsonBody(reply);
  expectValue(reply, '/patch/supported', true, getInsensitive(getInsensitive(body, 'patch'), 'supported'));
}

function findNull(value: unknown, pointer: string): string | undefined {
  if (value === null) return pointer || '/';
  if (typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = findNull(child, `${pointer}/${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
