/**
 * The token endpoint, judged (AUTH-): Microsoft lists only SCIM apps that authenticate with OAuth 2.0 client
 * credentials or workload identity federation (ED-GALLERY), and its gallery validation asks the vendor's
 * token endpoint for a token the way these cases do (REF-LA Validate_Credentials_Test). They run only when
 * the run itself uses client credentials (`needsClientCredentials`): a static bearer token has no endpoint.
 *
 * A token answer to a wrong secret, an unknown client or a forged assertion is also a security finding
 * (src/report/security-findings.ts).
 */
import { generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import { formEncode } from '../fixtures/template.ts';
import type { CaseContext } from './context.ts';
import { ConformanceFailure, TargetBroken, type ConformanceCase } from './types.ts';
import type { Reply } from '../model/reply.ts';

const TOKEN_REQUEST = 'oauth/token-client-credentials';
const ASSERTION_REQUEST = 'oauth/token-client-assertion';
/** Microsoft's gallery range: 60 minutes to 6 hours (ED-GALLERY; REF-CHK 2.2.6; REF-LA Check_Token_Validity_Range). */
export const TOKEN_LIFETIME_RANGE = { min: 3600, max: 21_600 } as const;

const GALLERY_ONLY =
  'None known for Entra, which provisions with any token its requests get; Microsoft\'s gallery validation fails it (Validate_Credentials_Test), so the app is not listed.';

/** The form variables of a token request with this secret and client id (the run's unless given). */
function tokenVariables(context: CaseContext, override: { clientId?: string; clientSecret?: string } = {}): Record<string, string> {
  const { credentials } = oauthOf(context);
  return {
    clientId: formEncode(override.clientId ?? credentials.clientId),
    clientSecret: formEncode(override.clientSecret ?? credentials.clientSecret),
    scopeParameter: credentials.scope === undefined ? '' : `&scope=${formEncode(credentials.scope)}`,
  };
}

function oauthOf(context: CaseContext): NonNullable<CaseContext['oauth']> {
  if (context.oauth === undefined) throw new TargetBroken('planned without client credentials');
  return context.oauth;
}

function tokenBody(reply: Reply): Record<string, unknown> {
  if (reply.json === null || typeof reply.json !== 'object' || Array.isArray(reply.json)) {
    throw new ConformanceFailure(`expected a JSON object from ${reply.label} (RFC 6749 §5.1), got ${reply.parseError ?? `status ${reply.status} with ${JSON.stringify(reply.bodyText.slice(0, 60))}`}`, 'a JSON object', reply.bodyText.slice(0, 60));
  }
  return reply.json as Record<string, unknown>;
}

/** The run's own token request answered with a token; anything else is not what these cases judge. */
async function grantedToken(context: CaseContext): Promise<{ reply: Reply; body: Record<string, unknown> }> {
  const reply = await context.sendToTokenEndpoint(TOKEN_REQUEST, tokenVariables(context));
  const body = reply.json as Record<string, unknown> | undefined;
  if (reply.status !== 200 || typeof body?.access_token !== 'string') {
    throw new ConformanceFailure(`expected status 200 with an access_token for the client credentials request, got ${reply.status}${typeof body?.error === 'string' ? ` (${body.error})` : ''}`, 200, reply.status);
  }
  return { reply, body };
}

/** RFC 6749 §5.2: a refusal is 400 (or 401) with `error: invalid_client`, and never carries a token. */
function expectInvalidClient(reply: Reply, what: string): void {
  const body = (reply.json ?? {}) as Record<string, unknown>;
  if (reply.status >= 200 && reply.status < 300) {
    const issued = typeof body.access_token === 'string' ? 'an access token' : 'no error';
    throw new ConformanceFailure(`${what} was answered ${reply.status} with ${issued}: anyone who knows the client id can get a token for this directory`, 'status 400 or 401 with error invalid_client', reply.status);
  }
  if (reply.status !== 400 && reply.status !== 401) {
    throw new ConformanceFailure(`${what} was answered ${reply.status}; RFC 6749 §5.2 wants 400 (or 401) with error invalid_client`, [400, 401], reply.status);
  }
  if (body.error !== 'invalid_client') {
    throw new ConformanceFailure(`${what} was refused with error ${JSON.stringify(body.error)}; RFC 6749 §5.2 names this error invalid_client`, 'invalid_client', body.error);
  }
}

let forgingKey: KeyObject | undefined;

/**
 * A JWT shaped like the assertion Entra presents (issuer login.microsoftonline.com, audience the token
 * endpoint) but signed with a key made here, never published by Microsoft: no endpoint may trust it.
 */
export function forgedAssertion(tokenUrl: string, clientId: string, now = Date.now()): string {
  forgingKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const seconds = Math.floor(now / 1000);
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ alg: 'RS256', typ: 'JWT', kid: randomBytes(12).toString('base64url') });
  const payload = encode({
    iss: `https://login.microsoftonline.com/${randomUUID()}/v2.0`,
    sub: randomUUID(),
    aud: tokenUrl,
    azp: clientId,
    iat: seconds,
    nbf: seconds,
    exp: seconds + 600,
    jti: randomUUID(),
  });
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), forgingKey).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

