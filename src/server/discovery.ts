/**
 * Discovery endpoints (RFC 7644 §4, RFC 7643 §5–7): /ServiceProviderConfig, /ResourceTypes, /Schemas.
 * They describe this server truthfully (PATCH and filter yes, bulk/sort/etag/changePassword no) and carry no
 * nulls (Microsoft: "If a value isn't present, don't send null values").
 */
import { ScimError } from './errors.ts';
import { MAX_RESULTS, queryParam } from './resources.ts';
import type { AttributeDef } from './schema-defs.ts';
import { LIST_RESPONSE_SCHEMA, RESOURCE_TYPES, SCHEMAS, type ResourceTypeDef, type SchemaDef } from './schema.ts';
import type { DeclaredExtension, ScimResponse } from './types.ts';

const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

/**
 * RFC 7644 §4: query parameters are ignored on discovery endpoints, except that a `filter` SHOULD get 403 so
 * a client never takes an unfiltered answer for a filtered one.
 */
export function rejectFilter(query: URLSearchParams): void {
  if (queryParam(query, 'filter') !== undefined) throw new ScimError(403, 'Filtering is not supported on discovery endpoints.');
}

function list(resources: unknown[]): ScimResponse {
  return {
    status: 200,
    body: { schemas: [LIST_RESPONSE_SCHEMA], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources },
  };
}

export function serviceProviderConfig(baseUrl: string): ScimResponse {
  return {
    status: 200,
    body: {
      schemas: [SPC_SCHEMA],
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: MAX_RESULTS },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [
        {
          type: 'oauthbearertoken',
          name: 'OAuth Bearer Token',
          description: 'Authentication with a bearer token in the Authorization header (RFC 6750).',
          specUri: 'https://www.rfc-editor.org/info/rfc6750',
          primary: true,
        },
      ],
      meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
    },
  };
}

function resourceType(baseUrl: string, def: ResourceTypeDef): Record<string, unknown> {
  const out: Record<string, unknown> = {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: def.name,
    name: def.name,
    endpoint: def.endpoint,
    description: def.description,
    schema: def.schema,
  };
  if (def.extensions.length > 0) out.schemaExtensions = def.extensions.map((schema) => ({ schema, required: false }));
  out.meta = { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${def.name}` };
  return out;
}

export function resourceTypes(baseUrl: string, name: string | undefined): ScimResponse {
  const all = Object.values(RESOURCE_TYPES);
  if (name === undefined) return list(all.map((def) => resourceType(baseUrl, def)));
  const def = all.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
  if (def === undefined) throw new ScimError(404, `Resource type ${JSON.stringify(name)} not found.`);
  return { status: 200, body: resourceType(baseUrl, def) };
}

/** Attribute definitions as RFC 7643 §7 spells them; absent characteristics are omitted, never null. */
function attribute(def: AttributeDef): Record<string, unknown> {
  const out: Record<string, unknown> = { name: def.name, type: def.type, multiValued: def.multiValued, description: def.description, required: def.required };
  if (def.canonicalValues !== undefined) out.canonicalValues = def.canonicalValues;
  if (def.caseExact !== undefined) out.caseExact = def.caseExact;
  out.mutability = def.mutability;
  out.returned = def.returned;
  if (def.uniqueness !== undefined) out.uniqueness = def.uniqueness;
  if (def.referenceTypes !== undefined) out.referenceTypes = def.referenceTypes;
  if (def.subAttributes !== undefined) out.subAttributes = def.subAttributes.map(attribute);
  return out;
}

function schema(baseUrl: string, def: SchemaDef): Record<string, unknown> {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: def.id,
    name: def.name,
    description: def.description,
    attributes: def.attributes.map(attribute),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${def.id}` },
  };
}

/** A custom extension as a schema of string attributes (all a profile's mapping says about them). */
function declaredSchema(extension: DeclaredExtension): SchemaDef {
  const name = extension.schema.slice(extension.schema.lastIndexOf(':') + 1);
  const attributes: AttributeDef[] = extension.attributes.map((attribute) => ({
    name: attribute,
    type: 'string',
    multiValued: false,
    description: `The ${attribute} attribute of ${name}.`,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
  }));
  return { id: extension.schema, name, description: `Custom extension ${extension.schema}`, attributes };
}

export function schemas(baseUrl: string, id: string | undefined, declared: readonly DeclaredExtension[] = []): ScimResponse {
  const all = [...SCHEMAS, ...declared.map(declaredSchema)];
  if (id === undefined) return list(all.map((def) => schema(baseUrl, def)));
  const def = all.find((candidate) => candidate.id.toLowerCase() === id.toLowerCase());
  if (def === undefined) throw new ScimError(404, `Schema ${JSON.stringify(id)} not found.`);
  return { status: 200, body: schema(baseUrl, def) };
}
