/**
 * The safety guard around the transport: what makes it safe to point the suite at a production directory.
 * Enforced here, in code, for every request of the run and of the cleanup command:
 * - read-only mode sends GET and nothing else;
 * - POST only to /Users and /Groups, and only for a name carrying the run prefix (`scimconf-<runId>-`);
 * - PATCH, PUT and DELETE only of a /Users/{id} or /Groups/{id} this run created (per the ledger), never of
 *   a collection or any other path; renames keep the prefix; group members added must be the run's users;
 * - one exception: a single DELETE of an id the run minted as never created, right after a GET of it
 *   answered 404 (absent-ids.ts; docs/safety.md);
 * - every create is in the ledger before it is sent, and its id the moment the answer arrives; a create or
 *   PATCH whose answer the network lost is resolved by a lookup, never blindly resent (lost-answers.ts).
 * A refusal throws SafetyRefusal and nothing reaches the network.
 */
import type { OutgoingRequest, TransportError } from '../model/transport.ts';
import type { Reply } from '../model/reply.ts';
import type { ResourceKind } from '../profiles/profile.ts';
import { SafetyRefusal } from './errors.ts';
import type { Ledger } from './ledger.ts';
import { lostAnswerAction, resolveLostUpdate, sendCreate } from './lost-answers.ts';
import { NAME_ATTRIBUTE, bodyObject, membersAddedBy, namesSetBy, parseTarget } from './resource-path.ts';
import { newNetworkStats, type NetworkStats } from './retrying-transport.ts';
import type { SendOptions, Transport } from './transport.ts';

export interface GuardPolicy {
  /** Only GET requests leave the process. */
  readOnly: boolean;
  /** `scimconf-<runId>-`: the names of everything the run creates or renames start with it. */
  prefix: string;
  /** Where lost answers resolved here (creates found by name, PATCHes read back) are counted. */
  network?: NetworkStats;
}

export function createGuard(inner: Transport, ledger: Ledger, policy: GuardPolicy): Transport {
  return async (request, options = {}) => {
    if (request.method === 'GET') return getObservingAbsent(inner, request, options, ledger);
    const refuse = (why: string): never => {
      throw new SafetyRefusal(request.method, request.path, why);
    };
    if (policy.readOnly) refuse('the run is read-only (--read-only): only GET requests are sent');
    const target = parseTarget(request.path);
    if (target.shape === 'other') return refuse('writes go only to /Users, /Groups and the users and groups this run created');
    const body = request.body === undefined ? {} : bodyObject(request.body);
    if (body === undefined) return refuse('the body is not a JSON object the guard can check');
    if (request.method === 'POST') {
      if (target.shape !== 'collection') return refuse('POST is only sent to create a user or a group');
      return create(inner, ledger, policy, request, options, target.kind, body, refuse);
    }
    if (target.shape !== 'resource') return refuse(`${request.method} of a whole collection is never sent`);
    const { kind, id } = target;
    if (request.method === 'DELETE' && !ledger.owns(kind, id) && ledger.absent.isMinted(kind, id)) {
      if (!ledger.absent.takeDelete(kind, id)) refuse(`${kind} ${JSON.stringify(id)} was minted as absent, but no GET of it has just answered 404`);
      return inner(request, options);
    }
    if (!ledger.owns(kind, id)) refuse(`${kind} ${JSON.stringify(id)} was not created by this run`);
    if (ledger.isUnsafe(kind, id)) refuse(`the id ${JSON.stringify(id)} is not safe to put in a request path`);
    const names = request.method === 'DELETE' ? [] : checkNames(kind, request.method, body, policy, refuse);
    if (kind === 'group' && request.method !== 'DELETE') checkMembers(request.method, body, ledger, refuse);
    const watched = watchThrottles(options);
    const reply = await sendUpdate(inner, kind, request, watched.options, policy.network ?? newNetworkStats());
    if (request.method === 'DELETE' && (isSuccess(reply) || reply.status === 404)) ledger.deleted(kind, id, answeredAtOnce(reply, watched.throttled()));
    if (request.method !== 'DELETE' && isSuccess(reply)) for (const name of names) ledger.renamed(kind, id, name);
    return reply;
  };
}

/** A GET of an id minted as absent: its answer opens (404) or closes (anything else, no answer too) the one DELETE of it. */
async function getObservingAbsent(inner: Transport, request: OutgoingRequest, options: SendOptions, ledger: Ledger): Promise<Reply> {
  const target = parseTarget(request.path);
  if (target.shape !== 'resource' || !ledger.absent.isMinted(target.kind, target.id)) return inner(request, options);
  let status = 0;
  try {
    const reply = await inner(request, options);
    status = reply.status;
    return reply;
  } finally {
    ledger.absent.observeGet(target.kind, target.id, status);
  }
}

