/**
 * The guard's one exception (src/safety/absent-ids.ts, docs/safety.md "Deleting what does not exist"): a single
 * DELETE of an id the run minted as never created, right after a GET of it answered 404. Everything else it
 * refused before still gets refused, before the network.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogue } from '../../src/cases/catalogue.ts';
import { TestData } from '../../src/data/test-data.ts';
import { loadProfile } from '../../src/profiles/profile.ts';
import { executeCase } from '../../src/runner/execute-case.ts';
import { SafetyRefusal } from '../../src/safety/errors.ts';
import type { ScimMiddleware } from '../../src/server/types.ts';
import { closeAll, guardedSetUp } from './guarded-setup.ts';

const TOKEN = 'absent-ids-test-token-7d1e';
const RUN_ID = 'absentid';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

afterEach(closeAll);

const setUp = (options: Parameters<typeof guardedSetUp>[2] = {}) => guardedSetUp(TOKEN, RUN_ID, options);

const refusal = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (error: unknown) => error);

/** Every GET of one user answers 200: a target that claims to hold whatever id the run minted. */
const everyUserFound: ScimMiddleware = async (request, next) =>
  request.method === 'GET' && /\/Users\/[^/]+$/.test(request.path) ? { status: 200, body: { schemas: [USER], id: request.path.split('/').pop(), userName: 'someone@contoso.com' } } : next(request);

describe('safety guard: deleting what does not exist', () => {
  it('lets exactly one DELETE of a minted id through, and only after a GET of it answered 404', async () => {
    const { seen, ledger, send } = await setUp();
    const id = ledger.absent.mint('user');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const early = await refusal(send({ method: 'DELETE', path: `/Users/${id}` }));
    expect(early).toBeInstanceOf(SafetyRefusal);
    expect((early as Error).message).toMatch(/minted as absent, but no GET of it has just answered 404/);
    expect((await send({ method: 'GET', path: `/Users/${id}` })).status).toBe(404);
    expect((await send({ method: 'DELETE', path: `/Users/${id}` })).status).toBe(404);
    // Single use: a second DELETE needs a new 404 first, and the ledger holds nothing to clean up.
    expect(await refusal(send({ method: 'DELETE', path: `/Users/${id}` }))).toBeInstanceOf(SafetyRefusal);
    expect(ledger.entries()).toEqual([]);
    expect(seen).toEqual([{ method: 'GET', path: `/Users/${id}` }, { method: 'DELETE', path: `/Users/${id}` }]);
  });

  it('refuses the minted id when the GET did not answer 404, and when a later GET took the 404 back', async () => {
    const { seen, ledger, send } = await setUp({ middleware: [everyUserFound] });
    const claimed = ledger.absent.mint('user');
    expect((await send({ method: 'GET', path: `/Users/${claimed}` })).status).toBe(200);
    expect(((await refusal(send({ method: 'DELETE', path: `/Users/${claimed}` }))) as Error).message).toMatch(/no GET of it has just answered 404/);

    const id = ledger.absent.mint('group');
    expect((await send({ method: 'GET', path: `/Groups/${id}` })).status).toBe(404);
    // A GET of the same id as a user opens nothing for the group.
    expect(await refusal(send({ method: 'DELETE', path: `/Users/${id}` }))).toBeInstanceOf(SafetyRefusal);
    expect((await send({ method: 'DELETE', path: `/Groups/${id}` })).status).toBe(404);

    const reopened = ledger.absent.mint('group');
    expect((await send({ method: 'GET', path: `/Groups/${reopened}` })).status).toBe(404);
    ledger.absent.observeGet('group', reopened, 200);
    expect(await refusal(send({ method: 'DELETE', path: `/Groups/${reopened}` }))).toBeInstanceOf(SafetyRefusal);
    expect(seen.filter((request) => request.method === 'DELETE')).toEqual([{ method: 'DELETE', path: `/Groups/${id}` }]);
  });

  it('refuses every id it did not mint, even one a GET just showed absent, and everything in read-only mode', async () => {
    const { seen, send } = await setUp();
    const stranger = randomUUID();
    expect((await send({ method: 'GET', path: `/Users/${stranger}` })).status).toBe(404);
    const refused = await refusal(send({ method: 'DELETE', path: `/Users/${stranger}` }));
    expect((refused as Error).message).toMatch(/was not created by this run/);
    expect(seen.filter((request) => request.method !== 'GET')).toEqual([]);

    const readOnly = await setUp({ readOnly: true });
    const id = readOnly.ledger.absent.mint('user');
    expect((await readOnly.send({ method: 'GET', path: `/Users/${id}` })).status).toBe(404);
    expect(((await refusal(readOnly.send({ method: 'DELETE', path: `/Users/${id}` }))) as Error).message).toMatch(/read-only/);
  });

  it('never lets a PATCH or PUT through on a minted id', async () => {
    const { ledger, send } = await setUp();
    const id = ledger.absent.mint('user');
    await send({ method: 'GET', path: `/Users/${id}` });
    for (const method of ['PATCH', 'PUT'] as const) {
      const refused = await refusal(send({ method, path: `/Users/${id}`, body: { schemas: [USER] } }));
      expect((refused as Error).message, method).toMatch(/was not created by this run/);
    }
  });

  it('runs USR-DELETE-04 through the guard; a target claiming the minted id gets no DELETE and the case skips', async () => {
    const testCase = catalogue.find((candidate) => candidate.id === 'USR-DELETE-04')!;
    const profile = loadProfile('akamai-eaa');
    const clean = await setUp();
    const passed = await executeCase({ testCase, dialect: undefined }, clean.send, profile, new TestData({ seed: 1, runId: RUN_ID }), undefined, undefined, clean.ledger.absent);
    expect(passed.result.status).toBe('pass');
    expect(clean.seen.map((request) => request.method)).toEqual(['GET', 'DELETE']);

    const liar = await setUp({ middleware: [everyUserFound] });
    const skipped = await executeCase({ testCase, dialect: undefined }, liar.send, profile, new TestData({ seed: 1, runId: RUN_ID }), undefined, undefined, liar.ledger.absent);
    expect(skipped.result.status).toBe('skip');
    expect(skipped.result.reason).toMatch(/answered 200 for a user id that never existed, not 404/);
    expect(liar.seen.map((request) => request.method)).toEqual(['GET']);
  });
});
