import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ScimClient } from '../../src/client/index.ts';
import { TransportError } from '../../src/model/transport.ts';
import { RecordingClient } from './helpers/recording-client.ts';
import { startHttp } from './helpers/servers.ts';
import type { Running } from './helpers/servers.ts';

const TOKEN = 'tkn-9f8e7d6c5b4a-s3cr3t';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function serve(handler: Parameters<typeof startHttp>[0]): Promise<Running> {
  const server = await startHttp(handler);
  cleanups.push(() => server.close());
  return server;
}

function client(baseUrl: string, extra: Partial<ConstructorParameters<typeof ScimClient>[0]> = {}): RecordingClient {
  const c = new RecordingClient({ baseUrl, token: TOKEN, timeoutMs: 1500, ...extra });
  cleanups.push(() => c.close());
  return c;
}

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

function readRequest(req: IncomingMessage): Promise<Seen> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () =>
      resolve({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(parts).toString('utf8'),
      }),
    );
  });
}

describe('ScimClient against a well-behaved server', () => {
  it('returns status, headers and parsed JSON of a 200, and records the exchange', async () => {
    const listResponse = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] };
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/scim+json' });
      res.end(JSON.stringify(listResponse));
    });
    const c = client(`${server.url}/scim/`);
    const result = await c.send({ method: 'GET', path: '/Users?filter=userName+eq+%22x%22' });
    expect(result.status).toBe(200);
    expect(result.headers['content-type']).toBe('application/scim+json');
    expect(result.json).toEqual(listResponse);
    expect(result.parseError).toBeUndefined();
    expect(c.exchanges).toHaveLength(1);
    expect(c.exchanges[0]).toBe(result.exchange);
    expect(result.exchange.request.url).toBe(`${server.url}/scim/Users?filter=userName+eq+%22x%22`);
    expect(result.exchange.response).toMatchObject({ status: 200, body: JSON.stringify(listResponse) });
    expect(result.exchange.response?.truncated).toBeUndefined();
    expect(result.exchange.error).toBeUndefined();
    expect(result.exchange.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('sends the query string byte-exact: + and %22 arrive unchanged', async () => {
    const seen: string[] = [];
    const server = await serve((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/scim+json' }).end('{}');
    });
    const c = client(`${server.url}/scim/v2/`);
    const paths = [
      '/Users?filter=userName+eq+%227d420df3-9995-4831-a406-ecf8166f5f6a%22',
      '/Groups?excludedAttributes=members&filter=displayName+eq+%22EDU+All+personal%22',
      "/Users?filter=emails%5Btype+eq+%22work%22%5D.value+eq+%22a%2Bb@x.y%22&x=%7e'!*()",
    ];
    for (const path of paths) await c.send({ method: 'GET', path });
    expect(seen).toEqual(paths.map((path) => `/scim/v2${path}`));
  });

  it('sends Bearer auth and scim+json content type, no Accept, lets request headers win, and redacts the exchange', async () => {
    const seen: Seen[] = [];
    const server = await serve(async (req, res) => {
      seen.push(await readRequest(req));
      res.writeHead(201, { 'content-type': 'application/scim+json' }).end('{"id":"1"}');
    });
    const c = client(server.url);
    const user = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'a@b.c' };
    await c.send({ method: 'POST', path: '/Users', body: user });
    await c.send({ method: 'GET', path: '/Users/1' });
    await c.send({
      method: 'PATCH',
      path: '/Users/1',
      headers: { 'content-type': 'application/json', AUTHORIZATION: 'Bearer other-credential', Accept: 'application/scim+json' },
      body: '{"raw":true}',
    });

    expect(seen[0]).toMatchObject({ method: 'POST', url: '/Users', body: JSON.stringify(user) });
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen[0]?.headers['content-type']).toBe('application/scim+json; charset=utf-8');
    expect(seen[0]?.headers.accept).toBeUndefined();
    expect(seen[1]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen[1]?.headers['content-type']).toBeUndefined();
    expect(seen[1]?.headers.accept).toBeUndefined();
    expect(seen[2]?.headers.authorization).toBe('Bearer other-credential');
    expect(seen[2]?.headers['content-type']).toBe('application/json');
    expect(seen[2]?.headers.accept).toBe('application/scim+json');
    expect(seen[2]?.body).toBe('{"raw":true}');

    expect(c.exchanges.map((e) => e.request.method)).toEqual(['POST', 'GET', 'PATCH']);
    expect(c.exchanges[0]?.request.headers).toEqual({
      Authorization: 'Bearer [REDACTED]',
      'Content-Type': 'application/scim+json; charset=utf-8',
    });
    expect(c.exchanges[0]?.request.body).toBe(JSON.stringify(user));
    expect(c.exchanges[2]?.request.headers.AUTHORIZATION).toBe('Bearer [REDACTED]');
    expect(JSON.stringify(c.exchanges)).not.toContain(TOKEN);
    expect(JSON.stringify(c.exchanges)).not.toContain('other-credential');
  });

  it('never lets a token echoed by the server reach the exchanges or an error message', async () => {
    const b64 = Buffer.from(`user:${TOKEN}`).toString('base64');
    const server = await serve(async (req, res) => {
      const got = await readRequest(req);
      if (req.url?.startsWith('/hang')) return; // never answers: the client times out
      res.writeHead(400, {
        'content-type': 'application/scim+json',
        'x-echo-auth': got.headers.authorization ?? '',
        'www-authenticate': `Bearer realm="x", error="invalid_token", token="${TOKEN}"`,
        'set-cookie': `session=${TOKEN}`,
        location: `/Users?access_token=${encodeURIComponent(TOKEN)}`,
      });
      res.end(JSON.stringify({ detail: `token ${TOKEN} rejected`, auth: got.headers.authorization, basic: b64, query: req.url }));
    });
    const c = client(server.url, { timeoutMs: 600 });
    const result = await c.send({ method: 'POST', path: `/Users?access_token=${TOKEN}`, body: { password: TOKEN } });
    expect(result.status).toBe(400);
    // The result itself is raw (checks need the real bytes); everything stored is redacted.
    expect(result.bodyText).toContain(TOKEN);
    expect(result.exchange.response?.headers['x-echo-auth']).toBe('[REDACTED]');
    expect(result.exchange.response?.headers['set-cookie']).toBe('[REDACTED]');
    expect(result.exchange.response?.body).toContain('token [REDACTED] rejected');

    const failure = await c.send({ method: 'GET', path: `/hang?access_token=${TOKEN}` }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(TransportError);
    const error = failure as TransportError;
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('access_token=[REDACTED]');

    const everything = JSON.stringify({
      exchanges: c.exchanges,
      resultExchange: result.exchange,
      message: error.message,
      stack: error.stack,
      error,
    });
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(encodeURIComponent(TOKEN));
    expect(everything).not.toContain(b64);
    expect(everything).toContain('[REDACTED]');
  });

  it('returns an HTML body with a parseError instead of throwing', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' }).end('<!DOCTYPE html>\n<html><body>Oops</body></html>');
    });
    const result = await client(server.url).send({ method: 'GET', path: '/Users' });
    expect(result.status).toBe(500);
    expect(result.json).toBeUndefined();
    expect(result.parseError).toBe('body that is not JSON: starts with "<!DOCTYPE html>"');
    expect(result.bodyText).toContain('<html>');
  });

  it('reports invalid JSON with the parser reason, and parses JSON whatever the content type', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/bad') res.writeHead(200, { 'content-type': 'application/scim+json' }).end('{"id": "1",}');
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('{"id":"2"}');
    });
    const c = client(server.url);
    const bad = await c.send({ method: 'GET', path: '/bad' });
    expect(bad.json).toBeUndefined();
    expect(bad.parseError).toMatch(/^body that is not valid JSON \(.+\): starts with "\{\\"id\\": \\"1\\",}"$/);
    const good = await c.send({ method: 'GET', path: '/good' });
    expect(good.json).toEqual({ id: '2' });
    expect(good.parseError).toBeUndefined();
  });

  it('leaves json and parseError unset for an empty body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(204).end();
    });
    const result = await client(server.url).send({ method: 'DELETE', path: '/Users/1' });
    expect(result.status).toBe(204);
    expect(result.bodyText).toBe('');
    expect(result.json).toBeUndefined();
    expect(result.parseError).toBeUndefined();
  });

  it('returns a 302 to another origin as is: location kept, the other origin receives nothing', async () => {
    let otherHits = 0;
    const other = await serve((_req, res) => {
      otherHits += 1;
      res.writeHead(200).end('{}');
    });
    const server = await serve((_req, res) => {
      res.writeHead(302, { location: `${other.url}/steal` }).end();
    });
    const c = client(server.url);
    const result = await c.send({ method: 'GET', path: '/Users' });
    expect(result.status).toBe(302);
    expect(result.headers.location).toBe(`${other.url}/steal`);
    expect(result.exchange.response?.headers.location).toBe(`${other.url}/steal`);
    // Give a (wrong) follow-up request time to arrive before asserting nothing came.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(otherHits).toBe(0);
    expect(other.connections).toBe(0);
  });

  it('reuses pooled keep-alive connections for consecutive requests', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/scim+json' }).end('{}');
    });
    const c = client(server.url);
    for (let i = 0; i < 10; i += 1) await c.send({ method: 'GET', path: `/Users/${i}` });
    expect(c.exchanges).toHaveLength(10);
    // undici's pool may open a second socket while the first is still being released; never one per request.
    expect(server.connections).toBeGreaterThanOrEqual(1);
    expect(server.connections).toBeLessThanOrEqual(2);
  });

  it('stores at most 64 KiB of a body in the exchange but returns all of it', async () => {
    const big = JSON.stringify({ data: 'é'.repeat(100_000) });
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/scim+json' }).end(big);
    });
    const result = await client(server.url).send({ method: 'GET', path: '/Users' });
    expect(result.bodyText).toBe(big);
    expect(result.json).toEqual({ data: 'é'.repeat(100_000) });
    expect(result.exchange.response?.truncated).toBe(true);
    const stored = result.exchange.response?.body ?? '';
    expect(Buffer.byteLength(stored)).toBeLessThanOrEqual(64 * 1024);
    expect(Buffer.byteLength(stored)).toBeGreaterThan(64 * 1024 - 4);
    expect(big.startsWith(stored)).toBe(true);
  });

  it('rejects base URLs that would leak or mangle requests', () => {
    expect(() => new ScimClient({ baseUrl: 'https://u:p@host/scim', token: 't', timeoutMs: 1000 })).toThrow(/credentials/);
    expect(() => new ScimClient({ baseUrl: 'https://host/scim?aadOptscim062020', token: 't', timeoutMs: 1000 })).toThrow(/query/);
    expect(() => new ScimClient({ baseUrl: 'ftp://host/scim', token: 't', timeoutMs: 1000 })).toThrow(/http/);
    expect(() => new ScimClient({ baseUrl: 'not a url', token: 't', timeoutMs: 1000 })).toThrow(/valid URL/);
  });
});
