/**
 * Faults in how a server answers Entra's lookups (reference §2.1, §2.2 U-1/U-2, §2.3 G-2/G-3, §7 #23–#27):
 * the query is rewritten before the core sees it, or the ListResponse after.
 */
import type { ScimMiddleware, ScimResponse } from '../server/types.ts';
import {
  LIST_SCHEMA,
  equalityFilter,
  is,
  isObject,
  isQuery,
  mapResources,
  scimError,
  withQuery,
  type Json,
} from './kit.ts';
import type { FaultVariant } from './types.ts';

const isEmptyList = (response: ScimResponse): boolean => isObject(response.body) && response.body.totalResults === 0;

const emptyFilter404: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  return isQuery(request) && isEmptyList(response) ? scimError(404, 'No resource matches the filter.') : response;
};

const emptyListBare: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  return isQuery(request) && isEmptyList(response) ? { status: 200, body: { schemas: [LIST_SCHEMA] } } : response;
};

/** The filter value compared with `===` instead of case-insensitively (caseExact false, RFC 7643 §4.1.1/§4.2). */
function caseSensitiveFilter(endpoint: 'Users' | 'Groups', attribute: string): ScimMiddleware {
  return async (request, next) => {
    const filter = equalityFilter(request);
    const response = await next(request);
    if (!isQuery(request, endpoint) || filter?.attribute.toLowerCase() !== attribute.toLowerCase()) return response;
    return mapResources(response, (resource) => (resource[attribute] === filter.value ? resource : undefined));
  };
}

const filterIgnored: ScimMiddleware = async (request, next) =>
  is(request, 'GET', undefined, false) ? next(withQuery(request, (query) => query.delete('filter'))) : next(request);

/** A filter parser that splits on spaces reads `displayName eq "EDU All staff"` as `displayName eq "EDU`. */
const filterValueSplitOnSpace: ScimMiddleware = async (request, next) => {
  const filter = equalityFilter(request);
  if (!isQuery(request) || filter === undefined || !filter.value.includes(' ')) return next(request);
  const truncated = `${filter.attribute} eq ${JSON.stringify(filter.value.split(' ')[0])}`;
  return next(withQuery(request, (query) => query.set('filter', truncated)));
};

const excludedAttributesIgnored: ScimMiddleware = async (request, next) =>
  is(request, 'GET', 'Groups') ? next(withQuery(request, (query) => query.delete('excludedAttributes'))) : next(request);

const listWithoutSchemas: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  if (!is(request, 'GET', undefined, false) || !isObject(response.body)) return response;
  const { schemas: _dropped, ...body } = response.body as Json;
  return { ...response, body };
};

/** A framework that negotiates on Accept and knows only its own JSON type answers 406 to Entra's bare GET. */
const notAcceptableWithoutAccept: ScimMiddleware = async (request, next) => {
  const accept = request.headers.accept ?? '';
  if (request.method.toUpperCase() === 'GET' && !/application\/scim\+json/i.test(accept)) {
    return scimError(406, 'Not Acceptable: send Accept: application/scim+json.');
  }
  return next(request);
};

export const queryFaults: FaultVariant[] = [
  {
    name: 'empty-filter-404',
    description:
      'A query that matches nothing answers 404 instead of 200 with an empty ListResponse: Test Connection fails, and a running job is quarantined as a "SCIM compliance issue" so new users are never created.',
    source: 'reference §7 #23',
    caughtBy: ['CONN-01', 'CONN-02', 'USR-FILTER-02', 'GRP-FILTER-02'],
    middleware: () => emptyFilter404,
  },
  {
    name: 'empty-list-without-totalresults',
    description:
      'A zero-result query answers a ListResponse with neither Resources nor totalResults: Entra cannot tell "no match" from a broken answer, so Test Connection fails and creates stall.',
    source: 'reference §4.3',
    caughtBy: ['CONN-01', 'CONN-02', 'USR-FILTER-02', 'GRP-FILTER-02'],
    middleware: () => emptyListBare,
  },
  {
    name: 'username-filter-case-sensitive',
    description:
      'userName eq "…" matches case-sensitively (userName is caseExact false): when the UPN case differs between Entra and the target, Entra finds no match and creates a duplicate or loops on 409.',
    source: 'reference §4.2',
    caughtBy: ['USR-FILTER-03'],
    middleware: () => caseSensitiveFilter('Users', 'userName'),
  },
  {
    name: 'displayname-filter-case-sensitive',
    description:
      'displayName eq "…" on groups matches case-sensitively (caseExact false, RFC 7643 §4.2): a group whose name differs only in case is not found, so Entra creates a duplicate or loops on 409.',
    source: 'reference §4.2',
    caughtBy: ['GRP-FILTER-03'],
    middleware: () => caseSensitiveFilter('Groups', 'displayName'),
  },
  {
    name: 'filter-ignored',
    description:
      'The filter parameter is ignored and every resource is returned: Entra sees several matches (DuplicateTargetEntries) or a match for a name that no longer exists.',
    source: 'reference §4.3',
    caughtBy: ['USR-FILTER-01', 'GRP-FILTER-01', 'USR-PATCH-02', 'GRP-PATCH-01'],
    middleware: () => filterIgnored,
  },
  {
    name: 'filter-value-split-on-space',
    description:
      'The filter parser splits on spaces, so displayName eq "EDU All staff" is read as displayName eq "EDU": groups with spaces in their names (most of them) are never found and Entra re-creates them.',
    source: 'reference §7 #26',
    caughtBy: ['GRP-FILTER-01', 'GRP-FILTER-03'],
    middleware: () => filterValueSplitOnSpace,
  },
  {
    name: 'excluded-attributes-ignored',
    description:
      'excludedAttributes=members is ignored, so groups come back with all their members: Entra logs SystemForCrossDomainIdentityManagementMultipleEntriesInResponse and large groups time out.',
    source: 'reference §4.1',
    caughtBy: ['GRP-GET-01', 'GRP-FILTER-01'],
    middleware: () => excludedAttributesIgnored,
  },
  {
    name: 'list-response-without-schemas',
    description:
      'Query answers omit "schemas" (the ListResponse URN): the body is not a SCIM ListResponse, and Entra reports the target as incompatible (ServiceIncompatible).',
    source: 'reference §4.2',
    caughtBy: ['CONN-01', 'CONN-02', 'USR-FILTER-01'],
    middleware: () => listWithoutSchemas,
  },
  {
    name: 'not-acceptable-without-accept',
    description:
      'GET without an Accept header naming application/scim+json is answered 406: Entra\'s Test Connection query carries no such Accept header, so the connection test fails (a Rails server did exactly this).',
    source: 'reference §7 #24',
    caughtBy: ['CONN-01', 'CONN-02', 'USR-GET-01'],
    middleware: () => notAcceptableWithoutAccept,
  },
];
