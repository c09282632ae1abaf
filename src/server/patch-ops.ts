/**
 * The attribute-level half of the PATCH engine (RFC 7644 §3.5.2.1–3): add/replace/remove on a plain
 * attribute, on `attr.sub`, and on `attr[filter]` / `attr[filter].sub`. Works in place on a copy the
 * caller owns; patch.ts decides which of these an operation reaches.
 */
import { ScimError } from './errors.ts';
import { matchesElement } from './filter-eval.ts';
import type { Filter } from './filter.ts';
import { normalizeSingle, normalizeValue } from './normalize.ts';
import { clone, deepEqual, findKey, getField, isObject, stripNulls, type JsonObject } from './paths.ts';
import { subAttributeDef, type AttributeDef, type ResourceTypeName } from './schema.ts';

export type Op = 'add' | 'replace' | 'remove';

const noTarget = (detail: string): ScimError => new ScimError(400, detail, 'noTarget');
const invalidValue = (detail: string): ScimError => new ScimError(400, detail, 'invalidValue');

/** Writes `source` into `target`, reusing the target's spelling of keys that differ only in case. */
export function mergeInto(target: JsonObject, source: JsonObject): void {
  for (const [key, value] of Object.entries(source)) target[findKey(target, key) ?? key] = value;
}

/** An operation on a whole attribute (`path: "displayName"`, `"emails"`, `"name"`, or a no-path value key). */
export function attributeOperation(container: JsonObject, key: string, def: AttributeDef | undefined, op: Op, value: unknown): void {
  const current = container[key];
  if (op === 'remove') {
    if (value !== undefined && value !== null && (def?.multiValued === true || Array.isArray(current))) {
      removeListed(container, key, def, value);
    } else {
      delete container[key];
    }
    return;
  }
  const normalized = normalizeValue(def, value);
  if (normalized === null) {
    // Replacing with null (or an empty manager) unassigns (RFC 7643 §2.5); adding null adds nothing.
    if (!(op === 'add' && value === null)) delete container[key];
    return;
  }
  if (Array.isArray(normalized) && (def === undefined || def.multiValued)) {
    if (op === 'replace' || !Array.isArray(current)) {
      container[key] = normalized;
      enforceSinglePrimary(normalized, normalized);
    } else {
      // RFC 7644 §3.5.2.1: a value already present is not added again.
      const fresh = normalized.filter((item) => !current.some((existing) => deepEqual(existing, item)));
      const next = [...current, ...fresh];
      container[key] = next;
      enforceSinglePrimary(next, fresh);
    }
    return;
  }
  if (isObject(normalized) && isObject(current) && (def === undefined || def.type === 'complex')) {
    // Add and replace on a complex attribute both keep sub-attributes the value does not mention (§3.5.2.1, §3.5.2.3).
    mergeInto(current, normalized);
    return;
  }
  container[key] = normalized;
}

/**
 * Remove with a `value` on a multi-valued attribute. Not RFC syntax, but Entra's default dialect for
 * removing group members; it removes only the listed values, never the whole attribute.
 */
function removeListed(container: JsonObject, key: string, def: AttributeDef | undefined, value: unknown): void {
  const current = container[key];
  if (!Array.isArray(current)) return;
  const exact = subAttributeDef(def, 'value')?.caseExact === true;
  const listed = Array.isArray(value) ? value : [value];
  const isListed = (element: unknown): boolean =>
    listed.some((item) => {
      const wanted = isObject(item) ? getField(item, 'value') : item;
      if (wanted === undefined) return deepEqual(element, item);
      return sameValue(isObject(element) ? getField(element, 'value') : element, wanted, exact);
    });
  const remaining = current.filter((element) => !isListed(element));
  if (remaining.length === 0) delete container[key];
  else container[key] = remaining;
}

function sameValue(a: unknown, b: unknown, exact: boolean): boolean {
  if (typeof a === 'string' && typeof b === 'string') return exact ? a === b : a.toLowerCase() === b.toLowerCase();
  return deepEqual(a, b);
}

/** An operation on `attr.sub` without a filter: the sub-attribute of a complex attribute, or of every element. */
export function subOperation(container: JsonObject, key: string, def: AttributeDef | undefined, sub: string, op: Op, value: unknown): void {
  const subDef = subAttributeDef(def, sub);
  const current = container[key];
  if (def?.multiValued === true || Array.isArray(current)) {
    const elements = Array.isArray(current) ? current : [];
    if (elements.length === 0) {
      if (op === 'remove') return;
      throw noTarget(`"${key}" has no values whose "${sub}" could be set.`);
    }
    for (const element of elements) if (isObject(element)) setSubAttribute(element, sub, subDef, op, value);
    return;
  }
  if (current !== undefined && !isObject(current)) throw new ScimError(400, `"${key}" has no sub-attributes.`, 'invalidPath');
  if (op === 'remove') {
    if (isObject(current)) setSubAttribute(current, sub, subDef, op, value);
    return;
  }
  let parent = current;
  if (!isObject(parent)) {
    parent = {};
    container[key] = parent;
  }
  setSubAttribute(parent, sub, subDef, op, value);
}

