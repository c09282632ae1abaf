/**
 * Whole runs (the CLI as a child process, --timeout 1500) against broken and hostile targets on loopback.
 * Broken before any case: exit 3 with one line. Broken after the preflight answered: an `error` outcome per
 * case (never `fail`, never a crash), and the run stops trying once the target fails the circuit
 * breaker's health probe (up to three attempts, each within the timeout, 1 s and 2 s apart). Every
 * scenario is bounded in time; outcomes and wall times are printed at the end.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../src/model/vocabulary.ts';
import { plannedCases } from '../../src/config.ts';
import { loadProfile } from '../../src/profiles/profile.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import { makeSelfSignedCert } from '../client/helpers/self-signed-cert.ts';
import { closedPort } from '../client/helpers/servers.ts';
import { runCli, tokenForms, type CliOutcome } from './helpers.ts';

const TOKEN = 'hostile-run-T0ken-6a0f93';
const ALL_CASES = plannedCases(undefined, [...DIALECTS], false, loadProfile('akamai-eaa')).length;
const TIMEOUT = '1500';
const ENV = { SCIM_TOKEN: TOKEN };
const closers: Array<() => Promise<void>> = [];
const timings: string[] = [];

afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  console.log(`hostile targets, whole CLI runs (--timeout ${TIMEOUT}):\n${timings.sort().join('\n')}`);
});

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface Hostile {
  baseUrl: string;
  /** Requests this server saw. */
  requests: () => number;
}

/** An HTTP server on loopback whose sockets are all destroyed on close (so close never hangs on a stuck one). */
async function serve(handler: Handler): Promise<{ url: string; count: () => number }> {
  let count = 0;
  const server = createServer((req, res) => {
    count += 1;
    handler(req, res);
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, count: () => count };
}

/**
 * Answers the preflight (Test Connection) and the /ServiceProviderConfig read like a SCIM server, then
 * behaves as `hostile` for every request after (or from the first one, with `fromStart`).
 */
async function hostileTarget(hostile: Handler, fromStart = false): Promise<Hostile> {
  let seen = 0;
  const { url, count } = await serve((req, res) => {
    seen += 1;
    if (!fromStart && seen === 1) {
      res.writeHead(200, { 'content-type': 'application/scim+json' });
      res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [], startIndex: 1, itemsPerPage: 0 }));
    } else if (!fromStart && seen === 2) {
      res.writeHead(404, { 'content-type': 'application/scim+json' });
      res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' }));
    } else {
      hostile(req, res);
    }
  });
  return { baseUrl: `${url}/scim/v2`, requests: count };
}

interface Results {
  aborted?: string;
  leftovers: { id: string; reason: string }[];
  cases: { id: string; status: string; reason?: string }[];
}

function results(outcome: CliOutcome): Results {
  return JSON.parse(readFileSync(join(outcome.reportDir, 'results.json'), 'utf8')) as Results;
}

function record(name: string, outcome: CliOutcome, detail: string): void {
  timings.push(`  ${name.padEnd(28)} exit ${outcome.code} in ${String(outcome.ms).padStart(5)} ms: ${detail}`);
}

function expectNoToken(outcome: CliOutcome): void {
  for (const form of tokenForms(TOKEN)) expect(outcome.stdout + outcome.stderr).not.toContain(form);
}

async function preflightFails(name: string, baseUrl: string, message: RegExp, env: Record<string, string> = {}): Promise<CliOutcome> {
  const outcome = await runCli(['--base-url', baseUrl, '--timeout', TIMEOUT], { env: { ...ENV, ...env } });
  record(name, outcome, outcome.stderr.trim());
  expect(outcome.code).toBe(3);
  expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
  expect(outcome.stderr).toMatch(message);
  // Generous: CLI start-up on a loaded 2-CPU runner is seconds; a hang would be the 60 s default timeout.
  expect(outcome.ms).toBeLessThan(20_000);
  expectNoToken(outcome);
  return outcome;
}

