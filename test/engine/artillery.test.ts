/**
 * The engine test (`npm run test:engine`, run by .ci/run after installing engines/artillery): the exported
 * Artillery test runs under the pinned Artillery against the embedded reference server, 3 tenants × a few dozen
 * users, and is compared with a native `load` run of the same shape and seed:
 * - every tenant sends what the native run sends, in the same order (names and ids normalised: each tenant has
 *   its own run prefix and the server its own ids);
 * - nothing is left on the server;
 * - `--from-artillery`'s judgement reproduces the native counts (three tenants: three times each count);
 * - the load-only fault create-503-one-in-ten is projected the same way by both paths.
 * Timings are never asserted (npm run bench measures them). Skipped, loudly, when engines/artillery or dist/
 * is not installed.
 */
import { describe, expect, it } from 'vitest';
import { loadResultFromArtillery, type ArtilleryReport } from '../../src/load/artillery/from-report.ts';
import { findLoadFault } from '../../src/load/load-faults.ts';
import { runLoad, type LoadResult } from '../../src/load/runner.ts';
import type { LoadShape } from '../../src/load/scenario.ts';
import { loadProfile } from '../../src/profiles/profile.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import type { RunningReferenceServer, ScimMiddleware } from '../../src/server/types.ts';
import { artilleryInstalled, runArtillery, settingsFor } from './artillery-harness.ts';

const SHAPE: LoadShape = { users: 30, groups: 3, membersPerGroup: 6, memberBatch: 2, cycles: ['initial', 'incremental'], changeFraction: 0.1, sample: 3 };
const TENANTS = 3;
const SEED = 7;

if (!artilleryInstalled()) {
  // .ci/run installs the engine first: there, a missing engine is a failure, never a silent skip.
  if (process.env.SCIM_ENGINE_REQUIRED) throw new Error('engines/artillery is not installed (or dist/ is not built), and SCIM_ENGINE_REQUIRED is set');
  console.warn('engine test skipped: run `PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix engines/artillery` and `npm run build` first');
}

interface Seen {
  method: string;
  path: string;
  query: string;
  body?: unknown;
  /** The run the request belongs to, when the request itself says (a prefixed name, or an id the run created). */
  runId?: string;
}

/** A reference server that records every request and which run it belongs to. */
async function recordingServer(extra: ScimMiddleware[] = []): Promise<{ server: RunningReferenceServer; seen: Seen[] }> {
  const seen: Seen[] = [];
  const owner = new Map<string, string>();
  const runOf = (text: string): string | undefined => /scimconf-([0-9a-f]+)-/.exec(text)?.[1];
  const record: ScimMiddleware = async (request, next) => {
    const query = request.query.toString();
    const text = `${request.path} ${decodeURIComponent(query)} ${JSON.stringify(request.body ?? '')}`;
    const id = /^\/(?:Users|Groups)\/([^/]+)$/.exec(request.path)?.[1];
    const entry: Seen = { method: request.method, path: request.path, query, body: request.body };
    const runId = runOf(text) ?? (id === undefined ? undefined : owner.get(id));
    if (runId !== undefined) entry.runId = runId;
    seen.push(entry);
    const response = await next(request);
    if (request.method === 'POST' && response.status === 201) {
      const created = response.body as { id?: string; userName?: string; displayName?: string };
      const createdBy = runOf(`${created.userName ?? ''} ${created.displayName ?? ''}`);
      if (created.id !== undefined && createdBy !== undefined) owner.set(created.id, createdBy);
    }
    return response;
  };
  const server = await startReferenceServer({ middleware: [record, ...extra] });
  return { server, seen };
}

/** One run's requests with its prefix and the server's ids replaced by placeholders, numbered in order of appearance. */
function normalise(requests: readonly Seen[], runId?: string): string[] {
  const ids = new Map<string, string>();
  const placeholder = (id: string): string => {
    if (!ids.has(id)) ids.set(id, `ID${ids.size + 1}`);
    return ids.get(id) as string;
  };
  return requests.map((request) => {
    let text = `${request.method} ${request.path}?${decodeURIComponent(request.query)} ${JSON.stringify(request.body ?? null)}`;
    // The run id is the prefix's and, in generated e-mail addresses, a suffix of its own.
    if (runId !== undefined) text = text.replaceAll(runId, 'RUN');
    text = text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => placeholder(id));
    return text;
  });
}

