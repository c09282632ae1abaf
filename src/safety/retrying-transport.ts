/**
 * Sends a request again when the network lost it and sending again is safe (src/client/retry-policy.ts says
 * when): a request that never left is resent whatever its method, a GET or DELETE whose answer was lost is
 * resent. Faults that need more than a resend (a POST or PATCH whose answer was lost) are passed up to the
 * guard, which knows the ledger (lost-answers.ts). Every retry is counted and its failed exchange kept on
 * the reply, so the report shows what happened on the wire.
 */
import { type Exchange, TransportError } from '../model/transport.ts';
import { answerLost, backoffMs, onTransportFault } from '../client/retry-policy.ts';
import { sleep } from '../client/pacing.ts';
import type { Reply } from '../model/reply.ts';
import type { Transport } from './transport.ts';

/** What a run's network did, for the report's figures. */
export interface NetworkStats {
  /** Requests sent again after a transport fault. */
  retried: number;
  /** Lost answers resolved without a resend (a create found by name, a PATCH read back, a DELETE known gone). */
  recovered: number;
}

export function newNetworkStats(): NetworkStats {
  return { retried: 0, recovered: 0 };
}

export function retryingTransport(inner: Transport, stats: NetworkStats, random: () => number = Math.random): Transport {
  return async (request, options = {}) => {
    const earlier: Exchange[] = [];
    let lost = false;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const reply = await inner(request, options);
        return withHistory(reply, earlier, lost, stats);
      } catch (error) {
        if (!(error instanceof TransportError) || options.noRetry === true) throw error;
        const fault = { method: request.method, kind: error.kind, code: error.code };
        if (onTransportFault(fault, attempt) !== 'retry') throw withEarlier(error, earlier);
        lost ||= answerLost(fault);
        earlier.push(error.exchange);
        stats.retried += 1;
        // The run's interrupt cuts the wait short and ends the request as aborted.
        await sleep(backoffMs(attempt, random), options.signal === undefined ? request : { ...request, signal: options.signal }, error.exchange);
      }
    }
  };
}

/** The failed attempts go with the reply; a DELETE whose first answer was lost and that now says 404 deleted it then. */
function withHistory(reply: Reply, earlier: Exchange[], lost: boolean, stats: NetworkStats): Reply {
  if (earlier.length === 0) return reply;
  const result: Reply = { ...reply, earlier };
  if (lost && reply.request.method === 'DELETE' && reply.status === 404) {
    stats.recovered += 1;
    result.recovered = `the answer to ${reply.label} was lost (${earlier.at(-1)?.error ?? 'no answer'}); sent again, it answered 404: the first one deleted it`;
  }
  return result;
}

/** Exchanges a fault carries of the attempts before it (set by withEarlier). */
export function faultEarlier(error: unknown): Exchange[] | undefined {
  return (error as { earlier?: Exchange[] } | null)?.earlier;
}

/** The fault that ends a request carries every exchange before it, so the case's report shows each one. */
export function withEarlier(error: unknown, earlier: Exchange[]): unknown {
  if (earlier.length === 0 || error === null || typeof error !== 'object') return error;
  const exchange = (error as { exchange?: Exchange }).exchange;
  const all = [...earlier, ...(faultEarlier(error) ?? [])].filter((item, index, list) => item !== exchange && list.indexOf(item) === index);
  Object.assign(error, { earlier: all });
  return error;
}
