/**
 * `npm run test:observe`: the full sweep. The suite's own replay goes through `observe` to the reference
 * server and to every fault variant; for each, every check the passive judge can judge (whole or from a
 * sequence it saw) that the active run failed must be a passive finding too, and the clean server must
 * give none. Slow (one full run per variant), so `npm test` runs a representative subset
 * (test/observe/observe-equivalence.test.ts) and CI runs this in its own step.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_FAULT_PROFILE, faultCatalogue } from '../../src/faults/catalogue.ts';
import { observeVariant } from './through-observe.ts';

describe('observe: passive findings cover the active run for every fault variant', () => {
  it('finds nothing on the clean server', async () => {
    const { observed } = await observeVariant(undefined);
    expect(observed.run.cases.filter((result) => result.status === 'fail' || result.status === 'error')).toEqual([]);
  });

  it.each(faultCatalogue.map((fault) => [fault.name, fault] as const))('%s', async (_name, fault) => {
    const run = await observeVariant(fault.middleware(), fault.profile ?? DEFAULT_FAULT_PROFILE);
    expect(run.activeSingleExchangeFailures.filter((id) => !run.passiveFailures.includes(id))).toEqual([]);
  });
});
