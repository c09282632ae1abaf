/**
 * Pacing like Entra: the rate limit spreads requests, a 429/503 is retried after its Retry-After (seconds
 * or HTTP date, capped), a bounded number of times, then given up as an `error`; throttling is counted per
 * case and for the run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Pacer, ThrottledError, retryAfterMs, type ThrottleEvent } from '../../src/client/pacing.ts';
import type { HttpResult, OutgoingRequest } from '../../src/model/transport.ts';
import { loadProfile } from '../../src/profiles/profile.ts';
import { configure } from '../../src/config.ts';
import { runSuite } from '../../src/runner/run-suite.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import type { ScimMiddleware } from '../../src/server/types.ts';

const closing: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closing.length > 0) await closing.pop()?.();
});

function answer(status: number, headers: Record<string, string> = {}): HttpResult {
  return { status, headers, bodyText: '', exchange: { request: { method: 'GET', url: '/x', headers: {} }, response: { status, headers, body: '' }, durationMs: 0 } };
}

const GET: OutgoingRequest = { method: 'GET', path: '/Users' };

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP dates, and ignores what it cannot read', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('1', now)).toBe(1000);
    expect(retryAfterMs(' 120 ', now)).toBe(120_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(undefined, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs('-3', now)).toBeUndefined();
  });
});

describe('Pacer', () => {
  it('retries a 429 after its Retry-After and reports each throttle', async () => {
    const statuses = [429, 503, 200];
    const pacer = new Pacer(async () => answer(statuses.shift() ?? 200, { 'retry-after': '0' }));
    const events: ThrottleEvent[] = [];
    const result = await pacer.send(GET, { onThrottle: (event) => events.push(event) });
    expect(result.status).toBe(200);
    expect(events.map((event) => [event.status, event.attempt, event.retrying])).toEqual([[429, 1, true], [503, 2, true]]);
  });

  it('gives up after the retry limit with a ThrottledError carrying the last exchange', async () => {
    let calls = 0;
    const pacer = new Pacer(async () => {
      calls += 1;
      return answer(429, { 'retry-after': '0' });
    }, { maxRetries: 3 });
    const error = await pacer.send(GET).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ThrottledError);
    expect((error as ThrottledError).message).toBe('throttled: GET /Users answered 429 4 times; gave up after 3 retries (Retry-After honoured, at most 30 s each)');
    expect((error as ThrottledError).exchange.response?.status).toBe(429);
    expect(calls).toBe(4);
  });

  it('caps a long Retry-After', async () => {
    const statuses = [429, 200];
    const pacer = new Pacer(async () => answer(statuses.shift() ?? 200, { 'retry-after': '3600' }), { maxRetryWaitMs: 50 });
    const events: ThrottleEvent[] = [];
    const started = performance.now();
    await pacer.send(GET, { onThrottle: (event) => events.push(event) });
    expect(events[0]?.waitMs).toBe(50);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('a wait is cut short by the request signal (SIGINT)', async () => {
    const pacer = new Pacer(async () => answer(429, { 'retry-after': '30' }));
    const controller = new AbortController();
    setTimeout(() => controller.abort('SIGINT'), 50);
    const started = performance.now();
    await expect(pacer.send({ ...GET, signal: controller.signal })).rejects.toThrow(/aborted by the caller while waiting/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('spreads requests to the rate, concurrent callers included', async () => {
    const starts: number[] = [];
    const pacer = new Pacer(async () => {
      starts.push(performance.now());
      return answer(200);
    }, { ratePerSecond: 20 });
    await Promise.all(Array.from({ length: 6 }, () => pacer.send(GET)));
    const span = (starts.at(-1) ?? 0) - (starts[0] ?? 0);
    // 6 requests at 20/s: the last starts 5 intervals (250 ms) after the first.
    expect(span).toBeGreaterThanOrEqual(240);
    expect(span).toBeLessThan(600);
  });
});

describe('a run against a throttling target', () => {
  it('honours Retry-After: 1 on a 429, passes the case, and counts the throttle per case and for the run', async () => {
    let throttledOnce = false;
    const throttleFirstCreate: ScimMiddleware = async (request, next) => {
      if (!throttledOnce && request.method === 'POST') {
        throttledOnce = true;
        return { status: 429, headers: { 'retry-after': '1' }, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429', detail: 'slow down' } };
      }
      return next(request);
    };
    const server = await startReferenceServer({ token: 'pacing-token', middleware: [throttleFirstCreate] });
    closing.push(() => server.close());
    const started = performance.now();
    const run = await runSuite(
      configure({ baseUrl: server.baseUrl, token: 'pacing-token', profile: loadProfile('akamai-eaa'), dialects: ['legacy'], timeoutMs: 5000, seed: 3, ratePerSecond: 25, only: ['USR-CREATE-01', 'USR-GET-01'] }),
    );
    const ms = performance.now() - started;
    expect(run.cases.map((result) => [result.id, result.status, result.throttled])).toEqual([
      ['USR-CREATE-01', 'pass', 1],
      ['USR-GET-01', 'pass', undefined],
    ]);
    expect(run.summary.throttled).toBe(1);
    expect(run.leftovers).toEqual([]);
    expect(ms).toBeGreaterThanOrEqual(1000);
    console.log(`throttled run (429 Retry-After: 1 once): ${Math.round(ms)} ms`);
  });

  it('gives up with an error, not a fail, when the target throttles every attempt', async () => {
    const alwaysThrottled: ScimMiddleware = async (request, next) =>
      request.method === 'POST' ? { status: 503, headers: { 'retry-after': '0' }, body: { status: '503' } } : next(request);
    const server = await startReferenceServer({ token: 'pacing-token', middleware: [alwaysThrottled] });
    closing.push(() => server.close());
    const run = await runSuite(
      configure({ baseUrl: server.baseUrl, token: 'pacing-token', ratePerSecond: 0, profile: loadProfile('akamai-eaa'), dialects: ['legacy'], timeoutMs: 5000, seed: 3, only: ['USR-CREATE-01'] }),
    );
    expect(run.cases[0]).toMatchObject({ status: 'error', throttled: 4 });
    expect(run.cases[0]?.reason).toMatch(/^throttled: POST \/Users answered 503 4 times; gave up after 3 retries/);
    expect(run.cases[0]?.exchanges.at(-1)?.response?.status).toBe(503);
  });
});
