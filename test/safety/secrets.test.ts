/**
 * The bearer token never leaves the process: not on stdout or stderr, not in any report, the ledger, an
 * error message or a reason, even when the target echoes it back in bodies, error details, redirects and
 * response headers. Every byte the CLI printed or wrote is searched for the token and its encodings.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../src/server/http.ts';
import type { RunningReferenceServer, ScimMiddleware, ScimResponse } from '../../src/server/types.ts';
import { closedPort } from '../client/helpers/servers.ts';
import { everyByteIn, ledgerFiles, runCli, tokenForms, type CliOutcome } from './helpers.ts';

// '/', '+', '=' and '~' make the URL-encoded and base64 forms differ from the token itself.
const TOKEN = 'Pr0d/EAA+key=7c41~e9b2d5f0a8';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

const servers: RunningReferenceServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

function expectNoToken(outcome: CliOutcome): void {
  const everything = [outcome.stdout, outcome.stderr, everyByteIn(outcome.reportDir)].join('\n');
  for (const form of tokenForms(TOKEN)) {
    expect(everything.includes(form), `found ${JSON.stringify(form)}`).toBe(false);
  }
}

/** Echoes the Authorization header it received everywhere it can. */
const echoesToken: ScimMiddleware = async (request, next) => {
  const auth = request.headers.authorization ?? '';
  const token = auth.replace(/^Bearer\s+/i, '');
  const base64 = Buffer.from(token).toString('base64');
  const headers = { 'x-echo-authorization': auth, 'www-authenticate': `Bearer realm="${token}"`, 'x-echo-b64': `Basic ${base64}` };
  const fail = (status: number, detail: string): ScimResponse => ({ status, headers, body: { schemas: [ERROR], status: String(status), detail } });
  const target = `${request.method} ${request.path}`;
  if (target === 'POST /Groups') return fail(400, `token ${auth} not allowed to create groups; also ${encodeURIComponent(token)} and ${base64}`);
  if (request.method === 'PATCH' && request.path.startsWith('/Users/')) {
    return { status: 500, headers: { ...headers, 'content-type': 'text/html' }, body: `${token}<html><body>${auth}</body></html>` };
  }
  const response = await next(request);
  if (request.method === 'GET' && /^\/Users\/[^/]+$/.test(request.path) && response.status === 200) {
    return { ...response, headers: { ...response.headers, ...headers, 'content-type': `application/json; echo=${token}` } };
  }
  if (request.method === 'GET' && /^\/Users\/[^/]+$/.test(request.path) && response.status === 404) {
    return fail(404, `no such user for ${auth}`);
  }
  if (request.method === 'POST' && response.status === 201) {
    return { ...response, headers: { ...response.headers, ...headers }, body: { ...(response.body as object), title: auth, nickName: base64 } };
  }
  if (request.method === 'DELETE') return { ...response, headers: { ...response.headers, ...headers } };
  return response;
};

/** Breaks a few cases (wrong status, a 409 with a detail), without echoing anything. */
const failsSome: ScimMiddleware = async (request, next) => {
  if (request.method === 'PATCH') return { status: 400, body: { schemas: [ERROR], status: '400', scimType: 'invalidValue', detail: 'PATCH is not supported' } };
  return next(request);
};

