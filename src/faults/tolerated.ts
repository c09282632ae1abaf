/**
 * Conformant-but-unusual servers: each behaviour is allowed by the RFC text cited (and tolerated by Entra),
 * so every case must pass against it. They keep the suite honest in the other direction: a case that fails
 * one of these is judging taste, not conformance.
 */
import type { ScimMiddleware, ScimResponse } from '../server/types.ts';
import { LIST_SCHEMA, is, isObject, mapResources, readResource, type Json } from './kit.ts';
import type { ToleratedVariant } from './types.ts';

const userPatch204: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  return is(request, 'PATCH', 'Users', true) && response.status === 200 ? { status: 204 } : response;
};

const groupPatch200WithResource: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  if (!is(request, 'PATCH', 'Groups', true) || response.status !== 204) return response;
  const group = await readResource(next, request, request.path);
  return group === undefined ? response : { status: 200, body: group };
};

/** A custom extension (RFC 7643 §3.3), declared in `schemas`, on every user and group, plus core attributes nobody sent. */
const extraAttributes: ScimMiddleware = async (request, next) =>
  mapResources(await next(request), (resource) => {
    const type = String((resource.meta as Json | undefined)?.resourceType ?? 'User');
    const urn = `urn:ietf:params:scim:schemas:extension:acme:2.0:${type}`;
    const core = type === 'User' ? { userType: 'Employee', nickName: 'acme' } : {};
    return { ...resource, schemas: [...(resource.schemas as string[]), urn], ...core, [urn]: { tenant: 'acme-eu-1', shard: 7 } };
  });

const pathOnly = (uri: unknown): unknown => (typeof uri === 'string' && /^https?:/.test(uri) ? new URL(uri).pathname : uri);

/** meta.location and member $ref as relative references (RFC 7643 §2.3.7). */
const relativeLocations: ScimMiddleware = async (request, next) =>
  mapResources(await next(request), (resource) => {
    const meta = { ...(resource.meta as Json), location: pathOnly((resource.meta as Json | undefined)?.location) };
    const members = Array.isArray(resource.members)
      ? (resource.members as Json[]).map((member) => ({ ...member, $ref: pathOnly(member.$ref) }))
      : undefined;
    return members === undefined ? { ...resource, meta } : { ...resource, meta, members };
  });

const listFields = (edit: (list: Json) => Json): ScimMiddleware => async (request, next) => {
  const response = await next(request);
  const body = response.body;
  const isList = isObject(body) && Array.isArray(body.schemas) && body.schemas.includes(LIST_SCHEMA);
  return isList ? { ...response, body: edit({ ...body }) } : response;
};

const omitEmptyResources = listFields((list) => {
  if (list.totalResults === 0) delete list.Resources;
  return list;
});

const omitPagingFields = listFields((list) => {
  // Only a complete answer may drop them: partial (paginated) results must carry startIndex (RFC 7644 §3.4.2).
  const resources = Array.isArray(list.Resources) ? list.Resources.length : 0;
  if (resources < Number(list.totalResults ?? 0)) return list;
  delete list.startIndex;
  delete list.itemsPerPage;
  return list;
});

const OTHER_CASE: Record<string, string> = {
  id: 'Id', userName: 'UserName', displayName: 'DisplayName', emails: 'Emails', name: 'Name', familyName: 'FamilyName',
  givenName: 'GivenName', active: 'Active', members: 'Members', value: 'Value', type: 'Type', externalId: 'ExternalID',
  totalResults: 'TotalResults', Resources: 'resources', status: 'Status', detail: 'Detail', meta: 'Meta',
};

function recase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(recase);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [OTHER_CASE[key] ?? key, recase(child)]));
}

const attributeNamesInOtherCase: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  return isObject(response.body) ? { ...response, body: recase(response.body) } : response;
};

const withHeader = (name: string, value: (response: ScimResponse) => string | undefined): ScimMiddleware => async (request, next) => {
  const response = await next(request);
  const header = value(response);
  return header === undefined ? response : { ...response, headers: { ...response.headers, [name]: header } };
};

