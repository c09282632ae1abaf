/**
 * Faults of the token endpoint (src/server/token-endpoint.ts), each caught by exactly one AUTH- check: the
 * ways a vendor's OAuth 2.0 client credentials endpoint keeps an app out of Microsoft's gallery, or lets
 * anyone into its directory. The SCIM side of "any token accepted" is auth-not-enforced (CONN-03).
 */
import type { ScimMiddleware, ScimResponse } from '../server/types.ts';
import type { TokenRequest } from '../server/token-endpoint.ts';
import type { FaultVariant } from './types.ts';

const passThrough: ScimMiddleware = (request, next) => next(request);

/** Rewrites the body (and headers) of every token the endpoint grants. */
function onGrantedToken(rewrite: (response: ScimResponse & { body: Record<string, unknown> }) => ScimResponse): ScimMiddleware {
  return async (request, next) => {
    const response = await next(request);
    const body = response.body as Record<string, unknown> | undefined;
    if (response.status !== 200 || typeof body?.access_token !== 'string') return response;
    return rewrite({ ...response, headers: { ...response.headers }, body: { ...body } });
  };
}

/** Relaxes one verification of the core (the only way a fault reaches into it). */
function lenient(relax: NonNullable<TokenRequest['lenient']>): ScimMiddleware {
  return (request, next) => next({ ...request, lenient: { ...(request as TokenRequest).lenient, ...relax } } as TokenRequest);
}

export const oauthFaults: FaultVariant[] = [
  {
    name: 'oauth-token-type-missing',
    description: 'The token answer has no token_type (RFC 6749 §5.1 requires it): a client that checks it, as RFC 6749 §7.1 asks, cannot tell how to use the token.',
    source: 'reference §5.3',
    caughtBy: ['AUTH-01'],
    middleware: () => passThrough,
    tokenMiddleware: () =>
      onGrantedToken((response) => {
        delete response.body.token_type;
        return response;
      }),
  },
  {
    name: 'oauth-token-cacheable',
    description: 'The token answer comes without Cache-Control: no-store (RFC 6749 §5.1), so a proxy or cache between Entra and the token endpoint may keep the access token and serve it again.',
    source: 'reference §5.3',
    caughtBy: ['AUTH-02'],
    middleware: () => passThrough,
    tokenMiddleware: () =>
      onGrantedToken((response) => {
        const headers = { ...response.headers };
        delete headers['cache-control'];
        delete headers.pragma;
        return { ...response, headers };
      }),
  },
  {
    name: 'oauth-token-lifetime-24h',
    description: 'Access tokens live 24 hours (expires_in 86400): Microsoft accepts 60 minutes to 6 hours, so its gallery validation (Validate_Credentials_Test) fails and the app is not listed.',
    source: 'reference §5.3',
    caughtBy: ['AUTH-03'],
    middleware: () => passThrough,
    tokenMiddleware: () =>
      onGrantedToken((response) => {
        response.body.expires_in = 86_400;
        return response;
      }),
  },
  {
    name: 'oauth-wrong-secret-accepted',
    description: 'The token endpoint answers 200 with a token whatever client secret comes with a known client id: anyone who learns the id (it is not a secret) can read and change the directory.',
    source: 'reference §5.3',
    caughtBy: ['AUTH-04'],
    middleware: () => passThrough,
    tokenMiddleware: () => lenient({ secretNotChecked: true }),
  },
  {
    name: 'oauth-unknown-client-accepted',
    description: 'The token endpoint issues tokens to client ids it never registered (it checks the secret only for the ones it knows): anyone can get a token by inventing a client id.',
    source: 'reference §5.3',
    caughtBy: ['AUTH-05'],
    middleware: () => passThrough,
    tokenMiddleware: () => lenient({ clientNotChecked: true }),
  },
  {
    name: 'oauth-forged-assertion-accepted',
    description:
      'Workload identity federation without signature checks: the token endpoint decodes a JWT client assertion (RFC 7523) and issues a token without verifying it against Microsoft\'s published keys, so anyone can mint tokens.',
    source: 'reference §5.3',
    caughtBy: ['AUTH-06'],
    middleware: () => passThrough,
    tokenMiddleware: () => lenient({ assertionNotVerified: true }),
  },
];
