/**
 * The GitHub Actions job summary ($GITHUB_STEP_SUMMARY) of a run, as Markdown: the verdict, a table per
 * dialect, the failures by root cause and where the reports are. Everything shown is read from results.json
 * (the verdict model): the lists are the verdict's own, grouped by dialect, never recounted from the cases.
 */
import type { CaseRef, RunResult } from '../model/result.ts';
import { refLabel } from '../report/verdict.ts';
import { mdCell, mdCode, mdText } from '../report/markdown-text.ts';

export interface SummaryContext {
  /** The report folder on the runner, and the files this run wrote there. */
  reportDir: string;
  files: readonly string[];
  /** The artifact the action uploads the reports as, when it uploads them. */
  artifactName?: string;
  /** The workflow run's page (its Artifacts section holds the upload). */
  runUrl?: string;
}

/** The verdict's lists, in the order a reader acts on them; each a column of the dialect table. */
const COLUMNS: ReadonlyArray<{ title: string; refs: (verdict: RunResult['verdict']) => readonly CaseRef[] }> = [
  { title: 'Blocking failures', refs: (verdict) => verdict.blocking },
  { title: 'Waived', refs: (verdict) => verdict.waived },
  { title: 'Stale waivers', refs: (verdict) => verdict.stale },
  { title: 'Not verified', refs: (verdict) => verdict.unverified },
  { title: 'Warnings', refs: (verdict) => verdict.warnings },
  { title: 'RFC-only findings', refs: (verdict) => verdict.rfcOnly },
];

const VERDICT_MARK = { ready: '✅', 'not-ready': '❌', incomplete: '⚠️' } as const;

export function renderJobSummary(run: RunResult, context: SummaryContext): string {
  const verdict = run.verdict;
  // Waived failures exit 0 but are not Ready: their mark says so.
  const mark = verdict.entra === 'not-ready' && verdict.exitCode === 0 ? '⚠️' : VERDICT_MARK[verdict.entra];
  const blocks = [
    `## SCIM conformance: ${mark} ${mdText(verdict.headline)}`,
    verdict.reasons.map((reason) => `- ${mdText(reason)}`).join('\n'),
    [
      `Target ${run.target.embedded ? mdText(run.target.url) : mdCode(run.target.url)} · profile ${mdCode(run.profile)} · ` +
        `dialects ${mdText(run.dialects.join(', '))} · ${run.summary.total} case runs (${run.summary.pass} passed, ${run.summary.fail} failed, ` +
        `${run.summary.error} errors, ${run.summary.skip} skipped) in ${(run.durationMs / 1000).toFixed(1)} s`,
      `RFC 7643/7644: ${mdText(run.verdict.rfc.replace('-', ' '))}`,
    ].join('  \n'),
    dialectTable(run),
    rootCauseList(run),
    waivedList(run),
    reportsLine(context),
  ];
  return `${blocks.filter((block) => block !== '').join('\n\n')}\n`;
}

/**
 * One row per dialect run (and one for the cases whose requests do not depend on it), one column per verdict
 * list; each dialect's own verdict is the model's (`verdict.dialects`: waived failures count there, Entra does
 * not read the baseline).
 */
function dialectTable(run: RunResult): string {
  const rows: Array<{ label: string; dialect: string; verdict: string }> = [
    ...run.dialects.map((dialect) => {
      const tally = run.verdict.dialects.find((candidate) => candidate.dialect === dialect);
      return { label: dialect, dialect, verdict: tally === undefined ? '' : tally.passes ? 'passes' : `fails (${tally.blocking.length} blocking)` };
    }),
    { label: 'dialect-independent', dialect: 'any', verdict: '' },
  ];
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const body = rows.map(({ label, dialect, verdict }) =>
    line([mdCell(label), mdCell(verdict), ...COLUMNS.map((column) => String(column.refs(run.verdict).filter((ref) => ref.dialect === dialect).length))]),
  );
  const totals = line(['**all**', '', ...COLUMNS.map((column) => `**${column.refs(run.verdict).length}**`)]);
  return ['### By dialect', '', line(['Dialect', 'Dialect verdict', ...COLUMNS.map((column) => column.title)]), line(['---', '---', ...COLUMNS.map(() => '---:')]), ...body, totals].join('\n');
}

function rootCauseList(run: RunResult): string {
  const causes = run.verdict.rootCauses.filter((cause) => cause.consequences.some((consequence) => !consequence.waived));
  if (causes.length === 0) return '';
  const lines = [`### Failures by root cause (${causes.length})`, ''];
  for (const cause of causes) {
    lines.push(`- **${mdText(cause.title)}**`);
    for (const consequence of cause.consequences.filter((c) => !c.waived)) lines.push(`  - ${mdCode(consequence.label)} ${mdText(consequence.name)} (${mdText(consequence.impact)})`);
  }
  return lines.join('\n');
}

function waivedList(run: RunResult): string {
  const refs = run.verdict.waived;
  if (refs.length === 0) return '';
  const reasons = new Map(run.cases.map((result) => [refLabel(result), result.waiver?.reason]));
  return [
    `### Waived by the baseline (${refs.length})`,
    '',
    ...refs.map((ref) => `- ${mdCode(refLabel(ref))}: ${mdText(reasons.get(refLabel(ref)) ?? '')}`),
  ].join('\n');
}

function reportsLine(context: SummaryContext): string {
  const files = context.files.join(', ');
  if (context.artifactName === undefined) return `### Reports\n\n${files} in ${mdCode(context.reportDir)} on the runner.`;
  const where = context.runUrl === undefined ? 'this run' : `[this run](${context.runUrl}#artifacts)`;
  return `### Reports\n\n${files}: artifact ${mdCode(context.artifactName)} of ${where} (folder ${mdCode(context.reportDir)} on the runner).`;
}

/** The summary when the run wrote no results.json (usage error, unreachable target): what the command said. */
export function renderNoResultSummary(exitCode: number, lastError: string | undefined, meaning: string): string {
  return [`## SCIM conformance: ❌ no verdict (exit code ${exitCode}: ${mdText(meaning)})`, lastError ? `> ${mdText(lastError)}` : ''].filter(Boolean).join('\n\n') + '\n';
}
