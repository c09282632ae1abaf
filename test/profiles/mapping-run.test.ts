/**
 * What the suite sends follows the imported mapping, request by request: every request of a full run
 * against the reference server is captured at the server (a pass-through middleware) and checked.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveProfile } from '../../src/profiles/resolve-profile.ts';
import type { RunResult } from '../../src/model/result.ts';
import { configure } from '../../src/config.ts';
import { runSuite } from '../../src/runner/run-suite.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import { customExtensionsOf } from '../../src/profiles/declared-extensions.ts';
import type { RunningReferenceServer, ScimRequest } from '../../src/server/types.ts';

const EXPORTS = join(import.meta.dirname, '../../fixtures/entra-exports');
const CUSTOM = 'urn:ietf:params:scim:schemas:extension:contoso:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CREATE_ONLY = [`${ENTERPRISE}:employeeNumber`, `${ENTERPRISE}:organization`];

interface Operation {
  op: string;
  path?: string;
  value?: unknown;
}

async function runCapturing(fixture: string): Promise<{ run: RunResult; requests: ScimRequest[]; hash: string }> {
  const requests: ScimRequest[] = [];
  const token = randomBytes(16).toString('hex');
  const { profile, hash } = resolveProfile(join(EXPORTS, `${fixture}.json`));
  const server: RunningReferenceServer = await startReferenceServer({
    token,
    middleware: [async (request, next) => (requests.push(request), next(request))],
    declaredExtensions: customExtensionsOf(profile),
  });
  try {
    const run = await runSuite(configure({ baseUrl: server.baseUrl, token, embedded: true, profile, dialects: ['legacy', 'compliant'], timeoutMs: 5000, seed: 11, withOptIn: true }));
    return { run, requests, hash };
  } finally {
    await server.close();
  }
}

const operationsOf = (request: ScimRequest): Operation[] => ((request.body as { Operations?: Operation[] }).Operations ?? []);
/** Every attribute a PATCH touches: op paths and no-path keys. */
const touched = (request: ScimRequest): string[] =>
  operationsOf(request).flatMap((operation) =>
    operation.path !== undefined ? [operation.path] : operation.value && typeof operation.value === 'object' ? Object.keys(operation.value) : [],
  );

describe.each(['scim-default', 'akamai-eaa'])('run --profile fixtures/entra-exports/%s.json', (fixture) => {
  it('passes against the reference server and names the profile and its hash', async () => {
    const { run, hash } = await runCapturing(fixture);
    expect(run.cases.filter((c) => c.status !== 'pass').map((c) => `${c.id} ${c.reason ?? ''}`)).toEqual([]);
    expect(run.verdict.entra).toBe('ready');
    expect(run.profileHash).toBe(hash);
  }, 60_000);
});

