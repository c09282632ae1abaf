/**
 * The end-of-run sweep and the ledger: deletes what is left, proves it gone, and reports honestly what it
 * could not (a soft delete, a refused DELETE, a target gone mid-sweep), without ever trusting a target that
 * answers a filter with someone else's resources. Also: the ledger file survives a cut last line, and runs
 * with several cases at a time leave nothing behind.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/profiles/profile.ts';
import { tokenRedactor } from '../../src/safety/redact.ts';
import { openGuardedTransport } from '../../src/runner/guarded-transport.ts';
import { configure } from '../../src/config.ts';
import { runSuite } from '../../src/runner/run-suite.ts';
import { LEDGER_FORMAT, Ledger, parseLedger, type LedgerHeader } from '../../src/safety/ledger.ts';
import { sweep } from '../../src/safety/sweep.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import type { RunningReferenceServer, ScimMiddleware } from '../../src/server/types.ts';
import { closedPort } from '../client/helpers/servers.ts';
import { newReportDir, recorder, runLeftoversOn } from './helpers.ts';

const TOKEN = 'sweep-token-3c9a';
const PREFIX = 'scimconf-sweeptst-';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const profile = loadProfile('akamai-eaa');

const closing: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closing.length > 0) await closing.pop()?.();
});

function header(target: string): LedgerHeader {
  return { type: 'run', format: LEDGER_FORMAT, tool: 'test', runId: 'sweeptst', prefix: PREFIX, target, startedAt: '' };
}

async function server(middleware: ScimMiddleware[] = []): Promise<RunningReferenceServer> {
  const running = await startReferenceServer({ token: TOKEN, middleware });
  closing.push(() => running.close());
  return running;
}

async function createDirectly(target: RunningReferenceServer, userName: string): Promise<string> {
  const response = await fetch(`${target.baseUrl}/Users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify({ schemas: [USER], userName }),
  });
  return ((await response.json()) as { id: string }).id;
}

function guarded(baseUrl: string, ledger: Ledger) {
  const { transport, close } = openGuardedTransport({ baseUrl, token: TOKEN, redact: tokenRedactor([TOKEN]), timeoutMs: 2000, ledger, readOnly: false });
  closing.push(close);
  return (request: Parameters<typeof transport>[0]) => transport(request);
}

describe('sweep', () => {
  it('finds a create whose answer never came by its name, and never trusts a filter answer with other names', async () => {
    // Fault: every user filter answers with every user, whatever it asked for.
    const ignoresFilters: ScimMiddleware = async (request, next) =>
      request.method === 'GET' && request.path === '/Users' ? next({ ...request, query: new URLSearchParams() }) : next(request);
    const target = await server([ignoresFilters]);
    const alice = await createDirectly(target, 'alice@contoso.com');
    await createDirectly(target, `${PREFIX}lost@example.com`); // the run's create whose answer was lost
    const ledger = new Ledger(header(target.baseUrl));
    ledger.intend('user', `${PREFIX}lost@example.com`);
    const report = await sweep(guarded(target.baseUrl, ledger), ledger);
    expect(report.removed.map((entry) => entry.value)).toEqual([`${PREFIX}lost@example.com`]);
    expect(report.leftovers).toEqual([]);
    expect(ledger.pending()).toEqual([]);
    const still = await fetch(`${target.baseUrl}/Users/${alice}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(still.status).toBe(200);
  });

  it('reports a soft delete (still readable after 204) and a refused DELETE as leftovers, and the ledger does not claim them gone', async () => {
    const softDeleted = new Set<string>();
    const faults: ScimMiddleware = async (request, next) => {
      const id = request.path.split('/')[2] ?? '';
      if (request.method === 'DELETE' && softDeleted.size === 0) {
        softDeleted.add(id);
        return { status: 204 };
      }
      if (request.method === 'DELETE') return { status: 500, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '500' } };
      return next(request);
    };
    const target = await server([faults]);
    const ledger = new Ledger(header(target.baseUrl));
    for (const name of ['soft', 'refused']) ledger.created(ledger.intend('user', `${PREFIX}${name}@example.com`), await createDirectly(target, `${PREFIX}${name}@example.com`));
    const report = await sweep(guarded(target.baseUrl, ledger), ledger);
    expect(report.leftovers.map((leftover) => leftover.reason).sort()).toEqual([
      'not deleted: DELETE answered 500',
      'still readable by id (GET answered 200) after its DELETE succeeded',
    ]);
    expect(ledger.entries().every((entry) => !entry.deleted)).toBe(true);
  });

  it('retries a target that does not answer within its budget, then lists the rest as not tried', async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}/scim/v2`;
    const ledger = new Ledger(header(baseUrl));
    for (let n = 0; n < 5; n += 1) ledger.created(ledger.intend('user', `${PREFIX}u${n}@example.com`), `id-${n}`);
    const started = performance.now();
    const report = await sweep(guarded(baseUrl, ledger), ledger, { retryBudgetMs: 2000 });
    const elapsed = performance.now() - started;
    // The budget, plus the last attempt (refusals are immediate; the transport's own quick retries take < 1 s).
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThan(5000);
    expect(report.leftovers).toHaveLength(5);
    expect(report.leftovers[0]?.reason).toMatch(/^not deleted: connection refused/);
    expect(report.leftovers.slice(1).every((leftover) => /^not deleted: not tried: the sweep spent its 2 s retry budget on a target that did not answer \(last: connection refused/.test(leftover.reason))).toBe(true);
  });
});

describe('the proof that nothing remains', () => {
  /** Every request the core sees, with its filter. */
  function filters(): { seen: { method: string; path: string; filter?: string }[]; middleware: ScimMiddleware } {
    const seen: { method: string; path: string; filter?: string }[] = [];
    return {
      seen,
      middleware: (request, next) => {
        const filter = request.query.get('filter');
        seen.push(filter === null ? { method: request.method, path: request.path } : { method: request.method, path: request.path, filter });
        return next(request);
      },
    };
  }
  const isNameLookup = (seen: { filter?: string }) => / eq /.test(seen.filter ?? '');

  it('rests on the id alone when the create and the DELETE were answered at once: one GET each, one `sw` net, no name lookups', async () => {
    const record = filters();
    const target = await server([record.middleware]);
    const ledger = new Ledger(header(target.baseUrl));
    const send = guarded(target.baseUrl, ledger);
    for (const name of ['a', 'b', 'c']) {
      await send({ method: 'POST', path: '/Users', body: { schemas: [USER], userName: `${PREFIX}${name}@example.com` } });
    }
    expect(ledger.entries().every((entry) => entry.createdOnce === true)).toBe(true);
    record.seen.length = 0;
    const report = await sweep(send, ledger);
    expect(report.leftovers).toEqual([]);
    expect(report.verified).toBe(3);
    expect(record.seen.filter((seen) => seen.method === 'DELETE')).toHaveLength(3);
    expect(record.seen.filter((seen) => seen.method === 'GET' && /^\/Users\/.+/.test(seen.path))).toHaveLength(3);
    expect(record.seen.filter(isNameLookup)).toEqual([]);
    expect(record.seen.filter((seen) => / sw /.test(seen.filter ?? ''))).toHaveLength(1);
    expect(record.seen).toHaveLength(7);
  });

  it('looks the name up where the id cannot decide: a create answered 503 that went through is found and deleted', async () => {
    // The first create is stored but answered 503; the retry is refused as a duplicate (409). The target
    // also refuses `sw`, so only the name lookup can find the first one.
    const record = filters();
    let creates = 0;
    const faults: ScimMiddleware = async (request, next) => {
      const filter = request.query.get('filter') ?? '';
      if (request.method === 'GET' && / sw /.test(filter)) return { status: 400, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidFilter' } };
      if (request.method === 'POST' && request.path === '/Users' && creates++ === 0) {
        await next(request);
        return { status: 503, headers: { 'retry-after': '0' }, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '503' } };
      }
      return next(request);
    };
    const target = await server([record.middleware, faults]);
    const ledger = new Ledger(header(target.baseUrl));
    const send = guarded(target.baseUrl, ledger);
    const created = await send({ method: 'POST', path: '/Users', body: { schemas: [USER], userName: `${PREFIX}dup@example.com` } });
    expect(created.status).toBe(409);
    expect(ledger.entries()[0]?.state).toBe('not-created');
    const report = await sweep(send, ledger);
    expect(report.leftovers).toEqual([]);
    expect(report.removed.map((entry) => entry.value)).toEqual([`${PREFIX}dup@example.com`]);
    expect(record.seen.filter(isNameLookup).length).toBeGreaterThan(0);
    expect(await runLeftoversOn(target)).toEqual([]);
  });

  it('looks every name up for entries of a ledger written without the marks (an older run, `cleanup --ledger`)', async () => {
    const record = filters();
    const target = await server([record.middleware]);
    const ledger = new Ledger(header(target.baseUrl));
    for (const name of ['a', 'b']) ledger.created(ledger.intend('user', `${PREFIX}${name}@example.com`), await createDirectly(target, `${PREFIX}${name}@example.com`));
    const report = await sweep(guarded(target.baseUrl, ledger), ledger);
    expect(report.leftovers).toEqual([]);
    expect(report.verified).toBe(4);
    expect(record.seen.filter(isNameLookup)).toHaveLength(2);
  });

  it('several requests at a time report the same, in the same order, as one at a time', async () => {
    const reports = [];
    for (const concurrency of [1, 4]) {
      // Two of six users stay readable after their DELETE answered 204 (a soft delete).
      const softDeleted = new Set<string>();
      const faults: ScimMiddleware = async (request, next) =>
        request.method === 'DELETE' && softDeleted.has(request.path.split('/')[2] ?? '') ? { status: 204 } : next(request);
      const target = await server([faults]);
      const ledger = new Ledger(header(target.baseUrl));
      for (let n = 0; n < 6; n += 1) {
        const id = await createDirectly(target, `${PREFIX}p${n}@example.com`);
        ledger.created(ledger.intend('user', `${PREFIX}p${n}@example.com`), id, true);
        if (n === 1 || n === 4) softDeleted.add(id);
      }
      const report = await sweep(guarded(target.baseUrl, ledger), ledger, { concurrency });
      reports.push(report.leftovers.map((leftover) => `${ledger.entries().find((entry) => entry.id === leftover.id)?.value}: ${leftover.reason}`));
    }
    expect(reports[0]).toEqual([
      `${PREFIX}p1@example.com: still readable by id (GET answered 200) after its DELETE succeeded`,
      `${PREFIX}p4@example.com: still readable by id (GET answered 200) after its DELETE succeeded`,
    ]);
    expect(reports[1]).toEqual(reports[0]);
  });
});

