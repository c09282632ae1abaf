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

export function toReply(request: OutgoingRequest, result: HttpResult): Reply {
  return { ...result, label: requestLabel(request), request };
}

export function requestLabel(request: Pick<OutgoingRequest, 'method' | 'path'>): string {
  return `${request.method} ${request.path}`;
}
