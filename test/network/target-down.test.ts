/**
 * The target really goes away mid-run: its answer to a create is lost and then every connection is refused.
 * The case that hit it ends `error`, the circuit breaker's probe fails and stops the run, and the sweep
 * keeps trying. When the target comes back during the sweep, everything (the create whose answer was lost
 * included) is deleted; when it does not, the run still ends within the bound, lists what remains, and
 * `cleanup --ledger` removes it all once the target is back. Nothing remains, no token byte anywhere.
 */
import { describe, expect, it } from 'vitest';
import { PROBE_GAPS_MS } from '../../src/runner/breaker.ts';
import { runCli } from '../safety/helpers.ts';
import { TIMEOUT_MS, TOKEN, expectCleanAndSecret, flakySetup, runThrough, type FlakySetup } from './helpers/flaky-run.ts';

const USERS_ONLY = ['users'];

/** Loses the answer to the run's third create, then takes the target down; returns when that happened. */
function goDownAtThirdCreate(flaky: FlakySetup): { downAt: () => number | undefined } {
  let creates = 0;
  let downAt: number | undefined;
  flaky.proxy.fate = ({ method }) => (method === 'POST' && (creates += 1) === 3 ? 'lose-answer' : 'relay');
  flaky.proxy.afterLost = () => {
    downAt = performance.now();
    void flaky.proxy.down();
  };
  return { downAt: () => downAt };
}

describe.concurrent('a target that goes down mid-run', { timeout: 60_000 }, () => {
  it('and comes back during the sweep: the run stops on the probe, the sweep deletes everything', async (context) => {
    const flaky = await flakySetup();
    context.onTestFinished(() => flaky.close());
    const { downAt } = goDownAtThirdCreate(flaky);
    let backAt: number | undefined;
    // Back 6 s after going down: after the breaker's probe (3 s of gaps) has given up, while the sweep retries.
    const comeBack = setInterval(() => {
      const down = downAt();
      if (down === undefined || performance.now() - down < 6_000) return;
      clearInterval(comeBack);
      backAt = performance.now();
      void flaky.proxy.up();
    }, 100);
    context.onTestFinished(() => clearInterval(comeBack));

    const { run } = await runThrough(flaky, { only: USERS_ONLY, sweepRetryBudgetMs: 20_000 });
    expect(backAt).toBeDefined();
    expect(run.aborted).toMatch(/^the target failed the health probe: 3 attempts over \d+\.\d s, none answered \(last: connection refused by 127\.0\.0\.1:\d+\)$/);
    const hit = run.cases.find((c) => c.status === 'error' && !c.reason?.startsWith('not run:'));
    expect(hit?.reason).toMatch(/^connection (reset|refused)/);
    expect(run.cases.filter((c) => c.status === 'fail')).toEqual([]);
    expect(run.cases.filter((c) => c.reason?.startsWith('not run: the target failed the health probe')).length).toBeGreaterThan(0);
    expect(run.leftovers).toEqual([]);
    expect(run.verdict.exitCode).toBe(4);
    await expectCleanAndSecret(flaky);
  });

  it('for good: the run ends within its bound, lists what remains, and `cleanup --ledger` finishes once it is back', async (context) => {
    const flaky = await flakySetup();
    context.onTestFinished(() => flaky.close());
    const { downAt } = goDownAtThirdCreate(flaky);
    const sweepRetryBudgetMs = 3_000;
    const { run } = await runThrough(flaky, { only: USERS_ONLY, sweepRetryBudgetMs });
    const afterDown = performance.now() - (downAt() ?? Number.NaN);

    // The bound docs/safety.md states: the case's own retries (< 1 s of backoff, refusals are instant), the probe (its gaps
    // plus three attempts, each within the timeout), the sweep's budget plus one request timeout; 5 s of slack.
    const probeBound = PROBE_GAPS_MS.reduce((sum, gap) => sum + gap, 0) + 3 * TIMEOUT_MS;
    expect(afterDown).toBeLessThan(1_000 + probeBound + sweepRetryBudgetMs + TIMEOUT_MS + 5_000);
    expect(run.aborted).toMatch(/^the target failed the health probe: .*connection refused/);
    expect(run.leftovers.length).toBeGreaterThan(0);
    expect(run.leftovers.some((leftover) => leftover.id === '?' && /got no usable answer/.test(leftover.reason))).toBe(true);
    expect(run.cases.filter((c) => c.status === 'fail')).toEqual([]);
    expect(run.verdict.exitCode).toBe(4);

    await flaky.proxy.up();
    const cleanup = await runCli(['cleanup', '--ledger', flaky.ledgerFile, '--token-env', 'SCIM_TOKEN', '--rate', '0'], { env: { SCIM_TOKEN: TOKEN } });
    expect(cleanup.stderr).toBe('');
    expect(cleanup.code).toBe(0);
    expect(cleanup.stdout).toContain('Nothing this run created remains on the target.');
    await expectCleanAndSecret(flaky, cleanup.stdout + cleanup.stderr);
  });
});
