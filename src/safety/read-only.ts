/**
 * `--read-only`: the cases that send nothing but GET, derived from the methods of the fixtures each case
 * declares (never a hand-kept list), so a new GET-only case joins the preflight by itself. The guard still
 * refuses every other method in that mode, so a case whose code sends more than its fixtures say errors.
 */
import { fixturesOf, type PlannedCase } from '../cases/catalogue.ts';
import { getFixture } from '../fixtures/fixtures.ts';

export function isReadOnlyCase(planned: PlannedCase): boolean {
  const fixtures = fixturesOf(planned.testCase, planned.dialect);
  return fixtures.length > 0 && fixtures.every((id) => getFixture(id).request.method === 'GET');
}

export function readOnlyPlan(planned: readonly PlannedCase[]): PlannedCase[] {
  return planned.filter(isReadOnlyCase);
}
