/**
 * Schema URNs, resource types, and attribute-definition lookup (RFC 7643 §2.1: names are case-insensitive).
 * Everything that needs to know "what is this attribute" (filter, PATCH, projection) asks here.
 */
import {
  COMMON_ATTRIBUTES,
  ENTERPRISE_ATTRIBUTES,
  GROUP_ATTRIBUTES,
  USER_ATTRIBUTES,
  type AttributeDef,
} from './schema-defs.ts';

export type { AttributeDef } from './schema-defs.ts';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SEARCH_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

export type ResourceTypeName = 'User' | 'Group';

export interface SchemaDef {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDef[];
}

export interface ResourceTypeDef {
  name: ResourceTypeName;
  endpoint: string;
  description: string;
  schema: string;
  extensions: string[];
}

export const SCHEMAS: SchemaDef[] = [
  { id: USER_SCHEMA, name: 'User', description: 'User Account', attributes: USER_ATTRIBUTES },
  { id: GROUP_SCHEMA, name: 'Group', description: 'Group', attributes: GROUP_ATTRIBUTES },
  { id: ENTERPRISE_USER_SCHEMA, name: 'EnterpriseUser', description: 'Enterprise User', attributes: ENTERPRISE_ATTRIBUTES },
];

export const RESOURCE_TYPES: Record<ResourceTypeName, ResourceTypeDef> = {
  User: { name: 'User', endpoint: '/Users', description: 'User Account', schema: USER_SCHEMA, extensions: [ENTERPRISE_USER_SCHEMA] },
  Group: { name: 'Group', endpoint: '/Groups', description: 'Group', schema: GROUP_SCHEMA, extensions: [] },
};

const lower = (text: string): string => text.toLowerCase();

export function findSchema(urn: string): SchemaDef | undefined {
  const wanted = lower(urn);
  return SCHEMAS.find((schema) => lower(schema.id) === wanted);
}

export function findDef(defs: readonly AttributeDef[] | undefined, name: string): AttributeDef | undefined {
  if (defs === undefined) return undefined;
  const wanted = lower(name);
  return defs.find((def) => lower(def.name) === wanted);
}

/**
 * An extension object is addressed like a complex attribute whose key is the schema URN; this synthetic
 * definition lets PATCH, projection and filters treat `urn:…:enterprise:2.0:User` like `name`.
 */
const extensionDefs = new Map<string, AttributeDef>();
export function extensionDef(urn: string): AttributeDef | undefined {
  const schema = findSchema(urn);
  if (schema === undefined || schema.id === USER_SCHEMA || schema.id === GROUP_SCHEMA) return undefined;
  let def = extensionDefs.get(schema.id);
  if (def === undefined) {
    def = {
      name: schema.id,
      type: 'complex',
      multiValued: false,
      description: schema.description,
      required: false,
      mutability: 'readWrite',
      returned: 'default',
      subAttributes: schema.attributes,
    };
    extensionDefs.set(schema.id, def);
  }
  return def;
}

/**
 * Definition of a top-level attribute: `urn` set means an attribute of that extension; otherwise a core or
 * common attribute, or (when `attr` is itself an extension URN) the extension object as a whole.
 */
export function attributeDef(type: ResourceTypeName, urn: string | undefined, attr: string): AttributeDef | undefined {
  if (urn !== undefined) return findSchema(urn)?.attributes.find((def) => lower(def.name) === lower(attr));
  const core = type === 'User' ? USER_ATTRIBUTES : GROUP_ATTRIBUTES;
  return findDef(core, attr) ?? findDef(COMMON_ATTRIBUTES, attr) ?? extensionDef(attr);
}

/**
 * The extension whose schema defines `attr`, for a name no core attribute has. Entra's documented manager
 * update uses `"path": "manager"` and its legacy reference check `manager eq …`, both without the URN.
 */
export function extensionOwning(type: ResourceTypeName, attr: string): string | undefined {
  if (attributeDef(type, undefined, attr) !== undefined) return undefined;
  return RESOURCE_TYPES[type].extensions.find((urn) => findDef(findSchema(urn)?.attributes, attr) !== undefined);
}

export function subAttributeDef(def: AttributeDef | undefined, name: string): AttributeDef | undefined {
  return findDef(def?.subAttributes, name);
}

/** The core schema URN a path may be prefixed with (`urn:…:core:2.0:User:userName`), for this resource type. */
export function coreSchemaOf(type: ResourceTypeName): string {
  return RESOURCE_TYPES[type].schema;
}

export function resourceTypeOf(resource: Record<string, unknown>): ResourceTypeName {
  const schemas = resource.schemas;
  if (Array.isArray(schemas) && schemas.some((s) => typeof s === 'string' && lower(s) === lower(GROUP_SCHEMA))) return 'Group';
  const meta = resource.meta as { resourceType?: unknown } | undefined;
  return meta?.resourceType === 'Group' ? 'Group' : 'User';
}