const base = { area: 'connection', dialects: 'once', needsClientCredentials: true } as const;

export const oauthCases: ConformanceCase[] = [
  {
    ...base,
    id: 'AUTH-01',
    level: 'MUST',
    name: 'MUST answer a client credentials request with an access_token and token_type Bearer',
    spec: ['RFC6749-5.1', 'RFC6749-4.4.3', 'ENTRA-ED-GALLERY', 'ENTRA-REF-LA'],
    fixtures: [TOKEN_REQUEST],
    keyword: { word: 'REQUIRED', source: 'RFC6749-5.1' },
    impact: {
      kind: 'unknown',
      text: 'Unknown: without a token Entra cannot call the SCIM endpoint at all, but how Entra treats a token answer without token_type is not documented.',
      source: 'ENTRA-ED-GALLERY',
    },
    async run(context) {
      const { reply, body } = await grantedToken(context);
      const type = body.token_type;
      if (typeof type !== 'string' || type.toLowerCase() !== 'bearer') {
        throw new ConformanceFailure(`${reply.label}: token_type should be "Bearer" (RFC 6749 §5.1, §7.1), got ${type === undefined ? 'no token_type' : JSON.stringify(type)}`, 'Bearer', type);
      }
      if ((body.access_token as string).length === 0) throw new ConformanceFailure(`${reply.label}: access_token is empty`, 'a token', '');
    },
  },
  {
    ...base,
    id: 'AUTH-02',
    level: 'MUST',
    name: 'MUST send Cache-Control: no-store with a token answer',
    spec: ['RFC6749-5.1'],
    fixtures: [TOKEN_REQUEST],
    keyword: { word: 'MUST', source: 'RFC6749-5.1' },
    impact: { kind: 'none-known', text: 'None known for Entra; a cache between Entra and the token endpoint may keep and hand out the token.', source: 'ENTRA-ED-GALLERY' },
    async run(context) {
      const { reply } = await grantedToken(context);
      // Answer headers arrive with lower-case names (src/model/headers.ts), as every other check reads them.
      const cacheControl = reply.headers['cache-control'];
      if (cacheControl === undefined || !/(^|,)\s*no-store\s*(,|$)/i.test(cacheControl)) {
        throw new ConformanceFailure(`${reply.label}: expected Cache-Control: no-store with the token (RFC 6749 §5.1), got ${cacheControl === undefined ? 'no Cache-Control' : JSON.stringify(cacheControl)}`, 'no-store', cacheControl);
      }
    },
  },
  {
    ...base,
    id: 'AUTH-03',
    level: 'MUST',
    name: 'MUST issue access tokens that expire between 60 minutes and 6 hours (expires_in 3600–21600)',
    spec: ['ENTRA-ED-GALLERY', 'ENTRA-REF-CHK', 'ENTRA-REF-LA', 'RFC6749-5.1'],
    fixtures: [TOKEN_REQUEST],
    keyword: { word: 'REQUIRED', source: 'ENTRA-REF-CHK' },
    impact: { kind: 'none-known', text: GALLERY_ONLY, source: 'ENTRA-ED-GALLERY' },
    async run(context) {
      const { reply, body } = await grantedToken(context);
      const raw = body.expires_in;
      const seconds = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
      if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
        throw new ConformanceFailure(`${reply.label}: no expires_in in the token answer, so its lifetime cannot be shown to be within 3600–21600 s`, '3600–21600', raw);
      }
      if (seconds < TOKEN_LIFETIME_RANGE.min || seconds > TOKEN_LIFETIME_RANGE.max) {
        throw new ConformanceFailure(`${reply.label}: expires_in is ${seconds} s (${(seconds / 3600).toFixed(1)} h); Microsoft requires 3600–21600 s (60 minutes to 6 hours)`, '3600–21600', seconds);
      }
    },
  },
  {
    ...base,
    id: 'AUTH-04',
    level: 'MUST',
    name: 'MUST refuse a wrong client secret with invalid_client, never a token',
    spec: ['RFC6749-4.4.2', 'RFC6749-5.2', 'RFC6749-2.3.1', 'ENTRA-ED-GALLERY'],
    fixtures: [TOKEN_REQUEST],
    keyword: { word: 'MUST', source: 'RFC6749-4.4.2' },
    impact: { kind: 'none-known', text: 'None known for Entra\'s own requests; but anyone who knows the client id gets a token and can read and change this directory.', source: 'ENTRA-ED-GALLERY' },
    async run(context) {
      const wrong = `wrong-${randomBytes(18).toString('base64url')}`;
      const reply = await context.sendToTokenEndpoint(TOKEN_REQUEST, tokenVariables(context, { clientSecret: wrong }));
      expectInvalidClient(reply, 'a token request with a wrong client secret');
    },
  },
  {
    ...base,
    id: 'AUTH-05',
    level: 'MUST',
    name: 'MUST refuse an unknown client id with invalid_client, never a token',
    spec: ['RFC6749-4.4.2', 'RFC6749-5.2', 'ENTRA-ED-GALLERY'],
    fixtures: [TOKEN_REQUEST],
    keyword: { word: 'MUST', source: 'RFC6749-4.4.2' },
    impact: { kind: 'none-known', text: 'None known for Entra\'s own requests; but a token endpoint that does not check the client hands tokens to anyone.', source: 'ENTRA-ED-GALLERY' },
    async run(context) {
      const unknown = `unknown-${randomUUID()}`;
      const reply = await context.sendToTokenEndpoint(TOKEN_REQUEST, tokenVariables(context, { clientId: unknown, clientSecret: `wrong-${randomBytes(18).toString('base64url')}` }));
      expectInvalidClient(reply, 'a token request from an unknown client id');
    },
  },
  {
    ...base,
    id: 'AUTH-06',
    level: 'MUST',
    name: 'MUST refuse a JWT client assertion not signed by Microsoft (RFC 7523), never a token',
    spec: ['RFC7523-3', 'RFC7523-2.2', 'ENTRA-ED-GALLERY', 'ENTRA-REF-LA'],
    fixtures: [ASSERTION_REQUEST],
    keyword: { word: 'MUST', source: 'RFC7523-3' },
    impact: {
      kind: 'none-known',
      text: 'None known for Entra\'s own requests; but a token endpoint that accepts an assertion it cannot verify mints tokens for anyone: the worst finding this suite reports.',
      source: 'ENTRA-ED-GALLERY',
    },
    async run(context) {
      const { credentials } = oauthOf(context);
      const variables = { ...tokenVariables(context), clientAssertion: forgedAssertion(credentials.tokenUrl, credentials.clientId) };
      const reply = await context.sendToTokenEndpoint(ASSERTION_REQUEST, variables);
      const body = (reply.json ?? {}) as Record<string, unknown>;
      if (reply.status >= 200 && reply.status < 300 && typeof body.access_token === 'string') {
        throw new ConformanceFailure(
          `a JWT assertion signed by a key Microsoft never published was answered ${reply.status} with an access token: anyone can mint tokens for this directory`,
          'no token (an RFC 6749 §5.2 error)',
          reply.status,
        );
      }
    },
  },
];
