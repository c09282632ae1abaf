/**
 * The reference server on real HTTP (node:http): request → ScimRequest (form-decoded query, lower-cased
 * headers, JSON body read under a size limit) → handler → response serialised as application/scim+json.
 * Binds loopback on an ephemeral port by default, so tests and CI never expose it.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createScimHandler } from './app.ts';
import { IssuedTokens, TOKEN_PATH, createTokenHandler, parseTokenForm, type TokenRequest } from './token-endpoint.ts';
import { errorResponse, toErrorResponse } from './errors.ts';
import type { ReferenceServerOptions, RunningReferenceServer, ScimHandler, ScimRequest, ScimResponse } from './types.ts';

export const DEFAULT_BASE_PATH = '/scim/v2';
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Past this much body the connection is dropped rather than drained (a limit on the limit). */
const DRAIN_CAP_BYTES = 64 * 1024 * 1024;
const SCIM_JSON = 'application/scim+json; charset=utf-8';

export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<RunningReferenceServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  if (token === '') throw new Error('The reference server needs a non-empty token.');
  const host = options.host ?? '127.0.0.1';
  const basePath = normaliseBasePath(options.basePath ?? DEFAULT_BASE_PATH);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let handler: ScimHandler | undefined;
  const issued = new IssuedTokens();
  const tokenHandler = options.oauth === undefined ? undefined : createTokenHandler(options.oauth, issued);

  const server = createServer((req, res) => {
    if (tokenHandler !== undefined && (req.url ?? '').split('?')[0] === TOKEN_PATH) void serveToken(req, res, maxBodyBytes, tokenHandler);
    else void serve(req, res, basePath, maxBodyBytes, handler);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const baseUrl = `http://${urlHost(address)}:${address.port}${basePath}`;
  // The handler needs the final base URL (for meta.location), known only once the port is bound.
  handler = createScimHandler({ token, baseUrl, middleware: options.middleware ?? [], ...(tokenHandler === undefined ? {} : { acceptToken: (candidate: string) => issued.isValid(candidate) }) });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Keep-alive connections (fetch keeps them open) would otherwise hold close() until they time out.
      server.closeAllConnections();
    });
    return closing;
  };
  return { baseUrl, token, ...(tokenHandler === undefined ? {} : { tokenUrl: `http://${urlHost(address)}:${address.port}${TOKEN_PATH}` }), close };
}

/** The token endpoint: a form body in, the OAuth handler's JSON out (never the SCIM core). */
async function serveToken(req: IncomingMessage, res: ServerResponse, maxBodyBytes: number, tokenHandler: ScimHandler): Promise<void> {
  try {
    const body = await readBody(req, maxBodyBytes);
    if (body === undefined) return;
    const headers = headersOf(req);
    const request: TokenRequest = { method: req.method ?? 'GET', path: TOKEN_PATH, query: new URLSearchParams(), headers };
    const form = body.tooLarge ? undefined : parseTokenForm(headers['content-type'], body.data);
    if (form !== undefined) request.form = form;
    send(res, await tokenHandler(request), body.tooLarge);
  } catch (error) {
    send(res, toErrorResponse(error));
  }
}

function normaliseBasePath(path: string): string {
  const trimmed = path.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function urlHost(address: AddressInfo): string {
  if (address.address === '0.0.0.0') return '127.0.0.1';
  if (address.address === '::') return '[::1]';
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}

async function serve(req: IncomingMessage, res: ServerResponse, basePath: string, maxBodyBytes: number, handler: ScimHandler | undefined): Promise<void> {
  try {
    const rawUrl = req.url ?? '/';
    const url = rawUrl.startsWith('/') ? new URL(`http://reference.invalid${rawUrl}`) : new URL(rawUrl);
    const body = await readBody(req, maxBodyBytes);
    if (body === undefined) return; // connection dropped: the body was absurdly large
    const inBase = url.pathname === basePath || url.pathname.startsWith(`${basePath}/`) || (basePath === '' && url.pathname === '/');
    if (!inBase) {
      send(res, errorResponse(404, `Not found; the SCIM endpoints are under ${basePath || '/'}.`));
      return;
    }
    if (handler === undefined) {
      send(res, errorResponse(503, 'The server is still starting.'));
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(url.pathname.slice(basePath.length)) || '/';
    } catch {
      send(res, errorResponse(400, 'The request path is not valid percent-encoding.', 'invalidSyntax'));
      return;
    }
    const request: ScimRequest = { method: req.method ?? 'GET', path, query: url.searchParams, headers: headersOf(req) };
    if (body.tooLarge) {
      request.bodyError = { status: 413, detail: `The request body exceeds ${maxBodyBytes} bytes.` };
    } else {
      const parsed = parseJson(body.data);
      if (parsed.error !== undefined) request.bodyError = { status: 400, detail: parsed.error };
      else if (parsed.value !== undefined) request.body = parsed.value;
    }
    send(res, await handler(request), body.tooLarge);
  } catch (error) {
    send(res, toErrorResponse(error));
  }
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/**
 * Reads the whole body. Past the limit it keeps draining (so the client, still sending, reads the 413
 * instead of a reset) but keeps nothing; past DRAIN_CAP_BYTES it drops the connection and returns undefined.
 */
function readBody(req: IncomingMessage, limit: number): Promise<{ data: Buffer; tooLarge: boolean } | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > limit;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > DRAIN_CAP_BYTES) {
        req.destroy();
        resolve(undefined);
      } else if (tooLarge || size > limit) {
        tooLarge = true;
        chunks.length = 0;
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve({ data: Buffer.concat(chunks), tooLarge }));
    req.on('error', reject);
  });
}

function parseJson(data: Buffer): { value?: unknown; error?: string } {
  const text = data.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') return {};
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: `The request body is not valid JSON: ${(error as Error).message}` };
  }
}

function send(res: ServerResponse, response: ScimResponse, closeConnection = false): void {
  if (res.headersSent) return;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) headers[name.toLowerCase()] = value;
  let payload: Buffer | undefined;
  if (response.status !== 204 && response.status !== 304 && response.body !== undefined) {
    if (typeof response.body === 'string') {
      payload = Buffer.from(response.body, 'utf8'); // a fault variant's raw body, with its own content-type
    } else {
      payload = Buffer.from(JSON.stringify(response.body), 'utf8');
      headers['content-type'] ??= SCIM_JSON;
    }
    headers['content-length'] = String(payload.length);
  }
  if (closeConnection) headers.connection = 'close';
  try {
    res.writeHead(response.status, headers);
  } catch {
    // A middleware set a header Node refuses (bad name or value): report that rather than hang.
    const fallback = Buffer.from(JSON.stringify(toErrorResponse(new Error('invalid response header')).body), 'utf8');
    res.writeHead(500, { 'content-type': SCIM_JSON, 'content-length': String(fallback.length) });
    res.end(fallback);
    return;
  }
  res.end(payload);
}
