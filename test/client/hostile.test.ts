import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ScimClient } from '../../src/client/index.ts';
import { type OutgoingRequest, TransportError } from '../../src/model/transport.ts';
import { RecordingClient } from './helpers/recording-client.ts';
import { makeSelfSignedCert } from './helpers/self-signed-cert.ts';
import { closedPort, startHttp, startHttps, startRaw } from './helpers/servers.ts';
import type { Running } from './helpers/servers.ts';

const TOKEN = 'hostile-T0ken-4f1c2e9a';
const TIMEOUT_MS = 1000;
/** Scheduling slack allowed past the deadline. */
const SLACK_MS = 400;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

const timings: Array<[string, number]> = [];
afterAll(() => {
  console.log(`hostile-case timings (timeoutMs ${TIMEOUT_MS}):\n${timings.map(([name, ms]) => `  ${name}: ${ms.toFixed(0)} ms`).join('\n')}`);
});

function track<T extends Running>(server: T): T {
  cleanups.push(() => server.close());
  return server;
}

function client(baseUrl: string, extra: Partial<ConstructorParameters<typeof ScimClient>[0]> = {}): RecordingClient {
  const c = new RecordingClient({ baseUrl, token: TOKEN, timeoutMs: TIMEOUT_MS, ...extra });
  cleanups.push(() => c.close());
  return c;
}

/** Sends, expects a TransportError, checks the invariants every failure must hold, and times it. */
async function fail(name: string, c: RecordingClient, request: OutgoingRequest): Promise<{ error: TransportError; ms: number }> {
  const started = performance.now();
  const outcome = await c.send(request).then(
    (result) => result,
    (err: unknown) => err,
  );
  const ms = performance.now() - started;
  timings.push([name, ms]);
  expect(outcome).toBeInstanceOf(TransportError);
  const error = outcome as TransportError;
  expect(error.message).not.toMatch(/\n/);
  expect(error.exchange.error).toBe(error.message);
  expect(c.exchanges.at(-1)).toBe(error.exchange);
  expect(error.exchange.request.headers.Authorization).toBe('Bearer [REDACTED]');
  expect(JSON.stringify({ error, message: error.message, stack: error.stack, exchanges: c.exchanges })).not.toContain(TOKEN);
  return { error, ms };
}