function setSubAttribute(element: JsonObject, sub: string, subDef: AttributeDef | undefined, op: Op, value: unknown): void {
  const key = findKey(element, sub) ?? subDef?.name ?? sub;
  if (op === 'remove') {
    delete element[key];
    return;
  }
  const normalized = normalizeValue(subDef, value);
  if (normalized === null) {
    if (!(op === 'add' && value === null)) delete element[key];
    return;
  }
  element[key] = normalized;
}

/** An operation on `attr[filter]` or `attr[filter].sub`. */
export function filteredOperation(
  type: ResourceTypeName,
  container: JsonObject,
  key: string,
  def: AttributeDef | undefined,
  filter: Filter,
  sub: string | undefined,
  op: Op,
  value: unknown,
): void {
  if (def !== undefined && !def.multiValued) {
    throw new ScimError(400, `"${def.name}" is not multi-valued; a value filter cannot select from it.`, 'invalidPath');
  }
  const current = container[key];
  const elements: unknown[] = Array.isArray(current) ? current : [];
  const matched = elements.filter((element) => matchesElement(element, filter, type, def));
  const subDef = sub === undefined ? undefined : subAttributeDef(def, sub);

  if (op === 'remove') {
    // Nothing matching means nothing to remove: a repeated remove succeeds (Entra retries operations).
    if (sub !== undefined) {
      for (const element of matched) if (isObject(element)) setSubAttribute(element, sub, subDef, 'remove', undefined);
      return;
    }
    const remaining = elements.filter((element) => !matched.includes(element));
    if (remaining.length === 0) delete container[key];
    else container[key] = remaining;
    return;
  }

  if (matched.length === 0) {
    // RFC 7644 §3.5.2.3 answers noTarget here. Entra sends `Replace emails[type eq "work"].value` for a user
    // with no work email yet and Microsoft's validator expects it created, so a filter that pins
    // sub-attributes with `eq` seeds a new element. Replacing a whole element that does not exist stays noTarget.
    const seed = sub === undefined && op === 'replace' ? undefined : seedFromFilter(filter, def);
    if (seed === undefined) throw noTarget(`No value of "${key}" matches the filter.`);
    if (sub === undefined) mergeInto(seed, elementValue(def, value));
    else setSubAttribute(seed, sub, subDef, 'add', value);
    const next = [...elements, seed];
    container[key] = next;
    enforceSinglePrimary(next, [seed]);
    return;
  }

  for (const element of matched) {
    if (!isObject(element)) continue;
    if (sub !== undefined) {
      setSubAttribute(element, sub, subDef, op, value);
      continue;
    }
    const replacement = elementValue(def, value);
    if (op === 'replace') for (const existing of Object.keys(element)) delete element[existing];
    mergeInto(element, replacement);
  }
  enforceSinglePrimary(elements, matched);
}

function elementValue(def: AttributeDef | undefined, value: unknown): JsonObject {
  const normalized = def === undefined ? stripNulls(value) : normalizeSingle(def, value);
  if (!isObject(normalized)) throw invalidValue('A value filter selects complex values; "value" must be an object.');
  return normalized;
}

/** `type eq "work" and primary eq true` → `{ type: "work", primary: true }`; undefined when not that shape. */
function seedFromFilter(filter: Filter, def: AttributeDef | undefined): JsonObject | undefined {
  if (filter.kind === 'and') {
    const left = seedFromFilter(filter.left, def);
    const right = seedFromFilter(filter.right, def);
    return left === undefined || right === undefined ? undefined : { ...left, ...right };
  }
  if (filter.kind !== 'compare' || filter.op !== 'eq' || filter.value === null) return undefined;
  if (filter.path.urn !== undefined || filter.path.sub !== undefined) return undefined;
  const subDef = subAttributeDef(def, filter.path.attr);
  let value: unknown = filter.value;
  if (subDef?.type === 'boolean' && typeof value === 'string') {
    if (!/^(true|false)$/i.test(value)) return undefined;
    value = value.toLowerCase() === 'true';
  }
  return clone({ [subDef?.name ?? filter.path.attr]: value });
}

/** RFC 7644 §3.5.2: setting one value's `primary` to true sets it to false on the others. */
function enforceSinglePrimary(elements: unknown[], touched: readonly unknown[]): void {
  const winner = [...touched].reverse().find((element) => getField(element, 'primary') === true);
  if (winner === undefined) return;
  for (const element of elements) {
    if (element === winner || !isObject(element)) continue;
    const key = findKey(element, 'primary');
    if (key !== undefined && element[key] === true) element[key] = false;
  }
}
