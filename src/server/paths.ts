/**
 * Attribute paths (RFC 7644 §3.10: `[URN ":"] attr ["." subAttr]`) and the case-insensitive object access that
 * RFC 7643 §2.1 requires, shared by the filter, PATCH and projection code.
 */
import { GROUP_SCHEMA, USER_SCHEMA, findSchema } from './schema.ts';

/**
 * `urn` set: an attribute inside that extension object. `urn` unset: a top-level attribute, where `attr` may
 * itself be an extension URN (the whole extension object, e.g. in `attributes=` or a no-path PATCH value).
 */
export interface AttrPath {
  urn?: string;
  attr: string;
  sub?: string;
}

export type JsonObject = Record<string, unknown>;

const NAME = /^[A-Za-z$][\w$-]*$/;
const VERSION = /^\d+(\.\d+)*$/;

/** Parses `name`, `name.sub`, `urn:…:attr[.sub]` or a bare schema URN; undefined when malformed. */
export function parseAttrPath(text: string): AttrPath | undefined {
  if (!/^urn:/i.test(text)) return parseLocal(text, undefined);
  for (const core of [USER_SCHEMA, GROUP_SCHEMA]) {
    if (text.length > core.length && text.slice(0, core.length + 1).toLowerCase() === `${core.toLowerCase()}:`) {
      return parseLocal(text.slice(core.length + 1), undefined);
    }
  }
  const known = findSchema(text);
  if (known !== undefined) return { attr: known.id };
  const colon = text.lastIndexOf(':');
  const segments = text.split(':');
  // A schema URN ends in `:<version>:<Name>` (…:enterprise:2.0:User, …:CustomExtensionName:2.0:User); an
  // attribute path has one more segment. Unknown custom extensions are told apart by that shape alone.
  if (segments.length >= 3 && VERSION.test(segments[segments.length - 2] ?? '')) return { attr: text };
  const urn = text.slice(0, colon);
  return parseLocal(text.slice(colon + 1), findSchema(urn)?.id ?? urn);
}

function parseLocal(text: string, urn: string | undefined): AttrPath | undefined {
  const parts = text.split('.');
  const [attr, sub] = parts;
  if (parts.length > 2 || attr === undefined || !NAME.test(attr)) return undefined;
  if (sub !== undefined && !NAME.test(sub)) return undefined;
  const path: AttrPath = { attr };
  if (urn !== undefined) path.urn = urn;
  if (sub !== undefined) path.sub = sub;
  return path;
}

export function formatAttrPath(path: AttrPath): string {
  const local = path.sub === undefined ? path.attr : `${path.attr}.${path.sub}`;
  return path.urn === undefined ? local : `${path.urn}:${local}`;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The key of `obj` that names `name` case-insensitively (the stored spelling), if any. */
export function findKey(obj: JsonObject, name: string): string | undefined {
  if (Object.hasOwn(obj, name)) return name;
  const wanted = name.toLowerCase();
  return Object.keys(obj).find((key) => key.toLowerCase() === wanted);
}

export function getField(obj: unknown, name: string): unknown {
  if (!isObject(obj)) return undefined;
  const key = findKey(obj, name);
  return key === undefined ? undefined : obj[key];
}

/** Drops explicit nulls (RFC 7643 §2.5: null is equivalent to unassigned) at every depth. */
export function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== null).map(stripNulls);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) if (item !== null) out[key] = stripNulls(item);
  return out;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
}

/** Lets JSON-ish values be copied without sharing structure with the store. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
