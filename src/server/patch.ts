/**
 * PATCH engine (RFC 7644 §3.5.2) that accepts every dialect Microsoft Entra sends: `Add`/`Replace`/`Remove`
 * in any case, no-path values with dotted (`name.givenName`) and URN-qualified keys, URN-qualified paths,
 * `Remove members` with a value array, and member operations that touch only the members named.
 * A request is atomic: it works on a copy, and group members go through a change overlay the caller commits.
 */
import { ScimError } from './errors.ts';
import { matchesElement } from './filter-eval.ts';
import { parsePatchPath, type Filter, type PatchPath } from './filter.ts';
import { MemberChanges, type Member, type MemberSet } from './members.ts';
import { isManagerDef } from './normalize.ts';
import { attributeOperation, filteredOperation, subOperation, type Op } from './patch-ops.ts';
import { clone, findKey, formatAttrPath, getField, isObject, parseAttrPath, type JsonObject } from './paths.ts';
import { PATCH_OP_SCHEMA, attributeDef, extensionOwning, resourceTypeOf, subAttributeDef, type ResourceTypeName } from './schema.ts';

export interface PatchContext {
  /** Defaults to what the resource's `schemas` say. */
  resourceType?: ResourceTypeName;
  /**
   * Group members, when the caller keeps them outside the resource (the store does, in a Map). Without it a
   * Group's `members` array is read from and written back to the resource.
   */
  members?: MemberSet;
  /** Whether an id names an existing User; member ids that do not are rejected with 400 invalidValue. */
  memberExists?: (id: string) => boolean;
}

interface State {
  type: ResourceTypeName;
  attrs: JsonObject;
  members: MemberSet | undefined;
  memberExists: ((id: string) => boolean) | undefined;
}

const syntax = (detail: string): ScimError => new ScimError(400, detail, 'invalidSyntax');

/** Applies a PatchOp request to a copy of `resource` and returns the copy; throws a ScimError (400) on failure. */
export function applyPatch(resource: JsonObject, request: unknown, context: PatchContext = {}): JsonObject {
  const operations = readPatchRequest(request);
  return run(resource, context, (state) => {
    operations.forEach((operation, index) => {
      try {
        applyOperation(state, operation);
      } catch (error) {
        if (!(error instanceof ScimError)) throw error;
        throw new ScimError(error.status, `Operations[${index}]: ${error.message}`, error.scimType);
      }
    });
  });
}

/** Adds an object of attributes (a POST/PUT body) to a copy of `resource`, with the same rules as a no-path add. */
export function applyAttributes(resource: JsonObject, attributes: JsonObject, context: PatchContext = {}): JsonObject {
  return run(resource, context, (state) => applyValueObject(state, 'add', attributes));
}

function readPatchRequest(request: unknown): unknown[] {
  if (!isObject(request)) throw syntax('The PATCH body must be a JSON object.');
  const schemas = getField(request, 'schemas');
  const wanted = PATCH_OP_SCHEMA.toLowerCase();
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === wanted)) {
    throw syntax(`"schemas" must contain "${PATCH_OP_SCHEMA}".`);
  }
  const operations = getField(request, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0) throw syntax('"Operations" must be a non-empty array.');
  return operations;
}

function run(resource: JsonObject, context: PatchContext, body: (state: State) => void): JsonObject {
  const type = context.resourceType ?? resourceTypeOf(resource);
  const attrs = clone(resource);
  let members = context.members;
  let writeBack: MemberChanges | undefined;
  if (type === 'Group' && members === undefined) {
    const key = findKey(attrs, 'members');
    const initial = key === undefined ? [] : attrs[key];
    if (key !== undefined) delete attrs[key];
    const map = new Map<string, Member>();
    for (const member of Array.isArray(initial) ? initial : []) {
      const value = getField(member, 'value');
      if (typeof value === 'string') map.set(value, member as Member);
    }
    members = writeBack = new MemberChanges(map);
  }
  body({ type, attrs, members, memberExists: context.memberExists });
  removeEmptyObjects(attrs);
  if (writeBack !== undefined) attrs.members = [...writeBack.values()];
  return attrs;
}