async function remaining(server: RunningReferenceServer): Promise<number> {
  let total = 0;
  for (const path of ['/Users', '/Groups']) {
    const response = await fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${server.token}` } });
    total += ((await response.json()) as { totalResults: number }).totalResults;
  }
  return total;
}

async function nativeRun(extra: ScimMiddleware[] = [], projectUsers = 50_000): Promise<{ result: LoadResult; seen: Seen[] }> {
  const { server, seen } = await recordingServer(extra);
  try {
    const result = await runLoad({
      baseUrl: server.baseUrl,
      token: server.token,
      embedded: false,
      profile: loadProfile('akamai-eaa'),
      dialect: 'legacy',
      timeoutMs: 10_000,
      seed: SEED,
      shape: SHAPE,
      concurrency: 1,
      projectUsers,
    });
    const sent = [...seen];
    expect(await remaining(server)).toBe(0);
    return { result, seen: sent };
  } finally {
    await server.close();
  }
}

async function artilleryRun(extra: ScimMiddleware[] = [], projectUsers = 50_000): Promise<{ report: ArtilleryReport; seen: Seen[]; left: number; settings: ReturnType<typeof settingsFor> }> {
  const { server, seen } = await recordingServer(extra);
  try {
    const settings = settingsFor(server.baseUrl, SHAPE, { seed: SEED, tenants: TENANTS, arrivalSeconds: 1, projectUsers });
    const run = await runArtillery(settings, server.token);
    expect(run.code, run.stderr).toBe(0);
    const sent = [...seen];
    return { report: run.reportJson as ArtilleryReport, seen: sent, left: await remaining(server), settings };
  } finally {
    await server.close();
  }
}

describe.skipIf(!artilleryInstalled())('the exported test on Artillery', () => {
  it('sends, tenant by tenant, what a native run sends, leaves nothing, and converts to the native counts', async () => {
    const native = await nativeRun();
    const engine = await artilleryRun();

    // Same requests in the same order, per tenant (requests that name no run: the paging reads, compared as a multiset).
    const nativeOwned = native.seen.filter((request) => request.runId !== undefined);
    const runs = [...new Set(engine.seen.flatMap((request) => request.runId ?? []))];
    expect(runs).toHaveLength(TENANTS);
    for (const runId of runs) {
      expect(normalise(engine.seen.filter((request) => request.runId === runId), runId)).toEqual(normalise(nativeOwned, native.result.runId));
    }
    const anonymous = (seen: Seen[]): string[] => seen.filter((request) => request.runId === undefined).flatMap((request) => normalise([request])).sort();
    expect(anonymous(engine.seen)).toEqual(Array.from({ length: TENANTS }, () => anonymous(native.seen)).flat().sort());
    expect(engine.left).toBe(0);

    // The judgement: three tenants' worth of every native count, nothing failed, nothing left, nothing to report.
    const converted = loadResultFromArtillery(engine.report, engine.settings);
    expect(converted.interrupted).toBeUndefined();
    expect(converted.engine.finished).toBe(TENANTS);
    expect(converted.requests).toBe(TENANTS * native.result.requests);
    for (const [operation, figures] of Object.entries(native.result.operations)) {
      expect(converted.operations[operation as keyof typeof converted.operations]?.count, operation).toBe(TENANTS * (figures?.count ?? 0));
    }
    for (const [key, value] of Object.entries(native.result.events)) expect(converted.events[key as keyof typeof converted.events], key).toBe(TENANTS * value);
    expect(converted.created).toEqual({ users: TENANTS * native.result.created.users, groups: TENANTS * native.result.created.groups, memberships: TENANTS * native.result.created.memberships });
    expect(converted.errors).toBe(0);
    expect(native.result.consequences).toEqual([]);
    expect(converted.consequences).toEqual([]);
    expect(converted.leftovers).toEqual([]);
    expect(converted.verification?.paging.complete).toBe(true);
    expect(converted.verification?.usersChecked).toBe(TENANTS * (native.result.verification?.usersChecked ?? -1));
  });

  it('projects create-503-one-in-ten as a native run does, tenant by tenant', async () => {
    // 200,000 users projected from 30: one failed create already starts Entra's quarantine evaluation, so
    // every tenant's judgement is the native one however the server's every-tenth create falls among them.
    const fault = (): ScimMiddleware[] => [(findLoadFault('create-503-one-in-ten') as NonNullable<ReturnType<typeof findLoadFault>>).middleware()];
    const native = await nativeRun(fault(), 200_000);
    const engine = await artilleryRun(fault(), 200_000);
    expect(engine.left).toBe(0);
    const converted = loadResultFromArtillery(engine.report, engine.settings);
    expect(converted.interrupted).toBeUndefined();

    expect(native.result.events.failed).toBe(SHAPE.users / 10);
    expect(converted.events.failed).toBe(TENANTS * native.result.events.failed);
    expect(converted.operations.create?.errorsByClass).toEqual({ '503 without Retry-After': TENANTS * (native.result.operations.create?.errors ?? -1) });
    const kinds = (consequences: LoadResult['consequences']): string[] => [...new Set(consequences.map((c) => `${c.kind}/${c.basis}`))].sort();
    expect(kinds(native.result.consequences)).toEqual(['escrow/measured', 'escrow/projected']);
    for (const [index, tenant] of converted.engine.tenants.entries()) {
      expect(tenant.events.failed, `tenant ${index + 1}`).toBeGreaterThan(0);
      expect(kinds(converted.consequences.filter((c) => c.text.startsWith(`Tenant ${index + 1} of`)))).toEqual(kinds(native.result.consequences));
    }
  });
});
