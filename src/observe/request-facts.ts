/**
 * What an observed request does, read from the wire alone: which resource kind, which action (query, read,
 * create, PATCH, delete, discovery), the id in its path, the attribute and value of an `eq` filter, whether
 * it excludes members, and its JSON body. The passive judge picks its checks from these facts.
 */
import type { ResourceKind } from '../profiles/profile.ts';
import { decodeForm } from './classify.ts';

export type RequestAction = 'query' | 'list' | 'get' | 'create' | 'patch' | 'delete' | 'schemas' | 'service-provider-config' | 'other';

export interface RequestFacts {
  method: string;
  /** Path relative to the SCIM base URL, query included, as it went on the wire. */
  path: string;
  action: RequestAction;
  kind?: ResourceKind;
  id?: string;
  query?: { attribute: string; value: string };
  /** A query or read that asks for `excludedAttributes=members`. */
  excludesMembers: boolean;
  /** The JSON body sent, when it is a JSON object. */
  body?: Record<string, unknown>;
}

const RESOURCE_KINDS: Record<string, ResourceKind> = { users: 'user', groups: 'group' };
const FILTER_EQ = /^\s*([\w.:[\]" -]+?)\s+eq\s+"(.*)"\s*$/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requestFacts(method: string, path: string, bodyText: string | undefined): RequestFacts {
  const upper = method.toUpperCase();
  const queryAt = path.indexOf('?');
  const segments = (queryAt < 0 ? path : path.slice(0, queryAt)).split('/').filter(Boolean);
  const params = new URLSearchParams(queryAt < 0 ? '' : path.slice(queryAt + 1));
  const excludesMembers = (params.get('excludedAttributes') ?? '').split(',').some((name) => name.trim().toLowerCase() === 'members');
  const facts: RequestFacts = { method: upper, path, action: 'other', excludesMembers };
  const body = parseObject(bodyText);
  if (body !== undefined) facts.body = body;

  // The resource endpoint is looked for from the end, so a base path the Tenant URL carries does not matter.
  const last = segments.at(-1)?.toLowerCase();
  const beforeLast = segments.at(-2)?.toLowerCase();
  if (last === 'schemas' && upper === 'GET') return { ...facts, action: 'schemas' };
  if (last === 'serviceproviderconfig' && upper === 'GET') return { ...facts, action: 'service-provider-config' };
  const collection = last !== undefined ? RESOURCE_KINDS[last] : undefined;
  if (collection !== undefined) {
    facts.kind = collection;
    if (upper === 'POST') return { ...facts, action: 'create' };
    if (upper !== 'GET') return facts;
    const filter = params.get('filter');
    if (filter === null) return { ...facts, action: 'list' };
    const eq = FILTER_EQ.exec(filter);
    return { ...facts, action: 'query', ...(eq ? { query: { attribute: eq[1]!.trim(), value: eq[2]!.replace(/\\"/g, '"') } } : {}) };
  }
  const item = beforeLast !== undefined ? RESOURCE_KINDS[beforeLast] : undefined;
  if (item !== undefined && segments.length >= 2) {
    facts.kind = item;
    facts.id = decodeForm(segments.at(-1)!);
    if (upper === 'GET') return { ...facts, action: 'get' };
    if (upper === 'PATCH') return { ...facts, action: 'patch' };
    if (upper === 'DELETE') return { ...facts, action: 'delete' };
  }
  return facts;
}

/** Test Connection queries a random GUID (ED-SCIM, Test Connection): the value tells it from a real lookup. */
export function isTestConnectionQuery(facts: RequestFacts): boolean {
  return facts.action === 'query' && facts.query !== undefined && GUID.test(facts.query.value);
}

function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
