/** The recording proxy on its own: forwards unchanged (streamed, kept alive), enforces the deadline, records. */
import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startProxy, type ProxiedExchange, type RunningProxy } from '../../src/observe/proxy.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function upstream(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: URL; connections: () => number }> {
  let connections = 0;
  const server = createServer(handler);
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  return { server, url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`), connections: () => connections };
}

async function proxyTo(url: URL, timeoutMs?: number): Promise<{ proxy: RunningProxy; recorded: ProxiedExchange[] }> {
  const recorded: ProxiedExchange[] = [];
  const proxy = await startProxy({ upstream: url, host: '127.0.0.1', port: 0, onExchange: (exchange) => recorded.push(exchange), ...(timeoutMs ? { timeoutMs } : {}) });
  closers.push(() => proxy.close(100));
  return { proxy, recorded };
}

function send(url: string, options: { method?: string; body?: string; agent?: Agent; onChunk?: (chunk: string) => void } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', agent: options.agent, headers: { authorization: 'Bearer proxy-test-token', 'content-type': 'application/scim+json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { body += chunk; options.onChunk?.(chunk); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('the recording proxy', () => {
  it('forwards method, path, query, headers and body unchanged and records both sides', async () => {
    const seen: { method?: string; url?: string; auth?: string; body: string } = { body: '' };
    const target = await upstream((req, res) => {
      seen.method = req.method;
      seen.url = req.url;
      seen.auth = req.headers.authorization;
      req.on('data', (chunk: Buffer) => (seen.body += chunk.toString()));
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/scim+json', 'x-target': 'yes' });
        res.end('{"id":"1"}');
      });
    });
    const { proxy, recorded } = await proxyTo(target.url);
    const answer = await send(`${proxy.url}/Users?filter=userName+eq+%22a%22`, { method: 'POST', body: '{"userName":"a"}' });
    expect(seen).toEqual({ method: 'POST', url: '/scim/v2/Users?filter=userName+eq+%22a%22', auth: 'Bearer proxy-test-token', body: '{"userName":"a"}' });
    expect([answer.status, answer.headers['x-target'], answer.body]).toEqual([201, 'yes', '{"id":"1"}']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ method: 'POST', path: '/Users?filter=userName+eq+%22a%22', status: 201, requestBody: '{"userName":"a"}', responseBody: '{"id":"1"}' });
  });

  it('streams the answer as it arrives rather than buffering it', async () => {
    let release: () => void = () => undefined;
    const target = await upstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/scim+json' });
      res.write('{"part":1,');
      release = () => res.end('"part2":2}');
    });
    const { proxy } = await proxyTo(target.url);
    let first: string | undefined;
    const answer = send(`${proxy.url}/Users`, { onChunk: (chunk) => { first ??= chunk; release(); } });
    expect((await answer).body).toBe('{"part":1,"part2":2}');
    expect(first).toBe('{"part":1,');
  });

  it('keeps connections alive to the upstream', async () => {
    const target = await upstream((_req, res) => res.end('{}'));
    const { proxy } = await proxyTo(target.url);
    const agent = new Agent({ keepAlive: true });
    closers.push(async () => agent.destroy());
    for (let index = 0; index < 3; index += 1) await send(`${proxy.url}/Users/${index}`, { agent });
    expect(target.connections()).toBe(1);
  });

  it('answers 504 and records the timeout when the upstream takes longer than the deadline', async () => {
    const target = await upstream(() => undefined);
    const { proxy, recorded } = await proxyTo(target.url, 150);
    const answer = await send(`${proxy.url}/Users`);
    expect(answer.status).toBe(504);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(recorded[0]?.error).toMatch(/no answer within 150 ms/);
    expect(recorded[0]?.status).toBeUndefined();
  });
});
