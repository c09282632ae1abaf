/**
 * The one screen printed at the end of a run: verdict, counts per level, failures by root cause, the
 * verdict's lists, leftovers, report paths. Every number and list comes from the verdict model
 * (src/report/verdict.ts); this module only lays them out.
 */
import pc from 'picocolors';
import { LEVELS } from '../model/vocabulary.ts';
import type { RunResult } from '../model/result.ts';
import { failingSummary, refLine, verdictLists } from '../report/verdict.ts';
import { securityLine } from '../report/security-findings.ts';
import { evaluateMicrosoftChecks } from '../report/microsoft-checks.ts';

const LIST_TAGS = { blocking: 'FAIL ', stale: 'STALE', unverified: 'UNVERIFIED', waived: 'WAIVED', warnings: 'WARN ', rfcOnly: 'RFC  ', otherUnverified: 'UNVERIFIED', notRun: 'OPT-IN' } as const;

export function renderSummary(run: RunResult, reportFiles: readonly string[], colors: Colors = pc): string {
  const lines: string[] = [];
  const v = run.verdict;
  const paint = v.entra === 'ready' ? colors.green : v.entra === 'incomplete' ? colors.yellow : colors.red;
  // Bold, not upper-cased: the headline can name a file (the baseline), and an upper-cased path is not a path.
  lines.push('', paint(colors.bold(v.headline)), ...v.reasons.map((reason) => `  ${reason}`), `  ${RFC_LINES[v.rfc]}`);
  const security = v.security ?? [];
  if (security.length > 0) {
    // Whatever the headline says: Entra provisions through an open door, but nobody else should.
    lines.push(colors.red(colors.bold(`  SECURITY FINDINGS (${security.length}), whatever the verdict; each blocks a gallery listing:`)));
    for (const finding of security) lines.push(colors.red(`    ${securityLine(finding)}`));
  }
  const microsoft = evaluateMicrosoftChecks(run);
  lines.push(`  ${microsoft.gallery.headline}${microsoft.gallery.reasons.length > 0 ? `: ${microsoft.gallery.reasons.join('; ')}` : ''}`, ...microsoft.summary.map((line) => `    ${line}`));
  lines.push(
    `target ${run.target.url} | profile ${run.profile}${run.profileHash ? ` (${run.profileHash})` : ''} | dialects ${run.dialects.join(', ')} | ` +
      `${v.counts.caseRuns} case runs (${v.counts.cases} cases) in ${(run.durationMs / 1000).toFixed(1)} s`,
  );
  for (const level of LEVELS) {
    const counts = v.counts.byLevel[level];
    if (counts.total === 0) continue;
    const waived = counts.waived > 0 ? ` (${counts.waived} waived)` : '';
    lines.push(`  ${level.padEnd(6)} ${counts.pass} passed, ${counts.fail} failed, ${counts.error} errors, ${counts.skip} skipped${waived}`);
  }
  lines.push(`  ${failingSummary(v.counts)}`);
  if (v.rootCauses.length > 0) {
    lines.push('', `Failures by root cause (${v.counts.rootCauses} causes, ${v.counts.failing} failing checks):`);
    for (const cause of v.rootCauses) {
      const allWaived = cause.consequences.every((c) => c.waived);
      lines.push(`  ${allWaived ? colors.yellow('WAIVED') : colors.red('FAIL')} ${cause.title}`);
      for (const consequence of cause.consequences) lines.push(`       ${consequence.label}${consequence.waived ? ' (waived)' : ''}: ${consequence.name}`);
    }
  }
  for (const list of verdictLists(v, run.baseline)) {
    if (list.refs.length === 0) continue;
    const heading = `${list.title} (${list.refs.length}):`;
    lines.push('', list.key === 'stale' ? colors.red(`${heading} remove them from the baseline`) : heading);
    const tag = LIST_TAGS[list.key];
    const painted = list.key === 'blocking' || list.key === 'stale' ? colors.red(tag) : list.key === 'waived' || list.key === 'rfcOnly' ? tag : colors.yellow(tag);
    for (const ref of list.refs) lines.push(`  ${painted} ${refLine(ref)}`);
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
