import { afterEach, describe, expect, it } from 'vitest';
import { ScimClient } from '../../src/client/index.ts';
import { InProcessDispatcher } from '../../src/client/in-process-dispatcher.ts';
import { TransportError, type OutgoingRequest } from '../../src/model/transport.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import { createInProcessReferenceServer } from '../../src/server/in-process.ts';

const TOKEN = 'in-process-token-7c1d';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function inProcessClient(): { client: ScimClient; baseUrl: string; on: (baseUrl: string, token: string) => ScimClient } {
  const server = createInProcessReferenceServer({ token: TOKEN });
  const dispatcher = new InProcessDispatcher(server.origin, (request) => server.answer(request));
  cleanups.push(() => dispatcher.close());
  const on = (baseUrl: string, token: string): ScimClient => {
    const client = new ScimClient({ baseUrl, token, timeoutMs: 2000, dispatcher });
    cleanups.push(() => client.close());
    return client;
  };
  return { client: on(server.baseUrl, TOKEN), baseUrl: server.baseUrl, on };
}

async function httpClient(): Promise<{ client: ScimClient; baseUrl: string }> {
  const server = await startReferenceServer({ token: TOKEN });
  const client = new ScimClient({ baseUrl: server.baseUrl, token: TOKEN, timeoutMs: 2000 });
  cleanups.push(async () => {
    await client.close();
    await server.close();
  });
  return { client, baseUrl: server.baseUrl };
}

/** What an answer says, without what depends on the server's address, clock or random ids. */
function comparable(result: Awaited<ReturnType<ScimClient['send']>>, baseUrl: string): unknown {
  const { date: _date, connection: _connection, 'keep-alive': _keepAlive, 'content-length': _length, ...headers } = result.headers;
  const anonymous = (text: string): string => text.split(baseUrl).join('BASE').replace(/"(id|created|lastModified|version)":"[^"]*"/g, '"$1":"…"').replace(/Users\/[0-9a-f-]{36}/g, 'Users/…');
  const shown = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, name === 'etag' ? '…' : anonymous(value)]));
  return { status: result.status, headers: shown, text: anonymous(result.bodyText), parseError: result.parseError };
}

const user = (name: string): Record<string, unknown> => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: name, active: true });

describe('the embedded server in process, through an undici Dispatcher', () => {
  it('answers each request as the same server does over HTTP', async () => {
    const requests: OutgoingRequest[] = [
      { method: 'GET', path: '/ServiceProviderConfig' },
      { method: 'POST', path: '/Users', body: user('ada@example.com') },
      { method: 'POST', path: '/Users', body: user('ada@example.com') },
      { method: 'GET', path: '/Users?filter=userName+eq+%22ada%40example.com%22' },
      { method: 'GET', path: '/Users/does-not-exist' },
      { method: 'POST', path: '/Users', body: '{"userName": ' },
      { method: 'GET', path: '/Users?filter=userName+xx+1' },
    ];
    const over = { http: await httpClient(), inProcess: inProcessClient() };
    for (const request of requests) {
      const viaHttp = await over.http.client.send(request);
      const viaDispatcher = await over.inProcess.client.send(request);
      expect(comparable(viaDispatcher, over.inProcess.baseUrl), `${request.method} ${request.path}`).toEqual(comparable(viaHttp, over.http.baseUrl));
    }
  });

  it('refuses a request without the token, and one outside the base path, as over HTTP', async () => {
    const { baseUrl, on } = inProcessClient();
    expect((await on(baseUrl, '').send({ method: 'GET', path: '/Users' })).status).toBe(401);
    expect((await on(baseUrl, 'not-the-token').send({ method: 'GET', path: '/Users' })).status).toBe(401);
    const outside = on(`${new URL(baseUrl).origin}/elsewhere`, TOKEN);
    expect((await outside.send({ method: 'GET', path: '/Users' })).status).toBe(404);
  });

  it('answers a body over the size limit with 413', async () => {
    const { client } = inProcessClient();
    const reply = await client.send({ method: 'POST', path: '/Users', body: { ...user('big@example.com'), padding: 'x'.repeat(1024 * 1024 + 10) } });
    expect(reply.status).toBe(413);
  });

  it('keeps the client deadline: an answer that never comes is a timeout, as on the network', async () => {
    const dispatcher = new InProcessDispatcher('http://stalled.invalid', () => new Promise(() => undefined));
    const client = new ScimClient({ baseUrl: 'http://stalled.invalid/scim', token: TOKEN, timeoutMs: 50, dispatcher });
    cleanups.push(() => client.close());
    const failure = await client.send({ method: 'GET', path: '/Users' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransportError);
    expect((failure as TransportError).kind).toBe('timeout');
  });

  it('answers only for its own origin: anything else fails, and nothing goes to the network', async () => {
    const stray = inProcessClient().on('http://127.0.0.1:9/scim', TOKEN);
    const failure = await stray.send({ method: 'GET', path: '/Users' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransportError);
    expect((failure as TransportError).message).not.toContain(TOKEN);
  });
});