describe('run --profile fixtures/entra-exports/custom-attributes.json', () => {
  let run: RunResult;
  let requests: ScimRequest[];
  beforeAll(async () => {
    ({ run, requests } = await runCapturing('custom-attributes'));
  }, 60_000);
  afterAll(() => {
    requests = [];
  });
  const userRequests = (method: string): ScimRequest[] => requests.filter((r) => r.method === method && /^\/Users/i.test(r.path));

  it('passes every case, including the custom extension case in both dialects', () => {
    expect(run.cases.filter((c) => c.status !== 'pass').map((c) => `${c.id} ${c.reason ?? ''}`)).toEqual([]);
    expect(run.cases.filter((c) => c.id === 'USR-EXT-01').map((c) => c.dialect)).toEqual(['legacy', 'compliant']);
  });

  it('creates every user with the custom extension object, the constant and the create-only attribute', () => {
    const creates = userRequests('POST').map((r) => r.body as Record<string, any>);
    expect(creates.length).toBeGreaterThan(10);
    for (const body of creates) {
      expect(Object.keys(body[CUSTOM]).sort()).toEqual(['badgeCode', 'costCenterCode']);
      expect(body[ENTERPRISE].organization).toBe('Contoso');
      expect(body[ENTERPRISE].employeeNumber).toMatch(/^\d+$/);
      // ED-ATTR: Entra does not list a custom extension's URN in `schemas`.
      expect(body.schemas).not.toContain(CUSTOM);
    }
  });

  it('never PATCHes the ObjectAddOnly attribute or the constant', () => {
    const patches = userRequests('PATCH');
    expect(patches.length).toBeGreaterThan(10);
    for (const request of patches) {
      for (const path of touched(request)) expect(CREATE_ONLY, JSON.stringify(request.body)).not.toContain(path);
    }
  });

  it('PATCHes a custom attribute on its URN path (legacy) and as a URN key of a no-path value (compliant)', () => {
    const customOps = userRequests('PATCH').flatMap(operationsOf).filter((operation) =>
      (operation.path ?? Object.keys((operation.value as object | undefined) ?? {}).join()).includes(CUSTOM),
    );
    expect(customOps).toContainEqual({ op: 'Replace', path: `${CUSTOM}:costCenterCode`, value: expect.any(String) });
    expect(customOps).toContainEqual({ op: 'replace', value: { [`${CUSTOM}:costCenterCode`]: expect.any(String) } });
    expect(customOps).toContainEqual({ op: 'Replace', path: `${CUSTOM}:badgeCode`, value: expect.any(String) });
  });

  it('queries users on the changed matching attribute, and on userName only in the cases about userName', () => {
    // The cases' own exchanges: the cleanup sweep's verification queries are the suite's, not Entra's.
    const queries = run.cases.flatMap((c) =>
      c.exchanges
        .map((exchange) => new URL(exchange.request.url))
        .filter((url) => /\/Users$/.test(url.pathname) && url.searchParams.has('filter'))
        .map((url) => ({ id: c.id, attribute: url.searchParams.get('filter')!.split(' ')[0] })),
    );
    expect(queries.filter((q) => q.attribute === 'externalId').map((q) => q.id)).toEqual(
      expect.arrayContaining(['CONN-01', 'USR-FILTER-01', 'USR-FILTER-02', 'USR-DELETE-01', 'USR-DISABLE-01', 'IDN-FILTER-01', 'IDN-NEARMISS-01']),
    );
    expect(new Set(queries.filter((q) => q.attribute !== 'externalId').map((q) => `${q.id} ${q.attribute}`))).toEqual(
      new Set(['USR-FILTER-03 userName', 'USR-PATCH-02 userName', 'LIFE-RENAME-01 userName']),
    );
  });
});

describe('run --profile fixtures/entra-exports/app-roles.json', () => {
  let run: RunResult;
  let requests: ScimRequest[];
  beforeAll(async () => {
    ({ run, requests } = await runCapturing('app-roles'));
  }, 60_000);
  const userRequests = (method: string): ScimRequest[] => requests.filter((r) => r.method === method && /^\/Users/i.test(r.path));

  it('passes every case, including the role case in both dialects', () => {
    expect(run.cases.filter((c) => c.status !== 'pass').map((c) => `${c.id} ${c.reason ?? ''}`)).toEqual([]);
    expect(run.cases.filter((c) => c.id === 'USR-ROLES-01').map((c) => c.dialect)).toEqual(['legacy', 'compliant']);
  });

  it('creates every user with its app role as AppRoleAssignmentsComplex gives it, after meta as in ED-ATTR', () => {
    const creates = userRequests('POST').map((r) => r.body as Record<string, any>);
    expect(creates.length).toBeGreaterThan(10);
    for (const body of creates) {
      expect(body.roles).toEqual([{ primary: false, type: 'WindowsAzureActiveDirectoryRole', displayName: expect.any(String), value: expect.any(String) }]);
      expect(Object.keys(body).slice(-2)).toEqual(['meta', 'roles']);
    }
  });

  it("PATCHes a role as a JSON string in the default job and as the create's element with the flag", () => {
    const roleOps = userRequests('PATCH').flatMap(operationsOf).filter((operation) => operation.path === 'roles');
    const legacy = roleOps.find((operation) => operation.op === 'Add') as { value: { value: string }[] };
    expect(Object.keys(JSON.parse(legacy.value[0]!.value))).toEqual(['id', 'value', 'displayName']);
    expect(roleOps).toContainEqual({ op: 'add', path: 'roles', value: [{ primary: false, type: 'WindowsAzureActiveDirectoryRole', displayName: expect.any(String), value: expect.any(String) }] });
  });
});
