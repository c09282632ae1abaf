import { describe, expect, it } from 'vitest';
import { normalizeForSnapshot } from '../../src/report/normalize.ts';
import { caseResult, exchange, runResult } from './helpers.ts';

const UUID_A = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const UUID_B = '3F2504E0-4F89-41D3-9A0C-0305E82C3301';

function volatileRun() {
  const x = exchange({
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:54873/scim/v2/Users',
      headers: { 'User-Agent': 'x', Authorization: '[REDACTED]', 'Content-Type': 'application/scim+json' },
      body: JSON.stringify({ userName: 'scimconf-0a1b2c3d-ada1@example.com', externalId: `scimconf-0a1b2c3d-${UUID_B}` }),
    },
    response: {
      status: 201,
      headers: { location: `http://127.0.0.1:54873/scim/v2/Users/${UUID_A}`, etag: 'W/"3"', date: 'Sat, 14 Mar 2026 09:26:54 GMT', 'content-type': 'application/scim+json' },
      body: JSON.stringify({ id: UUID_A, meta: { created: '2026-03-14T09:26:54.123Z', version: 'W/"3"' } }),
    },
    durationMs: 31,
  });
  const get = exchange({ request: { method: 'GET', url: `http://127.0.0.1:54873/scim/v2/Users/${UUID_A}`, headers: {} }, durationMs: 9 });
  const other = exchange({ request: { method: 'GET', url: 'http://localhost:3000/scim/v2/Users/srv-00012345', headers: {} }, durationMs: 9 });
  return runResult([caseResult({ exchanges: [x, get, other], durationMs: 44, reason: `user ${UUID_B.toLowerCase()} at 127.0.0.1:54873` })], {
    target: { url: 'http://127.0.0.1:54873/scim/v2', embedded: false },
  });
}

describe('normalizeForSnapshot', () => {
  it('replaces times, durations, run id, seed, ports and generated ids with stable placeholders', () => {
    const run = normalizeForSnapshot(volatileRun());
    expect(run).toMatchObject({ runId: '{run-id}', seed: 0, startedAt: '{started-at}', finishedAt: '{finished-at}', durationMs: 0 });
    expect(run.target.url).toBe('http://127.0.0.1:{port}/scim/v2');
    const [created, fetched, other] = run.cases[0]?.exchanges ?? [];
    expect(created?.request.body).toBe('{"userName":"scimconf-{run-id}-ada1@example.com","externalId":"scimconf-{run-id}-{uuid-1}"}');
    expect(created?.response?.body).toBe('{"id":"{uuid-2}","meta":{"created":"{timestamp}","version":"{etag}"}}');
    expect(fetched?.request.url).toBe('http://127.0.0.1:{port}/scim/v2/Users/{uuid-2}');
    expect(other?.request.url).toBe('http://localhost:{port}/scim/v2/Users/{id-1}');
    // Numbered in order of appearance; the same id gets the same placeholder everywhere, whatever its case.
    expect(run.cases[0]?.reason).toBe('user {uuid-1} at 127.0.0.1:{port}');
    expect(run.cases[0]?.durationMs).toBe(0);
    expect(created?.durationMs).toBe(0);
  });

  it('sorts header names and replaces Date/ETag values, keeping Location readable', () => {
    const [created] = normalizeForSnapshot(volatileRun()).cases[0]?.exchanges ?? [];
    expect(Object.keys(created?.request.headers ?? {})).toEqual(['Authorization', 'Content-Type', 'User-Agent']);
    expect(created?.response?.headers).toEqual({
      'content-type': 'application/scim+json',
      date: '{date}',
      etag: '{etag}',
      location: 'http://127.0.0.1:{port}/scim/v2/Users/{uuid-2}',
    });
  });

  it('gives two runs of the same behaviour identical output and leaves its input alone', () => {
    const first = volatileRun();
    const second = volatileRun();
    second.runId = '9f8e7d6c';
    second.cases[0]!.exchanges[0]!.request.body = second.cases[0]!.exchanges[0]!.request.body!.replace(/0a1b2c3d/g, '9f8e7d6c');
    second.cases[0]!.exchanges[0]!.request.url = 'http://127.0.0.1:61000/scim/v2/Users';
    second.seed = 99;
    expect(normalizeForSnapshot(second)).toEqual(normalizeForSnapshot(first));
    expect(first.runId).toBe('0a1b2c3d');
    expect(first.cases[0]?.durationMs).toBe(44);
  });
});
