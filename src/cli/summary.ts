/** The one screen printed at the end of a run: verdict, counts per level, each non-passing case, leftovers, report paths. */
import pc from 'picocolors';
import { staleWaivers } from '../report/baseline.ts';
import { LEVELS } from '../model/vocabulary.ts';
import type { CaseResult, RunResult } from '../model/result.ts';
import { rootCauses } from '../report/root-causes.ts';

export function renderSummary(run: RunResult, reportFiles: readonly string[], colors: Colors = pc): string {
  const lines: string[] = [];
  const v = run.verdict;
  const paint = v.entra === 'ready' ? colors.green : v.entra === 'incomplete' ? colors.yellow : colors.red;
  lines.push('', paint(colors.bold(v.headline.toUpperCase())), ...v.reasons.map((reason) => `  ${reason}`), `  ${RFC_LINES[v.rfc]}`);
  lines.push(
    `target ${run.target.url} | profile ${run.profile}${run.profileHash ? ` (${run.profileHash})` : ''} | dialects ${run.dialects.join(', ')} | ` +
      `${run.summary.total} cases in ${(run.durationMs / 1000).toFixed(1)} s`,
  );
  for (const level of LEVELS) {
    const counts = run.summary.byLevel[level];
    if (counts.pass + counts.fail + counts.error + counts.skip === 0) continue;
    lines.push(`  ${level.padEnd(6)} ${counts.pass} passed, ${counts.fail} failed, ${counts.error} errors, ${counts.skip} skipped`);
  }
  const causes = rootCauses(run).filter((cause) => cause.consequences.some((c) => !c.waived));
  if (causes.length > 0) {
    lines.push('', `Failures by root cause (${causes.length}):`);
    for (const cause of causes) {
      lines.push(`  ${colors.red('FAIL')} ${cause.title}`);
      for (const consequence of cause.consequences.filter((c) => !c.waived)) lines.push(`       ${consequence.label}: ${consequence.name}`);
    }
  }
  const failing = run.cases.filter((result) => result.status === 'fail' && !result.waiver);
  if (failing.length > 0) {
    lines.push('', 'Failing cases:');
    for (const result of failing) lines.push(`  ${caseLine(result, colors)}`);
  }
  const unverified = run.cases.filter((result) => (result.status === 'error' || result.status === 'skip') && !result.waiver);
  if (unverified.length > 0) {
    lines.push('', `Not verified (${unverified.length}):`);
    for (const result of unverified) lines.push(`  ${caseLine(result, colors)}`);
  }
  const waived = run.cases.filter((result) => result.waiver && !result.waiver.stale);
  if (waived.length > 0) {
    lines.push('', `Waived by the baseline (${waived.length}):`);
    for (const result of waived) lines.push(`  ${result.id}${result.dialect === 'any' ? '' : ` [${result.dialect}]`}: ${result.waiver!.reason}`);
  }
  const stale = staleWaivers(run);
  if (stale.length > 0) {
    lines.push('', colors.red(`Stale waivers: these cases pass now, remove them from the baseline (${stale.length}):`));
    for (const note of stale) lines.push(`  ${note.id}${note.dialect && note.dialect !== 'any' ? ` [${note.dialect}]` : ''}: ${note.reason}`);
  }
  if (run.aborted) lines.push('', colors.yellow(`Run stopped early: ${run.aborted}`));
  if (run.leftovers.length > 0) {
    lines.push('', colors.yellow(`Leftovers the run could not delete (${run.leftovers.length}):`));
    for (const leftover of run.leftovers) lines.push(`  ${leftover.kind} ${leftover.id}: ${leftover.reason}`);
  }
  if (reportFiles.length > 0) lines.push('', `Reports: ${reportFiles.join(', ')}`);
  return lines.join('\n');
}

type Colors = ReturnType<typeof pc.createColors>;

const RFC_LINES = {
  conformant: 'RFC 7643/7644: conformant',
  'not-conformant': 'RFC 7643/7644: not conformant',
  incomplete: 'RFC 7643/7644: incomplete',
} as const;

function caseLine(result: CaseResult, colors: Colors): string {
  const tag = result.status === 'fail' ? colors.red('FAIL ') : result.status === 'skip' ? colors.yellow('SKIP ') : colors.magenta('ERROR');
  const dialect = result.dialect === 'any' ? '' : ` [${result.dialect}]`;
  return `${tag} ${result.level.padEnd(6)} ${result.id}${dialect}: ${result.reason ?? ''}`;
}
