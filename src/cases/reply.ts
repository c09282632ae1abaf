/** One answer of the target, with the label every failure message names it by. */
import type { HttpResult, OutgoingRequest } from '../client/types.ts';

export interface Reply extends HttpResult {
  /** e.g. `GET /Users?filter=userName+eq+%22…%22`: the request as it went on the wire (relative to the base URL). */
  label: string;
  request: OutgoingRequest;
}

export function toReply(request: OutgoingRequest, result: HttpResult): Reply {
  return { ...result, label: requestLabel(request), request };
}

export function requestLabel(request: Pick<OutgoingRequest, 'method' | 'path'>): string {
  return `${request.method} ${request.path}`;
}
