/**
 * Answers lost after the request took effect, one method at a time, through a resetting proxy on loopback:
 * a GET or DELETE is sent again, a POST is resolved by looking the user up by name (never blindly resent),
 * a PATCH by reading the user back. A burst of resets is ridden out, and one lost answer does not poison
 * the connection pool. Every test ends with nothing left on the server and no token byte in any output.
 */
import { describe, expect, it, type TestContext } from 'vitest';
import { RecordingClient } from '../client/helpers/recording-client.ts';
import { TransportError } from '../../src/model/transport.ts';
import { parseLedger } from '../../src/safety/ledger.ts';
import { readFileSync } from 'node:fs';
import { TOKEN, expectCleanAndSecret, flakySetup, loseFirst, runThrough, type FlakySetup } from './helpers/flaky-run.ts';

/** Closed when its own test ends (the tests run concurrently). */
async function setup(context: TestContext): Promise<FlakySetup> {
  const created = await flakySetup();
  context.onTestFinished(() => created.close());
  return created;
}

const isUserById = (url: string): boolean => /\/Users\/[^/?]+$/.test(url);

describe.concurrent('a lost answer', { timeout: 30_000 }, () => {
  it('to a GET: sent again, the case passes', async (context) => {
    const flaky = await setup(context);
    flaky.proxy.fate = loseFirst((method, url) => method === 'GET' && isUserById(url));
    const { run } = await runThrough(flaky, { only: ['USR-GET-01'] });
    expect(run.cases.map((c) => [c.id, c.status])).toEqual([['USR-GET-01', 'pass']]);
    expect(flaky.proxy.log.filter((entry) => entry.fate === 'lose-answer')).toHaveLength(1);
    expect(run.network?.retried).toBe(1);
    // The lost exchange is in the report, before the one that answered.
    expect(run.cases[0]?.exchanges.some((exchange) => exchange.error?.startsWith('connection reset'))).toBe(true);
    await expectCleanAndSecret(flaky);
  });

  it('to a POST: the user is found by name and the case goes on; the POST is sent once', async (context) => {
    const flaky = await setup(context);
    flaky.proxy.fate = loseFirst((method) => method === 'POST');
    const { run } = await runThrough(flaky, { only: ['USR-PATCH-01'], dialects: ['legacy'] });
    expect(run.cases.map((c) => [c.id, c.status])).toEqual([['USR-PATCH-01', 'pass']]);
    expect(flaky.proxy.log.filter((entry) => entry.method === 'POST')).toHaveLength(1);
    expect(run.network?.recovered).toBe(1);
    const users = parseLedger(readFileSync(flaky.ledgerFile, 'utf8')).entries;
    expect(users.map((entry) => [entry.state, entry.deleted])).toEqual([['created', true]]);
    await expectCleanAndSecret(flaky);
  });

  it('to the POST a case judges: an error that says the status cannot be judged, never a fail', async (context) => {
    const flaky = await setup(context);
    flaky.proxy.fate = loseFirst((method) => method === 'POST');
    const { run } = await runThrough(flaky, { only: ['USR-CREATE-01'] });
    expect(run.cases.map((c) => c.status)).toEqual(['error']);
    expect(run.cases[0]?.reason).toMatch(/^the answer to POST \/Users was lost \(connection reset by the server before any response\); the user was found by userName eq "scimconf-.*: GET \/Users\/\S+ answered 200; the status it answered cannot be judged$/);
    await expectCleanAndSecret(flaky);
  });

  it('to a group create whose status a case judges after a setup step (GRP-CREATE-04): an error, never a fail', async (context) => {
    const flaky = await setup(context);
    flaky.proxy.fate = loseFirst((method, url) => method === 'POST' && url.includes('/Groups'));
    const { run } = await runThrough(flaky, { only: ['GRP-CREATE-04'] });
    expect(run.cases.map((c) => c.status)).toEqual(['error']);
    expect(run.cases[0]?.reason).toMatch(/^the answer to POST \/Groups was lost .*; the status it answered cannot be judged$/);
    await expectCleanAndSecret(flaky);
  });

  it('to a POST that never reached the target: not found by name, so sent again', async (context) => {
    const flaky = await setup(context);
    flaky.proxy.fate = loseFirst((method) => method === 'POST', 'reset-before');
    const { run } = await runThrough(flaky, { only: ['USR-CREATE-01'] });
    expect(run.cases.map((c) => c.status)).toEqual(['pass']);
    expect(flaky.proxy.log.filter((entry) => entry.method === 'POST').map((entry) => entry.fate)).toEqual(['reset-before', 'relay']);
    expect(run.network?.retried).toBe(1);
    await expectCleanAndSecret(flaky);
  });

  it('to a PATCH: the user is read back and the case judges what the PATCH did', async (context) => {
    const flaky = await setup(context);
    flaky.proxy.fate = loseFirst((method) => method === 'PATCH');
    const { run } = await runThrough(flaky, { only: ['USR-PATCH-01'], dialects: ['compliant'] });
    expect(run.cases.map((c) => c.status)).toEqual(['pass']);
    expect(flaky.proxy.log.filter((entry) => entry.method === 'PATCH')).toHaveLength(1);
    expect(run.network?.recovered).toBe(1);
    await expectCleanAndSecret(flaky);
  });

  it('to a PATCH that never reached the target: the read-back shows no change, and that is an error, not a fail', async (context) => {
    const flaky = await setup(context);
    flaky.proxy.fate = loseFirst((method) => method === 'PATCH', 'reset-before');
    const { run } = await runThrough(flaky, { only: ['USR-PATCH-01'], dialects: ['compliant'] });
    expect(run.cases.map((c) => c.status)).toEqual(['error']);
    expect(run.cases[0]?.reason).toMatch(/^not judged: .*, but the answer to PATCH \/Users\/\S+ was lost .*, so the write may never have reached the target$/);
    await expectCleanAndSecret(flaky);
  });

  it('to a DELETE: sent again; its 404 proves the user gone, and the 204 the case wanted cannot be judged', async (context) => {
    const flaky = await setup(context);
    flaky.proxy.fate = loseFirst((method) => method === 'DELETE');
    const { run } = await runThrough(flaky, { only: ['USR-DELETE-01'] });
    expect(run.cases.map((c) => c.status)).toEqual(['error']);
    expect(run.cases[0]?.reason).toMatch(/^the answer to DELETE \/Users\/\S+ was lost \(connection reset by the server before any response\); sent again, it answered 404: the first one deleted it; the status it answered cannot be judged$/);
    expect(run.leftovers).toEqual([]);
    await expectCleanAndSecret(flaky);
  });

  it('to the cleanup DELETE after a case: sent again, nothing left, the case unaffected', async (context) => {
    const flaky = await setup(context);
    flaky.proxy.fate = loseFirst((method) => method === 'DELETE');
    const { run } = await runThrough(flaky, { only: ['USR-GET-01'] });
    expect(run.cases.map((c) => c.status)).toEqual(['pass']);
    expect(run.network?.retried).toBe(1);
    expect(run.leftovers).toEqual([]);
    await expectCleanAndSecret(flaky);
  });
});

describe.concurrent('resets', { timeout: 30_000 }, () => {
  it('a burst of three in a row is ridden out by the retries: every case passes', async (context) => {
    const flaky = await setup(context);
    let burst = 0;
    flaky.proxy.fate = ({ method, url }) => {
      if (burst === 0 && method === 'GET' && isUserById(url)) burst = 1;
      if (burst === 0 || burst > 3) return 'relay';
      burst += 1;
      return 'reset-before';
    };
    const { run } = await runThrough(flaky, { only: ['USR-GET-01', 'USR-FILTER-01'] });
    expect(run.cases.map((c) => c.status)).toEqual(['pass', 'pass']);
    expect(flaky.proxy.log.filter((entry) => entry.fate === 'reset-before')).toHaveLength(3);
    expect(run.network?.retried).toBe(3);
    expect(run.aborted).toBeUndefined();
    await expectCleanAndSecret(flaky);
  });

  it('do not poison the connection pool: the request after a lost answer is answered at once', async (context) => {
    const flaky = await setup(context);
    flaky.proxy.fate = ({ index }) => (index === 2 ? 'lose-answer' : 'relay');
    const client = new RecordingClient({ baseUrl: flaky.proxy.baseUrl, token: TOKEN, timeoutMs: 1500 });
    try {
      const outcomes: string[] = [];
      for (let n = 0; n < 6; n += 1) {
        try {
          outcomes.push(String((await client.send({ method: 'GET', path: '/Users?count=1' })).status));
        } catch (error) {
          outcomes.push(error instanceof TransportError ? error.kind : String(error));
        }
      }
      // Exactly the lost one failed; every later request went out (on a fresh connection) and was answered.
      expect(outcomes).toEqual(['200', 'reset', '200', '200', '200', '200']);
      expect(flaky.proxy.log).toHaveLength(6);
      for (const form of [TOKEN]) expect(JSON.stringify(client.exchanges)).not.toContain(form);
    } finally {
      await client.close();
    }
    await expectCleanAndSecret(flaky);
  });
});
