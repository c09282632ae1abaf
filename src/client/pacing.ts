/**
 * Pacing and throttling, the way Entra treats a target: requests are spread to at most `ratePerSecond`
 * (Entra's gallery figure is 25 requests per second), and a 429 or 503 is retried after the `Retry-After` the
 * target asked for (seconds or an HTTP date), a bounded number of times with a bounded wait, then given up.
 * Sits between the runner and ScimClient.send, so every request of a run, cases and cleanup alike, is paced.
 */
import { type Exchange, type HttpResult, type OutgoingRequest, TransportError } from '../model/transport.ts';

export const DEFAULT_MAX_RETRIES = 3;
/** The longest wait honoured for one Retry-After; a longer one is cut to this (then retried anyway). */
export const DEFAULT_MAX_RETRY_WAIT_MS = 30_000;
/** Wait before a retry when a 429/503 carries no usable Retry-After: 1 s, 2 s, 4 s… */
const BACKOFF_BASE_MS = 1_000;

export interface PacingOptions {
  /** Most requests started per second; 0, undefined or Infinity: no pacing (the embedded server). */
  ratePerSecond?: number;
  maxRetries?: number;
  maxRetryWaitMs?: number;
  /** Injected by tests. */
  now?: () => number;
}

/** One 429/503 answer seen (whether it was then retried or not). */
export interface ThrottleEvent {
  status: number;
  /** How long the suite waits before the next attempt (0 when it gives up). */
  waitMs: number;
  /** 1 for the first answer of this request. */
  attempt: number;
  retrying: boolean;
}

export interface PacedSendHooks {
  onThrottle?: (event: ThrottleEvent) => void;
}

/** The target kept answering 429/503 after every retry: the request is given up (an `error` outcome). */
export class ThrottledError extends Error {
  override readonly name = 'ThrottledError';
  constructor(
    message: string,
    readonly status: number,
    readonly attempts: number,
    readonly exchange: Exchange,
  ) {
    super(message);
  }
}

type Send = (request: OutgoingRequest) => Promise<HttpResult>;

export class Pacer {
  private readonly intervalMs: number;
  private readonly maxRetries: number;
  private readonly maxRetryWaitMs: number;
  private readonly now: () => number;
  /** Earliest time the next request may start; reserved synchronously, so concurrent callers queue fairly. */
  private nextSlot = 0;

  constructor(
    private readonly inner: Send,
    options: PacingOptions = {},
  ) {
    const rate = options.ratePerSecond;
    if (rate !== undefined && (!(rate >= 0) || Number.isNaN(rate))) throw new TypeError(`ratePerSecond must be >= 0, got ${rate}`);
    this.intervalMs = rate && Number.isFinite(rate) ? 1000 / rate : 0;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS;
    this.now = options.now ?? (() => performance.now());
  }

  async send(request: OutgoingRequest, hooks: PacedSendHooks = {}): Promise<HttpResult> {
    for (let attempt = 1; ; attempt += 1) {
      await this.takeSlot(request);
      const result = await this.inner(request);
      if (result.status !== 429 && result.status !== 503) return result;
      const retrying = attempt <= this.maxRetries;
      const asked = retryAfterMs(result.headers['retry-after'], Date.now());
      const waitMs = retrying ? Math.min(asked ?? BACKOFF_BASE_MS * 2 ** (attempt - 1), this.maxRetryWaitMs) : 0;
      hooks.onThrottle?.({ status: result.status, waitMs, attempt, retrying });
      if (!retrying) {
        throw new ThrottledError(
          `throttled: ${request.method} ${request.path} answered ${result.status} ${attempt} times; gave up after ` +
            `${this.maxRetries} retries (Retry-After honoured, at most ${Math.round(this.maxRetryWaitMs / 1000)} s each)`,
          result.status,
          attempt,
          result.exchange,
        );
      }
      await sleep(waitMs, request, result.exchange);
    }
  }

  /** Waits for this request's turn under the rate limit. */
  private async takeSlot(request: OutgoingRequest): Promise<void> {
    if (this.intervalMs === 0) return;
    const now = this.now();
    const start = Math.max(now, this.nextSlot);
    this.nextSlot = start + this.intervalMs;
    if (start > now) await sleep(start - now, request);
  }
}

/**
 * `Retry-After` (RFC 9110 §10.2.3) in milliseconds from now: delay-seconds or an HTTP-date. Undefined when
 * absent or unreadable, so the caller falls back to its own backoff; a date in the past means "now".
 */
export function retryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, date - nowMs);
}

/** A wait that the request's own signal (SIGINT) cuts short, failing the request as aborted. */
export function sleep(ms: number, request: OutgoingRequest, exchange?: Exchange): Promise<void> {
  const signal = request.signal;
  const aborted = (): TransportError => {
    const message = `request aborted by the caller while waiting to send ${request.method} ${request.path}`;
    const record: Exchange = exchange ?? { request: { method: request.method, url: request.path, headers: {} }, durationMs: 0 };
    return new TransportError('aborted', message, { ...record, error: message });
  };
  if (signal?.aborted) return Promise.reject(aborted());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
