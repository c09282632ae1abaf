/**
 * Small helpers the fault and tolerated variants share: which endpoint a request targets, PATCH operations
 * as data, rewriting every resource in a response (single or ListResponse), and follow-up requests to the
 * conformant core. Variants stay a few lines each, and none of them reaches into the server's internals:
 * everything goes through `next`, so the core and its authentication stay the conformant ones.
 */
import { errorResponse, type ScimType } from '../server/errors.ts';
import type { ScimHandler, ScimMiddleware, ScimRequest, ScimResponse } from '../server/types.ts';

export type Json = Record<string, unknown>;

export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface Target {
  /** `Users` or `Groups` (canonical spelling); undefined for every other endpoint. */
  endpoint?: 'Users' | 'Groups';
  /** The resource id for `/Users/{id}`; undefined for the collection and `.search`. */
  id?: string;
}

export function targetOf(request: ScimRequest): Target {
  const [first = '', second, ...rest] = request.path.split('/').filter((segment) => segment !== '');
  const lower = first.toLowerCase();
  const endpoint = lower === 'users' ? 'Users' : lower === 'groups' ? 'Groups' : undefined;
  if (endpoint === undefined || rest.length > 0) return {};
  return second === undefined || second === '.search' ? { endpoint } : { endpoint, id: second };
}

/**
 * Whether `request` is `method` on /Users or /Groups (`endpoint` narrows to one); `withId` true means
 * `/{endpoint}/{id}`, false the collection, undefined either.
 */
export const is = (request: ScimRequest, method: string, endpoint?: 'Users' | 'Groups', withId?: boolean): boolean => {
  const target = targetOf(request);
  if (request.method.toUpperCase() !== method) return false;
  if (endpoint !== undefined && target.endpoint !== endpoint) return false;
  if (endpoint === undefined && target.endpoint === undefined) return false;
  return withId === undefined || (target.id !== undefined) === withId;
};

/** A query on a collection (`GET /Users?filter=…`), as Entra sends every lookup. */
export const isQuery = (request: ScimRequest, endpoint?: 'Users' | 'Groups'): boolean =>
  is(request, 'GET', endpoint, false) && queryValue(request, 'filter') !== undefined;

export function queryValue(request: ScimRequest, name: string): string | undefined {
  for (const [key, value] of request.query) if (key.toLowerCase() === name.toLowerCase()) return value;
  return undefined;
}

/** `userName eq "x"` → { attribute: 'userName', value: 'x' }: the only filter form Entra sends. */
export function equalityFilter(request: ScimRequest): { attribute: string; value: string } | undefined {
  const match = /^\s*([\w.:]+)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(queryValue(request, 'filter') ?? '');
  if (match === null) return undefined;
  return { attribute: match[1] as string, value: JSON.parse(`"${match[2] as string}"`) as string };
}

export function withQuery(request: ScimRequest, edit: (query: URLSearchParams) => void): ScimRequest {
  const query = new URLSearchParams(request.query);
  edit(query);
  return { ...request, query };
}

export interface PatchOperation {
  op?: unknown;
  path?: unknown;
  value?: unknown;
}

export function operationsOf(request: ScimRequest): PatchOperation[] {
  const body = request.body;
  if (!isObject(body) || !Array.isArray(body.Operations)) return [];
  return body.Operations.filter(isObject) as PatchOperation[];
}

export function withOperations(request: ScimRequest, operations: PatchOperation[]): ScimRequest {
  return { ...request, body: { ...(request.body as Json), Operations: operations } };
}

export const opName = (operation: PatchOperation): string => (typeof operation.op === 'string' ? operation.op.toLowerCase() : '');
export const opPath = (operation: PatchOperation): string | undefined =>
  typeof operation.path === 'string' ? operation.path.trim().toLowerCase() : undefined;

export function scimError(status: number, detail: string, scimType?: ScimType): ScimResponse {
  return errorResponse(status, detail, scimType);
}

/** A request to the core on the caller's behalf: same credentials. */
export function followUp(request: ScimRequest, method: string, path: string, body?: unknown): ScimRequest {
  const headers = { authorization: request.headers.authorization ?? '' };
  const call: ScimRequest = { method, path, query: new URLSearchParams(), headers, skipAuth: request.skipAuth === true };
  if (body !== undefined) call.body = body;
  return call;
}

/**
 * What the core would answer to a PATCH that changed nothing: the user (200) or 204 for a group, and the
 * core's own 404 when the resource does not exist. Lets a fault drop every operation and still answer.
 */
export async function pretendApplied(request: ScimRequest, next: ScimHandler): Promise<ScimResponse> {
  const current = await next(followUp(request, 'GET', request.path));
  if (current.status !== 200) return current;
  return targetOf(request).endpoint === 'Users' ? current : { status: 204 };
}

/** The group or user as the core holds it now (members included), or undefined when it does not exist. */
export async function readResource(next: ScimHandler, request: ScimRequest, path: string): Promise<Json | undefined> {
  const reply = await next(followUp(request, 'GET', path));
  return reply.status === 200 && isObject(reply.body) ? reply.body : undefined;
}

const isResource = (body: unknown): body is Json => isObject(body) && typeof body.id === 'string' && !Array.isArray(body.Resources);
const isList = (body: unknown): body is Json => isObject(body) && Array.isArray(body.schemas) && body.schemas.includes(LIST_SCHEMA);

/**
 * Applies `edit` to the resource in a single-resource answer or to each one of a ListResponse; `undefined`
 * from `edit` drops the resource from a list (counts follow) and turns a single answer into a 404.
 */
export function mapResources(response: ScimResponse, edit: (resource: Json) => Json | undefined): ScimResponse {
  if (isList(response.body)) {
    const list = response.body;
    const kept = (list.Resources as unknown[]).filter(isObject).flatMap((resource) => edit(structuredClone(resource)) ?? []);
    const dropped = (list.Resources as unknown[]).length - kept.length;
    const body: Json = { ...list, Resources: kept, totalResults: Number(list.totalResults) - dropped };
    if (typeof list.itemsPerPage === 'number') body.itemsPerPage = kept.length;
    return { ...response, body };
  }
  if (response.status < 300 && isResource(response.body)) {
    const edited = edit(structuredClone(response.body));
    return edited === undefined ? scimError(404, 'Resource not found.') : { ...response, body: edited };
  }
  return response;
}

/**
 * An Add on `attribute[type eq "type"]…` for a user who has no element of that type yet answers 204 and
 * stores nothing (shipped servers, issue 10): the op is dropped, the rest of the body still applied.
 */
export function firstTypedValueAddDropped(attribute: string, type: string): ScimMiddleware {
  const prefix = `${attribute.toLowerCase()}[type eq "${type.toLowerCase()}"]`;
  const isFirstAdd = (operation: PatchOperation): boolean => opName(operation) === 'add' && (opPath(operation) ?? '').toLowerCase().startsWith(prefix);
  return async (request, next) => {
    if (!is(request, 'PATCH', 'Users', true) || !operationsOf(request).some(isFirstAdd)) return next(request);
    const user = await readResource(next, request, request.path);
    const key = Object.keys(user ?? {}).find((name) => name.toLowerCase() === attribute.toLowerCase());
    const elements = (key !== undefined && Array.isArray(user?.[key]) ? user[key] : []) as Json[];
    if (elements.some((element) => String(element.type).toLowerCase() === type.toLowerCase())) return next(request);
    const rest = operationsOf(request).filter((operation) => !isFirstAdd(operation));
    return rest.length === 0 ? { status: 204 } : next(withOperations(request, rest));
  };
}
