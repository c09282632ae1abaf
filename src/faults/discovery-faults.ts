/**
 * Faults in what Entra discovers besides users and groups: the schema list it reads when a configuration is
 * saved, and the paging it uses for account discovery.
 */
import type { ScimMiddleware } from '../server/types.ts';
import { isObject, queryValue, scimError } from './kit.ts';
import type { FaultVariant } from './types.ts';

const isDiscovery = (path: string, endpoint: string): boolean => path.replace(/^\/+/, '').toLowerCase() === endpoint.toLowerCase();

const schemasEndpointMissing: ScimMiddleware = async (request, next) =>
  isDiscovery(request.path, 'Schemas') ? scimError(404, 'Resource Schemas not found') : next(request);

/** Drops startIndex and count on a listing of `endpoint`, so every page is the whole list from the first resource. */
export function paginationIgnoredOn(endpoint: 'Users' | 'Groups'): ScimMiddleware {
  return async (request, next) => {
    if (request.method.toUpperCase() !== 'GET' || !isDiscovery(request.path, endpoint) || queryValue(request, 'filter') !== undefined) return next(request);
    const query = new URLSearchParams([...request.query].filter(([key]) => !['startindex', 'count'].includes(key.toLowerCase())));
    const response = await next({ ...request, query });
    return isObject(response.body) ? { ...response, body: { ...response.body, startIndex: 1 } } : response;
  };
}

const paginationIgnored = paginationIgnoredOn('Users');

export const discoveryFaults: FaultVariant[] = [
  {
    name: 'schemas-endpoint-missing',
    description:
      'GET /Schemas answers 404: Entra cannot discover the target\'s attributes when a gallery configuration is saved, and the SCIM Validator\'s recommended "Discover schema" mode fails.',
    source: 'reference §2.4',
    caughtBy: ['DISC-01'],
    middleware: () => schemasEndpointMissing,
  },
  {
    name: 'pagination-ignored',
    description:
      'GET /Users ignores startIndex and count and returns every user each time: account discovery either times out on a large directory or reads the first page forever.',
    source: 'reference §2.5',
    caughtBy: ['USR-LIST-01'],
    middleware: () => paginationIgnored,
  },
];
