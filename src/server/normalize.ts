/**
 * Turns an incoming attribute value into what the store keeps, driven by the attribute definition: canonical
 * sub-attribute names, explicit nulls dropped, booleans sent as "True"/"False" (Entra's default PATCH
 * dialect, and the SCIM Validator's `roles[].primary`) made real booleans, and the enterprise `manager`
 * accepted in every shape Entra sends. Strings are otherwise stored exactly as sent (no reformatting).
 */
import { ScimError } from './errors.ts';
import { getField, isObject, stripNulls, type JsonObject } from './paths.ts';
import { ENTERPRISE_ATTRIBUTES, type AttributeDef } from './schema-defs.ts';
import { findDef } from './schema.ts';

const MANAGER_DEF = ENTERPRISE_ATTRIBUTES.find((def) => def.name === 'manager');

export function isManagerDef(def: AttributeDef | undefined): boolean {
  return def !== undefined && def === MANAGER_DEF;
}

function invalid(detail: string): never {
  throw new ScimError(400, detail, 'invalidValue');
}

/**
 * Normalises a value for `def` (undefined: an attribute no schema defines, kept as sent). Returns null when
 * the value means "unassigned" (null, or an empty manager), which callers treat as clearing the attribute.
 */
export function normalizeValue(def: AttributeDef | undefined, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (def === undefined) return stripNulls(value);
  if (isManagerDef(def)) return normalizeManager(value);
  if (def.multiValued) {
    const items = Array.isArray(value) ? value : [value];
    return items.filter((item) => item !== null).map((item) => normalizeSingle(def, item));
  }
  if (Array.isArray(value)) invalid(`Attribute "${def.name}" is single-valued; an array was given.`);
  return normalizeSingle(def, value);
}

/** One value of `def`: the attribute itself when single-valued, one element when multi-valued. */
export function normalizeSingle(def: AttributeDef, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (def.type) {
    case 'complex': {
      if (!isObject(value)) invalid(`Attribute "${def.name}" is complex; an object was expected.`);
      const out: JsonObject = {};
      for (const [key, item] of Object.entries(value)) {
        if (item === null) continue;
        const sub = findDef(def.subAttributes, key);
        // readOnly sub-attributes (e.g. manager.displayName) are the server's to set; a client's value is ignored.
        if (sub?.mutability === 'readOnly') continue;
        out[sub?.name ?? key] = normalizeValue(sub, item);
      }
      return out;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      return invalid(`Attribute "${def.name}" is boolean; got ${JSON.stringify(value)}.`);
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      return invalid(`Attribute "${def.name}" is an integer; got ${JSON.stringify(value)}.`);
    case 'decimal':
      if (typeof value === 'number') return value;
      return invalid(`Attribute "${def.name}" is a decimal; got ${JSON.stringify(value)}.`);
    case 'dateTime':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
      return invalid(`Attribute "${def.name}" is a dateTime; got ${JSON.stringify(value)}.`);
    default:
      if (typeof value === 'string') return value;
      return invalid(`Attribute "${def.name}" is a ${def.type}; got ${JSON.stringify(value)}.`);
  }
}

/**
 * Entra sends `manager` as a plain id string, as `{ "value": id }`, or (documented example) as
 * `[{ "$ref": …, "value": id }]`; an empty string clears it (Microsoft's validation template). All are stored
 * as `{ value }`: `$ref` is derivable and `displayName` is readOnly.
 */
function normalizeManager(value: unknown): JsonObject | null {
  if (typeof value === 'string') return value === '' ? null : { value };
  if (Array.isArray(value)) return value.length === 0 ? null : normalizeManager(value[0]);
  if (!isObject(value)) return invalid('Attribute "manager" must be an id, or an object with a "value".');
  const id = getField(value, 'value');
  if (id === undefined || id === null || id === '') return null;
  if (typeof id !== 'string') return invalid('Attribute "manager.value" must be a string.');
  return { value: id };
}
