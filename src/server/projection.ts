/**
 * The `attributes` / `excludedAttributes` parameters (RFC 7644 §3.4.2.5, §3.9): which attributes a returned
 * resource carries. Names are case-insensitive, may be URN-qualified and may name a sub-attribute;
 * `schemas`, `id` and `meta` are always returned.
 */
import { ScimError } from './errors.ts';
import { isObject, parseAttrPath, type AttrPath, type JsonObject } from './paths.ts';

export interface Projection {
  /** Only these (plus the always-returned ones); takes precedence over `excluded`. */
  attributes?: string[][];
  excluded?: string[][];
}

const ALWAYS = new Set(['schemas', 'id', 'meta']);

/** Accepts the query-string form (comma-separated) and the SearchRequest form (array of names). */
export function parseProjection(attributes: unknown, excludedAttributes: unknown): Projection {
  const projection: Projection = {};
  const wanted = parseList(attributes, 'attributes');
  const excluded = parseList(excludedAttributes, 'excludedAttributes');
  if (wanted.length > 0) projection.attributes = wanted;
  else if (excluded.length > 0) projection.excluded = excluded;
  return projection;
}

function parseList(raw: unknown, name: string): string[][] {
  if (raw === undefined || raw === null) return [];
  const items = Array.isArray(raw) ? raw : [raw];
  const out: string[][] = [];
  for (const item of items) {
    if (typeof item !== 'string') throw new ScimError(400, `"${name}" must be a list of attribute names.`, 'invalidValue');
    for (const part of item.split(',')) {
      const text = part.trim();
      if (text === '') continue;
      const path = parseAttrPath(text);
      if (path === undefined) throw new ScimError(400, `${JSON.stringify(text)} in "${name}" is not an attribute name.`, 'invalidValue');
      out.push(segments(path));
    }
  }
  return out;
}

/** `urn:…:User:manager.value` → [urn, 'manager', 'value']: the keys to walk in the JSON representation. */
function segments(path: AttrPath): string[] {
  const out = path.urn === undefined ? [path.attr] : [path.urn, path.attr];
  if (path.sub !== undefined) out.push(path.sub);
  return out.map((s) => s.toLowerCase());
}

/** Whether the projection lets top-level attribute `name` through (lets callers skip building it). */
export function wantsAttribute(projection: Projection, name: string): boolean {
  const key = name.toLowerCase();
  if (projection.attributes !== undefined) return ALWAYS.has(key) || projection.attributes.some((p) => p[0] === key);
  if (projection.excluded !== undefined) return ALWAYS.has(key) || !projection.excluded.some((p) => p.length === 1 && p[0] === key);
  return true;
}

export function project(resource: JsonObject, projection: Projection): JsonObject {
  if (projection.attributes !== undefined) return pick(resource, projection.attributes, true);
  if (projection.excluded !== undefined) return omit(resource, projection.excluded, true);
  return resource;
}

function pick(obj: JsonObject, paths: string[][], top: boolean): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(obj)) {
    const lower = key.toLowerCase();
    if (top && ALWAYS.has(lower)) {
      out[key] = value;
      continue;
    }
    const matching = paths.filter((p) => p[0] === lower);
    if (matching.length === 0) continue;
    if (matching.some((p) => p.length === 1)) {
      out[key] = value;
      continue;
    }
    const rest = matching.map((p) => p.slice(1));
    const picked = Array.isArray(value)
      ? value.map((item) => (isObject(item) ? pick(item, rest, false) : item)).filter((item) => !isEmptyObject(item))
      : isObject(value)
        ? pick(value, rest, false)
        : undefined;
    if (picked !== undefined && !isEmptyObject(picked) && !(Array.isArray(picked) && picked.length === 0)) out[key] = picked;
  }
  return out;
}

function omit(obj: JsonObject, paths: string[][], top: boolean): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(obj)) {
    const lower = key.toLowerCase();
    const matching = top && ALWAYS.has(lower) ? [] : paths.filter((p) => p[0] === lower);
    if (matching.some((p) => p.length === 1)) continue;
    if (matching.length === 0) {
      out[key] = value;
      continue;
    }
    const rest = matching.map((p) => p.slice(1));
    out[key] = Array.isArray(value)
      ? value.map((item) => (isObject(item) ? omit(item, rest, false) : item))
      : isObject(value)
        ? omit(value, rest, false)
        : value;
  }
  return out;
}

function isEmptyObject(value: unknown): boolean {
  return isObject(value) && Object.keys(value).length === 0;
}
