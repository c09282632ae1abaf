/**
 * A skip may blame a root case only when that root case failed. A precondition step that went wrong in a
 * case while the case that judges that step passed did not fail for another case's reason: what this case
 * set up (a user in a group, a second dialect, more members) made the step go wrong, so the wrong answer is
 * this case's own finding, and hiding it as a skip would hide it from every verdict list. Applied to the
 * whole run once every case has run, since the root case may run later or at the same time.
 */
import type { CaseResult } from '../model/result.ts';
import { observedImpact } from './observed-impact.ts';

export function reconcileSkips(results: readonly CaseResult[]): CaseResult[] {
  return results.map((result) => {
    if (result.status !== 'skip' || result.rootCase === undefined) return result;
    const roots = results.filter((candidate) => candidate.id === result.rootCase && (result.dialect === 'any' || candidate.dialect === 'any' || candidate.dialect === result.dialect));
    // Not run (a partial selection), or not passed everywhere: the skip stands, naming its root case.
    if (roots.length === 0 || roots.some((root) => root.status !== 'pass')) return result;
    const { rootCase, ...rest } = result;
    const why = (result.reason ?? '').replace(/^precondition failed: /, '').replace(new RegExp(`; see ${rootCase}$`), '');
    return {
      ...rest,
      status: 'fail',
      reason: `${why}, although ${rootCase} (which judges that step on its own) passed: the answer is this case's finding`,
      impact: observedImpact(result.impact, result.judges, result.exchanges),
    };
  });
}
