/**
 * The reference server over real HTTP (ephemeral loopback port, global fetch): what only the node:http
 * adapter can get wrong — wire encoding of queries, body limits and parsing, headers, connection shutdown.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../src/server/http.ts';
import type { RunningReferenceServer, ScimMiddleware } from '../../src/server/types.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

let server: RunningReferenceServer;
const auth = (): Record<string, string> => ({ authorization: `Bearer ${server.token}` });

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = auth()) {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    (init.headers as Record<string, string>)['content-type'] = 'application/scim+json; charset=utf-8';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch(`${server.baseUrl}${path}`, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text === '' ? undefined : (JSON.parse(text) as Record<string, any>) };
}

beforeAll(async () => {
  server = await startReferenceServer({ maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await server.close();
});

describe('reference server over HTTP', () => {
  it('binds loopback on an ephemeral port under /scim/v2 with a random token', () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers a missing or wrong bearer token with 401 and WWW-Authenticate, never echoing the token', async () => {
    const missing = await send('GET', '/Users', undefined, {});
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await send('GET', '/Users', undefined, { authorization: 'Bearer not-the-token-7731' });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ status: '401' });
    expect(wrong.text).not.toContain('not-the-token-7731');
  });

  it('answers JSON with Content-Type application/scim+json; charset=utf-8', async () => {
    const response = await send('GET', '/ServiceProviderConfig');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
  });

  it('decodes the wire form of a filter (+ for space, %22 for quotes)', async () => {
    const created = await send('POST', '/Users', { schemas: [USER], userName: 'Test User 7d420df3' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${server.baseUrl}/Users/${created.json!.id}`);
    const found = await send('GET', '/Users?filter=userName+eq+%22test+user+7d420df3%22');
    expect(found.status).toBe(200);
    expect(found.json).toMatchObject({ totalResults: 1, Resources: [{ id: created.json!.id }] });
  });

  it('answers a zero-result filter with 200 and an empty ListResponse', async () => {
    const response = await send('GET', '/Users?filter=userName+eq+%227d420df3-9995-4831-a406-ecf8166f5f6a%22');
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it('honours excludedAttributes=members on a group that has members (Entra’s group lookup)', async () => {
    const member = await send('POST', '/Users', { schemas: [USER], userName: 'member-of-edu' });
    const group = await send('POST', '/Groups', { schemas: [GROUP], displayName: 'EDU All personal', members: [] });
    const added = await send('PATCH', `/Groups/${group.json!.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: member.json!.id }] }] });
    expect(added.status).toBe(204);
    expect(added.text).toBe('');
    const lookup = await send('GET', '/Groups?excludedAttributes=members&filter=displayName+eq+%22EDU+All+personal%22');
    expect(lookup.json!.Resources).toHaveLength(1);
    expect(lookup.json!.Resources[0]).not.toHaveProperty('members');
    const full = await send('GET', `/Groups/${group.json!.id}`);
    expect(full.json!.members).toHaveLength(1);
  });

  it('answers malformed JSON with 400 invalidSyntax', async () => {
    const response = await send('POST', '/Users', '{"schemas": [,');
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidSyntax' });
  });

  it('answers a body over maxBodyBytes with 413', async () => {
    const response = await send('POST', '/Users', { schemas: [USER], userName: 'big', title: 'x'.repeat(100 * 1024) });
    expect(response.status).toBe(413);
    expect(response.json).toMatchObject({ status: '413' });
  });

  it('answers an unknown id with 404 and status "404" as a string', async () => {
    const response = await send('GET', '/Users/5171a35d82074e068ce2');
    expect(response.status).toBe(404);
    expect(response.json!.status).toBe('404');
  });

  it('answers a second DELETE of the same user with 404', async () => {
    const created = await send('POST', '/Users', { schemas: [USER], userName: 'delete-twice' });
    expect((await send('DELETE', `/Users/${created.json!.id}`)).status).toBe(204);
    expect((await send('DELETE', `/Users/${created.json!.id}`)).status).toBe(404);
  });

  it('answers paths outside the base path with a SCIM 404', async () => {
    const response = await fetch(server.baseUrl.replace('/scim/v2', '/other'), { headers: auth() });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ status: '404' });
  });

  it('sends a string body from a middleware as-is with its own content type', async () => {
    const html: ScimMiddleware = async () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>not scim</html>' });
    const faulty = await startReferenceServer({ middleware: [html] });
    try {
      const response = await fetch(`${faulty.baseUrl}/Users`);
      expect(response.headers.get('content-type')).toBe('text/html');
      expect(await response.text()).toBe('<html>not scim</html>');
    } finally {
      await faulty.close();
    }
  });

  it('closes promptly even with an idle keep-alive connection open', async () => {
    const other = await startReferenceServer({ token: 'keepalive-token' });
    const agentResponse = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${other.baseUrl}/Users`, { headers: { authorization: 'Bearer keepalive-token', connection: 'keep-alive' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
    expect(agentResponse).toBe(200);
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
