/**
 * The Entra impact of the failure that was seen, not only of the one a case expects. A case that sends a
 * change and reads it back can fail two ways, and Entra reacts to each differently (ED-HOW, ED-LOGS):
 * - the change is refused (a 4xx or 5xx): Entra logs the failure and sends the change again on every cycle;
 * - the change is acknowledged (2xx) but the read-back does not show it: Entra records success and never
 *   sends it again, so the target's data stays wrong without anyone being told.
 * A case declares one of the two; when the other is what happened, the result carries the other, so the
 * report never tells an admin "silently wrong" about a request that was loudly refused (or the reverse).
 * Impacts of other kinds (Test Connection, quarantine, none known, unknown) are the case's own and stay.
 */
import type { EntraImpact, EntraImpactKind } from '../model/vocabulary.ts';
import type { Exchange } from '../model/transport.ts';

const SWAPPABLE: ReadonlySet<EntraImpactKind> = new Set(['retried-every-cycle', 'data-silently-wrong']);

export function observedImpact(declared: EntraImpact, judgedFixture: string, exchanges: readonly Exchange[]): EntraImpact {
  if (!SWAPPABLE.has(declared.kind)) return declared;
  const answered = exchanges.filter((exchange) => exchange.response !== undefined);
  const judged = answered.findLast((exchange) => exchange.fixture === judgedFixture);
  const last = answered.at(-1);
  // Only changes are read back this way: PATCH is how Entra updates a user or a group.
  if (judged?.response === undefined || last?.response === undefined || judged.request.method.toUpperCase() !== 'PATCH') return declared;
  const { status } = judged.response;
  // The case stopped at the change itself: its answer is what failed.
  if (last === judged && status >= 400 && declared.kind !== 'retried-every-cycle') {
    return {
      kind: 'retried-every-cycle',
      text: `The target refused the change with ${status}: Entra logs the failure and sends the change again on every cycle, and a run of such failures puts the job into quarantine; the change never reaches the target.`,
      source: 'ENTRA-ED-LOGS',
    };
  }
  // The change was acknowledged and the case stopped at reading it back: the change is not there.
  if (last !== judged && last.request.method.toUpperCase() === 'GET' && status >= 200 && status < 300 && declared.kind !== 'data-silently-wrong') {
    return {
      kind: 'data-silently-wrong',
      text: `The target acknowledged the change with ${status}, but reading it back does not show it: Entra records the change as made and does not send it again, so the target's data stays wrong with no error anywhere.`,
      source: 'ENTRA-ED-HOW',
    };
  }
  return declared;
}
