/** The HTTP client the suite talks to targets with; what it sends and returns is src/model/transport.ts. */
export { ScimClient, DEFAULT_MAX_BODY_BYTES, STORED_BODY_BYTES } from './scim-client.ts';
export type { ScimClientOptions } from './scim-client.ts';
export { classifyFailure, formatBytes } from './errors.ts';
export type { Failure, FailureContext } from './errors.ts';
export { REDACTED, createRedactor, redactHeaders } from './redact.ts';
export { Pacer, ThrottledError, retryAfterMs, DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_WAIT_MS } from './pacing.ts';
export type { PacingOptions, PacedSendHooks, ThrottleEvent } from './pacing.ts';