describe('ledger file', () => {
  it('is a header and one snapshot per change, and survives a last line cut short by a crash', () => {
    const file = join(newReportDir(), 'ledger-sweeptst.jsonl');
    const ledger = new Ledger(header('https://scim.example.com/v2'), { file });
    const user = ledger.intend('user', `${PREFIX}a@example.com`, 'case-1');
    ledger.created(user, 'u-1');
    const group = ledger.intend('group', `${PREFIX}group`, 'case-1');
    ledger.created(group, 'g-1');
    ledger.renamed('group', 'g-1', `${PREFIX}group renamed`);
    ledger.deleted('group', 'g-1');
    appendFileSync(file, '{"type":"resource","seq":1,"kind":"user","id":"u-1","deleted":tr'); // killed mid-write
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(8); // header, 6 changes, the cut line
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'run', format: LEDGER_FORMAT, prefix: PREFIX });
    const { entries } = parseLedger(readFileSync(file, 'utf8'));
    expect(entries).toEqual([
      expect.objectContaining({ seq: 1, kind: 'user', id: 'u-1', attribute: 'userName', value: `${PREFIX}a@example.com`, state: 'created', deleted: false, case: 'case-1', createdAt: expect.any(String) }),
      expect.objectContaining({ seq: 2, kind: 'group', id: 'g-1', attribute: 'displayName', values: [`${PREFIX}group`, `${PREFIX}group renamed`], deleted: true, deletedAt: expect.any(String) }),
    ]);
    const reloaded = Ledger.load(file);
    expect(reloaded.live().map((entry) => entry.id)).toEqual(['u-1']);
    expect(reloaded.owns('group', 'g-1')).toBe(true);
    expect(reloaded.owns('user', 'g-1')).toBe(false);
  });
});

describe('concurrency', () => {
  it('runs cases four at a time, all passing, and leaves nothing behind', async () => {
    const record = recorder();
    const target = await server([record.middleware]);
    const ledgerFile = join(newReportDir(), 'ledger.jsonl');
    const run = await runSuite({
      ...configure({ baseUrl: target.baseUrl, token: TOKEN, ratePerSecond: 0, profile, dialects: ['legacy', 'compliant'], timeoutMs: 5000, seed: 11, concurrency: 4 }),
      ledger: ledgerFile,
    });
    expect(run.cases.filter((result) => result.status !== 'pass')).toEqual([]);
    expect(run.cases.map((result) => result.id).slice(0, 3)).toEqual(['CONN-01', 'CONN-02', 'CONN-03']);
    expect(run.leftovers).toEqual([]);
    expect(await runLeftoversOn(target)).toEqual([]);
    const { entries } = parseLedger(readFileSync(ledgerFile, 'utf8'));
    expect(entries.filter((entry) => entry.state === 'created').every((entry) => entry.deleted)).toBe(true);
  });
});
