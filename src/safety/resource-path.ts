/**
 * What a write request touches, read from the request alone: which collection or resource its path names,
 * which unique name (userName, group displayName) its body sets, which users it adds to a group. The guard
 * decides on these, so they are deliberately strict: anything they cannot read is "other", and refused.
 */
import type { ResourceKind } from '../profiles/profile.ts';
import { getInsensitive } from '../profiles/mapped-path.ts';

export type RequestTarget =
  | { shape: 'collection'; kind: ResourceKind }
  | { shape: 'resource'; kind: ResourceKind; id: string }
  | { shape: 'other' };

/** The attribute that names a resource uniquely, carries the run prefix, and is filtered on to find it. */
export const NAME_ATTRIBUTE: Record<ResourceKind, string> = { user: 'userName', group: 'displayName' };

const CORE_URN: Record<ResourceKind, string> = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:user',
  group: 'urn:ietf:params:scim:schemas:core:2.0:group',
};

/** `/Users`, `/Groups/{id}` (any query is ignored); every other path, and any malformed one, is `other`. */
export function parseTarget(path: string): RequestTarget {
  const queryStart = path.indexOf('?');
  const pathPart = queryStart === -1 ? path : path.slice(0, queryStart);
  if (pathPart.includes('#')) return { shape: 'other' };
  const segments = pathPart.split('/');
  if (segments[0] !== '' || segments.length < 2 || segments.length > 3) return { shape: 'other' };
  const collection = segments[1]?.toLowerCase();
  const kind: ResourceKind | undefined = collection === 'users' ? 'user' : collection === 'groups' ? 'group' : undefined;
  if (kind === undefined) return { shape: 'other' };
  if (segments.length === 2) return { shape: 'collection', kind };
  let id: string;
  try {
    id = decodeURIComponent(segments[2] ?? '');
  } catch {
    return { shape: 'other' };
  }
  return id === '' ? { shape: 'other' } : { shape: 'resource', kind, id };
}

/**
 * Whether an id the target handed out can be put in a request path without the path meaning something else
 * on some server: no slash or backslash (a server that decodes `%2F` before routing would see more
 * segments), no `%` (double decoding), no dot segment, no whitespace or control characters.
 */
export function isSafeId(id: string): boolean {
  return id.length > 0 && id.length <= 512 && !/[/\\%\s\u0000-\u001f\u007f]/.test(id) && !/^\.{1,2}$/.test(id);
}

/** The JSON body of a request as an object, or undefined when it is absent or not a JSON object. */
export function bodyObject(body: unknown): Record<string, unknown> | undefined {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** PATCH operations that put values in (add, replace), with their lower-cased path ('' when none). */
function writingOperations(body: Record<string, unknown>): { path: string; value: unknown }[] {
  const operations = getInsensitive(body, 'Operations');
  if (!Array.isArray(operations)) return [];
  return operations.flatMap((operation) => {
    if (operation === null || typeof operation !== 'object') return [];
    const op = String(getInsensitive(operation as Record<string, unknown>, 'op') ?? '').toLowerCase();
    if (op !== 'add' && op !== 'replace') return [];
    const path = getInsensitive(operation as Record<string, unknown>, 'path');
    return [{ path: typeof path === 'string' ? path.trim().toLowerCase() : '', value: getInsensitive(operation as Record<string, unknown>, 'value') }];
  });
}

function isAttributePath(path: string, kind: ResourceKind, attribute: string): boolean {
  const wanted = attribute.toLowerCase();
  return path === wanted || path === `${CORE_URN[kind]}:${wanted}`;
}

/** Every value a POST/PUT/PATCH body gives the resource's unique name (userName or displayName). */
export function namesSetBy(kind: ResourceKind, method: string, body: Record<string, unknown>): unknown[] {
  const attribute = NAME_ATTRIBUTE[kind];
  if (method !== 'PATCH') {
    const value = getInsensitive(body, attribute);
    return value === undefined ? [] : [value];
  }
  return writingOperations(body).flatMap(({ path, value }) => {
    if (isAttributePath(path, kind, attribute)) return [value];
    if (path === '' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const named = getInsensitive(value as Record<string, unknown>, attribute);
      return named === undefined ? [] : [named];
    }
    return [];
  });
}

/** The `value` of every member a POST/PUT/PATCH body puts into a group (removals are not listed). */
export function membersAddedBy(method: string, body: Record<string, unknown>): unknown[] {
  const valuesOf = (members: unknown): unknown[] =>
    (Array.isArray(members) ? members : [members]).map((member) =>
      member !== null && typeof member === 'object' ? getInsensitive(member as Record<string, unknown>, 'value') : member,
    );
  if (method !== 'PATCH') {
    const members = getInsensitive(body, 'members');
    return members === undefined ? [] : valuesOf(members);
  }
  return writingOperations(body).flatMap(({ path, value }) => {
    if (isAttributePath(path, 'group', 'members')) return valuesOf(value);
    if (path === '' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const members = getInsensitive(value as Record<string, unknown>, 'members');
      return members === undefined ? [] : valuesOf(members);
    }
    return [];
  });
}
