/**
 * The transport model: what the suite sends, what came back, and how an exchange failed. The client
 * (src/client/) produces these; cases, safety, the runner and reports read them. Everything a report shows of
 * the wire comes from `Exchange`, which is redacted before it is stored.
 */

export interface OutgoingRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /**
   * Path relative to the SCIM base URL, query included and already encoded exactly as it goes on the wire,
   * e.g. `/Users?filter=userName+eq+%22abc%22`. The client never re-encodes it.
   */
  path: string;
  headers?: Record<string, string>;
  /** Serialised with JSON.stringify; sent as-is when it is a string. */
  body?: unknown;
  /** Aborts the exchange; it then fails with a TransportError of kind 'aborted'. */
  signal?: AbortSignal;
}

export interface Exchange {
  request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body?: string;
  };
  response?: {
    status: number;
    headers: Record<string, string>;
    /** Response body text, cut at the client's body limit (see `truncated`). */
    body: string;
    truncated?: boolean;
  };
  /** Set when no complete HTTP response arrived. */
  error?: string;
  durationMs: number;
  /** The fixture (fixtures/entra/) the request was rendered from, set by the case that sent it. */
  fixture?: string;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  /** Parsed body when it is JSON; undefined for an empty body; `parseError` says why when it is not JSON. */
  json?: unknown;
  parseError?: string;
  exchange: Exchange;
}

export type TransportErrorKind =
  | 'refused'
  | 'dns'
  | 'timeout'
  | 'tls'
  | 'reset'
  | 'too-large'
  | 'redirect'
  | 'protocol'
  | 'aborted'
  | 'other';

/**
 * No complete HTTP response arrived: the connection failed, timed out, was reset, the body was too large…
 * `message` is one human-readable line and, like `exchange`, is redacted (the token never appears in either).
 * `code` is the most specific underlying error code found (e.g. `ECONNREFUSED`, `DEPTH_ZERO_SELF_SIGNED_CERT`).
 */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly kind: TransportErrorKind;
  readonly exchange: Exchange;
  readonly code: string | undefined;

  constructor(
    kind: TransportErrorKind,
    message: string,
    exchange: Exchange,
    options: { cause?: unknown; code?: string } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.exchange = exchange;
    this.code = options.code;
  }
}
