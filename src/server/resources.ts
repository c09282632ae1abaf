/**
 * The /Users and /Groups endpoints (RFC 7644 §3.3–3.6 and §3.4.3 `.search`): validation of request bodies,
 * list/filter/paging, and the status codes Entra expects (201 + Location on create, 200 + resource on user
 * PATCH, 204 on group PATCH and DELETE, 404 for unknown ids, 200 with an empty list for no matches).
 */
import { ScimError } from './errors.ts';
import { compileFilter, matchesFilter } from './filter-eval.ts';
import type { Filter } from './filter.ts';
import { MemberChanges } from './members.ts';
import { applyAttributes, applyPatch, type PatchContext } from './patch.ts';
import { findKey, getField, isObject, type JsonObject } from './paths.ts';
import { parseProjection, project, wantsAttribute, type Projection } from './projection.ts';
import { groupView, locationOf, userView } from './representation.ts';
import { LIST_RESPONSE_SCHEMA, SEARCH_REQUEST_SCHEMA, attributeDef, coreSchemaOf, type ResourceTypeName } from './schema.ts';
import type { ScimStore, StoredGroup, StoredResource } from './store.ts';
import type { DeclaredExtension, ScimResponse } from './types.ts';

export interface ResourceContext {
  store: ScimStore;
  /** Absolute SCIM base URL, for `meta.location`, `$ref` and `Location`. */
  baseUrl: string;
  /** Custom extension schemas /Schemas declares (ReferenceServerOptions.declaredExtensions). */
  declaredExtensions?: readonly DeclaredExtension[];
}

/** Page size used when `count` is absent, and the most a page holds (advertised as filter.maxResults). */
export const MAX_RESULTS = 200;

export interface ListParams {
  filter?: unknown;
  startIndex?: unknown;
  count?: unknown;
  attributes?: unknown;
  excludedAttributes?: unknown;
}

/** Query parameter by name, case-insensitively; unknown parameters (e.g. `aadOptscim062020`) are never read. */
export function queryParam(query: URLSearchParams, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of query) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function projectionOf(query: URLSearchParams): Projection {
  return parseProjection(queryParam(query, 'attributes'), queryParam(query, 'excludedAttributes'));
}

function view(ctx: ResourceContext, type: ResourceTypeName, row: StoredResource, withMembers: boolean): JsonObject {
  return type === 'User' ? userView(ctx.store, ctx.baseUrl, row) : groupView(ctx.baseUrl, row as StoredGroup, { members: withMembers });
}

function render(ctx: ResourceContext, type: ResourceTypeName, row: StoredResource, projection: Projection): JsonObject {
  return project(view(ctx, type, row, wantsAttribute(projection, 'members')), projection);
}

function find(ctx: ResourceContext, type: ResourceTypeName, id: string): StoredResource {
  const row = type === 'User' ? ctx.store.getUser(id) : ctx.store.getGroup(id);
  if (row === undefined) throw new ScimError(404, `${type} ${JSON.stringify(id)} not found.`);
  return row;
}

function integerParam(raw: unknown, name: string, fallback: number): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
  if (typeof raw === 'string' && /^[+-]?\d+$/.test(raw.trim())) return Number.parseInt(raw.trim(), 10);
  throw new ScimError(400, `"${name}" must be an integer.`, 'invalidValue');
}

function mentionsMembers(filter: Filter): boolean {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return mentionsMembers(filter.left) || mentionsMembers(filter.right);
    case 'not':
      return mentionsMembers(filter.filter);
    default:
      return filter.path.urn === undefined && filter.path.attr.toLowerCase() === 'members';
  }
}

export function listResources(ctx: ResourceContext, type: ResourceTypeName, params: ListParams): ScimResponse {
  if (params.filter !== undefined && params.filter !== null && typeof params.filter !== 'string') {
    throw new ScimError(400, '"filter" must be a string.', 'invalidFilter');
  }
  const filter = typeof params.filter === 'string' && params.filter.trim() !== '' ? compileFilter(params.filter, type) : undefined;
  // RFC 7644 §3.4.2.4: startIndex below 1 is read as 1, a negative count as 0.
  const startIndex = Math.max(1, integerParam(params.startIndex, 'startIndex', 1));
  const count = Math.min(MAX_RESULTS, Math.max(0, integerParam(params.count, 'count', MAX_RESULTS)));
  const projection = parseProjection(params.attributes, params.excludedAttributes);

  let rows = ctx.store.candidates(type, filter);
  if (filter !== undefined) {
    const withMembers = type === 'Group' && mentionsMembers(filter);
    rows = rows.filter((row) => matchesFilter(view(ctx, type, row, withMembers), filter, type));
  }
  const page = rows.slice(startIndex - 1, startIndex - 1 + count);
  return {
    status: 200,
    body: {
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: rows.length,
      startIndex,
      itemsPerPage: page.length,
      Resources: page.map((row) => render(ctx, type, row, projection)),
    },
  };
}

export function listFromQuery(ctx: ResourceContext, type: ResourceTypeName, query: URLSearchParams): ScimResponse {
  return listResources(ctx, type, {
    filter: queryParam(query, 'filter'),
    startIndex: queryParam(query, 'startIndex'),
    count: queryParam(query, 'count'),
    attributes: queryParam(query, 'attributes'),
    excludedAttributes: queryParam(query, 'excludedAttributes'),
  });
}

