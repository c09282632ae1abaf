/**
 * The load run in HTML: a section ("Sync-cycle simulation") that a certification page can embed, and a
 * standalone page around it (`load.html`). Charts are inline SVG (svg-chart.ts): no script, no asset.
 */
import { CERTIFICATION_CSS } from '../report/certification-css.ts';
import { encodeTrailingWhitespace, html, trustedHtml, type SafeHtml } from '../report/html-builder.ts';
import type { Consequence } from './consequences.ts';
import { NO_SIZE_SPLIT, chartData, count, ms, operationRows, parameterLine, rateLine, tenantRows, verdictLine } from './report-model.ts';
import type { LoadResult } from './runner.ts';
import { loadSource } from './sources.ts';
import { renderLineChart } from './svg-chart.ts';

const CHART_CSS = `
figure.chart { margin: 0.5rem 0 1.5rem; }
figure.chart svg { max-width: 100%; height: auto; background: #fff; border: 1px solid #ddd; }
figure.chart figcaption { font-size: 0.85rem; color: #555; }
table.load td.number { text-align: right; font-variant-numeric: tabular-nums; }
`;

const COLORS = { mean: '#1f77b4', max: '#d62728', p95: '#ff7f0e', create: '#2ca02c', member: '#9467bd' };

function consequenceItem(consequence: Consequence): SafeHtml {
  const sources = consequence.sources.map((key) => {
    const source = loadSource(key);
    return source.url === undefined ? html` [${key}]` : html` [<a href="${source.url}">${key}</a>]`;
  });
  return html`<li><strong>${consequence.kind}</strong> (${consequence.basis}): ${consequence.text}${sources}</li>\n`;
}