describe('ScimClient against hostile or broken servers', () => {
  it('connection refused on a port that was bound and closed', async () => {
    const port = await closedPort();
    const { error, ms } = await fail('refused', client(`http://127.0.0.1:${port}/scim`), { method: 'GET', path: '/Users' });
    expect(error.kind).toBe('refused');
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.message).toBe(`connection refused by 127.0.0.1:${port}`);
    expect(error.exchange.response).toBeUndefined();
    expect(ms).toBeLessThan(TIMEOUT_MS);
  });

  it('DNS failure fails fast, offline too', async () => {
    const { error, ms } = await fail('dns', client('http://no-such-host.invalid/'), { method: 'GET', path: '/Users' });
    expect(error.kind).toBe('dns');
    expect(error.message).toBe('DNS lookup failed for no-such-host.invalid');
    expect(ms).toBeLessThan(500);
  });

  it('self-signed TLS is rejected with a --ca hint, and accepted when its cert is passed as ca', async () => {
    const { cert, key } = makeSelfSignedCert();
    const server = track(
      await startHttps({ cert, key }, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/scim+json' }).end('{"ok":true}');
      }),
    );
    const { error, ms } = await fail('tls self-signed', client(server.url), { method: 'GET', path: '/Users' });
    expect(error.kind).toBe('tls');
    expect(error.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(error.message).toBe(
      'TLS certificate rejected: self-signed certificate (use --ca FILE or NODE_EXTRA_CA_CERTS to trust it)',
    );
    expect(ms).toBeLessThan(TIMEOUT_MS);

    const trusted = client(server.url, { ca: cert });
    const result = await trusted.send({ method: 'GET', path: '/Users' });
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ ok: true });
  });

  it('NODE_EXTRA_CA_CERTS is honoured, and --ca adds to it rather than replacing it', async () => {
    const extra = makeSelfSignedCert('extra-ca');
    const own = makeSelfSignedCert('own-ca');
    const ok = (_req: IncomingMessage, res: ServerResponse): void => {
      res.writeHead(200, { 'content-type': 'application/scim+json' }).end('{}');
    };
    const extraServer = track(await startHttps(extra, ok));
    const ownServer = track(await startHttps(own, ok));
    const dir = await mkdtemp(join(tmpdir(), 'scim-client-ca-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'extra.pem'), extra.cert);
    await writeFile(join(dir, 'own.pem'), own.cert);
    const child = fileURLToPath(new URL('./fixtures/extra-ca-child.ts', import.meta.url));
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', child, extraServer.url, ownServer.url, join(dir, 'own.pem')],
        { cwd: fileURLToPath(new URL('../..', import.meta.url)), env: { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, 'extra.pem') }, timeout: 20_000 },
        (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out)),
      );
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')).toEqual({
      plain: 'status 200',
      withCaExtra: 'status 200',
      withCaOwn: 'status 200',
      plainOwn: 'tls: TLS certificate rejected: self-signed certificate (use --ca FILE or NODE_EXTRA_CA_CERTS to trust it)',
    });
  });

  it('https:// against a plain-HTTP port is a TLS failure that says so', async () => {
    const server = track(await startHttp((_req, res) => res.end('{}')));
    const { error } = await fail('tls to plain http', client(server.url.replace('http:', 'https:')), { method: 'GET', path: '/Users' });
    expect(error.kind).toBe('tls');
    expect(error.message).toMatch(/^TLS handshake with 127\.0\.0\.1:\d+ failed: .*plain HTTP/);
  });

  it('a server that accepts and never answers times out within timeoutMs', async () => {
    const server = track(await startRaw(() => undefined));
    const { error, ms } = await fail('never answers', client(server.url), { method: 'GET', path: '/Users?filter=userName+eq+%22a%22' });
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(`no response within ${TIMEOUT_MS} ms (timeout) for GET /Users?filter=userName+eq+%22a%22`);
    expect(error.exchange.response).toBeUndefined();
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
  });

  it('a server that drips the body a byte every 200 ms cannot hold us past timeoutMs', async () => {
    const server = track(
      await startRaw((socket) => {
        socket.once('data', () => {
          socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\nContent-Length: 1000\r\n\r\n');
          const drip = setInterval(() => {
            if (socket.destroyed) clearInterval(drip);
            else socket.write('{');
          }, 200);
          socket.on('close', () => clearInterval(drip));
        });
      }),
    );
    const { error, ms } = await fail('drip body', client(server.url), { method: 'GET', path: '/Users' });
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(`response body not complete within ${TIMEOUT_MS} ms (timeout) for GET /Users`);
    expect(error.exchange.response?.status).toBe(200);
    expect(error.exchange.response?.truncated).toBe(true);
    expect(error.exchange.response?.body).toMatch(/^\{{1,5}$/);
    expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
  });

  it('a server that drips the status line and headers a byte every 200 ms cannot hold us either', async () => {
    const head = 'HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\nContent-Length: 2\r\n\r\n{}';
    const server = track(
      await startRaw((socket) => {
        socket.once('data', () => {
          let i = 0;
          const drip = setInterval(() => {
            if (socket.destroyed || i >= head.length) clearInterval(drip);
            else socket.write(head[i++] ?? '');
          }, 200);
          socket.on('close', () => clearInterval(drip));
        });
      }),
    );
    const { error, ms } = await fail('drip headers', client(server.url), { method: 'GET', path: '/Users' });
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/^no response within 1000 ms \(timeout\)/);
    expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
  });

  it('a connection reset in the middle of the body is kind reset, with the partial response kept', async () => {
    const server = track(
      await startRaw((socket) => {
        socket.once('data', () => {
          socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\nContent-Length: 100000\r\n\r\n');
          socket.write(`{"Resources":[${'1,'.repeat(500)}`, () => {
            setTimeout(() => socket.resetAndDestroy(), 50);
          });
        });
      }),
    );
    const { error, ms } = await fail('reset mid-body', client(server.url), { method: 'GET', path: '/Users' });
    expect(error.kind).toBe('reset');
    expect(error.message).toBe('connection reset by the server mid-response');
    expect(error.exchange.response?.status).toBe(200);
    expect(error.exchange.response?.body.startsWith('{"Resources":[1,1,')).toBe(true);
    expect(ms).toBeLessThan(TIMEOUT_MS);
  });

  it('a connection closed before any response is kind reset too', async () => {
    const server = track(
      await startRaw((socket) => {
        socket.once('data', () => socket.end());
      }),
    );
    const { error } = await fail('closed before response', client(server.url), { method: 'GET', path: '/Users' });
    expect(error.kind).toBe('reset');
    expect(error.message).toBe('connection closed by the server before any response');
    expect(error.exchange.response).toBeUndefined();
  });

  it('a response that is not HTTP is kind protocol', async () => {
    const server = track(
      await startRaw((socket) => {
        socket.once('data', () => socket.end('SSH-2.0-OpenSSH_9.6\r\n'));
      }),
    );
    const { error } = await fail('not http', client(server.url), { method: 'GET', path: '/Users' });
    expect(error.kind).toBe('protocol');
    expect(error.message).toMatch(/^malformed HTTP response from 127\.0\.0\.1:\d+: /);
  });

  it('a 50 MB body fails too-large at 5 MiB without buffering it', async () => {
    const total = 50 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let written = 0;
    let serverDone!: () => void;
    const serverStopped = new Promise<void>((resolve) => {
      serverDone = resolve;
    });
    const server = track(
      await startHttp((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/scim+json' }); // chunked: no Content-Length to trip on
        const pump = (): void => {
          while (written < total && !res.destroyed) {
            written += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          if (!res.destroyed) res.end();
          serverDone();
        };
        res.on('close', () => serverDone());
        pump();
      }),
    );
    const before = process.memoryUsage();
    const { error, ms } = await fail('50 MB body', client(server.url), { method: 'GET', path: '/Users' });
    const after = process.memoryUsage();
    await serverStopped;
    const heapGrowth = after.heapUsed - before.heapUsed;
    console.log(
      `50 MB case: heapUsed +${(heapGrowth / 2 ** 20).toFixed(1)} MiB, arrayBuffers +${((after.arrayBuffers - before.arrayBuffers) / 2 ** 20).toFixed(1)} MiB, server wrote ${(written / 2 ** 20).toFixed(1)} MiB before the client hung up`,
    );
    expect(error.kind).toBe('too-large');
    expect(error.message).toBe('response body exceeds 5 MiB limit');
    expect(error.exchange.response?.status).toBe(200);
    expect(error.exchange.response?.truncated).toBe(true);
    expect(Buffer.byteLength(error.exchange.response?.body ?? '')).toBe(64 * 1024);
    expect(heapGrowth).toBeLessThan(20 * 2 ** 20);
    // The client stopped reading: the server could not push anything near the whole 50 MB.
    expect(written).toBeLessThan(25 * 2 ** 20);
    expect(ms).toBeLessThan(TIMEOUT_MS);
  });

  it('a declared Content-Length over the cap fails too-large before reading the body', async () => {
    let written = 0;
    const server = track(
      await startRaw((socket) => {
        socket.once('data', () => {
          socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\nContent-Length: 52428800\r\n\r\n');
          const chunk = Buffer.alloc(64 * 1024, 0x20);
          const pump = (): void => {
            while (!socket.destroyed && written < 52428800) {
              written += chunk.length;
              if (!socket.write(chunk)) {
                socket.once('drain', pump);
                return;
              }
            }
          };
          socket.on('error', () => undefined);
          pump();
        });
      }),
    );
    const { error } = await fail('declared 50 MB', client(server.url, { maxBodyBytes: 1024 * 1024 }), { method: 'GET', path: '/Users' });
    expect(error.kind).toBe('too-large');
    expect(error.message).toBe('response body exceeds 1 MiB limit');
    expect(written).toBeLessThan(25 * 2 ** 20);
  });

  it('a request aborted by the caller is kind aborted', async () => {
    const server = track(await startRaw(() => undefined));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { error, ms } = await fail('caller abort', client(server.url), { method: 'GET', path: '/Users', signal: controller.signal });
    expect(error.kind).toBe('aborted');
    expect(ms).toBeLessThan(TIMEOUT_MS);
  });

  it('a closed client refuses to send', async () => {
    const server = track(await startHttp((_req, res) => res.end('{}')));
    const c = client(server.url);
    await c.close();
    const { error } = await fail('after close', c, { method: 'GET', path: '/Users' });
    expect(error.kind).toBe('aborted');
    expect(error.message).toBe('request not sent: the client is closed');
  });
});
