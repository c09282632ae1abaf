/** One answer of the target, with the label every failure message names it by. */
import type { Exchange, HttpResult, OutgoingRequest } from './transport.ts';

export interface Reply extends HttpResult {
  /** e.g. `GET /Users?filter=userName+eq+%22…%22`: the request as it went on the wire (relative to the base URL). */
  label: string;
  request: OutgoingRequest;
  /**
   * Set when the answer to this request was lost and what is here was found out another way (a create looked
   * up by name, a PATCH read back, a DELETE retried into a 404): says how. `status` and the body are then the
   * lookup's, so a case may judge the effect but never the status the target answered (checks.ts).
   */
  recovered?: string;
  /**
   * Set instead of `recovered` on a setup create's reply (context.ts): the resource exists and setup may use
   * it, but the answer is a lookup's, so no check may judge its status as the create's.
   */
  statusLost?: string;
  /** Exchanges of this request that got no answer before this one (retried or resolved), oldest first. */
  earlier?: Exchange[];
}

/** `prefix`: what `labelPrefix` says to show before the path (empty for a well-formed base URL). */
export function toReply(request: OutgoingRequest, result: HttpResult, prefix = ''): Reply {
  return { ...result, label: requestLabel(request, prefix), request };
}

export function requestLabel(request: Pick<OutgoingRequest, 'method' | 'path'>, prefix = ''): string {
  return `${request.method} ${prefix}${request.path}`;
}

const RESOURCE_SEGMENT = /\/(Users|Groups|Schemas|ServiceProviderConfig|ResourceTypes|Bulk|Me)$/i;

/**
 * Labels are relative to the base URL, which the run's header shows in full. A base URL that itself ends
 * with a SCIM resource (`…/scim/v2/Users`) is a mistake a label must not hide: its last segment is kept in
 * every label, so the request reads `GET /Users/Users?filter=…`, as it went on the wire.
 */
export function labelPrefix(baseUrl: string): string {
  try {
    const match = RESOURCE_SEGMENT.exec(new URL(baseUrl).pathname.replace(/\/+$/, ''));
    return match ? `/${match[1]}` : '';
  } catch {
    return '';
  }
}