function applyOperation(state: State, operation: unknown): void {
  if (!isObject(operation)) throw syntax('Each operation must be a JSON object.');
  const opText = getField(operation, 'op');
  const op = typeof opText === 'string' ? opText.toLowerCase() : '';
  // Entra sends `Add`/`Replace`/`Remove`; RFC 7644 shows lower case. Both are the same operation.
  if (op !== 'add' && op !== 'replace' && op !== 'remove') throw syntax(`Unknown op ${JSON.stringify(opText)}.`);
  const pathText = getField(operation, 'path');
  const value = getField(operation, 'value');
  if (pathText === undefined || pathText === null) {
    if (op === 'remove') throw new ScimError(400, '"remove" requires a "path".', 'noTarget');
    if (!isObject(value)) throw new ScimError(400, `Without a "path", "value" must be an object of attributes.`, 'invalidValue');
    applyValueObject(state, op, value);
    return;
  }
  if (typeof pathText !== 'string' || pathText.trim() === '') throw new ScimError(400, '"path" must be a non-empty string.', 'invalidPath');
  if (op !== 'remove' && value === undefined) throw new ScimError(400, `"${op}" requires a "value".`, 'invalidValue');
  applyAtPath(state, op, parsePatchPath(pathText.trim()), value);
}

/**
 * A no-path value: each key is a path. Dotted keys (`name.givenName`) and URN-qualified keys
 * (`urn:…:enterprise:2.0:User:employeeNumber`) are what Entra's aadOptscim062020 dialect sends; both land in
 * the nested attribute, never as a literal key. An extension URN key with an object value spreads into it.
 */
function applyValueObject(state: State, op: Op, value: JsonObject): void {
  for (const [key, item] of Object.entries(value)) {
    if (key.toLowerCase() === 'schemas') continue;
    const path = parseAttrPath(key);
    if (path === undefined) throw new ScimError(400, `${JSON.stringify(key)} is not an attribute name.`, 'invalidPath');
    if (path.urn === undefined && path.sub === undefined && /^urn:/i.test(path.attr) && isObject(item)) {
      for (const [subKey, subItem] of Object.entries(item)) {
        const local = parseAttrPath(subKey);
        if (local === undefined || local.urn !== undefined || /^urn:/i.test(local.attr)) {
          throw new ScimError(400, `${JSON.stringify(subKey)} is not an attribute name.`, 'invalidPath');
        }
        applyAtPath(state, op, { path: { ...local, urn: path.attr } }, subItem);
      }
      continue;
    }
    applyAtPath(state, op, { path }, item);
  }
}

function applyAtPath(state: State, op: Op, target: PatchPath, value: unknown): void {
  let { path } = target;
  if (path.urn === undefined) {
    const owner = extensionOwning(state.type, path.attr);
    if (owner !== undefined) path = { ...path, urn: owner };
  }
  const def = attributeDef(state.type, path.urn, path.attr);
  const subDef = path.sub === undefined ? undefined : subAttributeDef(def, path.sub);
  if (def?.mutability === 'readOnly' || subDef?.mutability === 'readOnly') {
    throw new ScimError(400, `"${formatAttrPath(path)}" is readOnly.`, 'mutability');
  }
  if (path.sub !== undefined && def !== undefined && def.type !== 'complex') {
    throw new ScimError(400, `"${def.name}" has no sub-attributes.`, 'invalidPath');
  }
  if (state.type === 'Group' && path.urn === undefined && path.attr.toLowerCase() === 'members') {
    memberOperation(state, op, target, value);
    return;
  }
  // `manager.value` is the manager: route it through the same coercion (an empty string clears it).
  if (isManagerDef(def) && target.filter === undefined && path.sub?.toLowerCase() === 'value') path = { ...path, sub: undefined };
  const container = resolveContainer(state.attrs, path.urn, op);
  if (container === undefined) return;
  const key = findKey(container, path.attr) ?? def?.name ?? path.attr;
  if (target.filter !== undefined) filteredOperation(state.type, container, key, def, target.filter, path.sub, op, value);
  else if (path.sub !== undefined) subOperation(container, key, def, path.sub, op, value);
  else attributeOperation(container, key, def, op, value);
}

