/**
 * Evaluates filter ASTs (filter.ts) against resources, following RFC 7644 §3.4.2.2: a multi-valued attribute
 * matches when any value matches; strings compare case-insensitively unless the attribute is caseExact
 * (RFC 7643 §2.2); dateTime values compare as instants; ordering on boolean/binary is an invalidFilter.
 */
import { ScimError } from './errors.ts';
import { parseFilter, type CompareOp, type Filter, type Literal } from './filter.ts';
import { getField, isObject, type AttrPath, type JsonObject } from './paths.ts';
import { attributeDef, extensionOwning, resourceTypeOf, subAttributeDef, type AttributeDef, type ResourceTypeName } from './schema.ts';

/** Where a path is resolved: against the resource, or (inside `attr[…]`) against one element of `attr`. */
interface Scope {
  type: ResourceTypeName;
  element: boolean;
  parent?: AttributeDef | undefined;
}

interface Found {
  value: unknown;
  def: AttributeDef | undefined;
}

const ORDERING = new Set<CompareOp>(['gt', 'ge', 'lt', 'le']);
const SUBSTRING = new Set<CompareOp>(['co', 'sw', 'ew']);
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** True when `resource` (a full SCIM representation) satisfies `filter`. Never throws. */
export function matchesFilter(resource: JsonObject, filter: Filter, type: ResourceTypeName = resourceTypeOf(resource)): boolean {
  return evaluate(filter, resource, { type, element: false });
}

/** Parses and statically checks a filter for a resource type; throws 400 `invalidFilter` on any problem. */
export function compileFilter(text: string, type: ResourceTypeName): Filter {
  const filter = parseFilter(text);
  checkFilter(filter, type);
  return filter;
}

function evaluate(node: Filter, target: unknown, scope: Scope): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, target, scope) && evaluate(node.right, target, scope);
    case 'or':
      return evaluate(node.left, target, scope) || evaluate(node.right, target, scope);
    case 'not':
      return !evaluate(node.filter, target, scope);
    case 'valuePath': {
      const elements = collect(target, node.path, scope, false);
      return elements.some((found) => evaluate(node.filter, found.value, { type: scope.type, element: true, parent: found.def }));
    }
    case 'present':
      return collect(target, node.path, scope, false).some((found) => isNonEmpty(found.value));
    case 'compare': {
      if (node.value === null) {
        // Comparing with null asks whether the attribute is assigned (RFC 7643 §2.5: null means unassigned).
        const present = collect(target, node.path, scope, false).some((found) => isNonEmpty(found.value));
        return node.op === 'ne' ? present : !present;
      }
      const found = collect(target, node.path, scope, true);
      if (node.op === 'ne') return found.length === 0 || found.some((f) => !compareOne(f, 'eq', node.value, node.raw));
      return found.some((f) => compareOne(f, node.op, node.value, node.raw));
    }
  }
}

/**
 * The values a path names, flattened over multi-valued attributes. With `useValue`, a complex value without
 * an explicit sub-attribute stands for its `value` sub-attribute (so `members eq "id"`, `manager eq "id"`).
 */
function collect(target: unknown, path: AttrPath, scope: Scope, useValue: boolean): Found[] {
  let raw: unknown;
  let def: AttributeDef | undefined;
  if (scope.element) {
    if (path.urn !== undefined) return [];
    def = subAttributeDef(scope.parent, path.attr);
    // A multi-valued attribute of simple values: its elements are addressed as `value`.
    raw = isObject(target) ? getField(target, path.attr) : path.attr.toLowerCase() === 'value' ? target : undefined;
    if (!isObject(target)) def = scope.parent;
  } else {
    const urn = path.urn ?? extensionOwning(scope.type, path.attr);
    def = attributeDef(scope.type, urn, path.attr);
    raw = getField(urn === undefined ? target : getField(target, urn), path.attr);
  }
  const items = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  const out: Found[] = [];
  for (const item of items) {
    if (path.sub !== undefined) {
      const subDef = subAttributeDef(def, path.sub);
      const value = getField(item, path.sub);
      for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined && v !== null) out.push({ value: v, def: subDef });
    } else if (useValue && isObject(item)) {
      const value = getField(item, 'value');
      if (value !== undefined && value !== null) out.push({ value, def: subAttributeDef(def, 'value') });
    } else if (item !== null && item !== undefined) {
      out.push({ value: item, def });
    }
  }
  return out;
}

function isNonEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.some(isNonEmpty);
  if (isObject(value)) return Object.values(value).some(isNonEmpty);
  return true;
}

function compareOne(found: Found, op: CompareOp, literal: Literal, raw: string | undefined): boolean {
  const { value, def } = found;
  if (typeof value === 'boolean') {
    const wanted = typeof literal === 'boolean' ? literal : asBooleanText(literal);
    return op === 'eq' && wanted !== undefined && value === wanted;
  }
  if (typeof value === 'number') {
    const wanted = typeof literal === 'number' ? literal : typeof literal === 'string' && NUMBER.test(literal) ? Number(literal) : undefined;
    return wanted !== undefined && ordered(op, value, wanted);
  }
  if (typeof value !== 'string') return false;
  const text = typeof literal === 'string' ? literal : typeof literal === 'number' ? (raw ?? String(literal)) : undefined;
  if (text === undefined) return false;
  if (def?.type === 'dateTime' && !SUBSTRING.has(op)) {
    const a = Date.parse(value);
    const b = Date.parse(text);
    if (!Number.isNaN(a) && !Number.isNaN(b)) return ordered(op, a, b);
  }
  const exact = def?.caseExact === true;
  const a = exact ? value : value.toLowerCase();
  const b = exact ? text : text.toLowerCase();
  if (op === 'co') return a.includes(b);
  if (op === 'sw') return a.startsWith(b);
  if (op === 'ew') return a.endsWith(b);
  return ordered(op, a, b);
}

function ordered<T extends string | number>(op: CompareOp, a: T, b: T): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    default:
      return false;
  }
}

function asBooleanText(literal: Literal): boolean | undefined {
  if (typeof literal !== 'string') return undefined;
  const text = literal.toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

/** Rejects filters that are well-formed but meaningless per RFC 7644 §3.4.2.2 (e.g. `active gt true`). */
export function checkFilter(filter: Filter, type: ResourceTypeName): void {
  check(filter, { type, element: false });
}

function check(node: Filter, scope: Scope): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      check(node.left, scope);
      check(node.right, scope);
      return;
    case 'not':
      check(node.filter, scope);
      return;
    case 'valuePath':
      check(node.filter, { type: scope.type, element: true, parent: definitionOf(node.path, scope) });
      return;
    case 'present':
      return;
    case 'compare': {
      const def = definitionOf(node.path, scope);
      const effective = def?.type === 'complex' ? subAttributeDef(def, 'value') : def;
      const fail = (why: string): never => {
        throw new ScimError(400, `Invalid filter: ${why}.`, 'invalidFilter');
      };
      if (ORDERING.has(node.op) || SUBSTRING.has(node.op)) {
        if (node.value === null || typeof node.value === 'boolean') fail(`"${node.op}" needs a string, number or date value`);
        if (effective?.type === 'boolean' || effective?.type === 'binary') fail(`"${node.op}" cannot be applied to ${effective.type} attribute "${effective.name}"`);
      }
      return;
    }
  }
}

function definitionOf(path: AttrPath, scope: Scope): AttributeDef | undefined {
  const def = scope.element
    ? subAttributeDef(scope.parent, path.attr)
    : attributeDef(scope.type, path.urn ?? extensionOwning(scope.type, path.attr), path.attr);
  return path.sub === undefined ? def : subAttributeDef(def, path.sub);
}

/** True when one element of a multi-valued attribute (definition `parent`) satisfies a value filter. */
export function matchesElement(element: unknown, filter: Filter, type: ResourceTypeName, parent: AttributeDef | undefined): boolean {
  return evaluate(filter, element, { type, element: true, parent });
}
