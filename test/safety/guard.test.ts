/**
 * The safety guard, against a real reference server over HTTP: writes to anything the run did not create are
 * refused before the network (the server never sees them), read-only mode sends nothing but GET, and every
 * id a create hands back is in the ledger even when the case then fails.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlannedCase } from '../../src/cases/catalogue.ts';
import type { ConformanceCase } from '../../src/cases/types.ts';
import type { OutgoingRequest } from '../../src/model/transport.ts';
import { TestData, runPrefix } from '../../src/data/test-data.ts';
import { loadProfile } from '../../src/profiles/profile.ts';
import { executeCase } from '../../src/runner/execute-case.ts';
import { configure } from '../../src/config.ts';
import { runSuite } from '../../src/runner/run-suite.ts';
import { SafetyRefusal } from '../../src/safety/errors.ts';
import { sweep } from '../../src/safety/sweep.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import type { RunningReferenceServer, ScimMiddleware } from '../../src/server/types.ts';
import { newReportDir, readLedgerEntries, runLeftoversOn } from './helpers.ts';
import { closeAll, guardedSetUp, onClose } from './guarded-setup.ts';

const TOKEN = 'guard-test-token-51c2';
const RUN_ID = 'guardtst';
const PREFIX = runPrefix(RUN_ID);
const profile = loadProfile('akamai-eaa');
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

afterEach(closeAll);

const setUp = (options: Parameters<typeof guardedSetUp>[2] = {}) => guardedSetUp(TOKEN, RUN_ID, options);

/** A real person in the directory: created behind the suite's back. */
async function foreignUser(server: RunningReferenceServer): Promise<string> {
  const response = await fetch(`${server.baseUrl}/Users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify({ schemas: [USER], userName: 'alice@contoso.com' }),
  });
  return ((await response.json()) as { id: string }).id;
}

function caseLike(run: ConformanceCase['run']): PlannedCase {
  const testCase: ConformanceCase = {
    id: 'TEST-GUARD-01',
    level: 'MUST',
    name: 'MUST be stopped by the guard',
    area: 'users',
    spec: [],
    dialects: 'once',
    fixtures: ['users/delete'],
    keyword: { word: 'MUST', source: 'RFC7644-3.6' },
    impact: { kind: 'unknown', text: 'none' },
    run,
  };
  return { testCase, dialect: undefined };
}

describe('safety guard', () => {
  it('refuses a case-like DELETE of a foreign id: harness error, and the server never sees it', async () => {
    const { server, seen, send } = await setUp();
    const aliceId = await foreignUser(server);
    seen.length = 0;
    const planned = caseLike(async (context) => {
      await context.send('users/delete', { userId: aliceId });
    });
    const { result } = await executeCase(planned, send, profile, new TestData({ seed: 1, runId: RUN_ID }));
    expect(result.status).toBe('error');
    expect(result.reason).toBe(`safety guard refused DELETE /Users/${aliceId}: user "${aliceId}" was not created by this run (nothing was sent)`);
    expect(result.exchanges).toEqual([]);
    expect(seen).toEqual([]);
    const still = await fetch(`${server.baseUrl}/Users/${aliceId}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(still.status).toBe(200);
  });

  it('refuses every other write outside what the run created, before the network', async () => {
    const { server, seen, send } = await setUp();
    const aliceId = await foreignUser(server);
    const own = await send({ method: 'POST', path: '/Users', body: { schemas: [USER], userName: `${PREFIX}own@example.com` } });
    expect(own.status).toBe(201);
    const ownId = (own.json as { id: string }).id;
    const group = await send({ method: 'POST', path: '/Groups', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `${PREFIX}group` } });
    const groupId = (group.json as { id: string }).id;
    seen.length = 0;
    const patch = (value: unknown) => ({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value }] });
    const refused: [OutgoingRequest, RegExp][] = [
      [{ method: 'PATCH', path: `/Users/${aliceId}`, body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: false }] } }, /was not created by this run/],
      [{ method: 'PUT', path: `/Users/${aliceId}`, body: { schemas: [USER], userName: `${PREFIX}x` } }, /was not created by this run/],
      [{ method: 'DELETE', path: `/users/${aliceId}?x=1` }, /was not created by this run/],
      [{ method: 'DELETE', path: `/Groups/${ownId}` }, /group ".*" was not created by this run/],
      [{ method: 'DELETE', path: '/Users' }, /whole collection/],
      [{ method: 'DELETE', path: `/Users/${ownId}/../${aliceId}` }, /writes go only to/],
      [{ method: 'DELETE', path: `/Users/..%2F${aliceId}` }, /was not created by this run/],
      [{ method: 'POST', path: '/Bulk', body: { Operations: [] } }, /writes go only to/],
      [{ method: 'POST', path: '/Users', body: { schemas: [USER], userName: 'bob@contoso.com' } }, /does not start with the run prefix/],
      [{ method: 'POST', path: '/Users', body: { schemas: [USER] } }, /needs exactly one userName/],
      [{ method: 'POST', path: '/Users', body: 'not json' }, /not a JSON object/],
      [{ method: 'PATCH', path: `/Users/${ownId}`, body: { schemas: [PATCH_OP], Operations: [{ op: 'Replace', value: { userName: 'alice@contoso.com' } }] } }, /does not start with the run prefix/],
      [{ method: 'PATCH', path: `/Groups/${groupId}`, body: patch('Domain Admins') }, /does not start with the run prefix/],
      [{ method: 'PATCH', path: `/Groups/${groupId}`, body: { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ value: aliceId }] }] } }, /member ".*" is not a user this run created/],
    ];
    for (const [request, reason] of refused) {
      const outcome = await send(request).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(outcome, `${request.method} ${request.path}`).toBeInstanceOf(SafetyRefusal);
      expect((outcome as Error).message).toMatch(reason);
    }
    expect(seen).toEqual([]);

    // What the run did create it may change and delete, members included.
    const add = await send({ method: 'PATCH', path: `/Groups/${groupId}`, body: { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ value: ownId }] }] } });
    expect(add.status).toBe(204);
    expect((await send({ method: 'DELETE', path: `/Groups/${groupId}` })).status).toBe(204);
    expect((await send({ method: 'DELETE', path: `/Users/${ownId}` })).status).toBe(204);
    expect(seen.map((request) => request.method)).toEqual(['PATCH', 'DELETE', 'DELETE']);
  });

  it('in read-only mode sends GET and refuses everything else, even a create', async () => {
    const { seen, send } = await setUp({ readOnly: true });
    expect((await send({ method: 'GET', path: '/ServiceProviderConfig' })).status).toBe(200);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      await expect(send({ method, path: '/Users', body: { schemas: [USER], userName: `${PREFIX}ro@example.com` } })).rejects.toThrow(/read-only/);
    }
    expect(seen.map((request) => request.method)).toEqual(['GET']);
  });

  it('never puts an id that could change the path in a write; the resource is still found by name and deleted', async () => {
    // Hostile: the create answers with an id that, decoded and normalised by a server, names another user.
    const traversalId: ScimMiddleware = async (request, next) => {
      const response = await next(request);
      if (request.method === 'POST' && request.path === '/Users' && response.status === 201) {
        return { ...response, body: { ...(response.body as object), id: '../Users/someone-else' } };
      }
      return response;
    };
    const { server, seen, ledger, send } = await setUp({ middleware: [traversalId] });
    const created = await send({ method: 'POST', path: '/Users', body: { schemas: [USER], userName: `${PREFIX}odd@example.com` } });
    expect(ledger.entries()[0]).toMatchObject({ id: '../Users/someone-else', unsafeId: true });
    seen.length = 0;
    await expect(send({ method: 'DELETE', path: `/Users/${encodeURIComponent((created.json as { id: string }).id)}` })).rejects.toThrow(/is not safe to put in a request path/);
    expect(seen).toEqual([]);
    const report = await sweep(send, ledger);
    expect(report.leftovers).toEqual([{ kind: 'user', id: '../Users/someone-else', reason: 'not deleted: the id is not safe to put in a request path; delete it by hand' }]);
    expect(await runLeftoversOn(server)).toEqual([]); // the real one was found by its prefixed name and deleted
  });

  it('records the id of a duplicate the target should have refused, and the run deletes it', async () => {
    // Fault: the second create of a userName is accepted (under a mangled name), answering 201 with a new id.
    const taken = new Set<string>();
    const acceptsDuplicates: ScimMiddleware = async (request, next) => {
      const body = request.body as { userName?: string } | undefined;
      if (request.method === 'POST' && request.path === '/Users' && body?.userName) {
        const name = body.userName.toLowerCase();
        if (taken.has(name)) return next({ ...request, body: { ...body, userName: `${body.userName}-dup` } });
        taken.add(name);
      }
      return next(request);
    };
    const server = await startReferenceServer({ token: TOKEN, middleware: [acceptsDuplicates] });
    onClose(() => server.close());
    const ledgerFile = join(newReportDir(), 'ledger.jsonl');
    const run = await runSuite({
      ...configure({ baseUrl: server.baseUrl, token: TOKEN, ratePerSecond: 0, profile, dialects: ['legacy'], timeoutMs: 5000, seed: 7, only: ['USR-CREATE-02'] }),
      ledger: ledgerFile,
    });
    expect(run.cases.map((result) => result.status)).toEqual(['fail']);
    const entries = readLedgerEntries(ledgerFile);
    expect(entries.filter((entry) => entry.state === 'created')).toHaveLength(2);
    expect(entries.every((entry) => entry.state === 'created' && entry.deleted)).toBe(true);
    expect(run.leftovers).toEqual([]);
    expect(await runLeftoversOn(server)).toEqual([]);
  });
});