describe('the token never leaks', () => {
  it.each([
    ['a conformant server', [] as ScimMiddleware[], 0],
    ['a server that fails cases', [failsSome], 1],
    ['a server that echoes the token in bodies, details and headers', [echoesToken], 1],
  ])('against %s', async (_, middleware, exitCode) => {
    const server = await startReferenceServer({ token: TOKEN, middleware });
    servers.push(server);
    const outcome = await runCli(['--base-url', server.baseUrl, '--token-env', 'PROD_KEY', '--rate', '0', '--with-opt-in'], { env: { PROD_KEY: TOKEN } });
    expect(outcome.code).toBe(exitCode);
    expect(ledgerFiles(outcome.reportDir)).toHaveLength(1);
    if (middleware[0] === echoesToken) {
      // The echo did reach the reasons, so redaction had something to do.
      expect(outcome.stdout).toMatch(/\[REDACTED\]/);
    }
    expectNoToken(outcome);
  }, 60_000);

  it('in a preflight failure (exit 3, one line) and in a wrong-token run', async () => {
    const refused = await runCli(['--base-url', `http://127.0.0.1:${await closedPort()}/scim`], { env: { SCIM_TOKEN: TOKEN } });
    expect(refused.code).toBe(3);
    expectNoToken(refused);
    const server = await startReferenceServer({ token: 'another-token-entirely', middleware: [echoesToken] });
    servers.push(server);
    const wrong = await runCli(['--base-url', server.baseUrl], { env: { SCIM_TOKEN: TOKEN } });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expectNoToken(wrong);
  });

  it('in the cleanup command', async () => {
    const server = await startReferenceServer({ token: TOKEN, middleware: [echoesToken] });
    servers.push(server);
    const run = await runCli(['--base-url', server.baseUrl, '--only', 'USR-', '--rate', '0'], { env: { SCIM_TOKEN: TOKEN } });
    const [ledger] = ledgerFiles(run.reportDir);
    const cleanup = await runCli(['cleanup', '--ledger', ledger!, '--token-env', 'SCIM_TOKEN', '--rate', '0'], { env: { SCIM_TOKEN: TOKEN }, reportDir: run.reportDir });
    expect(cleanup.code).toBe(0);
    expectNoToken(run);
    expectNoToken(cleanup);
  }, 60_000);
});

describe('OAuth client credentials never leak', () => {
  // The secret and every access token the run obtains, though the target echoes both back everywhere.
  const SECRET = 'cl1ent/Secret+odd=chars~9f3e2a71';

  it('neither the client secret nor any access token reaches the output, the reports or the ledger', async () => {
    const issued: string[] = [];
    const recordTokens: ScimMiddleware = async (request, next) => {
      const response = await next(request);
      const token = (response.body as { access_token?: unknown } | undefined)?.access_token;
      if (typeof token === 'string') issued.push(token);
      return response;
    };
    const echoSecret: ScimMiddleware = async (request, next) => {
      const response = await next(request);
      const form = (request as { form?: Record<string, string> }).form ?? {};
      return { ...response, body: { ...(response.body as object), error_description: `secret was ${form.client_secret ?? ''}` } };
    };
    const server = await startReferenceServer({ middleware: [echoesToken], oauth: { clients: [{ clientId: 'entra-c1', secrets: [SECRET] }], middleware: [recordTokens, echoSecret] } });
    servers.push(server);
    const outcome = await runCli(['--base-url', server.baseUrl, '--token-url', server.tokenUrl as string, '--client-id', 'entra-c1', '--rate', '0'], { env: { SCIM_CLIENT_SECRET: SECRET } });
    expect(outcome.code).toBe(1);
    expect(issued.length).toBeGreaterThan(1);
    const everything = [outcome.stdout, outcome.stderr, everyByteIn(outcome.reportDir)].join('\n');
    for (const secret of [SECRET, ...issued]) {
      for (const form of tokenForms(secret)) expect(everything.includes(form), `found ${JSON.stringify(form)}`).toBe(false);
    }
  }, 90_000);

  it('refuses the secret as a flag value, and a token endpoint that gives no token stops the run with one line (exit 3)', async () => {
    const server = await startReferenceServer({ oauth: { clients: [{ clientId: 'entra-c1', secrets: ['the-right-one-0000'] }] } });
    servers.push(server);
    const refused = await runCli(['--base-url', server.baseUrl, '--token-url', server.tokenUrl as string, '--client-id', 'entra-c1'], { env: { SCIM_CLIENT_SECRET: SECRET } });
    expect(refused.code).toBe(3);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/invalid_client/);
    expect([refused.stdout, refused.stderr].join('\n').includes(SECRET)).toBe(false);
    const flag = await runCli(['--base-url', server.baseUrl, '--token-url', server.tokenUrl as string, '--client-id', 'entra-c1', '--client-secret', SECRET]);
    expect(flag.code).toBe(2);
  }, 60_000);
});
