/** One answer of the target, with the label every failure message names it by. */
import type { Exchange, HttpResult, OutgoingRequest } from '../client/types.ts';

export interface Reply {
  /** e.g. `GET /Users?filter=userName+eq+%22…%22`: the request as it went on the wire (relative to the base URL). */
  label: string;
  request: OutgoingRequest;
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  json?: unknown;
  parseError?: string;
  exchange: Exchange;
}

export function toReply(request: OutgoingRequest, result: HttpResult): Reply {
  const reply: Reply = {
    label: requestLabel(request),
    request,
    status: result.status,
    headers: result.headers,
    bodyText: result.bodyText,
    exchange: result.exchange,
  };
  if (result.json !== undefined) reply.json = result.json;
  if (result.parseError !== undefined) reply.parseError = result.parseError;
  return reply;
}

export function requestLabel(request: Pick<OutgoingRequest, 'method' | 'path'>): string {
  return `${request.method} ${request.path}`;
}
