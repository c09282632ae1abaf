/**
 * The sustained-rate measurement runs and lands in the gallery table. Timings are never asserted: the
 * figures depend on the machine (speed is measured by npm run bench, not tested).
 */
import { describe, expect, it } from 'vitest';
import { configure } from '../../src/config.ts';
import { runSuite } from '../../src/runner/run-suite.ts';
import { evaluateMicrosoftChecks } from '../../src/report/microsoft-checks.ts';
import { readCommandLine } from '../../src/config/command-line.ts';

describe('--sustained-rate', () => {
  it('sends Entra mix at 25 requests per second for the given seconds and reports it under requirement 2.1.3', async () => {
    const { connection, plan } = configure({ only: ['CONN-01'], sustainedRateSeconds: 1, seed: 3 });
    const run = await runSuite({ connection, plan });
    expect(run.rate).toMatchObject({ targetRate: 25, requests: 25, errors: 0, throttled: 0 });
    expect(typeof run.rate?.p99Ms).toBe('number');
    const requirement = evaluateMicrosoftChecks(run).requirements.find((entry) => entry.id === '2.1.3');
    expect(requirement?.detail).toMatch(/req\/s achieved of 25/);
    expect(run.leftovers).toEqual([]);
  }, 30_000);

  it('takes --sustained-rate alone as 30 seconds, and refuses it with --read-only', () => {
    expect(readCommandLine({ sustainedRate: true }, {}).settings.sustainedRateSeconds).toBe(30);
    expect(readCommandLine({ sustainedRate: '2' }, {}).settings.sustainedRateSeconds).toBe(2);
    expect(() => configure({ sustainedRateSeconds: 2, readOnly: true })).toThrow(/cannot be combined with --read-only/);
  });
});
