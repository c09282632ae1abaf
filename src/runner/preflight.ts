/**
 * Test Connection before anything else: if the target is unreachable, refuses the token, answers something
 * that is not SCIM (a portal page, a redirect to a login) or throttles it out, every case would only repeat
 * that, so the run stops with one clear line (exit code 3).
 */
import { type OutgoingRequest, TransportError } from '../model/transport.ts';
import { ThrottledError } from '../client/pacing.ts';
import type { Reply } from '../model/reply.ts';
import { TargetBroken } from '../model/outcomes.ts';
import { renderFixture } from '../fixtures/fixtures.ts';

const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR_MESSAGE = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The target could not be used at all: no case ran. */
export class PreflightError extends Error {
  constructor(
    message: string,
    readonly kind: 'unreachable' | 'credentials' | 'not-scim' | 'throttled',
  ) {
    super(message);
    this.name = 'PreflightError';
  }
}

/** `userQueryAttribute`: the attribute the query filters users on (the profile's matching attribute, as Entra's). */
export async function preflight(send: (request: OutgoingRequest) => Promise<Reply>, userQueryAttribute: string, baseUrl?: string): Promise<void> {
  const request = renderFixture('connection/test-user-query', {
    userQueryAttribute,
    queryValue: crypto.randomUUID(),
  });
  let reply: Reply;
  try {
    reply = await send(request);
  } catch (error) {
    if (error instanceof TransportError) throw new PreflightError(`target unreachable: ${error.message}`, 'unreachable');
    if (error instanceof TargetBroken) throw new PreflightError(`target is not a SCIM endpoint: ${error.message}`, 'not-scim');
    if (error instanceof ThrottledError) throw new PreflightError(`target refused to serve the suite: ${error.message}`, 'throttled');
    throw error;
  }
  if (reply.status === 401 || reply.status === 403) {
    throw new PreflightError(
      `credentials rejected: ${reply.label} answered ${reply.status}; check the bearer token (SCIM_TOKEN)`,
      'credentials',
    );
  }
  if (hasSchema(reply, LIST_RESPONSE)) return;
  if (hasSchema(reply, ERROR_MESSAGE)) {
    // A SCIM Error is a SCIM server answering, but not necessarily at this path: a base URL that names a
    // resource (…/Users) or a wrong version makes the query a 404 (or 400/405) whose body is still a SCIM
    // Error. If the discovery endpoints under the same base are missing too, the base URL is wrong; otherwise
    // it is a filter bug the cases judge.
    if (!WRONG_PATH_STATUSES.has(reply.status)) return;
    const missing = await missingDiscovery(send);
    const wrongBase = reply.status === 400 ? missing.length === DISCOVERY.length : missing.length > 0;
    if (!wrongBase) return;
    throw new PreflightError(
      `wrong base URL: ${reply.request.method} ${wireUrl(reply)} answered ${reply.status} with a SCIM Error, and ${missing.join(' and ')} under the same base ` +
        `${missing.length === 1 ? 'is' : 'are'} missing too; ${baseUrlHint(baseUrl)}`,
      'not-scim',
    );
  }
  // Not a SCIM answer to a SCIM query: either a SCIM server with a broken filter (the cases judge that) or
  // the wrong URL altogether. A SCIM server answers /ServiceProviderConfig; a wrong path does not.
  if (await servesScim(send)) return;
  throw new PreflightError(
    `target is not a SCIM endpoint at this base URL: ${reply.request.method} ${wireUrl(reply)} answered ${reply.status}${reply.parseError ? ` with a ${reply.parseError}` : ' with no SCIM ListResponse'} ` +
      `and GET /ServiceProviderConfig gave no SCIM answer either; ${baseUrlHint(baseUrl)}`,
    'not-scim',
  );
}

/** Statuses a SCIM server gives a request to a path it does not serve. */
const WRONG_PATH_STATUSES = new Set([400, 404, 405]);
const DISCOVERY = [
  { path: '/ServiceProviderConfig', fixture: 'discovery/service-provider-config' },
  { path: '/Schemas', fixture: 'discovery/schemas' },
] as const;

function hasSchema(reply: Reply, schema: string): boolean {
  const schemas = (reply.json as { schemas?: unknown } | undefined)?.schemas;
  return Array.isArray(schemas) && schemas.includes(schema);
}

/** The request's URL as it went on the wire (already redacted), so a doubled `/Users/Users` shows. */
function wireUrl(reply: Reply): string {
  return reply.exchange.request.url;
}

/** The discovery endpoints (RFC 7644 §4) that give no 2xx JSON answer under this base. */
async function missingDiscovery(send: (request: OutgoingRequest) => Promise<Reply>): Promise<string[]> {
  const missing: string[] = [];
  for (const endpoint of DISCOVERY) {
    try {
      const reply = await send(renderFixture(endpoint.fixture, {}));
      if (reply.status < 200 || reply.status >= 300 || reply.json === undefined || hasSchema(reply, ERROR_MESSAGE)) missing.push(endpoint.path);
    } catch {
      missing.push(endpoint.path);
    }
  }
  return missing;
}

async function servesScim(send: (request: OutgoingRequest) => Promise<Reply>): Promise<boolean> {
  try {
    const reply = await send(renderFixture('discovery/service-provider-config', {}));
    const body = reply.json as Record<string, unknown> | undefined;
    return reply.status === 200 && body !== undefined && typeof body === 'object' && Object.keys(body).some((key) => /^(patch|filter|schemas)$/i.test(key));
  } catch {
    return false;
  }
}

/** The likely mistake in a base URL that does not serve SCIM, in the words an admin would fix it with. */
export function baseUrlHint(baseUrl: string | undefined): string {
  let path = '';
  try {
    path = new URL(baseUrl ?? '').pathname.replace(/\/+$/, '');
  } catch {
    return 'check the base URL';
  }
  const resource = /\/(Users|Groups|Schemas|ServiceProviderConfig)$/i.exec(path);
  if (resource) return `the base URL ends with /${resource[1]}: give the SCIM base URL without it (e.g. ${path.slice(0, -resource[0].length) || '/'}), as Entra appends /Users and /Groups itself`;
  const version = /\/v(\d+)$/i.exec(path);
  if (version && version[1] !== '2') return `the base URL names version v${version[1]}; Entra speaks SCIM 2.0, usually served below /scim/v2`;
  if (!/scim/i.test(path)) return 'the base URL has no /scim path; most SCIM servers serve SCIM 2.0 below /scim/v2 (for Akamai EAA, copy the SCIM base URL from the directory\'s settings)';
  return 'check that the base URL is the SCIM base URL (the one Entra\'s Tenant URL holds), e.g. https://host/scim/v2';
}
