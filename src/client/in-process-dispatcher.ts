/**
 * An undici Dispatcher that hands each request to a function of this process instead of a socket: how the
 * embedded run reaches the reference server. The client sends exactly as it does over the network (same
 * `request` API, deadline, abort, body cap, redaction, recorded exchange; the guard, pacer and checks above
 * it see no difference), and the server answers through the same HTTP adapter as over node:http
 * (src/server/http-exchange.ts); only the bytes never go through the kernel. A run against the embedded
 * server spent about half its CPU on the HTTP transport between two ends of one thread (issue 24).
 */
import { STATUS_CODES } from 'node:http';
import type { Dispatcher as UndiciDispatcher } from 'undici';
import { Dispatcher } from './undici-agent.ts';
import { flatHeaders } from '../model/headers.ts';

/** A request as the answering function gets it: header names lower-cased, the body's bytes. */
export interface InProcessRequest {
  method: string;
  /** Path and query, as on the request line. */
  target: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface InProcessResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  payload?: Buffer;
}

export type InProcessAnswer = (request: InProcessRequest) => Promise<InProcessResponse>;

/** The legacy handler interface undici's `request` API hands to `dispatch` (api-request.js). */
interface RequestHandler {
  onConnect(abort: (reason?: Error) => void, context?: object): void;
  onHeaders(statusCode: number, rawHeaders: string[], resume: () => void, statusText: string): boolean | void;
  onData(chunk: Buffer): boolean | void;
  onComplete(trailers: string[]): void;
  onError(error: Error): void;
}

class AbortedError extends Error {
  override readonly name = 'AbortError';
}

export class InProcessDispatcher extends Dispatcher {
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  private readonly host: string;

  /** `origin`: the only origin it answers for (`http://host[:port]`); anything else is an error, never the network. */
  constructor(
    private readonly origin: string,
    private readonly answer: InProcessAnswer,
  ) {
    super();
    this.host = new URL(origin).host;
  }

  override dispatch(options: UndiciDispatcher.DispatchOptions, handler: UndiciDispatcher.DispatchHandler): boolean {
    const legacy = handler as unknown as RequestHandler;
    const exchange = this.exchange(options, legacy).finally(() => this.inFlight.delete(exchange));
    this.inFlight.add(exchange);
    return true;
  }

  private async exchange(options: UndiciDispatcher.DispatchOptions, handler: RequestHandler): Promise<void> {
    let aborted: Error | undefined;
    handler.onConnect((reason) => {
      aborted ??= reason ?? new AbortedError('aborted');
    });
    // Answered on a later turn of the event loop, as a socket would be: never inside the caller's own call.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      if (aborted !== undefined) throw aborted;
      if (this.closed) throw new Error('the in-process dispatcher is closed');
      const origin = String(options.origin ?? '').replace(/\/+$/, '');
      if (origin !== this.origin) throw new Error(`the in-process dispatcher answers only for ${this.origin}, not ${origin}`);
      const body = bodyBytes(options.body);
      const headers = flatHeaders(options.headers);
      headers.host ??= this.host;
      if (body.length > 0) headers['content-length'] ??= String(body.length);
      const response = await this.answer({ method: options.method, target: options.path, headers, body });
      if (aborted !== undefined) throw aborted;
      // A Date as node:http adds one (RFC 9110 §6.6.1); no Connection or Keep-Alive: there is no connection.
      const raw = Object.entries({ ...response.headers, date: response.headers.date ?? new Date().toUTCString() }).flat();
      handler.onHeaders(response.status, raw, () => undefined, STATUS_CODES[response.status] ?? '');
      if (response.payload !== undefined && response.payload.length > 0) handler.onData(response.payload);
      handler.onComplete([]);
    } catch (error) {
      handler.onError(error instanceof Error ? error : new Error(String(error)));
    }
  }

  override async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.inFlight);
  }

  override async destroy(): Promise<void> {
    this.closed = true;
  }
}

function bodyBytes(body: UndiciDispatcher.DispatchOptions['body']): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body);
  throw new TypeError('the in-process dispatcher sends string and byte bodies only');
}
