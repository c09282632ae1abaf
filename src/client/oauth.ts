/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) as Entra's gallery apps use them: the suite asks the target's
 * token endpoint for an access token, sends it as `Authorization: Bearer`, reuses it until shortly before
 * `expires_in` runs out and then asks again.
 *
 * Client authentication is `client_secret_post` (RFC 6749 §2.3.1: `client_id` and `client_secret` in the
 * form body), because that is how Microsoft's own gallery validation asks for the token: the
 * `Acquire_OAuth2_Token` action of AzureAD/SCIMReferenceCode
 * `Microsoft.SCIM.LogicAppValidationTemplate/StandardLogicApp/SCIMTests_Workflow.json` posts
 * `grant_type=client_credentials&client_id=…&client_secret=…[&scope=…]` as
 * `application/x-www-form-urlencoded` with no Authorization header. Microsoft's provisioning docs do not state
 * the method; that template is the only Microsoft-authored request on record (docs/gallery.md).
 *
 * Every access token is handed to the run's redactor the moment it arrives, before its exchange is stored.
 */
import type { OutgoingRequest } from '../model/transport.ts';
import { toReply, type Reply } from '../model/reply.ts';
import { ScimClient } from './scim-client.ts';

export interface ClientCredentials {
  /** The token endpoint, e.g. `https://login.example.com/oauth2/token`. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Sent as `scope` when given (Microsoft's template sends it only when the vendor configured one). */
  scope?: string;
}

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
/** Microsoft's template assumes an hour when `expires_in` is missing; so does the suite. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;
/** A token is replaced this long before it expires (at most a tenth of its lifetime). */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/** `application/x-www-form-urlencoded` from ordered pairs (RFC 6749 Appendix B). */
export function formBody(fields: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) params.append(name, value);
  return params.toString();
}

/** The client credentials token request, client_secret_post, as Microsoft's gallery validation sends it. */
export function clientCredentialsRequest(credentials: Pick<ClientCredentials, 'clientId' | 'clientSecret' | 'scope'>): OutgoingRequest {
  return {
    method: 'POST',
    path: '',
    headers: { 'Content-Type': FORM_CONTENT_TYPE, Accept: 'application/json' },
    body: formBody({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret, scope: credentials.scope }),
  };
}

/** The token endpoint cannot give the suite a token: one readable line, secrets redacted. */
export class TokenEndpointError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TokenEndpointError';
  }
}

export interface TokenEndpointOptions {
  tokenUrl: string;
  timeoutMs: number;
  ca?: string | Buffer | undefined;
  /** The run's redactor; learns every access token an answer carries (see `learn`). */
  redact: ((text: string) => string) & { add?: (secret: string) => void };
}

/** Sends requests to the token endpoint (no bearer token of course) and redacts the tokens it hands out. */
export interface TokenEndpoint {
  send(request: OutgoingRequest): Promise<Reply>;
  close(): Promise<void>;
}

export function openTokenEndpoint(options: TokenEndpointOptions): TokenEndpoint {
  const { redact } = options;
  const client = new ScimClient({
    baseUrl: options.tokenUrl,
    token: '',
    redact,
    timeoutMs: options.timeoutMs,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
  });
  return {
    async send(request) {
      const reply = toReply(request, await client.send(request));
      learnIssuedToken(reply, redact);
      return reply;
    },
    close: () => client.close(),
  };
}

/**
 * An answer that carries an access token: the redactor learns it, and the stored exchange (already made when
 * the answer arrived) is redacted again. The reply's own fields stay raw for the checks, like every reply's.
 */
function learnIssuedToken(reply: Reply, redact: TokenEndpointOptions['redact']): void {
  const token = (reply.json as { access_token?: unknown } | undefined)?.access_token;
  if (typeof token !== 'string' || token === '') return;
  redact.add?.(token);
  const stored = reply.exchange.response;
  if (stored !== undefined) stored.body = redact(stored.body);
}

/** What one answer of the token endpoint says about the token: the token and its lifetime, or why there is none. */
export function readTokenAnswer(reply: Reply): { token: string; expiresInSeconds: number | undefined } {
  const body = reply.json as Record<string, unknown> | undefined;
  const token = body?.access_token;
  if (reply.status < 200 || reply.status >= 300 || typeof token !== 'string' || token === '') {
    const error = typeof body?.error === 'string' ? ` ${body.error}` : '';
    const description = typeof body?.error_description === 'string' ? `: ${body.error_description.slice(0, 160)}` : '';
    const what = reply.status >= 200 && reply.status < 300 ? 'with no access_token' : `${reply.status}${error}${description}`;
    throw new TokenEndpointError(`the token endpoint answered ${what}; check --token-url, --client-id and SCIM_CLIENT_SECRET`, reply.status);
  }
  const expires = typeof body?.expires_in === 'string' ? Number(body.expires_in) : body?.expires_in;
  return { token, expiresInSeconds: typeof expires === 'number' && Number.isFinite(expires) ? expires : undefined };
}

/**
 * The run's access token: fetched on first use, reused until shortly before it expires, fetched again then.
 * Concurrent callers share one request.
 */
export class AccessTokenSource {
  private token: string | undefined;
  private renewAt = 0;
  private pending: Promise<string> | undefined;
  /** Tokens obtained so far (a report may say how often the suite had to ask). */
  issued = 0;

  constructor(
    private readonly credentials: ClientCredentials,
    private readonly endpoint: TokenEndpoint,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<string> {
    if (this.token !== undefined && this.now() < this.renewAt) return Promise.resolve(this.token);
    this.pending ??= this.fetch().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetch(): Promise<string> {
    let reply: Reply;
    try {
      reply = await this.endpoint.send(clientCredentialsRequest(this.credentials));
    } catch (error) {
      throw new TokenEndpointError(`the token endpoint could not be reached: ${(error as Error).message}`);
    }
    const { token, expiresInSeconds } = readTokenAnswer(reply);
    const lifetimeMs = (expiresInSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS) * 1000;
    this.token = token;
    this.renewAt = this.now() + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 10);
    this.issued += 1;
    return token;
  }
}
