/**
 * The load run in Markdown: the same section as the HTML (report-model.ts), for `load.md`. Markdown viewers
 * do not render inline SVG, so the two charts appear here as their data: a table of latency by directory
 * size and one of latency over time.
 */
import { mdCell, mdLink } from '../report/markdown-text.ts';
import { NO_SIZE_SPLIT, chartData, count, ms, operationRows, parameterLine, rateLine, tenantRows, verdictLine } from './report-model.ts';
import type { LoadResult } from './runner.ts';
import { loadSource } from './sources.ts';

const MAX_ROWS = 15;

/** At most `max` rows, evenly spread, always keeping the last. */
function thin<T>(rows: readonly T[], max: number): T[] {
  if (rows.length <= max) return [...rows];
  return Array.from({ length: max }, (_, index) => rows[Math.round((index * (rows.length - 1)) / (max - 1))] as T);
}

/** `heading: false` in the stand-alone document, whose title already says it (one heading, not two). */
export function renderLoadSectionMarkdown(result: LoadResult, heading = true): string {
  const lines: string[] = [...(heading ? ['## Sync-cycle simulation (load)', ''] : []), mdCell(parameterLine(result)), ''];
  lines.push(`**${mdCell(verdictLine(result))}** ${count(result.requests)} requests in ${(result.cycleMs / 1000).toFixed(1)} s (${result.requestsPerSecond.toFixed(0)} req/s), ${count(result.errors)} failed, then ${(result.cleanupMs / 1000).toFixed(1)} s of cleanup; created ${count(result.created.users)} users, ${count(result.created.groups)} groups, ${count(result.created.memberships)} memberships.`, '', mdCell(rateLine(result)), '');
  lines.push('### What Entra would do', '');
  if (result.consequences.length === 0) lines.push("Nothing: no failure, timeout or data difference that Microsoft's documented rules turn into escrow or quarantine.", '');
  for (const consequence of result.consequences) {
    const sources = consequence.sources.map((key) => mdLink(key, loadSource(key).url)).join(', ');
    lines.push(`- **${consequence.kind}** (${consequence.basis}): ${mdCell(consequence.text)} [${sources}]`);
  }
  if (result.consequences.length > 0) lines.push('');
  lines.push('### Operations', '', '| Operation | Count | p50 ms | p95 ms | p99 ms | max ms | req/s | Errors | By class |', '|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const { operation, figures, errorClasses } of operationRows(result)) {
    lines.push(`| ${operation} | ${count(figures.count)} | ${ms(figures.p50Ms)} | ${ms(figures.p95Ms)} | ${ms(figures.p99Ms)} | ${ms(figures.maxMs)} | ${figures.throughputPerSecond === 0 ? '—' : figures.throughputPerSecond.toFixed(0)} | ${count(figures.errors)} | ${mdCell(errorClasses) || '—'} |`);
  }
  const tenants = tenantRows(result);
  if (tenants.rows.length > 0) {
    lines.push('', '### Tenants, in the order they arrived', '', '| # | Run id | Events | Failed | Requests | Consequences | Left |', '|---:|---|---:|---:|---:|---:|---:|');
    for (const t of tenants.rows) lines.push(`| ${t.place} | ${t.runId} | ${count(t.events)} | ${count(t.failed)} | ${count(t.requests)} | ${t.consequences} | ${t.leftovers} |`);
    if (tenants.more > 0) lines.push('', `… and ${count(tenants.more)} more (load.json lists every tenant).`);
  }
  const charts = chartData(result);
  if (result.engine !== undefined && result.latencyBySize.length === 0) lines.push('', '### Latency by directory size', '', NO_SIZE_SPLIT);
  else lines.push('', '### Latency by directory size', '', '| Objects created so far | query mean ms | query p95 ms | create mean ms | member add mean ms |', '|---:|---:|---:|---:|---:|');
  for (const point of thin(result.latencyBySize, MAX_ROWS)) {
    const cell = (value: number | undefined): string => (value === undefined ? '—' : ms(value));
    lines.push(`| ${count(point.fromObjects)} | ${cell(point.operations.query?.meanMs)} | ${cell(point.operations.query?.p95Ms)} | ${cell(point.operations.create?.meanMs)} | ${cell(point.operations['member-add']?.meanMs)} |`);
  }
  lines.push('', '### Latency over time', '', '| Seconds | req/s | mean ms | max ms |', '|---:|---:|---:|---:|');
  const overTime = charts.overTime;
  for (const index of thin(overTime.mean.map((_, i) => i), MAX_ROWS)) {
    const [at, mean] = overTime.mean[index] as [number, number];
    lines.push(`| ${at.toFixed(1)} | ${(overTime.rate[index]?.[1] ?? 0).toFixed(0)} | ${ms(mean)} | ${ms(overTime.max[index]?.[1] ?? 0)} |`);
  }
  lines.push('', '### Verified at the end of the initial cycle', '');
  const v = result.verification;
  if (v === undefined) lines.push('Not verified: the run did not finish its initial cycle.');
  else {
    lines.push(`- ${v.usersChecked - v.usersDiffering} of ${v.usersChecked} sampled users read back as sent; ${v.groupsChecked - v.groupsDiffering} of ${v.groupsChecked} sampled groups list exactly the members added.`);
    lines.push(`- Paging through /Users (${count(v.paging.pages)} pages): ${count(v.paging.seen)} of ${count(v.paging.expected)} created users returned, ${count(v.paging.missing)} missing, ${count(v.paging.duplicates)} repeated.`);
    for (const difference of v.differences) lines.push(`- ${mdCell(difference)}`);
  }
  const p = result.projection;
  lines.push('', `### Projected to ${count(p.projectUsers)} users`, '');
  lines.push(`- About ${count(p.requests)} requests${p.hoursAtRate === undefined ? '' : `, ${p.hoursAtRate.toFixed(1)} h at ${p.rate ?? 0} req/s`}; Microsoft estimates ${p.microsoftEstimateHours.min.toFixed(1)}–${p.microsoftEstimateHours.max.toFixed(1)} h for the initial cycle of that many users, groups and members [${mdLink('ED-WHEN', loadSource('ED-WHEN').url)}].`);
  lines.push(`- ${count(p.events.failed)} failed of ${count(p.events.events)} provisioning events; ${count(p.events.referenceFailed)} failed of ${count(p.events.referenceEvents)} member changes.`);
  if (p.queryMeanMsAtSize !== undefined) lines.push(`- Query latency extrapolated to that directory: ${ms(p.queryMeanMsAtSize)} ms on average.`);
  lines.push('', '### Cleanup', '');
  if (result.leftovers.length === 0) lines.push('Everything the run created was deleted and verified gone.');
  for (const leftover of result.leftovers) lines.push(`- ${leftover.kind} ${mdCell(leftover.id)}: ${mdCell(leftover.reason)}`);
  return `${lines.join('\n')}\n`;
}

export function renderLoadMarkdown(result: LoadResult): string {
  return `# Sync-cycle simulation (load)\n\n${mdCell(result.target.url)} · ${result.startedAt} · ${result.tool.name} ${result.tool.version}\n\n${renderLoadSectionMarkdown(result, false)}`;
}
