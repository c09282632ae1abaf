/**
 * A small load run against the embedded reference server (a few hundred requests): Entra's order, the
 * same requests the fixtures describe, the figures, the consequences of a faulty server, and that nothing
 * the run created remains. Timings are never asserted here (npm run bench measures them).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findLoadFault } from '../../src/load/load-faults.ts';
import { runLoad, type LoadOptions } from '../../src/load/runner.ts';
import type { LoadShape } from '../../src/load/scenario.ts';
import { loadProfile } from '../../src/profiles/profile.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import type { RunningReferenceServer, ScimMiddleware } from '../../src/server/types.ts';

const SHAPE: LoadShape = { users: 120, groups: 6, membersPerGroup: 10, memberBatch: 3, cycles: ['initial', 'incremental'], changeFraction: 0.1, sample: 5 };

let server: RunningReferenceServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Seen {
  method: string;
  path: string;
  body?: unknown;
}

async function start(middleware: ScimMiddleware[] = []): Promise<{ seen: Seen[]; server: RunningReferenceServer }> {
  const seen: Seen[] = [];
  const record: ScimMiddleware = async (request, next) => {
    seen.push({ method: request.method, path: request.path, body: request.body });
    return next(request);
  };
  server = await startReferenceServer({ middleware: [record, ...middleware] });
  return { seen, server };
}

function options(target: RunningReferenceServer, overrides: Partial<LoadOptions> = {}): LoadOptions {
  return {
    baseUrl: target.baseUrl,
    token: target.token,
    embedded: true,
    profile: loadProfile('akamai-eaa'),
    dialect: 'legacy',
    timeoutMs: 10_000,
    seed: 7,
    shape: SHAPE,
    concurrency: 3,
    projectUsers: 50_000,
    ...overrides,
  };
}

async function remaining(target: RunningReferenceServer): Promise<{ users: number; groups: number }> {
  const count = async (path: string): Promise<number> => {
    const response = await fetch(`${target.baseUrl}${path}`, { headers: { authorization: `Bearer ${target.token}` } });
    return ((await response.json()) as { totalResults: number }).totalResults;
  };
  return { users: await count('/Users'), groups: await count('/Groups') };
}

describe('load run against the embedded reference server', () => {
  it("sends the initial cycle in Entra's order, measures it, verifies it and leaves nothing behind", async () => {
    const { seen, server: target } = await start();
    const result = await runLoad(options(target));

    expect(result.consequences).toEqual([]);
    expect(result.created).toEqual({ users: 120, groups: 6, memberships: 60 });
    expect(result.errors).toBe(0);
    expect(result.operations.query!.count).toBe(120 + 6 + 12);
    expect(result.operations.create!.count).toBe(126);
    expect(result.operations['member-add']!.count).toBe(6 * Math.ceil(10 / 3));
    expect(result.operations.delete!.count).toBe(3);
    expect(result.operations.disable!.count).toBe(6);
    expect(result.operations.enable!.count).toBe(3);
    expect(result.verification).toMatchObject({ usersChecked: 5, usersDiffering: 0, groupsChecked: 5, groupsDiffering: 0, paging: { expected: 120, seen: 120, missing: 0, duplicates: 0, complete: true } });
    expect(result.leftovers).toEqual([]);
    expect(await remaining(target)).toEqual({ users: 0, groups: 0 });

    // Order: every user (query, then create) before any group, every group before any member add.
    const kinds = seen.slice(1).map((request) => `${request.method} ${request.path.split('/')[1]}${request.path.split('/').length > 2 ? '/id' : ''}`);
    const lastUserCreate = kinds.lastIndexOf('POST Users');
    const firstGroupQuery = kinds.indexOf('GET Groups');
    const firstMemberAdd = kinds.indexOf('PATCH Groups/id');
    expect(lastUserCreate).toBeLessThan(firstGroupQuery);
    expect(kinds.lastIndexOf('POST Groups')).toBeLessThan(firstMemberAdd);
    expect(kinds.slice(0, 6).filter((kind) => kind === 'GET Users').length).toBeGreaterThanOrEqual(3);
    // The member add is the fixture's legacy form with a batch of value objects.
    const add = seen.find((request) => request.method === 'PATCH' && request.path.startsWith('/Groups'))!;
    expect(add.body).toMatchObject({ Operations: [{ op: 'Add', path: 'members' }] });
    expect((add.body as { Operations: { value: unknown[] }[] }).Operations[0]!.value).toHaveLength(3);
    // The histograms and series stay summaries, however many requests went out.
    expect(result.latencyOverTime.length).toBeLessThanOrEqual(120);
    expect(result.latencyBySize.length).toBeLessThanOrEqual(31);
  });

  it('sends compliant member removes one member at a time', async () => {
    const { seen, server: target } = await start();
    const result = await runLoad(options(target, { dialect: 'compliant', shape: { ...SHAPE, users: 40, groups: 2 } }));
    const removes = seen.filter((request) => JSON.stringify(request.body ?? '').includes('members[value eq'));
    expect(removes.length).toBe(result.operations['member-remove']!.count);
    expect(removes.length).toBeGreaterThan(0);
    expect(result.consequences).toEqual([]);
    expect(await remaining(target)).toEqual({ users: 0, groups: 0 });
  });

  it('counts every tenth create answered 503 without Retry-After, projects the escrow and cleans up', async () => {
    const { server: target } = await start([findLoadFault('create-503-one-in-ten')!.middleware()]);
    const result = await runLoad(options(target, { shape: { ...SHAPE, cycles: ['initial'] } }));
    expect(result.operations.create!.errorsByClass).toEqual({ '503 without Retry-After': 12 });
    expect(result.events.failed).toBe(12);
    expect(result.consequences.map((consequence) => `${consequence.basis} ${consequence.kind}`)).toContain('measured escrow');
    expect(result.consequences.find((consequence) => consequence.kind === 'escrow')!.sources).toContain('ED-QUAR');
    expect(result.leftovers).toEqual([]);
    expect(await remaining(target)).toEqual({ users: 0, groups: 0 });
  });

  it('stops when interrupted, still deletes everything and says it is incomplete', async () => {
    const controller = new AbortController();
    const { seen, server: target } = await start([
      async (request, next) => {
        if (seen.length === 60) controller.abort('SIGINT');
        return next(request);
      },
    ]);
    const result = await runLoad(options(target, { signal: controller.signal }));
    expect(result.interrupted).toMatch(/interrupted by SIGINT during users/);
    expect(result.verification).toBeUndefined();
    expect(result.leftovers).toEqual([]);
    expect(await remaining(target)).toEqual({ users: 0, groups: 0 });
  });
});
