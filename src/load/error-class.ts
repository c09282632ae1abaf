/**
 * The class a failed request is counted under, as the issue asks for them: each 4xx status on its own,
 * 5xx together (503 apart), 429 and 503 split by whether they carried `Retry-After`, and the transport
 * failures (timeout, reset, refused, …) by kind. A load run does not retry 429/503 itself: Entra's handling
 * of `Retry-After` is undocumented (entra-wire.md §4.4), so each such answer is one failed attempt.
 */
import { type Exchange, TransportError } from '../model/transport.ts';
import { ThrottledError } from '../client/pacing.ts';
import { NotScimAnswer } from '../safety/not-scim.ts';

export function statusClass(status: number, headers: Record<string, string | undefined> = {}): string {
  if (status === 429 || status === 503) return `${status} ${headers['retry-after'] === undefined ? 'without' : 'with'} Retry-After`;
  if (status >= 400 && status < 500) return String(status);
  if (status >= 500) return '5xx';
  return `unexpected ${status}`;
}

export interface FailedAttempt {
  errorClass: string;
  /** The exchange as far as it went, for its duration (0 when there was none). */
  durationMs: number;
  status?: number;
}

/** A request that threw instead of answering; anything else (a guard refusal, a bug) is not a target failure. */
export function classifyThrown(error: unknown): FailedAttempt | undefined {
  if (error instanceof ThrottledError) {
    return { errorClass: statusClass(error.status, error.exchange.response?.headers ?? {}), durationMs: durationOf(error.exchange), status: error.status };
  }
  if (error instanceof TransportError) return { errorClass: error.kind, durationMs: durationOf(error.exchange) };
  if (error instanceof NotScimAnswer) return { errorClass: 'not SCIM', durationMs: durationOf(error.exchange), status: error.exchange.response?.status ?? 0 };
  return undefined;
}

function durationOf(exchange: Exchange | undefined): number {
  return exchange?.durationMs ?? 0;
}