/** The object an attribute lives in: the resource, or its extension object (created on write). */
function resolveContainer(attrs: JsonObject, urn: string | undefined, op: Op): JsonObject | undefined {
  if (urn === undefined) return attrs;
  const key = findKey(attrs, urn) ?? urn;
  const existing = attrs[key];
  if (isObject(existing)) return existing;
  if (op === 'remove') return undefined;
  const created: JsonObject = {};
  attrs[key] = created;
  return created;
}

const MEMBERS_DEF = attributeDef('Group', undefined, 'members');

/** Member operations, each O(members named) except a general filter or a full replace. */
function memberOperation(state: State, op: Op, target: PatchPath, value: unknown): void {
  const members = state.members;
  if (members === undefined) throw new Error('A Group PATCH needs a member set.');
  const immutable = () => new ScimError(400, 'Member values are immutable (RFC 7643 §4.2); add or remove members instead.', 'mutability');
  if (target.path.sub !== undefined) throw immutable();
  if (target.filter !== undefined) {
    if (op !== 'remove') throw immutable();
    const ids = idsFromFilter(target.filter);
    if (ids !== undefined) for (const id of ids) members.delete(id);
    else for (const member of [...members.values()]) if (matchesElement(member, target.filter, 'Group', MEMBERS_DEF)) members.delete(member.value);
    return;
  }
  if (op === 'remove') {
    if (value === undefined || value === null) members.clear();
    // Entra's default dialect (`Remove`, path `members`, value [{value}]): only the listed members leave.
    else for (const item of Array.isArray(value) ? value : [value]) members.delete(memberId(item));
    return;
  }
  const items = value === null ? [] : Array.isArray(value) ? value : [value];
  const incoming = items.filter((item) => item !== null).map((item) => toMember(state, item));
  if (op === 'replace') members.clear();
  for (const member of incoming) members.add(member);
}

/** `value eq "a"` or `value eq "a" or value eq "b"`: the ids, so removal is a Map delete, not a scan. */
function idsFromFilter(filter: Filter): string[] | undefined {
  if (filter.kind === 'or') {
    const left = idsFromFilter(filter.left);
    const right = idsFromFilter(filter.right);
    return left === undefined || right === undefined ? undefined : [...left, ...right];
  }
  const direct =
    filter.kind === 'compare' &&
    filter.op === 'eq' &&
    typeof filter.value === 'string' &&
    filter.path.urn === undefined &&
    filter.path.sub === undefined &&
    filter.path.attr.toLowerCase() === 'value';
  return direct ? [filter.value as string] : undefined;
}

function memberId(item: unknown): string {
  const value = getField(item, 'value');
  if (typeof value !== 'string' || value === '') throw new ScimError(400, 'Each member needs a string "value".', 'invalidValue');
  return value;
}

function toMember(state: State, item: unknown): Member {
  const value = memberId(item);
  if (state.memberExists !== undefined && !state.memberExists(value)) {
    throw new ScimError(400, `Member ${JSON.stringify(value)} is not an existing User.`, 'invalidValue');
  }
  const type = getField(item, 'type');
  if (type !== undefined && type !== null && (typeof type !== 'string' || type.toLowerCase() !== 'user')) {
    throw new ScimError(400, 'Only Users can be members of a Group on this server.', 'invalidValue');
  }
  const member: Member = { value };
  const display = getField(item, 'display');
  if (typeof display === 'string') member.display = display;
  if (typeof type === 'string') member.type = type;
  return member;
}

/** `name: {}` after its last sub-attribute was removed is unassigned, not an empty object. */
function removeEmptyObjects(attrs: JsonObject): void {
  for (const [key, value] of Object.entries(attrs)) {
    if (!isObject(value)) continue;
    for (const [subKey, subValue] of Object.entries(value)) {
      if (isObject(subValue) && Object.keys(subValue).length === 0) delete value[subKey];
    }
    if (Object.keys(value).length === 0) delete attrs[key];
  }
}
