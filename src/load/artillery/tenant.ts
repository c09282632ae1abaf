/**
 * One virtual tenant of an Artillery run: the native load runner (src/load/runner.ts) run for one tenant, with
 * Artillery's HTTP in place of this package's client. The runner decides every request, in Entra's order, and
 * renders it from the fixtures; the safety guard, the ledger, pacing at the tenant's rate and the final sweep are
 * the runner's own. Each request waits here until Artillery reaches the script step named after its operation,
 * whose hooks hand it over (`take`) and bring the answer back (`answer`). So a tenant sends exactly what a native
 * run sends, and Artillery times each request and counts it under its operation.
 */
import { flatHeaders } from '../../model/headers.ts';
import { TransportError, type Exchange, type HttpResult, type OutgoingRequest } from '../../model/transport.ts';
import type { Operation } from '../metrics.ts';
import { runLoad, type LoadOptions, type LoadResult } from '../runner.ts';

interface Pending {
  operation: Operation;
  request: OutgoingRequest;
  resolve: (result: HttpResult) => void;
  reject: (error: unknown) => void;
}

/** What Artillery's HTTP engine (got) hands an afterResponse hook, as far as it is used here. */
export interface EngineResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  timings?: { phases?: { total?: number; firstByte?: number } };
}

export class VirtualTenant {
  readonly result: Promise<LoadResult>;
  private pending: Pending | undefined;
  private operation: Operation = 'query';
  private done = false;
  private wake: (() => void) | undefined;
  private readonly controller = new AbortController();

  constructor(options: Omit<LoadOptions, 'send' | 'onSend' | 'signal' | 'concurrency'>) {
    // One request at a time: a virtual user is one sequence, as one Entra job works through its objects.
    this.result = runLoad({
      ...options,
      concurrency: 1,
      signal: this.controller.signal,
      send: (request) => this.send(request),
      onSend: (operation) => {
        this.operation = operation;
      },
    }).finally(() => {
      this.done = true;
      this.wake?.();
    });
    // Observed by `finish`; a rejection must not go unhandled while the tenant is still running.
    this.result.catch(() => undefined);
  }

  /** The operation of the next request, once the runner has one ready (after its pacing); undefined when the cycle is over. */
  async next(): Promise<Operation | undefined> {
    while (this.pending === undefined && !this.done) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    return this.pending?.operation;
  }

  /** The request for the step Artillery is about to send; the step's name must be its operation. */
  take(operation: string): OutgoingRequest {
    const pending = this.pending;
    if (pending === undefined) throw new Error(`Artillery reached the "${operation}" step with no request waiting`);
    if (pending.operation !== operation) throw new Error(`Artillery reached the "${operation}" step, but the next request is a ${pending.operation}`);
    return pending.request;
  }

  /** The answer to the request handed over last. */
  answer(response: EngineResponse, url: string, durationMs: number): void {
    const pending = this.settle();
    pending.resolve(toHttpResult(pending.request, response, url, durationMs));
  }

  /** The request failed without an answer: Artillery ends the virtual user, so the tenant stops and cleans up. */
  fail(code: string | undefined, message: string, url: string): void {
    this.controller.abort('an Artillery request error');
    const pending = this.pending === undefined ? undefined : this.settle();
    const exchange: Exchange = { request: { method: pending?.request.method ?? 'GET', url, headers: {} }, error: message, durationMs: 0 };
    pending?.reject(new TransportError(kindOf(code), message, exchange, code === undefined ? {} : { code }));
  }

  async finish(): Promise<LoadResult> {
    return this.result;
  }

  private send(request: OutgoingRequest): Promise<HttpResult> {
    if (this.controller.signal.aborted) {
      return Promise.reject(new TransportError('aborted', 'the virtual user ended', { request: { method: request.method, url: request.path, headers: {} }, durationMs: 0 }));
    }
    return new Promise<HttpResult>((resolve, reject) => {
      this.pending = { operation: this.operation, request, resolve, reject };
      this.wake?.();
    });
  }

  private settle(): Pending {
    const pending = this.pending;
    if (pending === undefined) throw new Error('an answer arrived with no request waiting');
    this.pending = undefined;
    return pending;
  }
}

/** The answer as this package's client would have produced it (headers in lower case, the JSON parsed). */
function toHttpResult(request: OutgoingRequest, response: EngineResponse, url: string, durationMs: number): HttpResult {
  const headers = flatHeaders(response.headers);
  const body = response.body;
  const bodyText = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : body === undefined ? '' : JSON.stringify(body);
  const exchange: Exchange = {
    request: { method: request.method, url, headers: {}, ...(request.body === undefined ? {} : { body: typeof request.body === 'string' ? request.body : JSON.stringify(request.body) }) },
    response: { status: response.statusCode, headers, body: bodyText },
    durationMs,
  };
  const result: HttpResult = { status: response.statusCode, headers, bodyText, exchange };
  if (bodyText.length > 0) {
    try {
      result.json = JSON.parse(bodyText.replace(/^\uFEFF/, '')) as unknown;
    } catch (error) {
      result.parseError = error instanceof Error ? error.message : String(error);
    }
  }
  return result;
}

/** Node's and got's error codes as the transport's kinds (error-class.ts counts them by kind). */
function kindOf(code: string | undefined): TransportError['kind'] {
  switch (code) {
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return 'timeout';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'reset';
    case 'ECONNREFUSED':
      return 'refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'dns';
    default:
      return 'other';
  }
}