export function renderLoadSectionHtml(result: LoadResult): SafeHtml {
  const rows = operationRows(result);
  const charts = chartData(result);
  const v = result.verification;
  const p = result.projection;
  const tenants = tenantRows(result);
  const tenantTable =
    tenants.rows.length === 0
      ? ''
      : html`<h3>Tenants, in the order they arrived</h3>
<table class="load">
<thead><tr><th>#</th><th>Run id</th><th>Events</th><th>Failed</th><th>Requests</th><th>Consequences</th><th>Left</th></tr></thead>
<tbody>
${tenants.rows.map((t) => html`<tr><td class="number">${t.place}</td><td>${t.runId}</td><td class="number">${count(t.events)}</td><td class="number">${count(t.failed)}</td><td class="number">${count(t.requests)}</td><td class="number">${t.consequences}</td><td class="number">${t.leftovers}</td></tr>\n`)}</tbody>
</table>
${tenants.more > 0 ? html`<p>… and ${count(tenants.more)} more (load.json lists every tenant).</p>\n` : ''}`;
  const sizeChart = result.engine !== undefined && result.latencyBySize.length === 0 ? html`<p>${NO_SIZE_SPLIT}</p>` : undefined;
  const sizeSeries = [
    ...(charts.bySize.query ? [{ name: 'query mean', points: charts.bySize.query.mean, color: COLORS.mean }, { name: 'query p95', points: charts.bySize.query.p95, color: COLORS.p95, dashed: true }] : []),
    ...(charts.bySize.create ? [{ name: 'create mean', points: charts.bySize.create.mean, color: COLORS.create }] : []),
    ...(charts.bySize['member-add'] ? [{ name: 'member add mean', points: charts.bySize['member-add'].mean, color: COLORS.member }] : []),
  ];
  return html`<section id="load">
<h2>Sync-cycle simulation (load)</h2>
<p>${parameterLine(result)}</p>
<p><strong>${verdictLine(result)}</strong> ${count(result.requests)} requests in ${(result.cycleMs / 1000).toFixed(1)} s (${result.requestsPerSecond.toFixed(0)} req/s), ${count(result.errors)} failed, then ${(result.cleanupMs / 1000).toFixed(1)} s of cleanup; created ${count(result.created.users)} users, ${count(result.created.groups)} groups, ${count(result.created.memberships)} memberships.</p>
<p id="gallery-rate">${rateLine(result)}</p>
<h3>What Entra would do</h3>
${result.consequences.length === 0 ? html`<p>Nothing: no failure, timeout or data difference that Microsoft's documented rules turn into escrow or quarantine.</p>\n` : html`<ul>\n${result.consequences.map(consequenceItem)}</ul>\n`}
<h3>Operations</h3>
<table class="load">
<thead><tr><th>Operation</th><th>Count</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th><th>req/s</th><th>Errors</th><th>By class</th></tr></thead>
<tbody>
${rows.map(({ operation, figures, errorClasses }) => html`<tr><td>${operation}</td><td class="number">${count(figures.count)}</td><td class="number">${ms(figures.p50Ms)}</td><td class="number">${ms(figures.p95Ms)}</td><td class="number">${ms(figures.p99Ms)}</td><td class="number">${ms(figures.maxMs)}</td><td class="number">${figures.throughputPerSecond === 0 ? '—' : figures.throughputPerSecond.toFixed(0)}</td><td class="number">${count(figures.errors)}</td><td>${errorClasses || '—'}</td></tr>\n`)}</tbody>
</table>
${tenantTable}<h3>Latency over time</h3>
${renderLineChart({ title: 'Latency over time (all requests)', xLabel: 'seconds since start', yLabel: 'ms', series: [{ name: 'mean', points: charts.overTime.mean, color: COLORS.mean }, { name: 'max', points: charts.overTime.max, color: COLORS.max, dashed: true }] })}
<h3>Latency by directory size</h3>
${sizeChart ?? renderLineChart({ title: 'Latency by objects created so far', xLabel: 'users and groups created so far', yLabel: 'ms', series: sizeSeries })}
<h3>Verified at the end of the initial cycle</h3>
${v === undefined ? html`<p>Not verified: the run did not finish its initial cycle.</p>\n` : html`<ul>
<li>${v.usersChecked - v.usersDiffering} of ${v.usersChecked} sampled users read back as sent; ${v.groupsChecked - v.groupsDiffering} of ${v.groupsChecked} sampled groups list exactly the members added.</li>
<li>Paging through /Users (${count(v.paging.pages)} pages): ${count(v.paging.seen)} of ${count(v.paging.expected)} created users returned, ${count(v.paging.missing)} missing, ${count(v.paging.duplicates)} repeated.</li>
${v.differences.map((difference) => html`<li>${difference}</li>\n`)}</ul>\n`}
<h3>Projected to ${count(p.projectUsers)} users</h3>
<ul>
<li>About ${count(p.requests)} requests${p.hoursAtRate === undefined ? '' : html`, ${p.hoursAtRate.toFixed(1)} h at ${p.rate ?? 0} req/s`}; Microsoft estimates ${p.microsoftEstimateHours.min.toFixed(1)}–${p.microsoftEstimateHours.max.toFixed(1)} h for the initial cycle of that many users, groups and members [<a href="${loadSource('ED-WHEN').url ?? ''}">ED-WHEN</a>].</li>
<li>${count(p.events.failed)} failed of ${count(p.events.events)} provisioning events; ${count(p.events.referenceFailed)} failed of ${count(p.events.referenceEvents)} member changes.</li>
${p.queryMeanMsAtSize === undefined ? '' : html`<li>Query latency extrapolated to that directory: ${ms(p.queryMeanMsAtSize)} ms on average.</li>\n`}</ul>
<h3>Cleanup</h3>
${result.leftovers.length === 0 ? html`<p>Everything the run created was deleted and verified gone.</p>\n` : html`<ul>\n${result.leftovers.map((leftover) => html`<li>${leftover.kind} ${leftover.id}: ${leftover.reason}</li>\n`)}</ul>\n`}
</section>
`;
}

export function renderLoadHtml(result: LoadResult): string {
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sync-cycle simulation: ${result.consequences.length === 0 ? 'no Entra consequence' : `${result.consequences.length} Entra consequence(s)`}</title>
<style>${trustedHtml(CERTIFICATION_CSS + CHART_CSS)}</style>
</head>
<body>
<header><h1>Sync-cycle simulation</h1><p>${result.target.url} · ${result.startedAt} · ${result.tool.name} ${result.tool.version}</p></header>
<main>
${renderLoadSectionHtml(result)}
</main>
</body>
</html>
`;
  return encodeTrailingWhitespace(page.html);
}
