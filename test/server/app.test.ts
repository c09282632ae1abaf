/**
 * The SCIM core's frame (no sockets): discovery endpoints, routing errors, and how middleware composes with
 * bearer-token authentication.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createScimHandler } from '../../src/server/app.ts';
import type { ScimMiddleware } from '../../src/server/types.ts';
import { BASE, ENTERPRISE, ERROR, GROUP, TOKEN, USER, call, handler, request, resetHandler, type Json } from './handler-helpers.ts';

beforeEach(() => {
  resetHandler();
});

describe('discovery', () => {
  it('describes the server in /ServiceProviderConfig', async () => {
    const { status, body } = await call('GET', '/ServiceProviderConfig');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true, maxResults: 200 },
      bulk: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      changePassword: { supported: false },
      authenticationSchemes: [{ type: 'oauthbearertoken' }],
    });
  });

  it('lists User, Group and EnterpriseUser in /Schemas without any null', async () => {
    const { body } = await call('GET', '/Schemas');
    expect(body.Resources.map((s: Json) => s.id)).toEqual([USER, GROUP, ENTERPRISE]);
    expect(JSON.stringify(body)).not.toContain('null');
    const userName = body.Resources[0].attributes.find((a: Json) => a.name === 'userName');
    expect(userName).toMatchObject({ type: 'string', required: true, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'server' });
    expect((await call('GET', `/Schemas/${ENTERPRISE}`)).body.name).toBe('EnterpriseUser');
  });

  it('lists the resource types with the enterprise extension on User', async () => {
    const { body } = await call('GET', '/ResourceTypes');
    expect(body.Resources).toEqual([
      expect.objectContaining({ id: 'User', endpoint: '/Users', schema: USER, schemaExtensions: [{ schema: ENTERPRISE, required: false }] }),
      expect.objectContaining({ id: 'Group', endpoint: '/Groups', schema: GROUP }),
    ]);
  });

  it('answers a filter on a discovery endpoint with 403 (RFC 7644 §4)', async () => {
    expect((await call('GET', '/Schemas?filter=id pr')).status).toBe(403);
  });
});

describe('errors and routing', () => {
  it('answers unsupported methods with 405 and an Allow header', async () => {
    const response = await call('DELETE', '/Users');
    expect(response.status).toBe(405);
    expect(response.headers?.allow).toBe('GET, POST');
    expect(response.body).toMatchObject({ schemas: [ERROR], status: '405' });
  });

  it('answers unknown endpoints with 404 and /Bulk with 501', async () => {
    expect((await call('GET', '/Nope')).status).toBe(404);
    expect((await call('POST', '/Bulk', {})).status).toBe(501);
  });
});

describe('authentication and middleware', () => {
  it('answers a missing or wrong token with 401 and WWW-Authenticate, without echoing the token', async () => {
    const missing = await handler(request('GET', '/Users', undefined, {}));
    expect(missing.status).toBe(401);
    expect(missing.headers?.['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await handler(request('GET', '/Users', undefined, { authorization: 'Bearer secret-guess-123' }));
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ schemas: [ERROR], status: '401' });
    expect(JSON.stringify(wrong)).not.toContain('secret-guess-123');
  });

  it('accepts the Bearer scheme in any case', async () => {
    expect((await handler(request('GET', '/Users', undefined, { authorization: `bearer ${TOKEN}` }))).status).toBe(200);
  });

  it('authenticates before reporting a body error', async () => {
    const unauthenticated = await handler({ ...request('POST', '/Users', undefined, {}), bodyError: { status: 400, detail: 'bad json' } });
    expect(unauthenticated.status).toBe(401);
    const authenticated = await handler({ ...request('POST', '/Users'), bodyError: { status: 400, detail: 'bad json' } });
    expect(authenticated.body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
  });

  it('runs middleware[0] outermost, around authentication', async () => {
    const seen: string[] = [];
    const tag =
      (name: string): ScimMiddleware =>
      async (req, next) => {
        seen.push(`${name}>`);
        const response = await next(req);
        seen.push(`<${name}:${response.status}`);
        return response;
      };
    const wrapped = createScimHandler({ token: TOKEN, baseUrl: BASE, middleware: [tag('outer'), tag('inner')] });
    await wrapped(request('GET', '/Users', undefined, {}));
    expect(seen).toEqual(['outer>', 'inner>', '<inner:401', '<outer:401']);
  });

  it('lets a middleware bypass authentication with skipAuth (the "auth not enforced" fault)', async () => {
    const authNotEnforced: ScimMiddleware = (req, next) => next({ ...req, skipAuth: true });
    const wrapped = createScimHandler({ token: TOKEN, baseUrl: BASE, middleware: [authNotEnforced] });
    expect((await wrapped(request('GET', '/Users', undefined, {}))).status).toBe(200);
  });

  it('turns an exception thrown by a middleware into a SCIM 500', async () => {
    const broken: ScimMiddleware = async () => {
      throw new Error('boom');
    };
    const response = await createScimHandler({ token: TOKEN, baseUrl: BASE, middleware: [broken] })(request('GET', '/Users'));
    expect(response).toEqual({ status: 500, body: { schemas: [ERROR], status: '500', detail: 'Internal server error.' } });
  });
});
