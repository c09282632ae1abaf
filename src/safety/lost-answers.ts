/**
 * A write whose answer the network lost may still have taken effect, so it is never blindly sent again:
 * - a create is looked up by its unique, prefixed name (the ledger entry was written before the POST). Found:
 *   the ledger records its id and the case goes on with the resource as read back. Not found: nothing was
 *   created, and the POST is sent again (the same bound as any retry).
 * - a PATCH or PUT is resolved by reading the resource back, so the case can judge what it did.
 * The reply either gives is marked `recovered` (how it was found out) and carries the lost exchanges; when
 * neither works, the original fault is thrown with them, and the case ends `error` with the exchange.
 */
import { type Exchange, type OutgoingRequest, TransportError } from '../model/transport.ts';
import { MAX_ATTEMPTS, onTransportFault } from '../client/retry-policy.ts';
import { requestLabel, type Reply } from '../model/reply.ts';
import type { ResourceKind } from '../profiles/profile.ts';
import { answering, findByName } from './find-by-name.ts';
import type { Ledger, LedgerEntry } from './ledger.ts';
import { faultEarlier, withEarlier, type NetworkStats } from './retrying-transport.ts';
import type { SendOptions, Transport } from './transport.ts';

/** What the network layer asks of a fault the guard caught: resolve it here, or let it through. */
export function lostAnswerAction(request: OutgoingRequest, error: unknown): 'look-up-create' | 'read-back' | undefined {
  if (!(error instanceof TransportError)) return undefined;
  const action = onTransportFault({ method: request.method, kind: error.kind, code: error.code }, 1);
  return action === 'look-up-create' || action === 'read-back' ? action : undefined;
}

/**
 * Sends a create (whose ledger entry is pending) and resolves a lost answer by name. Returns the create's own
 * reply, or a recovered one: the resource read back by id once the name lookup found it.
 */
export async function sendCreate(
  inner: Transport,
  ledger: Ledger,
  entry: LedgerEntry,
  request: OutgoingRequest,
  options: SendOptions,
  stats: NetworkStats,
): Promise<Reply> {
  const earlier: Exchange[] = [];
  for (let attempt = 1; ; attempt += 1) {
    let fault: TransportError;
    try {
      const reply = await inner(request, options);
      return earlier.length === 0 ? reply : { ...reply, earlier: [...earlier, ...(reply.earlier ?? [])] };
    } catch (error) {
      if (lostAnswerAction(request, error) !== 'look-up-create') throw withEarlier(error, earlier);
      fault = error as TransportError;
    }
    earlier.push(...(faultEarlier(fault) ?? []), fault.exchange);
    const lookup = await findByName(answering((query) => inner(query, options)), entry.kind, entry.attribute, entry.value);
    if (!(lookup.reply instanceof Error)) earlier.push(...(lookup.reply.earlier ?? []), lookup.reply.exchange);
    // Unknown whether it exists: it stays pending for the sweep, and the case ends with the fault.
    if (lookup.ids === undefined) throw withEarlier(fault, earlier);
    const fresh = lookup.ids.filter((id) => !ledger.owns(entry.kind, id));
    if (fresh.length > 0) {
      for (const id of fresh) ledger.adopt(entry, id);
      stats.recovered += 1;
      const how = `found by ${entry.attribute} eq ${JSON.stringify(entry.value)}`;
      return readBack(inner, entry.kind, `/${entry.kind === 'user' ? 'Users' : 'Groups'}/${encodeURIComponent(fresh[0] as string)}`, request, options, fault, earlier, how);
    }
    // Not there (or only resources the run already knew: a duplicate that was refused): safe to send again.
    if (attempt >= MAX_ATTEMPTS) throw withEarlier(fault, earlier);
    stats.retried += 1;
  }
}

/** A PATCH or PUT whose answer was lost: the resource as it now is, read back by id. */
export async function resolveLostUpdate(
  inner: Transport,
  kind: ResourceKind,
  request: OutgoingRequest,
  options: SendOptions,
  fault: TransportError,
  stats: NetworkStats,
): Promise<Reply> {
  const earlier = [...(faultEarlier(fault) ?? []), fault.exchange];
  const path = request.path.split('?')[0] as string;
  const reply = await readBack(inner, kind, path, request, options, fault, earlier, 'read back');
  stats.recovered += 1;
  return reply;
}

async function readBack(
  inner: Transport,
  kind: ResourceKind,
  path: string,
  original: OutgoingRequest,
  options: SendOptions,
  fault: TransportError,
  earlier: Exchange[],
  how: string,
): Promise<Reply> {
  let reply: Reply;
  try {
    reply = await inner({ method: 'GET', path }, options);
  } catch (error) {
    if (error instanceof TransportError) earlier.push(...(faultEarlier(error) ?? []), error.exchange);
    throw withEarlier(fault, earlier);
  }
  earlier.push(...(reply.earlier ?? []));
  if (reply.status !== 200) {
    earlier.push(reply.exchange);
    throw withEarlier(fault, earlier);
  }
  const label = requestLabel(original);
  return {
    ...reply,
    label,
    request: original,
    earlier,
    recovered: `the answer to ${label} was lost (${fault.message}); the ${kind} was ${how}: GET ${path} answered 200`,
  };
}
