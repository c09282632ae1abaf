/**
 * Reads GET /ServiceProviderConfig (RFC 7643 §5) once per run, for the report header. Entra itself does not
 * depend on it, so a target without it is described, not failed.
 */
import type { Reply } from '../model/reply.ts';
import type { OutgoingRequest } from '../model/transport.ts';
import { renderFixture } from '../fixtures/fixtures.ts';
import { getInsensitive } from '../profiles/mapped-path.ts';
import type { ServiceProviderSummary } from '../model/result.ts';

export async function readServiceProviderConfig(send: (request: OutgoingRequest) => Promise<Reply>): Promise<ServiceProviderSummary> {
  let reply: Reply;
  try {
    reply = await send(renderFixture('discovery/service-provider-config', {}));
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  if (reply.status !== 200) return { error: `GET /ServiceProviderConfig answered ${reply.status}` };
  if (reply.json === undefined || reply.json === null || typeof reply.json !== 'object') {
    return { error: `GET /ServiceProviderConfig answered 200 with ${reply.parseError === undefined ? 'no JSON object' : `a ${reply.parseError}`}` };
  }
  const supported = (name: string): boolean => getInsensitive(getInsensitive(reply.json, name), 'supported') === true;
  const filter = getInsensitive(reply.json, 'filter');
  const maxResults = getInsensitive(filter, 'maxResults');
  const schemes = getInsensitive(reply.json, 'authenticationSchemes');
  const summary: ServiceProviderSummary = {
    patch: supported('patch'),
    filter: supported('filter'),
    bulk: supported('bulk'),
    sort: supported('sort'),
    etag: supported('etag'),
    changePassword: supported('changePassword'),
    authenticationSchemes: Array.isArray(schemes)
      ? schemes.map((scheme) => String(getInsensitive(scheme, 'type') ?? getInsensitive(scheme, 'name') ?? '?'))
      : [],
  };
  if (typeof maxResults === 'number') summary.filterMaxResults = maxResults;
  return summary;
}