async function create(
  inner: Transport,
  ledger: Ledger,
  policy: GuardPolicy,
  request: OutgoingRequest,
  options: SendOptions,
  kind: ResourceKind,
  body: Record<string, unknown>,
  refuse: (why: string) => never,
): Promise<Reply> {
  const names = checkNames(kind, 'POST', body, policy, refuse);
  if (names.length !== 1) refuse(`a new ${kind} needs exactly one ${NAME_ATTRIBUTE[kind]} starting with ${policy.prefix}`);
  if (kind === 'group') checkMembers('POST', body, ledger, refuse);
  // Recorded before sending: if the answer never comes (timeout, crash), cleanup finds it by this name.
  const entry = ledger.intend(kind, names[0] as string, options.tag);
  const watched = watchThrottles(options);
  const reply = await sendCreate(inner, ledger, entry, request, watched.options, policy.network ?? newNetworkStats());
  // A recovered create was put in the ledger by the lookup that found it.
  if (reply.recovered !== undefined) return reply;
  const id = createdId(reply);
  if (id !== undefined) ledger.created(entry, id, answeredAtOnce(reply, watched.throttled()));
  else if (reply.status >= 400 && reply.status < 500) ledger.notCreated(entry);
  // Anything else (a 2xx without an id, a 5xx) may or may not have created it: it stays pending.
  return reply;
}

/** A PATCH or PUT whose answer was lost is read back (lost-answers.ts); a DELETE was retried below. */
async function sendUpdate(inner: Transport, kind: ResourceKind, request: OutgoingRequest, options: SendOptions, network: NetworkStats): Promise<Reply> {
  try {
    return await inner(request, options);
  } catch (error) {
    if (lostAnswerAction(request, error) !== 'read-back') throw error;
    return resolveLostUpdate(inner, kind, request, options, error as TransportError, network);
  }
}

/** The names a write gives the resource; each must carry the run prefix so it can never take a real name. */
function checkNames(kind: ResourceKind, method: string, body: Record<string, unknown>, policy: GuardPolicy, refuse: (why: string) => never): string[] {
  const names = namesSetBy(kind, method, body);
  for (const name of names) {
    if (typeof name !== 'string' || !name.startsWith(policy.prefix)) {
      refuse(`${NAME_ATTRIBUTE[kind]} ${JSON.stringify(name)} does not start with the run prefix ${policy.prefix}`);
    }
  }
  return names as string[];
}

function checkMembers(method: string, body: Record<string, unknown>, ledger: Ledger, refuse: (why: string) => never): void {
  for (const value of membersAddedBy(method, body)) {
    if (typeof value !== 'string' || !ledger.owns('user', value)) {
      refuse(`member ${JSON.stringify(value)} is not a user this run created`);
    }
  }
}

/** The options with their throttle hook wrapped, to tell whether this request met a 429/503 (and was sent again). */
function watchThrottles(options: SendOptions): { options: SendOptions; throttled: () => boolean } {
  let throttled = false;
  const onThrottle: NonNullable<SendOptions['onThrottle']> = (event) => {
    throttled = true;
    options.onThrottle?.(event);
  };
  return { options: { ...options, onThrottle }, throttled: () => throttled };
}

/**
 * The request went out once and this is its first answer: no resend after a transport fault, no 429/503
 * retried, no lost answer resolved. Only then can the sweep rest its proof on the id alone (ledger.ts).
 */
function answeredAtOnce(reply: Reply, throttled: boolean): boolean {
  return !throttled && reply.recovered === undefined && (reply.earlier === undefined || reply.earlier.length === 0);
}

function isSuccess(reply: Reply): boolean {
  return reply.status >= 200 && reply.status < 300;
}

/** The id of a 200/201 answer to a create, when it carries one. */
function createdId(reply: Reply): string | undefined {
  if (reply.status !== 200 && reply.status !== 201) return undefined;
  const json = reply.json;
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
  // Key case as the cases read it (canonicalised): a target answering `Id` still created the resource.
  const key = Object.keys(json).find((name) => name.toLowerCase() === 'id');
  const id = key === undefined ? undefined : (json as Record<string, unknown>)[key];
  if (typeof id === 'string' && id !== '') return id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return undefined;
}
