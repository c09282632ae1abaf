/**
 * `scim-conformance diff OLD.json NEW.json`: two results.json files compared (src/report/run-diff.ts).
 * Exit 1 when a case fails or errors in NEW that did not in OLD, 0 otherwise, 2 for a file that is not a
 * results.json this version reads.
 */
import { readResults } from '../report/results-format.ts';
import { diffRuns, type CaseDiff, type RunDiff } from '../report/run-diff.ts';

/** diff's own exit codes (a usage error is 2, as everywhere). */
export const DIFF_EXIT = { noNewFailure: 0, newFailures: 1 } as const;

export function diffCommand(oldFile: string, newFile: string, options: { json?: boolean }, out: NodeJS.WritableStream = process.stdout): number {
  const diff = diffRuns(readResults(oldFile), readResults(newFile));
  out.write(options.json ? `${JSON.stringify(diff, null, 2)}\n` : renderDiff(diff));
  return diff.newlyFailing.length > 0 ? DIFF_EXIT.newFailures : DIFF_EXIT.noNewFailure;
}

export function renderDiff(diff: RunDiff): string {
  const lines = [
    `old: run ${diff.old.runId} of ${diff.old.startedAt} | ${diff.old.target} | profile ${diff.old.profile} | catalogue ${diff.old.catalogueHash}`,
    `new: run ${diff.new.runId} of ${diff.new.startedAt} | ${diff.new.target} | profile ${diff.new.profile} | catalogue ${diff.new.catalogueHash}`,
  ];
  for (const note of diff.notes) lines.push(`note: ${note}`);
  const section = (title: string, entries: CaseDiff[], line: (entry: CaseDiff) => string): void => {
    if (entries.length === 0) return;
    lines.push('', `${title} (${entries.length}):`, ...entries.map((entry) => `  ${label(entry)}: ${line(entry)}`));
  };
  section('Newly failing', diff.newlyFailing, (e) => `${e.old ? `was ${e.old.status}` : 'not in the old run'}, now ${e.new?.status}: ${e.new?.reason ?? ''}`);
  section('Newly passing', diff.newlyPassing, (e) => `was ${e.old?.status}: ${e.old?.reason ?? ''}`);
  section('Status changed', diff.statusChanged, (e) => `${e.old?.status} → ${e.new?.status}${e.new?.reason ? `: ${e.new.reason}` : ''}`);
  section('Reason changed', diff.reasonChanged, (e) => `${e.new?.status}\n      was: ${e.old?.reason ?? ''}\n      now: ${e.new?.reason ?? ''}`);
  section('Timing changed', diff.timingChanged, (e) => `${e.old?.durationMs} ms → ${e.new?.durationMs} ms`);
  section('Only in the old run', diff.onlyInOld, (e) => `${e.old?.status} (not run in the new one)`);
  section('Only in the new run', diff.onlyInNew, (e) => `${e.new?.status}`);
  lines.push(
    '',
    `${diff.newlyFailing.length} newly failing, ${diff.newlyPassing.length} newly passing, ${diff.statusChanged.length} other status changes, ` +
      `${diff.reasonChanged.length} changed reasons, ${diff.timingChanged.length} timing changes`,
  );
  return `${lines.join('\n')}\n`;
}

function label(entry: CaseDiff): string {
  return `${entry.level.padEnd(6)} ${entry.id}${entry.dialect === 'any' ? '' : ` [${entry.dialect}]`}`;
}
