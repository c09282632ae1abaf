/**
 * Contract of the HTTP client the suite talks to targets with. Everything a report shows of the wire comes
 * from `Exchange`, which is redacted before it is stored.
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
