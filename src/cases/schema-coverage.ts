/**
 * Which of a profile's mapped attributes a /Schemas answer does not declare (DISC-03): the comparison
 * Microsoft's Schema_Discoverability_Test makes between the target's schemas and the attribute mapping.
 * Plain data in, plain data out, so it is tested on its own with data.
 */
import { getInsensitive, parseMappedPath } from '../profiles/mapped-path.ts';
import { isProvisioned, type Profile, type ResourceKind } from '../profiles/profile.ts';

const CORE_SCHEMA: Record<ResourceKind, string> = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
};

/**
 * Tolerance: RFC 7643 §3.1 defines id, externalId and meta for every resource, outside any schema's attribute
 * list, so a target need not list them in /Schemas (whether Microsoft's flattening expects externalId there is
 * not documented).
 */
const COMMON_ATTRIBUTES = new Set(['id', 'externalid', 'meta']);

type Json = Record<string, unknown>;

const asList = (value: unknown): Json[] => (Array.isArray(value) ? value.filter((item): item is Json => item !== null && typeof item === 'object') : []);
const named = (list: Json[], name: string): Json | undefined => list.find((item) => String(getInsensitive(item, 'name') ?? '').toLowerCase() === name.toLowerCase());

/** Why `path` is not declared by `schemas` (the Resources of GET /Schemas), or undefined when it is. */
function undeclared(schemas: Json[], kind: ResourceKind, path: string): string | undefined {
  const parsed = parseMappedPath(path);
  const schemaId = parsed.schemaUrn ?? CORE_SCHEMA[kind];
  const schema = schemas.find((candidate) => String(getInsensitive(candidate, 'id') ?? '').toLowerCase() === schemaId.toLowerCase());
  if (schema === undefined) return `no schema ${schemaId}`;
  const attribute = named(asList(getInsensitive(schema, 'attributes')), parsed.attribute);
  if (attribute === undefined) return `${schemaId} has no attribute ${parsed.attribute}`;
  if (parsed.subAttribute === undefined) return undefined;
  const subAttributes = asList(getInsensitive(attribute, 'subAttributes'));
  if (named(subAttributes, parsed.subAttribute) === undefined) return `${parsed.attribute} has no sub-attribute ${parsed.subAttribute}`;
  if (parsed.typeFilter === undefined) return undefined;
  // Microsoft flattens a multi-valued attribute by the type's canonical values when it lists some: a type the
  // mapping writes that is not among them is not found.
  const canonical = getInsensitive(named(subAttributes, 'type'), 'canonicalValues');
  if (!Array.isArray(canonical) || canonical.length === 0) return undefined;
  return canonical.some((value) => String(value).toLowerCase() === parsed.typeFilter!.toLowerCase())
    ? undefined
    : `${parsed.attribute}.type's canonicalValues ${JSON.stringify(canonical)} lack "${parsed.typeFilter}"`;
}

/** Every mapped path (users, and groups when the mapping provisions them) /Schemas does not declare, with why. */
export function undeclaredMappedAttributes(profile: Profile, schemasBody: unknown): { path: string; why: string }[] {
  const schemas = asList(getInsensitive(schemasBody, 'Resources'));
  const missing: { path: string; why: string }[] = [];
  for (const kind of ['user', 'group'] as const) {
    if (!isProvisioned(profile, kind)) continue;
    for (const { path } of profile[kind].attributes) {
      if (COMMON_ATTRIBUTES.has(path.toLowerCase())) continue;
      const why = undeclared(schemas, kind, path);
      if (why !== undefined) missing.push({ path: kind === 'group' ? `Group ${path}` : path, why });
    }
  }
  return missing;
}
