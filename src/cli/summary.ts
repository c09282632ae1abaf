/** The one screen printed at the end of a run: verdict, counts per level, each non-passing case, leftovers, report paths. */
import pc from 'picocolors';
import { staleWaivers } from '../report/baseline.ts';
import { LEVELS } from '../cases/types.ts';
import type { CaseResult, RunResult } from '../report/model.ts';

export function renderSummary(run: RunResult, reportFiles: readonly string[], colors: Colors = pc): string {
  const lines: string[] = [];
  const verdict = !run.conformant
    ? colors.red(colors.bold('NOT CONFORMANT: Entra provisioning will fail'))
    : run.readOnly
      ? colors.green(colors.bold('READ-ONLY PREFLIGHT PASSED: no write case ran, so this is not yet a verdict on provisioning'))
      : colors.green(colors.bold('CONFORMANT: ready for Entra provisioning'));
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
  const notPassing = run.cases.filter((result) => (result.status === 'fail' || result.status === 'error') && !result.waiver);
  const waived = run.cases.filter((result) => result.waiver && !result.waiver.stale);
  if (notPassing.length > 0) {
    lines.push('', 'Not passing:');
    for (const result of notPassing) lines.push(`  ${caseLine(result, colors)}`);
  }
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

function caseLine(result: CaseResult, colors: Colors): string {
  const tag = result.status === 'fail' ? colors.red('FAIL ') : colors.magenta('ERROR');
  const dialect = result.dialect === 'any' ? '' : ` [${result.dialect}]`;
  return `${tag} ${result.level.padEnd(6)} ${result.id}${dialect}: ${result.reason ?? ''}`;
}