/** The target broke after the preflight: every case is an `error`, none a `fail`, so the run is Incomplete (exit 4), in bounded time. */
async function casesError(name: string, target: Hostile, reason: RegExp, maxMs: number): Promise<Results> {
  const outcome = await runCli(['--base-url', target.baseUrl, '--timeout', TIMEOUT, '--rate', '0'], { env: ENV });
  const run = results(outcome);
  const first = run.cases[0]?.reason ?? '';
  record(name, outcome, `${run.cases.filter((c) => c.status === 'error').length}/${run.cases.length} cases error; ${first}`);
  expect(outcome.stderr).toBe('');
  expect(outcome.code).toBe(4);
  expect(run.cases).toHaveLength(ALL_CASES);
  expect(run.cases.filter((c) => c.status !== 'error')).toEqual([]);
  expect(first).toMatch(reason);
  expect(outcome.ms).toBeLessThan(maxMs + 10_000); // slack for CLI start-up under load
  expectNoToken(outcome);
  return run;
}

const never: Handler = () => undefined;

describe.concurrent('a run against a target that', { timeout: 60_000 }, () => {
  it('refuses connections: exit 3, one line', async () => {
    await preflightFails('refuses connections', `http://127.0.0.1:${await closedPort()}/scim/v2`, /^target unreachable: connection refused by 127\.0\.0\.1:\d+$/m);
  });

  it('does not resolve (.invalid): exit 3, one line', async () => {
    await preflightFails('fails DNS', 'https://scim.example.invalid/scim/v2', /^target unreachable: DNS lookup failed for scim\.example\.invalid$/m);
  });

  it('never answers from the start: exit 3 after the timeout', async () => {
    const target = await hostileTarget(never, true);
    const outcome = await preflightFails('never answers (preflight)', target.baseUrl, /^target unreachable: no response within 1500 ms \(timeout\) for GET \/scim\/v2\/Users\?filter=/m);
    expect(outcome.ms).toBeGreaterThanOrEqual(1500);
  });

  it('answers a portal page (HTML) at the base URL: exit 3, not a SCIM endpoint', async () => {
    const target = await hostileTarget((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>Sign in</body></html>'), true);
    await preflightFails('HTML portal (preflight)', target.baseUrl, /^target is not a SCIM endpoint: GET \/Users\?filter=.* answered 200 with a body that is not JSON: starts with "<!DOCTYPE html>/m);
  });

  it('redirects to another origin from the start: exit 3, never followed, the token never sent there', async () => {
    const elsewhere = await serve((_req, res) => res.writeHead(200).end('{}'));
    const target = await hostileTarget((_req, res) => res.writeHead(302, { location: `${elsewhere.url}/login?next=scim` }).end(), true);
    await preflightFails('redirect (preflight)', target.baseUrl, /^target is not a SCIM endpoint: .* answered 302, a redirect to another origin \(http:\/\/127\.0\.0\.1:\d+\); redirects are never followed/m);
    expect(elsewhere.count()).toBe(0);
  });

  it('presents a self-signed certificate: exit 3 with the --ca hint; --ca and NODE_EXTRA_CA_CERTS make it work', async () => {
    const { cert, key } = makeSelfSignedCert();
    const reference = await startReferenceServer({ token: TOKEN });
    closers.push(() => reference.close());
    const upstream = Number(new URL(reference.baseUrl).port);
    // TLS in front of the reference server, so the whole suite can run over the untrusted certificate.
    const proxy = tls.createServer({ cert, key }, (socket) => {
      const up = connect(upstream, '127.0.0.1');
      socket.pipe(up).pipe(socket);
      socket.on('error', () => up.destroy());
      up.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => proxy.close(() => resolve())));
    const baseUrl = `https://127.0.0.1:${(proxy.address() as AddressInfo).port}/scim/v2`;
    await preflightFails('self-signed TLS', baseUrl, /^target unreachable: TLS certificate rejected: self-signed certificate \(use --ca FILE or NODE_EXTRA_CA_CERTS to trust it\)$/m);

    const pem = join(mkdtempSync(join(tmpdir(), 'scimconf-ca-')), 'ca.pem');
    writeFileSync(pem, cert);
    const withCa = await runCli(['--base-url', baseUrl, '--ca', pem, '--only', 'CONN-', '--timeout', TIMEOUT], { env: ENV });
    record('self-signed TLS + --ca', withCa, withCa.stdout.match(/\d+ passed/)?.[0] ?? withCa.stderr.trim());
    // A selection is Incomplete (exit 4) by design; what matters here is that TLS worked and the cases passed.
    expect(withCa.code).toBe(4);
    expect(withCa.stdout).toMatch(/MUST\s+\d+ passed, 0 failed, 0 errors/);
    const withEnv = await runCli(['--base-url', baseUrl, '--only', 'CONN-', '--timeout', TIMEOUT], { env: { ...ENV, NODE_EXTRA_CA_CERTS: pem } });
    record('self-signed TLS + NODE_EXTRA_CA_CERTS', withEnv, withEnv.stdout.match(/\d+ passed/)?.[0] ?? withEnv.stderr.trim());
    expect(withEnv.code).toBe(4);
    expect(withEnv.stdout).toMatch(/MUST\s+\d+ passed, 0 failed, 0 errors/);
  });

  it('stops answering after the preflight: an error for the case, then the health probe fails and the run stops', async () => {
    const run = await casesError('never answers (later)', await hostileTarget(never), /^no response within 1500 ms \(timeout\) for GET /, 20_000);
    expect(run.aborted).toMatch(/^the target failed the health probe: 3 attempts over \d+\.\d s, none answered \(last: no response within 1500 ms \(timeout\)/);
    expect(run.cases.filter((c) => c.reason?.startsWith('not run: the target failed the health probe'))).toHaveLength(ALL_CASES - 1);
  });

  it('drips its answer a byte at a time: errors per case, bounded by the timeout', async () => {
    const drip: Handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/scim+json', 'content-length': '1000' });
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write('{')), 200);
      res.on('close', () => clearInterval(timer));
    };
    await casesError('drips bytes (later)', await hostileTarget(drip), /^response body not complete within 1500 ms \(timeout\)/, 20_000);
  });

  it('resets the connection mid-body: errors per case', async () => {
    const reset: Handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/scim+json', 'content-length': '100000' });
      res.write(`{"Resources":[${'1,'.repeat(500)}`, () => setTimeout(() => res.socket?.resetAndDestroy(), 20));
    };
    await casesError('resets mid-body (later)', await hostileTarget(reset), /^connection reset by the server mid-response$/, 15_000);
  });

  it('answers HTML instead of JSON: errors per case, and says so', async () => {
    const html: Handler = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Gateway</body></html>');
    const run = await casesError('answers HTML (later)', await hostileTarget(html), /answered 200 with a body that is not JSON: starts with "<html><body>Gateway<\/bod…" \(Content-Type "text\/html"\): not a SCIM answer$/, 15_000);
    // Creates answered with HTML may or may not have happened: listed, not silently forgotten.
    expect(run.leftovers.every((leftover) => leftover.id === '?' && /got no usable answer/.test(leftover.reason))).toBe(true);
  });

  it('answers invalid JSON: errors per case', async () => {
    const broken: Handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/scim+json' }).end('{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse",');
    await casesError('answers invalid JSON (later)', await hostileTarget(broken), /answered 200 with a body that is not valid JSON/, 15_000);
  });

  it('answers a 50 MB body: capped at 5 MiB, errors per case, the rest never read', async () => {
    const sent: number[] = [];
    const huge: Handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/scim+json' }); // chunked: no Content-Length to refuse early
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let written = 0;
      const index = sent.push(0) - 1;
      const pump = (): void => {
        while (written < 50 * 1024 * 1024 && !res.destroyed) {
          written += chunk.length;
          sent[index] = written;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    };
    await casesError('answers 50 MB (later)', await hostileTarget(huge), /^response body exceeds 5 MiB limit$/, 15_000);
    // The client stopped reading at the cap: far less than 50 MB left each response's server side.
    expect(Math.max(...sent)).toBeLessThan(20 * 1024 * 1024);
    timings.push(`  ${'answers 50 MB (later)'.padEnd(28)} most the server got to write into one response: ${(Math.max(...sent) / 1024 / 1024).toFixed(1)} MiB`);
  });

  it('redirects to another origin after the preflight: errors per case, never followed', async () => {
    const elsewhere = await serve((_req, res) => res.writeHead(200).end('{}'));
    const redirect: Handler = (req, res) => res.writeHead(307, { location: `${elsewhere.url}${req.url ?? '/'}` }).end();
    await casesError('redirects elsewhere (later)', await hostileTarget(redirect), /answered 307, a redirect to another origin .*; redirects are never followed/, 15_000);
    expect(elsewhere.count()).toBe(0);
  });
});