/** POST /{type}/.search (RFC 7644 §3.4.3): the query parameters, carried in a SearchRequest body. */
export function searchResources(ctx: ResourceContext, type: ResourceTypeName, body: unknown): ScimResponse {
  if (!isObject(body)) throw new ScimError(400, 'The search body must be a JSON object.', 'invalidSyntax');
  const schemas = getField(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === SEARCH_REQUEST_SCHEMA.toLowerCase())) {
    throw new ScimError(400, `"schemas" must contain "${SEARCH_REQUEST_SCHEMA}".`, 'invalidSyntax');
  }
  return listResources(ctx, type, {
    filter: getField(body, 'filter'),
    startIndex: getField(body, 'startIndex'),
    count: getField(body, 'count'),
    attributes: getField(body, 'attributes'),
    excludedAttributes: getField(body, 'excludedAttributes'),
  });
}

export function getResource(ctx: ResourceContext, type: ResourceTypeName, id: string, query: URLSearchParams): ScimResponse {
  return { status: 200, body: render(ctx, type, find(ctx, type, id), projectionOf(query)) };
}

/**
 * The attributes of a POST/PUT body: `schemas` must name the core schema; `id`, `meta` and readOnly
 * attributes such as `groups` are the server's and are ignored (RFC 7644 §3.3, §3.5.1). Unknown schema URIs
 * in `schemas` (Entra's ADSCIM group URI, the documented `…enterprise:2.0User` typo) are not an error.
 */
function readBody(type: ResourceTypeName, body: unknown): JsonObject {
  const core = coreSchemaOf(type);
  if (!isObject(body)) throw new ScimError(400, `The request body must be a JSON object describing a ${type}.`, 'invalidSyntax');
  const schemas = getField(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === core.toLowerCase())) {
    throw new ScimError(400, `"schemas" must contain "${core}".`, 'invalidSyntax');
  }
  const attributes: JsonObject = {};
  for (const [key, value] of Object.entries(body)) {
    const lower = key.toLowerCase();
    if (lower === 'schemas' || lower === 'id' || lower === 'meta') continue;
    if (attributeDef(type, undefined, key)?.mutability === 'readOnly') continue;
    attributes[key] = value;
  }
  return attributes;
}

/** Checks what every stored resource must satisfy after a create, replace or patch. */
function finish(type: ResourceTypeName, attrs: JsonObject): JsonObject {
  const nameAttr = type === 'User' ? 'userName' : 'displayName';
  const name = getField(attrs, nameAttr);
  if (typeof name !== 'string' || name.trim() === '') {
    throw new ScimError(400, `"${nameAttr}" is required and must be a non-empty string.`, 'invalidValue');
  }
  if (type === 'User' && findKey(attrs, 'active') === undefined) attrs.active = true;
  return attrs;
}

function patchContext(ctx: ResourceContext, type: ResourceTypeName, members: MemberChanges | undefined): PatchContext {
  const context: PatchContext = { resourceType: type, memberExists: (id) => ctx.store.hasUser(id) };
  if (members !== undefined) context.members = members;
  return context;
}

export function createResource(ctx: ResourceContext, type: ResourceTypeName, body: unknown, query: URLSearchParams): ScimResponse {
  const attributes = readBody(type, body);
  const members = type === 'Group' ? new MemberChanges(new Map()) : undefined;
  const attrs = finish(type, applyAttributes({}, attributes, patchContext(ctx, type, members)));
  const row = type === 'User' ? ctx.store.createUser(attrs) : ctx.store.createGroup(attrs, members);
  return {
    status: 201,
    headers: { location: locationOf(ctx.baseUrl, type, row.id) },
    body: render(ctx, type, row, projectionOf(query)),
  };
}

/** PUT (RFC 7644 §3.5.1): the body replaces every writable attribute; what it omits is cleared. */
export function replaceResource(ctx: ResourceContext, type: ResourceTypeName, id: string, body: unknown, query: URLSearchParams): ScimResponse {
  const existing = find(ctx, type, id);
  const attributes = readBody(type, body);
  let members: MemberChanges | undefined;
  if (type === 'Group') {
    members = new MemberChanges((existing as StoredGroup).members);
    members.clear();
  }
  const attrs = finish(type, applyAttributes({}, attributes, patchContext(ctx, type, members)));
  const row = type === 'User' ? ctx.store.updateUser(id, attrs) : ctx.store.updateGroup(id, attrs, members);
  return { status: 200, body: render(ctx, type, row, projectionOf(query)) };
}

export function patchResource(ctx: ResourceContext, type: ResourceTypeName, id: string, body: unknown, query: URLSearchParams): ScimResponse {
  const existing = find(ctx, type, id);
  const members = type === 'Group' ? new MemberChanges((existing as StoredGroup).members) : undefined;
  const attrs = finish(type, applyPatch(existing.attrs, body, patchContext(ctx, type, members)));
  if (type === 'User') {
    const row = ctx.store.updateUser(id, attrs);
    return { status: 200, body: render(ctx, type, row, projectionOf(query)) };
  }
  // Microsoft: "Update to the group PATCH request should yield an HTTP 204 No Content".
  ctx.store.updateGroup(id, attrs, members);
  return { status: 204 };
}

export function deleteResource(ctx: ResourceContext, type: ResourceTypeName, id: string): ScimResponse {
  const deleted = type === 'User' ? ctx.store.deleteUser(id) : ctx.store.deleteGroup(id);
  if (!deleted) throw new ScimError(404, `${type} ${JSON.stringify(id)} not found.`);
  return { status: 204 };
}