const scimJsonWithoutCharset = withHeader('content-type', (response) => (isObject(response.body) ? 'application/scim+json' : undefined));

/** Weak entity tags (RFC 7644 §3.14) in meta.version and the ETag header of single-resource answers. */
const weakEtags: ScimMiddleware = async (request, next) => {
  const response = mapResources(await next(request), (resource) => {
    const meta = resource.meta as Json | undefined;
    return { ...resource, meta: { ...meta, version: `W/"${String(meta?.lastModified ?? '')}"` } };
  });
  const version = isObject(response.body) && isObject(response.body.meta) ? response.body.meta.version : undefined;
  return typeof version === 'string' ? { ...response, headers: { ...response.headers, etag: version } } : response;
};

export const toleratedVariants: ToleratedVariant[] = [
  {
    name: 'user-patch-204',
    description: 'A successful user PATCH answers 204 with no body (the core answers 200 with the user).',
    rfc: 'RFC 7644 §3.5.2: the server either MUST return 200 OK and the entire resource, or MAY return 204 (No Content)',
    tolerated: true,
    middleware: () => userPatch204,
  },
  {
    name: 'group-patch-200-with-resource',
    description: 'A successful group PATCH answers 200 with the entire group, members included (the core answers 204).',
    rfc: 'RFC 7644 §3.5.2: on success the server MUST return 200 OK and the entire resource, or MAY return 204',
    tolerated: true,
    middleware: () => groupPatch200WithResource,
  },
  {
    name: 'extra-attributes',
    description:
      'Every user and group carries attributes Entra never sent: a custom extension object (listed in "schemas") and, on users, userType and nickName.',
    rfc: 'RFC 7643 §3 ("schemas" lists the schema extensions in use) and §3.3 (schema extensions)',
    tolerated: true,
    middleware: () => extraAttributes,
  },
  {
    name: 'relative-meta-location',
    description: 'meta.location and members[].$ref are relative references ("/scim/v2/Users/…") instead of absolute URLs.',
    rfc: 'RFC 7643 §2.3.7: a reference is an absolute or relative URI, relative ones resolved against the SCIM service root',
    tolerated: true,
    middleware: () => relativeLocations,
  },
  {
    name: 'resources-omitted-when-empty',
    description: 'A query with no match answers { schemas, totalResults: 0 } with no "Resources" member at all.',
    rfc: 'RFC 7644 §3.4.2: Resources … REQUIRED if "totalResults" is non-zero',
    tolerated: true,
    middleware: () => omitEmptyResources,
  },
  {
    name: 'attribute-names-in-other-case',
    description: 'Attribute names come back in other letter cases: Id, UserName, Emails, DisplayName, Members, TotalResults, resources, Status …',
    rfc: 'RFC 7643 §2.1: attribute names are case insensitive',
    tolerated: true,
    middleware: () => attributeNamesInOtherCase,
  },
  {
    name: 'paging-fields-absent',
    description: 'Complete ListResponses (every match in one answer) carry no startIndex and no itemsPerPage.',
    rfc: 'RFC 7644 §3.4.2: startIndex and itemsPerPage are REQUIRED only when partial results are returned due to pagination',
    tolerated: true,
    middleware: () => omitPagingFields,
  },
  {
    name: 'scim-json-without-charset',
    description: 'JSON answers are labelled Content-Type: application/scim+json with no charset parameter.',
    rfc: 'RFC 7644 §8.1 registers application/scim+json with "Required parameters: none, Optional parameters: none" (no charset); UTF-8 is the default (RFC 7644 §3.8)',
    tolerated: true,
    middleware: () => scimJsonWithoutCharset,
  },
  {
    name: 'weak-etags',
    description: 'Resources carry meta.version as a weak entity tag, repeated in an ETag header.',
    rfc: 'RFC 7644 §3.14 (versioning with weak ETags, OPTIONAL) and RFC 7643 §3.1 (meta.version)',
    tolerated: true,
    middleware: () => weakEtags,
  },
];
