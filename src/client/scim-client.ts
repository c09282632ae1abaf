import dns from 'node:dns';
import { readFileSync } from 'node:fs';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import type { Agent as UndiciAgent, Dispatcher } from 'undici';
import { classifyFailure, oneLine, timeoutFailure, tooLargeFailure } from './errors.ts';
import { type Exchange, type HttpResult, type OutgoingRequest, TransportError } from '../model/transport.ts';
import { flatHeaders } from '../model/headers.ts';
import type { Failure, FailureContext } from './errors.ts';
import { createRedactor, redactHeaders } from './redact.ts';
import { loadAgent } from './undici-agent.ts';

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Response bodies are stored in an exchange up to this many bytes (UTF-8), then cut with `truncated: true`. */
export const STORED_BODY_BYTES = 64 * 1024;

export interface ScimClientOptions {
  /** SCIM base URL, e.g. `https://api.contoso.com/scim`; a trailing slash is trimmed. No query, fragment or credentials. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>` and redacted from everything stored or printed; empty: no Authorization header. */
  token: string;
  /**
   * OAuth 2.0 client credentials: the bearer token of each request, asked for just before it is sent (see
   * src/client/oauth.ts); replaces `token`. The caller's redactor must learn every token it returns.
   */
  accessToken?: () => Promise<string>;
  /** Deadline for a whole exchange: connect, TLS, request, response headers and the complete body. */
  timeoutMs: number;
  /** Largest response body read; beyond it the exchange fails with kind 'too-large'. Default 5 MiB. */
  maxBodyBytes?: number;
  /** Extra CA certificate(s) (PEM) trusted on top of Node's bundled roots and NODE_EXTRA_CA_CERTS. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** `User-Agent` header; none is sent by default. */
  userAgent?: string;
  /** More strings to redact from exchanges and messages besides the token (e.g. a second credential). */
  secrets?: string[];
  /** The caller's redactor (a run's one, made from the token); replaces the one made from `token` and `secrets`. */
  redact?: (text: string) => string;
  /**
   * Sends through this undici Dispatcher instead of an Agent of its own (the embedded run's in-process
   * server, src/client/in-process-dispatcher.ts); the caller closes it. Everything else is the same.
   */
  dispatcher?: Dispatcher;
}

/** Thrown inside the client when its own deadline fires; never escapes (it becomes a TransportError). */
class DeadlineExpired extends Error {
  override readonly name = 'TimeoutError';
}

/** Thrown inside the client when the body exceeds the cap; never escapes. */
class BodyTooLarge extends Error {
  override readonly name = 'BodyTooLarge';
}

/**
 * RFC 6761 §6.4: names under `.invalid` never resolve, so fail them at once instead of waiting on a resolver
 * that may be unreachable (offline CI); everything else goes to the system resolver.
 */
const lookup: LookupFunction = (hostname, options, callback) => {
  if (/(^|\.)invalid\.?$/i.test(hostname)) {
    const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
      code: 'ENOTFOUND',
      syscall: 'getaddrinfo',
      hostname,
    });
    process.nextTick(() => callback(err, '', 0));
    return;
  }
  dns.lookup(hostname, options, callback);
};

/**
 * Node replaces its whole trust store when `ca` is given; keep the bundled roots and NODE_EXTRA_CA_CERTS so
 * that `--ca` only adds trust.
 */
function trustedCas(ca: ScimClientOptions['ca']): Array<string | Buffer> | undefined {
  if (ca === undefined) return undefined;
  const extra: Array<string | Buffer> = [];
  const extraFile = process.env.NODE_EXTRA_CA_CERTS;
  if (extraFile) {
    try {
      extra.push(readFileSync(extraFile));
    } catch {
      // Node itself warns about an unreadable NODE_EXTRA_CA_CERTS at startup.
    }
  }
  return [...tls.rootCertificates, ...extra, ...(Array.isArray(ca) ? ca : [ca])];
}

/** Cuts UTF-8 text to at most `maxBytes` bytes without splitting a character. */
function cutUtf8(text: string, maxBytes: number): { text: string; cut: boolean } {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { text, cut: false };
  let end = maxBytes;
  // Back off continuation bytes (10xxxxxx) so the cut falls on a character boundary.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return { text: bytes.subarray(0, end).toString('utf8'), cut: true };
}

