/**
 * The command as a user runs it: a real child process, real HTTP, real exit codes and report files.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../src/server/http.ts';
import type { RunningReferenceServer, ScimMiddleware } from '../src/server/types.ts';
import { runCli as runCliProcess, type CliOutcome } from './safety/helpers.ts';
import { closedPort } from './client/helpers/servers.ts';

/** Loopback targets in tests are not paced: pacing has its own tests (test/safety/pacing.test.ts). */
function runCli(args: string[], env: Record<string, string>): Promise<CliOutcome> {
  return runCliProcess(args[0] === 'list' ? args : [...args, '--rate', '0'], { env });
}

/** Fault: a query that matches nothing answers 404 (reference §7 pitfall 23). */
const emptyFilterAnswers404: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  const body = response.body as { totalResults?: number } | undefined;
  if (request.method === 'GET' && request.query.has('filter') && body?.totalResults === 0) {
    return { status: 404, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'no match' } };
  }
  return response;
};

/** Fault: PATCH values given as the strings "True"/"False" are refused (reference §7 pitfall 19). */
const booleanStringsRejected: ScimMiddleware = async (request, next) => {
  const operations = (request.body as { Operations?: { value?: unknown }[] } | undefined)?.Operations ?? [];
  if (request.method === 'PATCH' && operations.some((operation) => operation.value === 'False' || operation.value === 'True')) {
    return { status: 400, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidValue', detail: 'active must be a boolean' } };
  }
  return next(request);
};

describe('scim-conformance command', () => {
  const TOKEN = 'tok-4f1d2c9e-known-secret-value';
  const servers: RunningReferenceServer[] = [];
  let clean: RunningReferenceServer;

  beforeAll(async () => {
    clean = await startReferenceServer({ token: TOKEN });
    servers.push(clean);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it('lists the catalogue without any server', async () => {
    const outcome = await runCli(['list', '--json'], {});
    expect(outcome.code).toBe(0);
    const listing = JSON.parse(outcome.stdout) as { cases: { id: string }[] };
    expect(listing.cases.map((c) => c.id)).toContain('CONN-01');
  });

  it('exits 2 with one line naming the variable for a malformed URL', async () => {
    const outcome = await runCli([], { SCIM_BASE_URL: 'htp:/nowhere', SCIM_TOKEN: 'x' });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
    expect(outcome.stderr).toMatch(/SCIM_BASE_URL/);
  });

  it('exits 2 when a URL is given without a token', async () => {
    const outcome = await runCli([], { SCIM_BASE_URL: 'https://example.invalid/scim' });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/SCIM_TOKEN is required/);
  });

  it('exits 3 within seconds with one line when the target is unreachable', async () => {
    const outcome = await runCli([], { SCIM_BASE_URL: `http://127.0.0.1:${await closedPort()}/scim/v2`, SCIM_TOKEN: 'x' });
    expect(outcome.code).toBe(3);
    expect(outcome.ms).toBeLessThan(15_000);
    expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
    expect(outcome.stderr).toMatch(/target unreachable: connection refused/);
  });

  it('exits 3 within seconds with one line when the token is wrong, and never prints the token', async () => {
    const outcome = await runCli([], { SCIM_BASE_URL: clean.baseUrl, SCIM_TOKEN: 'wrong-token-value' });
    expect(outcome.code).toBe(3);
    expect(outcome.stderr).toMatch(/credentials rejected: .* answered 401/);
    expect(outcome.stderr + outcome.stdout).not.toContain('wrong-token-value');
  });

  it('passes every case against a conformant server, writes both reports, and leaks no token', async () => {
    const outcome = await runCli(['--with-opt-in'], { SCIM_BASE_URL: clean.baseUrl, SCIM_TOKEN: TOKEN });
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    const results = JSON.parse(readFileSync(join(outcome.reportDir, 'results.json'), 'utf8')) as { cases: { status: string }[] };
    expect(results.cases.length).toBeGreaterThan(30);
    expect(results.cases.every((c) => c.status === 'pass')).toBe(true);
    expect(readFileSync(join(outcome.reportDir, 'junit.xml'), 'utf8')).toContain('<testsuites');
    const everything = [outcome.stdout, ...readdirSync(outcome.reportDir).map((file) => readFileSync(join(outcome.reportDir, file), 'utf8'))].join('\n');
    expect(everything).not.toContain(TOKEN);
  }, 60_000);

  it.each([
    ['a 404 for a zero-result filter', emptyFilterAnswers404, ['CONN-01', 'USR-FILTER-02']],
    ['"False" strings rejected', booleanStringsRejected, ['USR-DISABLE-01']],
  ])('exits 1 against a server with %s and names the failing cases in both reports', async (_, fault, failingIds) => {
    const server = await startReferenceServer({ token: TOKEN, middleware: [fault] });
    servers.push(server);
    const outcome = await runCli([], { SCIM_BASE_URL: server.baseUrl, SCIM_TOKEN: TOKEN });
    expect(outcome.code).toBe(1);
    const results = JSON.parse(readFileSync(join(outcome.reportDir, 'results.json'), 'utf8')) as { cases: { id: string; status: string }[] };
    const junit = readFileSync(join(outcome.reportDir, 'junit.xml'), 'utf8');
    for (const id of failingIds) {
      expect(results.cases.some((c) => c.id === id && c.status === 'fail'), id).toBe(true);
      expect(junit).toMatch(new RegExp(`name="${id}[^"]*"[^>]*>\\s*<failure`));
      expect(outcome.stdout).toContain(id);
    }
  }, 60_000);
});
