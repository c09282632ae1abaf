/** The one screen printed at the end of a run: verdict, counts per level, each non-passing case, leftovers, report paths. */
import pc from 'picocolors';
import { LEVELS } from '../cases/types.ts';
import type { CaseResult, RunResult } from '../report/model.ts';

export function renderSummary(run: RunResult, reportFiles: readonly string[], colors = pc): string {
  const lines: string[] = [];
  const verdict = run.conformant
    ? colors.green(colors.bold('CONFORMANT: ready for Entra provisioning'))
    : colors.red(colors.bold('NOT CONFORMANT: Entra provisioning will fail'));
  lines.push('', verdict);
  lines.push(
    `target ${run.target.url} | profile ${run.profile} | dialects ${run.dialects.join(', ')} | ` +
      `${run.summary.total} cases in ${(run.durationMs / 1000).toFixed(1)} s`,
  );
  for (const level of LEVELS) {
    const counts = run.summary.byLevel[level];
    if (counts.pass + counts.fail + counts.error + counts.skip === 0) continue;
    lines.push(`  ${level.padEnd(6)} ${counts.pass} passed, ${counts.fail} failed, ${counts.error} errors, ${counts.skip} skipped`);
  }
  const notPassing = run.cases.filter((result) => result.status === 'fail' || result.status === 'error');
  if (notPassing.length > 0) {
    lines.push('', 'Not passing:');
    for (const result of notPassing) lines.push(`  ${caseLine(result, colors)}`);
  }
  if (run.aborted) lines.push('', colors.yellow(`Run stopped early: ${run.aborted}`));
  if (run.leftovers.length > 0) {
    lines.push('', colors.yellow(`Leftovers the run could not delete (${run.leftovers.length}):`));
    for (const leftover of run.leftovers) lines.push(`  ${leftover.kind} ${leftover.id}: ${leftover.reason}`);
  }
  if (reportFiles.length > 0) lines.push('', `Reports: ${reportFiles.join(', ')}`);
  return lines.join('\n');
}

function caseLine(result: CaseResult, colors: typeof pc): string {
  const tag = result.status === 'fail' ? colors.red('FAIL ') : colors.magenta('ERROR');
  const dialect = result.dialect === 'any' ? '' : ` [${result.dialect}]`;
  return `${tag} ${result.level.padEnd(6)} ${result.id}${dialect}: ${result.reason ?? ''}`;
}
