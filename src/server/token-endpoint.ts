/**
 * The reference server's OAuth 2.0 token endpoint: the client credentials grant (RFC 6749 §4.4) the way
 * Microsoft's gallery requirements ask for it, so the suite's OAuth path and its AUTH checks run offline.
 *
 * - client authentication by `client_secret_post` or `client_secret_basic` (RFC 6749 §2.3.1), never both;
 * - several active secrets per client (secret rotation, as the gallery requirements ask);
 * - answers per RFC 6749 §5.1 (`access_token`, `token_type` Bearer, `expires_in`, `Cache-Control: no-store`)
 *   and §5.2 (`invalid_client`, `unsupported_grant_type`, `invalid_request`);
 * - a client assertion (RFC 7523, workload identity federation) is refused: this server trusts no issuer's
 *   keys, so no assertion can be verified.
 *
 * Fault variants wrap it with middleware like the SCIM core; `lenient` is their only way into the core.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ScimHandler, ScimMiddleware, ScimRequest, ScimResponse } from './types.ts';

export const TOKEN_PATH = '/oauth2/token';
/** Microsoft's gallery range is 60 minutes to 6 hours; an hour is what the reference issues by default. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;
const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface OAuthClient {
  clientId: string;
  /** Every secret currently valid for the client (rotation keeps the old one alive for a while). */
  secrets: readonly string[];
}

export interface TokenEndpointOptions {
  clients: readonly OAuthClient[];
  lifetimeSeconds?: number;
  /** Wrap the token endpoint (fault variants), outermost first. */
  middleware?: ScimMiddleware[];
}

/** A token request as the core sees it: the form fields parsed, plus what a fault variant relaxed. */
export interface TokenRequest extends ScimRequest {
  form?: Record<string, string>;
  /** Set by fault variants only (the HTTP adapter never does). */
  lenient?: { secretNotChecked?: boolean; clientNotChecked?: boolean; assertionNotVerified?: boolean };
}

/** The tokens the endpoint issued, for the SCIM core to accept until they expire. */
export class IssuedTokens {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(lifetimeSeconds: number): string {
    const token = randomBytes(32).toString('base64url');
    this.expiries.set(digest(token), this.now() + lifetimeSeconds * 1000);
    return token;
  }

  isValid(token: string): boolean {
    const expiry = this.expiries.get(digest(token));
    return expiry !== undefined && this.now() < expiry;
  }
}

const digest = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', pragma: 'no-cache' };

function oauthError(status: number, error: string, description: string, extra: Record<string, string> = {}): ScimResponse {
  return { status, headers: { ...JSON_HEADERS, ...extra }, body: { error, error_description: description } };
}

/** Who the request says it is: Basic header or form fields (RFC 6749 §2.3.1), or why that is unusable. */
function clientOf(request: TokenRequest): { id?: string; secret?: string; basic: boolean } | ScimResponse {
  const form = request.form ?? {};
  const header = /^Basic[ \t]+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (header !== null && (form.client_secret !== undefined || form.client_assertion !== undefined)) {
    return oauthError(400, 'invalid_request', 'Use one client authentication method only.');
  }
  if (header !== null) {
    const decoded = Buffer.from(header[1] as string, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return oauthError(401, 'invalid_client', 'Malformed Basic credentials.', { 'www-authenticate': 'Basic' });
    // RFC 6749 §2.3.1: both parts are form-encoded before they are put in the header.
    const decode = (part: string): string => decodeURIComponent(part.replace(/\+/g, ' '));
    return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)), basic: true };
  }
  const client: { id?: string; secret?: string; basic: boolean } = { basic: false };
  if (form.client_id !== undefined) client.id = form.client_id;
  if (form.client_secret !== undefined) client.secret = form.client_secret;
  return client;
}

/** A JWT whose three parts decode (nothing is verified: there is no trusted key to verify against). */
function looksLikeJwt(assertion: string): boolean {
  const parts = assertion.split('.');
  if (parts.length !== 3) return false;
  try {
    JSON.parse(Buffer.from(parts[0] as string, 'base64url').toString('utf8'));
    JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

export function createTokenHandler(options: TokenEndpointOptions, issued: IssuedTokens): ScimHandler {
  const lifetime = options.lifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
  const clients = new Map(options.clients.map((client) => [client.clientId, client]));
  const core = async (request: TokenRequest): Promise<ScimResponse> => {
    if (request.method.toUpperCase() !== 'POST') return { ...oauthError(405, 'invalid_request', 'The token endpoint takes POST.'), headers: { ...JSON_HEADERS, allow: 'POST' } };
    if (request.form === undefined) return oauthError(400, 'invalid_request', 'The body must be application/x-www-form-urlencoded.');
    const lenient = request.lenient ?? {};
    const form = request.form;
    const client = clientOf(request);
    if ('status' in client) return client;
    const refused = oauthError(401, 'invalid_client', 'Client authentication failed.', client.basic ? { 'www-authenticate': 'Basic' } : {});
    const known = client.id === undefined ? undefined : clients.get(client.id);
    if (form.client_assertion !== undefined || form.client_assertion_type !== undefined) {
      // Workload identity federation: this server trusts no issuer's signing keys, so it verifies no assertion.
      const acceptable = lenient.assertionNotVerified === true && form.client_assertion_type === JWT_BEARER_ASSERTION && looksLikeJwt(form.client_assertion ?? '');
      if (!acceptable) return oauthError(401, 'invalid_client', 'The client assertion could not be verified.');
    } else {
      if (known === undefined && lenient.clientNotChecked !== true) return refused;
      const secretOk = client.secret !== undefined && (known?.secrets ?? []).some((secret) => sameSecret(client.secret as string, secret));
      const unknownAllowed = known === undefined && lenient.clientNotChecked === true;
      if (!secretOk && lenient.secretNotChecked !== true && !unknownAllowed) return refused;
    }
    if (form.grant_type !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', 'Only the client_credentials grant is supported.');
    return {
      status: 200,
      headers: { ...JSON_HEADERS },
      body: { access_token: issued.issue(lifetime), token_type: 'Bearer', expires_in: lifetime },
    };
  };
  const composed = (options.middleware ?? []).reduceRight<ScimHandler>((next, middleware) => (request) => middleware(request, next), core as ScimHandler);
  return async (request) => {
    try {
      return await composed(request);
    } catch {
      return oauthError(500, 'server_error', 'The token endpoint failed.');
    }
  };
}

/** Form fields of an `application/x-www-form-urlencoded` body, or undefined for any other content type. */
export function parseTokenForm(contentType: string | undefined, body: Buffer): Record<string, string> | undefined {
  if (!/^application\/x-www-form-urlencoded\b/i.test(contentType ?? '')) return undefined;
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) fields[name] = value;
  return fields;
}
