/**
 * The one send function every request of a run goes through (preflight, cases, cleanup, the cleanup
 * command): request → pacing and 429/503 retries → ScimClient → Reply, with non-SCIM answers turned into
 * errors. The guard (guard.ts) wraps it; nothing in the runner talks to the client any other way.
 */
import type { Pacer, ThrottleEvent } from '../client/pacing.ts';
import type { OutgoingRequest } from '../model/transport.ts';
import { labelPrefix, toReply, type Reply } from '../model/reply.ts';
import { assertScimAnswer } from './not-scim.ts';
import { redactDeep, type Redact } from './redact.ts';

export interface SendOptions {
  /** The case the request belongs to; creates are recorded under it for the cleanup after the case. */
  tag?: string;
  /** Aborts the request (SIGINT/SIGTERM); cleanup requests are sent without one. */
  signal?: AbortSignal;
  onThrottle?: (event: ThrottleEvent) => void;
  /** Not sent again after a transport fault (the health probe counts its own attempts). */
  noRetry?: boolean;
}

export type Transport = (request: OutgoingRequest, options?: SendOptions) => Promise<Reply>;

export function networkTransport(pacer: Pacer, baseUrl: string, redact: Redact): Transport {
  const baseOrigin = new URL(baseUrl).origin;
  const prefix = labelPrefix(baseUrl);
  return async (request, options = {}) => {
    const outgoing = options.signal === undefined ? request : { ...request, signal: combine(request.signal, options.signal) };
    const hooks = options.onThrottle === undefined ? {} : { onThrottle: options.onThrottle };
    const reply = redactReply(toReply(request, await pacer.send(outgoing, hooks), prefix), redact);
    assertScimAnswer(reply, baseOrigin);
    return reply;
  };
}

/**
 * The reply as cases see it, with the token taken out of the body, the parsed JSON and the headers: every
 * reason a check builds from a reply (a detail quoted and cut at 160 characters, a value, a Content-Type) is
 * then free of it at the source, whole or in part. The exchange is already redacted by the client.
 */
function redactReply(reply: Reply, redact: Redact): Reply {
  const safe: Reply = { ...reply, bodyText: redact(reply.bodyText), headers: redactDeep(reply.headers, redact) };
  if (reply.json !== undefined) safe.json = redactDeep(reply.json, redact);
  return safe;
}

function combine(own: AbortSignal | undefined, run: AbortSignal): AbortSignal {
  return own === undefined ? run : AbortSignal.any([own, run]);
}
