/**
 * The reference server's HTTP adapter without the sockets: an HTTP request (method, target, headers, body
 * bytes) → ScimRequest → handler → the response's status, headers and bytes. node:http (http.ts) and the
 * in-process dispatcher of the embedded run (in-process.ts) both answer through it, so a request gets the
 * same answer, byte for byte, whichever way it arrived.
 */
import { errorResponse, toErrorResponse } from './errors.ts';
import type { ScimHandler, ScimRequest, ScimResponse } from './types.ts';

const SCIM_JSON = 'application/scim+json; charset=utf-8';
export const DEFAULT_BASE_PATH = '/scim/v2';
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** A request as it came off the wire. */
export interface RawHttpRequest {
  method: string;
  /** The request target: `/scim/v2/Users?filter=…` (or an absolute URL). */
  target: string;
  /** Header names lower-cased, repeated values joined with `, `. */
  headers: Record<string, string>;
  /** The body as read, up to the size limit; ignored when `tooLarge`. */
  body: Buffer;
  /** The body was over the size limit (413). */
  tooLarge: boolean;
}

/** A response ready for the wire: header names lower-cased, content-length set when there is a body. */
export interface RawHttpResponse {
  status: number;
  headers: Record<string, string>;
  payload?: Buffer;
}

export interface HttpAdapterOptions {
  basePath: string;
  maxBodyBytes: number;
  /** Undefined while the server is starting (the handler needs the bound port): answered 503. */
  handler: ScimHandler | undefined;
}

/** What the SCIM core answers to one HTTP request under `basePath`; never throws. */
export async function answerHttpRequest(raw: RawHttpRequest, { basePath, maxBodyBytes, handler }: HttpAdapterOptions): Promise<ScimResponse> {
  try {
    const url = raw.target.startsWith('/') ? new URL(`http://reference.invalid${raw.target}`) : new URL(raw.target);
    const inBase = url.pathname === basePath || url.pathname.startsWith(`${basePath}/`) || (basePath === '' && url.pathname === '/');
    if (!inBase) return errorResponse(404, `Not found; the SCIM endpoints are under ${basePath || '/'}.`);
    if (handler === undefined) return errorResponse(503, 'The server is still starting.');
    let path: string;
    try {
      path = decodeURIComponent(url.pathname.slice(basePath.length)) || '/';
    } catch {
      return errorResponse(400, 'The request path is not valid percent-encoding.', 'invalidSyntax');
    }
    const request: ScimRequest = { method: raw.method, path, query: url.searchParams, headers: raw.headers };
    if (raw.tooLarge) {
      request.bodyError = { status: 413, detail: `The request body exceeds ${maxBodyBytes} bytes.` };
    } else {
      const parsed = parseJson(raw.body);
      if (parsed.error !== undefined) request.bodyError = { status: 400, detail: parsed.error };
      else if (parsed.value !== undefined) request.body = parsed.value;
    }
    return await handler(request);
  } catch (error) {
    return toErrorResponse(error);
  }
}

/** The response's bytes and headers as they go on the wire; `closeConnection` after a body too large to keep reading. */
export function serialiseResponse(response: ScimResponse, closeConnection = false): RawHttpResponse {
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
  return payload === undefined ? { status: response.status, headers } : { status: response.status, headers, payload };
}

/** The 500 sent instead when a middleware set a header HTTP refuses (bad name or value). */
export function invalidHeaderResponse(): RawHttpResponse {
  const payload = Buffer.from(JSON.stringify(toErrorResponse(new Error('invalid response header')).body), 'utf8');
  return { status: 500, headers: { 'content-type': SCIM_JSON, 'content-length': String(payload.length) }, payload };
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
