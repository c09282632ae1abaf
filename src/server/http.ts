/**
 * The reference server on real HTTP (node:http): the body read under a size limit, then the socket-free
 * adapter (http-exchange.ts: form-decoded query, lower-cased headers, JSON body → handler → response
 * serialised as application/scim+json) answers it.
 * Binds loopback on an ephemeral port by default, so tests and CI never expose it.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createScimHandler } from './app.ts';
import { IssuedTokens, TOKEN_PATH, createTokenHandler, parseTokenForm, type TokenRequest } from './token-endpoint.ts';
import { toErrorResponse } from './errors.ts';
import { flatHeaders } from '../model/headers.ts';
import { DEFAULT_BASE_PATH, DEFAULT_MAX_BODY_BYTES, answerHttpRequest, invalidHeaderResponse, serialiseResponse } from './http-exchange.ts';
import type { ReferenceServerOptions, RunningReferenceServer, ScimHandler, ScimResponse } from './types.ts';

export { DEFAULT_BASE_PATH, DEFAULT_MAX_BODY_BYTES } from './http-exchange.ts';
/** Past this much body the connection is dropped rather than drained (a limit on the limit). */
const DRAIN_CAP_BYTES = 64 * 1024 * 1024;

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
  handler = createScimHandler({ token, baseUrl, middleware: options.middleware ?? [], ...(options.declaredExtensions === undefined ? {} : { declaredExtensions: options.declaredExtensions }), ...(tokenHandler === undefined ? {} : { acceptToken: (candidate: string) => issued.isValid(candidate) }) });

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
    const headers = flatHeaders(req.headers);
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
    const body = await readBody(req, maxBodyBytes);
    if (body === undefined) return; // connection dropped: the body was absurdly large
    const raw = { method: req.method ?? 'GET', target: req.url ?? '/', headers: flatHeaders(req.headers), body: body.data, tooLarge: body.tooLarge };
    send(res, await answerHttpRequest(raw, { basePath, maxBodyBytes, handler }), body.tooLarge);
  } catch (error) {
    send(res, toErrorResponse(error));
  }
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

function send(res: ServerResponse, response: ScimResponse, closeConnection = false): void {
  if (res.headersSent) return;
  const { status, headers, payload } = serialiseResponse(response, closeConnection);
  try {
    res.writeHead(status, headers);
  } catch {
    // A middleware set a header Node refuses (bad name or value): report that rather than hang.
    const fallback = invalidHeaderResponse();
    res.writeHead(fallback.status, fallback.headers);
    res.end(fallback.payload);
    return;
  }
  res.end(payload);
}
