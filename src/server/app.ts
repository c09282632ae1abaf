/**
 * The SCIM core as a transport-free handler: bearer-token authentication, then routing to the resource and
 * discovery endpoints. Middleware wraps it (`middleware[0]` outermost), so fault variants can rewrite
 * requests and responses around a core that is always the conformant one, authentication included.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { rejectFilter, resourceTypes, schemas, serviceProviderConfig } from './discovery.ts';
import { ScimError, errorResponse, toErrorResponse } from './errors.ts';
import {
  createResource,
  deleteResource,
  getResource,
  listFromQuery,
  patchResource,
  replaceResource,
  searchResources,
  type ResourceContext,
} from './resources.ts';
import type { ResourceTypeName } from './schema.ts';
import { ScimStore } from './store.ts';
import type { DeclaredExtension, ScimHandler, ScimMiddleware, ScimRequest, ScimResponse } from './types.ts';

export interface ScimHandlerOptions {
  /** The one bearer token accepted (Entra sends a single long-lived secret token). */
  token: string;
  /** Absolute SCIM base URL (no trailing slash needed), used for `meta.location`, `$ref` and `Location`. */
  baseUrl: string;
  /** Applied outermost first: `middleware[0]` sees the raw request and the final response. */
  middleware?: ScimMiddleware[];
  /** Shared or pre-filled state; a fresh empty store by default. */
  store?: ScimStore;
  /** Bearer tokens accepted besides `token`: those the token endpoint issued and that have not expired. */
  acceptToken?: (token: string) => boolean;
  /** Custom extension schemas /Schemas declares besides the enterprise one. */
  declaredExtensions?: readonly DeclaredExtension[];
}

export function createScimHandler(options: ScimHandlerOptions): ScimHandler {
  if (options.token === '') throw new Error('The reference server needs a non-empty token.');
  const context: ResourceContext = {
    store: options.store ?? new ScimStore(),
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.declaredExtensions === undefined ? {} : { declaredExtensions: options.declaredExtensions }),
  };
  const authenticate = bearerAuthenticator(options.token, options.acceptToken);
  const core: ScimHandler = async (request) => {
    try {
      const denied = authenticate(request);
      if (denied !== undefined) return denied;
      if (request.bodyError !== undefined) {
        const { status, detail } = request.bodyError;
        return errorResponse(status, detail, status === 400 ? 'invalidSyntax' : undefined);
      }
      return route(context, request);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
  const composed = (options.middleware ?? []).reduceRight<ScimHandler>((next, middleware) => (request) => middleware(request, next), core);
  // A middleware may throw a ScimError on purpose; anything thrown still ends as a SCIM error response.
  return async (request) => {
    try {
      return await composed(request);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Compares digests, not the tokens: equal-length buffers for timingSafeEqual, and no timing signal about the
 * token's length. Error details never contain the presented credentials.
 */
function bearerAuthenticator(token: string, acceptToken: (token: string) => boolean = () => false): (request: ScimRequest) => ScimResponse | undefined {
  const expected = sha256(token);
  return (request) => {
    if (request.skipAuth === true) return undefined;
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.authorization ?? '');
    if (match === null) return errorResponse(401, 'A bearer token is required.', undefined, { 'www-authenticate': 'Bearer' });
    if (!timingSafeEqual(sha256(match[1] as string), expected) && !acceptToken(match[1] as string)) {
      return errorResponse(401, 'The bearer token is not valid.', undefined, { 'www-authenticate': 'Bearer error="invalid_token"' });
    }
    return undefined;
  };
}

function methodNotAllowed(allowed: string[]): ScimError {
  return new ScimError(405, `Method not allowed here; allowed: ${allowed.join(', ')}.`, undefined, { allow: allowed.join(', ') });
}

function only(method: string, allowed: string[]): void {
  if (!allowed.includes(method)) throw methodNotAllowed(allowed);
}

function route(context: ResourceContext, request: ScimRequest): ScimResponse {
  const method = request.method.toUpperCase();
  const segments = request.path.split('/').filter((segment) => segment !== '');
  const [endpoint = '', second, ...rest] = segments;
  if (rest.length > 0) throw new ScimError(404, 'No such endpoint.');
  const { baseUrl } = context;
  switch (endpoint.toLowerCase()) {
    case 'users':
    case 'groups': {
      const type: ResourceTypeName = endpoint.toLowerCase() === 'users' ? 'User' : 'Group';
      if (second === undefined) {
        only(method, ['GET', 'POST']);
        return method === 'GET' ? listFromQuery(context, type, request.query) : createResource(context, type, request.body, request.query);
      }
      if (second === '.search') {
        only(method, ['POST']);
        return searchResources(context, type, request.body);
      }
      only(method, ['GET', 'PUT', 'PATCH', 'DELETE']);
      if (method === 'GET') return getResource(context, type, second, request.query);
      if (method === 'PUT') return replaceResource(context, type, second, request.body, request.query);
      if (method === 'PATCH') return patchResource(context, type, second, request.body, request.query);
      return deleteResource(context, type, second);
    }
    case 'serviceproviderconfig':
      if (second !== undefined) throw new ScimError(404, 'No such endpoint.');
      only(method, ['GET']);
      rejectFilter(request.query);
      return serviceProviderConfig(baseUrl);
    case 'resourcetypes':
      only(method, ['GET']);
      rejectFilter(request.query);
      return resourceTypes(baseUrl, second);
    case 'schemas':
      only(method, ['GET']);
      rejectFilter(request.query);
      return schemas(baseUrl, second, context.declaredExtensions);
    case 'bulk':
    case 'me':
    case '.search':
      // Optional SCIM features this server does not offer (bulk.supported is false in /ServiceProviderConfig).
      throw new ScimError(501, `/${endpoint} is not implemented by this server.`);
    default:
      throw new ScimError(404, 'No such endpoint.');
  }
}
