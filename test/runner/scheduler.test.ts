/**
 * The case scheduler (src/runner/case-pool.ts) and the run's critical path: several cases at a time give
 * the same outcomes, in the same report order, with the same generated data as one at a time; the whole
 * run stays under one pacer; cases that read the whole directory run alone; the ramp starts at one case.
 * Nothing here measures speed: the pacing check is a lower bound on the spread of request arrivals.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../src/model/vocabulary.ts';
import { configure, plannedCases } from '../../src/config.ts';
import { loadProfile } from '../../src/profiles/profile.ts';
import { Ramp, readsWholeDirectory, startOrder } from '../../src/runner/case-pool.ts';
import { runSuite } from '../../src/runner/run-suite.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import type { RunningReferenceServer, ScimMiddleware } from '../../src/server/types.ts';

const TOKEN = 'scheduler-token-51c2';
const profile = loadProfile('akamai-eaa');
const closing: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closing.length > 0) await closing.pop()?.();
});

async function server(middleware: ScimMiddleware[] = []): Promise<RunningReferenceServer> {
  const running = await startReferenceServer({ token: TOKEN, middleware });
  closing.push(() => running.close());
  return running;
}

/** Names the target was asked to create, in no particular order. */
function createdNames(): { names: string[]; middleware: ScimMiddleware } {
  const names: string[] = [];
  return {
    names,
    middleware: (request, next) => {
      const body = request.body as { userName?: string; displayName?: string } | undefined;
      if (request.method === 'POST') names.push(String(body?.userName ?? body?.displayName));
      return next(request);
    },
  };
}

describe('the case scheduler', () => {
  it('with 8 cases at a time: the same outcomes, report order and generated data as one at a time, and nothing left', async () => {
    const runs = [];
    for (const concurrency of [1, 8]) {
      const seen = createdNames();
      const target = await server([seen.middleware]);
      const run = await runSuite(configure({ baseUrl: target.baseUrl, token: TOKEN, ratePerSecond: 0, profile, dialects: [...DIALECTS], timeoutMs: 10_000, seed: 7, runId: 'sched001', concurrency }));
      expect(run.leftovers).toEqual([]);
      expect(run.schedule).toMatchObject({ concurrency });
      runs.push({ outcomes: run.cases.map((result) => `${result.id} ${result.dialect} ${result.status}`), names: [...seen.names].sort(), schedule: run.schedule });
    }
    const [one, eight] = runs;
    expect(eight?.outcomes).toEqual(one?.outcomes);
    expect(one?.outcomes.every((outcome) => outcome.endsWith(' pass'))).toBe(true);
    expect(eight?.names).toEqual(one?.names);
    // The critical path does not depend on the concurrency the run used, only on the chains it observed.
    expect(eight?.schedule?.criticalPath).toBe(one?.schedule?.criticalPath);
    expect(eight?.schedule?.criticalPath).toBeLessThan((eight?.schedule?.requests ?? 0) / 5);
    expect(eight?.schedule?.requests).toBe(one?.schedule?.requests);
  }, 120_000);

  it('keeps the whole run under one pacer: 8 cases at a time never exceed --rate', async () => {
    const arrivals: number[] = [];
    const target = await server([(request, next) => (arrivals.push(performance.now()), next(request))]);
    const rate = 40;
    const run = await runSuite(configure({ baseUrl: target.baseUrl, token: TOKEN, ratePerSecond: rate, profile, dialects: ['compliant'], only: ['USR-CREATE-', 'GRP-CREATE-'], timeoutMs: 10_000, seed: 3, concurrency: 8 }));
    expect(run.leftovers).toEqual([]);
    expect(arrivals.length).toBeGreaterThan(10);
    // A lower bound only (a slow machine spreads them more): N requests at `rate` span at least N - 1
    // intervals, less the first request's connection set-up (50 ms is generous for loopback).
    const spanMs = (arrivals.at(-1) as number) - (arrivals[0] as number);
    expect(spanMs).toBeGreaterThanOrEqual(((arrivals.length - 1) * 1000) / rate - 50);
  }, 60_000);

  it('runs the cases that page through the whole directory alone, after the others; one at a time keeps plan order', () => {
    const plan = plannedCases(undefined, [...DIALECTS], false, profile);
    const paged = plan.map((planned, index) => (readsWholeDirectory(planned) ? index : -1)).filter((index) => index >= 0);
    expect(paged.map((index) => plan[index]?.testCase.id).sort()).toEqual(['GRP-LIST-01', 'USR-LIST-01', 'USR-LIST-02', 'USR-LIST-03']);
    const { together, alone } = startOrder(plan, 8);
    expect(alone).toEqual(paged);
    expect([...together, ...alone].sort((a, b) => a - b)).toEqual(plan.map((_, index) => index));
    expect(startOrder(plan, 1)).toEqual({ together: plan.map((_, index) => index), alone: [] });
  });

  it('starts one case at a time, doubles on each answered case, and drops back to one on a fault', () => {
    const ramp = new Ramp(8);
    const seen = [ramp.allowed];
    for (let n = 0; n < 4; n += 1) {
      ramp.answered();
      seen.push(ramp.allowed);
    }
    ramp.fault();
    seen.push(ramp.allowed);
    expect(seen).toEqual([1, 2, 4, 8, 8, 1]);
  });

  it('defaults to 8 cases at a time against a target that is not the embedded server, 1 against it', () => {
    expect(configure({ baseUrl: 'https://scim.example.com/v2', token: 't' }).plan.concurrency).toBe(8);
    expect(configure({}).plan.concurrency).toBe(1);
    expect(configure({ baseUrl: 'https://scim.example.com/v2', token: 't', concurrency: 2 }).plan.concurrency).toBe(2);
  });
});
