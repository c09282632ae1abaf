/**
 * A case's reason with what changes from run to run (run id, generated ids, ports, timestamps) replaced by
 * placeholders: a baseline written from a run stays valid for the next one, and `diff` reports a changed
 * reason only when the target's behaviour changed, not the ids it handed out.
 */
import type { RunResult } from '../model/result.ts';
import { setAsideGenerated } from '../data/generated-registry.ts';
import { normalizeForSnapshot } from './normalize.ts';

/** The stable reason of every case of the run, in the order of `run.cases`. */
export function stableReasons(run: RunResult): (string | undefined)[] {
  // Generated values first (names, e-mails, phone numbers, as the run recorded them), while they are whole.
  const generated = run.generated ?? [];
  const cases = run.cases.map((result) => (result.reason === undefined ? result : { ...result, reason: setAsideGenerated(result.reason, generated) }));
  // Numbered placeholders ({id-3}) depend on the order ids first appeared in: a reader only needs "an id".
  return normalizeForSnapshot({ ...run, cases }).cases.map((result) => result.reason?.replace(/\{(id|uuid)-\d+\}/g, '{$1}'));
}
