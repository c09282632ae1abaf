/**
 * What the suite does when a request got no HTTP answer: every retry decision of a run, in one table.
 * Two facts decide. Could the request have reached the target (a reset or a hang-up after it was sent: the
 * request may have taken effect and only its answer was lost), or certainly not (connection refused, DNS,
 * a connect timeout, no route: nothing was sent)? And is the method safe to send twice?
 * - Nothing sent: any method is sent again, after a bounded, jittered backoff.
 * - Maybe took effect: GET and DELETE are sent again (a DELETE answered 404 the second time is known gone);
 *   a POST is never blindly resent: the create is first looked up by its unique name; a PATCH or PUT is
 *   resolved by reading the resource back. A response timeout is not retried (a slow target stays slow),
 *   but a create or a PATCH that timed out is still resolved the same way.
 * - Anything else (TLS, a malformed or oversized answer, a redirect, the caller's abort) is final.
 * Throttling (429/503, an HTTP answer) is the Pacer's business, not this table's.
 */
import type { TransportErrorKind } from '../model/transport.ts';

export type FaultAction = 'retry' | 'look-up-create' | 'read-back' | 'give-up';

export interface TransportFault {
  method: string;
  kind: TransportErrorKind;
  code?: string | undefined;
}

/** Sends of one request, the first included, before a fault is final. */
export const MAX_ATTEMPTS = 4;
/** First backoff; doubled after each failed attempt (100, 200, 400 ms), each jittered down to half: a lost answer is a blip. */
export const BACKOFF_BASE_MS = 100;
export const BACKOFF_MAX_MS = 2_000;

const CONNECT_FAILURE_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EADDRNOTAVAIL',
]);

/** The request certainly never reached the target: the connection itself could not be made. */
export function neverSent(fault: TransportFault): boolean {
  if (fault.kind === 'refused' || fault.kind === 'dns') return true;
  return fault.code !== undefined && CONNECT_FAILURE_CODES.has(fault.code);
}

/** The request was (or may have been) sent and then the answer was cut off or never came. */
export function answerLost(fault: TransportFault): boolean {
  if (neverSent(fault)) return false;
  return fault.kind === 'reset' || fault.kind === 'timeout';
}

/**
 * The action for the `attempt`-th send of a request (1 = the first) that ended in `fault`. A `retry`
 * beyond MAX_ATTEMPTS becomes `give-up`; resolving a create or a PATCH is asked for at any attempt.
 */
export function onTransportFault(fault: TransportFault, attempt: number): FaultAction {
  const method = fault.method.toUpperCase();
  const retry: FaultAction = attempt < MAX_ATTEMPTS ? 'retry' : 'give-up';
  if (neverSent(fault)) return retry;
  if (!answerLost(fault)) return 'give-up';
  if (method === 'POST') return 'look-up-create';
  if (method === 'PATCH' || method === 'PUT') return 'read-back';
  if (fault.kind === 'timeout') return 'give-up';
  if (method === 'GET' || method === 'DELETE') return retry;
  return 'give-up';
}

/** Wait before the send after the `attempt`-th failed one: exponential, capped, with jitter so retries spread out. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