/** `body that is not JSON: starts with "<!DOCTYPE html>"`, or the parser's reason when it looked like JSON. */
export function describeParseError(text: string, err: unknown): string {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.length === 0) return 'body that is not JSON: it is only whitespace';
  const firstLine = trimmed.split(/\r?\n/, 1)[0] ?? '';
  const snippet = firstLine.length > 24 ? `${firstLine.slice(0, 24)}…` : firstLine;
  const looksLikeJson = /^[[{"\d-]|^(true|false|null)\b/.test(trimmed);
  if (!looksLikeJson) return `body that is not JSON: starts with ${JSON.stringify(snippet)}`;
  const reason = err instanceof Error ? err.message.replace(/, ".*" is not valid JSON$/s, '') : String(err);
  return `body that is not valid JSON (${oneLine(reason, 120)}): starts with ${JSON.stringify(snippet)}`;
}

/** The clock and abort wiring of one exchange (see `ScimClient.startDeadline`). */
interface Deadline {
  signal: AbortSignal;
  /** Rejects when the deadline fires or the caller aborts. */
  stopped: Promise<never>;
  dispose(): void;
}

/** What has arrived of a response so far; a failure keeps the part that came. */
interface ReceivedResponse {
  status: number;
  headers: Record<string, string>;
  chunks: Buffer[];
  bytes: number;
}

/** The body as sent: a string as-is, anything else as JSON; a body gets the SCIM media type unless the request set one. */
function encodeBody(requestBody: unknown, headers: Record<string, string>): string | undefined {
  const body =
    requestBody === undefined
      ? undefined
      : typeof requestBody === 'string'
        ? requestBody
        : (JSON.stringify(requestBody) as string | undefined);
  if (body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/scim+json; charset=utf-8';
  }
  return body;
}

export class ScimClient {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;

  private readonly origin: string;
  private readonly basePath: string;
  private readonly hostname: string;
  private readonly port: number;
  private readonly token: string;
  private readonly accessToken: (() => Promise<string>) | undefined;
  private readonly userAgent: string | undefined;
  private readonly agent: UndiciAgent | Dispatcher;
  /** The agent is this client's own (closed with it), not a dispatcher the caller handed in. */
  private readonly ownsAgent: boolean;
  private readonly redact: (text: string) => string;
  private closing: Promise<void> | undefined;

  constructor(options: ScimClientOptions) {
    const trimmed = options.baseUrl.replace(/\/+$/, '');
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      throw new TypeError(`baseUrl is not a valid URL: ${JSON.stringify(options.baseUrl)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError(`baseUrl must be http:// or https://, got ${url.protocol}`);
    }
    if (url.username || url.password) {
      throw new TypeError('baseUrl must not contain credentials; pass the token instead');
    }
    if (trimmed.includes('?') || trimmed.includes('#')) {
      throw new TypeError('baseUrl must not contain a query string or fragment; put the query in the request path');
    }
    if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
      throw new TypeError(`timeoutMs must be a positive number, got ${options.timeoutMs}`);
    }
    const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (!Number.isFinite(maxBodyBytes) || maxBodyBytes < 0) {
      throw new TypeError(`maxBodyBytes must be a non-negative number, got ${maxBodyBytes}`);
    }

    this.baseUrl = trimmed;
    this.origin = url.origin;
    // The base path is taken from the string as typed, not from URL.pathname, so it is not re-encoded either.
    const pathStart = trimmed.indexOf('/', url.protocol.length + 2);
    this.basePath = pathStart === -1 ? '' : trimmed.slice(pathStart);
    this.hostname = url.hostname;
    this.port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    this.token = options.token;
    this.accessToken = options.accessToken;
    this.timeoutMs = options.timeoutMs;
    this.maxBodyBytes = maxBodyBytes;
    this.userAgent = options.userAgent;
    this.redact = options.redact ?? createRedactor([options.token, ...(options.secrets ?? [])]);

    this.ownsAgent = options.dispatcher === undefined;
    this.agent = options.dispatcher ?? this.newAgent(options);
  }

  /** The connection pool for the network (loaded only here: an in-process run never needs it). */
  private newAgent(options: ScimClientOptions): UndiciAgent {
    const ca = trustedCas(options.ca);
    const Agent = loadAgent();
    return new Agent({
      connect: {
        timeout: options.timeoutMs,
        lookup,
        // Built once: passing `ca` itself would re-parse every root certificate on each new connection.
        ...(ca === undefined ? {} : { secureContext: tls.createSecureContext({ ca }) }),
      },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  /** Sends one request and reads the whole response; rejects with TransportError when no complete response arrives. */
  async send(request: OutgoingRequest): Promise<HttpResult> {
    const started = performance.now();
    const target = this.requestTarget(request.path);
    const headers = this.buildHeaders(request, this.accessToken === undefined ? this.token : await this.accessToken());
    const body = encodeBody(request.body, headers);
    const exchange = this.recordRequest(request.method, `${this.origin}${target}`, headers, body);
    const ctx: FailureContext = {
      method: request.method,
      path: target,
      hostname: this.hostname,
      port: this.port,
      timeoutMs: this.timeoutMs,
      maxBodyBytes: this.maxBodyBytes,
      responseStarted: false,
      deadlineExpired: false,
      callerAborted: false,
    };
    const deadline = this.startDeadline(ctx, request.signal);
    const received: ReceivedResponse = { status: 0, headers: {}, chunks: [], bytes: 0 };
    try {
      await this.exchangeOnWire(request.method, target, headers, body, deadline, ctx, received);
    } catch (err) {
      throw this.failed(err, ctx, exchange, received, started);
    } finally {
      deadline.dispose();
    }
    return this.completed(exchange, received, started);
  }

  /** Closes the pooled connections once in-flight exchanges have finished (each is bounded by `timeoutMs`). */
  close(): Promise<void> {
    this.closing ??= this.ownsAgent ? this.agent.close() : Promise.resolve();
    return this.closing;
  }

  /** The request target as it goes on the wire: base path, then the caller's path and query, never re-encoded. */
  private requestTarget(requestPath: string): string {
    const path = requestPath === '' || /^[/?]/.test(requestPath) ? requestPath : `/${requestPath}`;
    const joined = `${this.basePath}${path}`;
    return joined.startsWith('/') ? joined : `/${joined}`;
  }

  /** The exchange as stored: the request redacted now, the response filled in when it ends. */
  private recordRequest(method: string, url: string, headers: Record<string, string>, body: string | undefined): Exchange {
    return {
      request: {
        method,
        url: this.redact(url),
        headers: redactHeaders(headers, this.redact),
        ...(body === undefined ? {} : { body: this.redact(body) }),
      },
      durationMs: 0,
    };
  }

  /**
   * One deadline for the whole exchange. undici only honours an abort once a socket is connected, so the
   * wait for the response headers also races the deadline itself (`stopped`).
   */
  private startDeadline(ctx: FailureContext, callerSignal: AbortSignal | undefined): Deadline {
    const controller = new AbortController();
    let stop!: (reason: unknown) => void;
    const stopped = new Promise<never>((_, reject) => {
      stop = reject;
    });
    stopped.catch(() => undefined);
    const timer = setTimeout(() => {
      ctx.deadlineExpired = true;
      const reason = new DeadlineExpired(`deadline of ${this.timeoutMs} ms expired`);
      controller.abort(reason);
      stop(reason);
    }, this.timeoutMs);
    const onCallerAbort = (): void => {
      if (ctx.deadlineExpired) return;
      ctx.callerAborted = true;
      controller.abort(callerSignal?.reason);
      stop(callerSignal?.reason);
    };
    if (callerSignal?.aborted) onCallerAbort();
    else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    return {
      signal: controller.signal,
      stopped,
      dispose: () => {
        clearTimeout(timer);
        callerSignal?.removeEventListener('abort', onCallerAbort);
      },
    };
  }

  /** Sends the request and reads the response into `received`, under the body cap; throws on any failure. */
  private async exchangeOnWire(
    method: OutgoingRequest['method'],
    target: string,
    headers: Record<string, string>,
    body: string | undefined,
    deadline: Deadline,
    ctx: FailureContext,
    received: ReceivedResponse,
  ): Promise<void> {
    const pending = this.agent.request({
      origin: this.origin,
      path: target,
      method,
      headers,
      body: body ?? null,
      signal: deadline.signal,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
    let response: Dispatcher.ResponseData;
    try {
      response = await Promise.race([pending, deadline.stopped]);
    } catch (err) {
      // If undici still produces a response after we gave up, drop it so the socket is freed.
      pending.then((late) => late.body.destroy(), () => undefined);
      throw err;
    }

    ctx.responseStarted = true;
    received.status = response.statusCode;
    received.headers = flatHeaders(response.headers);
    const declared = Number(received.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.maxBodyBytes) {
      response.body.destroy();
      throw new BodyTooLarge();
    }
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      if (received.bytes + chunk.length > this.maxBodyBytes) {
        // Keep what fits (for the stored excerpt), stop reading and let undici close the connection.
        received.chunks.push(chunk.subarray(0, this.maxBodyBytes - received.bytes));
        received.bytes = this.maxBodyBytes;
        response.body.destroy();
        throw new BodyTooLarge();
      }
      received.chunks.push(chunk);
      received.bytes += chunk.length;
    }
    if (ctx.deadlineExpired) throw new DeadlineExpired();
  }

  /** The TransportError for a failed exchange, with whatever part of the response arrived, redacted. */
  private failed(err: unknown, ctx: FailureContext, exchange: Exchange, received: ReceivedResponse, started: number): TransportError {
    const failure: Failure =
      err instanceof BodyTooLarge
        ? tooLargeFailure(this.maxBodyBytes)
        : err instanceof DeadlineExpired || ctx.deadlineExpired
          ? timeoutFailure(ctx)
          : classifyFailure(err, ctx);
    const message = this.redact(failure.message);
    exchange.error = message;
    if (ctx.responseStarted) {
      const text = Buffer.concat(received.chunks, received.bytes).toString('utf8');
      exchange.response = {
        status: received.status,
        headers: redactHeaders(received.headers, this.redact),
        body: cutUtf8(this.redact(text), STORED_BODY_BYTES).text,
        truncated: true,
      };
    }
    exchange.durationMs = roundMs(performance.now() - started);
    return new TransportError(
      failure.kind,
      message,
      exchange,
      failure.code === undefined ? { cause: err } : { cause: err, code: failure.code },
    );
  }

  /** The result of a complete exchange: the raw answer for the checks, its redacted copy stored, JSON parsed. */
  private completed(exchange: Exchange, received: ReceivedResponse, started: number): HttpResult {
    const { status, headers: responseHeaders } = received;
    const bodyText = Buffer.concat(received.chunks, received.bytes).toString('utf8');
    const stored = cutUtf8(this.redact(bodyText), STORED_BODY_BYTES);
    exchange.response = {
      status,
      headers: redactHeaders(responseHeaders, this.redact),
      body: stored.text,
      ...(stored.cut ? { truncated: true } : {}),
    };
    exchange.durationMs = roundMs(performance.now() - started);

    const result: HttpResult = { status, headers: responseHeaders, bodyText, exchange };
    if (bodyText.length > 0) {
      try {
        result.json = JSON.parse(bodyText.replace(/^\uFEFF/, '')) as unknown;
      } catch (err) {
        // Redacted before the snippet is cut as well as after: a cut through the token would leave a part of it.
        result.parseError = this.redact(describeParseError(this.redact(bodyText), err));
      }
    }
    return result;
  }

  private buildHeaders(request: OutgoingRequest, token: string): Record<string, string> {
    const headers: Record<string, string> = token === '' ? {} : { Authorization: `Bearer ${token}` };
    if (this.userAgent !== undefined) headers['User-Agent'] = this.userAgent;
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      if (value === undefined) continue;
      // The request's own header wins over a default of the same name, whatever the case.
      for (const existing of Object.keys(headers)) {
        if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
      }
      headers[name] = value;
    }
    return headers;
  }
}

/** Milliseconds to 0.01 ms: a load run's histograms need sub-millisecond latency of a fast target. */
function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}
