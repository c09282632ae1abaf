/**
 * The recording reverse proxy behind `observe`: every request is forwarded to the upstream SCIM base URL and
 * every answer back, streamed as they arrive, bodies, status and headers unchanged (only the hop-by-hop
 * headers a proxy must not pass on are dropped, and Host names the upstream), over kept-alive connections,
 * with Entra's 60-second deadline. Beside the stream a bounded copy of each body is kept and handed to
 * `onExchange` once the answer has ended. The proxy sends nothing of its own.
 */
import { createServer as createHttpServer, request as httpRequest, Agent as HttpAgent, type IncomingMessage, type Server, type ServerResponse, type OutgoingHttpHeaders } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { flatHeaders } from '../model/headers.ts';

/** Entra gives up on a request after 60 seconds (ED-SCIM: "the provisioning service times out after 60 seconds"). */
export const ENTRA_TIMEOUT_MS = 60_000;
/** Bodies are kept for recording up to this size; the stream itself is never cut. */
export const RECORDED_BODY_BYTES = 5 * 1024 * 1024;

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

/** One exchange as it went by, unredacted: the caller redacts before storing anything. */
export interface ProxiedExchange {
  startedAt: string;
  method: string;
  /** The path and query the client sent (relative to the proxy's root, i.e. to the SCIM base URL). */
  path: string;
  upstreamUrl: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  status?: number;
  responseHeaders: Record<string, string>;
  responseBody: string;
  truncated: boolean;
  error?: string;
  durationMs: number;
}

export interface ProxyOptions {
  upstream: URL;
  host: string;
  port: number;
  tls?: { cert: Buffer; key: Buffer };
  timeoutMs?: number;
  /** Trusted CA certificates for the upstream, on top of Node's. */
  ca?: Buffer;
  onExchange(exchange: ProxiedExchange): void;
}

export interface RunningProxy {
  url: string;
  /** Stops accepting, lets exchanges in flight end (up to `graceMs`), closes kept-alive connections. */
  close(graceMs?: number): Promise<void>;
}

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const secure = options.upstream.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true, ...(options.ca ? { ca: options.ca } : {}) }) : new HttpAgent({ keepAlive: true });
  const timeoutMs = options.timeoutMs ?? ENTRA_TIMEOUT_MS;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const handler = (incoming: IncomingMessage, outgoing: ServerResponse): void => {
    inFlight += 1;
    forward(incoming, outgoing, { ...options, agent, secure, timeoutMs }).finally(() => {
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    });
  };
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createHttpServer(handler);
  // The client's own keep-alive is honoured: Node keeps the connection open between requests.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = timeoutMs + 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${address.port}`,
    async close(graceMs = 5_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((resolve) => (drained = resolve)), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      }
      server.closeAllConnections();
      await closed;
      agent.destroy();
    },
  };
}

interface ForwardContext extends ProxyOptions {
  agent: HttpAgent | HttpsAgent;
  secure: boolean;
  timeoutMs: number;
}

function forward(incoming: IncomingMessage, outgoing: ServerResponse, context: ForwardContext): Promise<void> {
  const started = performance.now();
  const path = incoming.url ?? '/';
  const upstreamUrl = new URL(`${context.upstream.pathname.replace(/\/+$/, '')}${path}`, context.upstream);
  const record: ProxiedExchange = {
    startedAt: new Date().toISOString(),
    method: incoming.method ?? 'GET',
    path,
    upstreamUrl: upstreamUrl.toString(),
    requestHeaders: flatHeaders(incoming.headers),
    requestBody: '',
    responseHeaders: {},
    responseBody: '',
    truncated: false,
    durationMs: 0,
  };
  const requestBody = new BoundedBuffer();
  const responseBody = new BoundedBuffer();
  return new Promise<void>((resolve) => {
    let finished = false;
    const finish = (error?: string): void => {
      if (finished) return;
      finished = true;
      record.requestBody = requestBody.text();
      record.responseBody = decodedBody(responseBody, record.responseHeaders['content-encoding']);
      record.truncated = responseBody.cut;
      record.durationMs = Math.round(performance.now() - started);
      if (error !== undefined) record.error = error;
      context.onExchange(record);
      resolve();
    };
    const send = context.secure ? httpsRequest : httpRequest;
    const upstream = send(upstreamUrl, { method: record.method, headers: forwardedHeaders(incoming.headers, upstreamUrl), agent: context.agent });
    upstream.setTimeout(context.timeoutMs, () => upstream.destroy(new Error(`no answer within ${context.timeoutMs} ms (Entra's timeout)`)));
    upstream.on('response', (answer) => {
      record.status = answer.statusCode ?? 0;
      record.responseHeaders = flatHeaders(answer.headers);
      const headers: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
      outgoing.writeHead(record.status, answer.statusMessage, headers);
      answer.on('data', (chunk: Buffer) => responseBody.add(chunk));
      answer.pipe(outgoing);
      answer.on('end', () => finish());
      answer.on('error', (error) => finish(`the answer broke off: ${error.message}`));
    });
    upstream.on('error', (error) => {
      if (!outgoing.headersSent) {
        const gatewayTimeout = /no answer within/.test(error.message);
        outgoing.writeHead(gatewayTimeout ? 504 : 502, { 'content-type': 'text/plain; charset=utf-8' });
        outgoing.end(`scim-conformance observe: upstream ${gatewayTimeout ? 'timed out' : 'unreachable'} (${error.message})\n`);
      } else {
        outgoing.destroy();
      }
      finish(`upstream: ${error.message}`);
    });
    incoming.on('data', (chunk: Buffer) => requestBody.add(chunk));
    incoming.pipe(upstream);
    // The client went away before the answer ended: the upstream request is abandoned too.
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) {
        upstream.destroy();
        finish('the client closed the connection before the answer ended');
      }
    });
  });
}

function forwardedHeaders(headers: IncomingMessage['headers'], upstream: URL): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
  out.host = upstream.host;
  return out;
}

class BoundedBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  cut = false;

  add(chunk: Buffer): void {
    if (this.size >= RECORDED_BODY_BYTES) {
      this.cut = true;
      return;
    }
    const room = RECORDED_BODY_BYTES - this.size;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (kept.length < chunk.length) this.cut = true;
    this.chunks.push(kept);
    this.size += kept.length;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }

  text(): string {
    return this.bytes().toString('utf8');
  }
}

/** The recorded copy of a compressed answer is decompressed (the stream to the client stays as it was). */
function decodedBody(body: BoundedBuffer, encoding: string | undefined): string {
  const bytes = body.bytes();
  if (encoding === undefined || body.cut) return bytes.toString('utf8');
  try {
    if (/gzip/i.test(encoding)) return gunzipSync(bytes).toString('utf8');
    if (/deflate/i.test(encoding)) return inflateSync(bytes).toString('utf8');
    if (/br/i.test(encoding)) return brotliDecompressSync(bytes).toString('utf8');
  } catch {
    return bytes.toString('utf8');
  }
  return bytes.toString('utf8');
}
