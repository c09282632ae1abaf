import type { TokenEndpointOptions } from './token-endpoint.ts';

/**
 * Contract of the embedded reference SCIM server: a request/response pair independent of node:http,
 * so the server's behaviour can be tested without sockets and wrapped by fault variants (middleware).
 */

/** A parsed HTTP request, as the SCIM core sees it. */
export interface ScimRequest {
  method: string;
  /** Path below the SCIM base path, percent-decoded, e.g. `/Users/2819c223` or `/Groups`. */
  path: string;
  /** Query string parsed with form rules (`+` is a space), as Entra encodes it. */
  query: URLSearchParams;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when the request had none. */
  body?: unknown;
  /**
   * Set by the HTTP adapter when the body could not be used (413: over the size limit; 400: not JSON). The core
   * answers it after authentication, so a request without a valid token gets 401 whatever its body.
   */
  bodyError?: { status: 400 | 413; detail: string };
  /**
   * Set by a middleware to bypass the bearer-token check (fault variants such as "auth not enforced").
   * The HTTP adapter never sets it, so a client cannot.
   */
  skipAuth?: boolean;
}

/** What the SCIM core answers; the HTTP adapter serialises `body` as `application/scim+json`. */
export interface ScimResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON body; omitted for 204. A string is sent as-is (lets fault variants send non-JSON). */
  body?: unknown;
}

export type ScimHandler = (request: ScimRequest) => Promise<ScimResponse>;

/**
 * A wrapper around the handler. Fault variants of the reference server are middleware: they rewrite the
 * request, the response, or both, so no fault ever lives inside the conformant code path.
 */
export type ScimMiddleware = (request: ScimRequest, next: ScimHandler) => Promise<ScimResponse>;

export interface ReferenceServerOptions {
  /** Bearer token the server accepts; a random one is generated when omitted. */
  token?: string;
  /** Port to listen on; 0 (default) picks an ephemeral port. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1 (loopback only). */
  host?: string;
  /** Base path the SCIM endpoints live under; defaults to `/scim/v2`. */
  basePath?: string;
  /** Applied outermost first. */
  middleware?: ScimMiddleware[];
  /** Largest request body accepted, in bytes; larger bodies get 413. Defaults to 1 MiB. */
  maxBodyBytes?: number;
  /**
   * An OAuth 2.0 token endpoint at `/oauth2/token` (client credentials, src/server/token-endpoint.ts): the
   * tokens it issues are accepted besides `token` until they expire.
   */
  oauth?: TokenEndpointOptions;
  /**
   * Extension schemas /Schemas declares besides the enterprise one: what a target built for a mapping with
   * custom extension attributes declares (src/profiles/declared-extensions.ts derives them from a profile).
   */
  declaredExtensions?: readonly DeclaredExtension[];
}

/** A custom extension schema by its URN and the (string) attributes it holds. */
export interface DeclaredExtension {
  schema: string;
  attributes: readonly string[];
}

export interface RunningReferenceServer {
  /** e.g. `http://127.0.0.1:41234/scim/v2` (no trailing slash). */
  baseUrl: string;
  token: string;
  /** With `oauth`: the token endpoint's URL. */
  tokenUrl?: string;
  close(): Promise<void>;
}
