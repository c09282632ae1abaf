/**
 * The certification report as GitHub-flavoured Markdown, for a pull request, an issue or a wiki page: the
 * verdict and the dialect advice first, then one section per area with a row per case and, below the table,
 * what went wrong in each non-passing case with its HTTP exchanges folded in <details>.
 */
import { buildCertification, type AreaSection, type CaseView, type CertificationView, type CountsRow } from './certification-data.ts';
import type { ExchangeView } from './exchange-view.ts';
import { renderMicrosoftChecksMarkdown } from './microsoft-checks-markdown.ts';
import { mdCell, mdCode, mdFence, mdLink, mdRich, mdText } from './markdown-text.ts';
import type { RunResult } from '../model/result.ts';
import { overviewMarkdown, overviewMatrix } from './overview-matrix.ts';
import { decodedQuery, FOLD_BODY_AFTER_LINES, readableBody, requestParts, responseParts, type MessageParts } from './readable-exchange.ts';

export function renderCertificationMarkdown(run: RunResult): string {
  const view = buildCertification(run);
  const blocks = [
    '# SCIM conformance report',
    securitySection(view),
    headerTable(view),
    verdict(view, overviewMarkdown(overviewMatrix(run))),
    renderMicrosoftChecksMarkdown(view.microsoft),
    rootCauseSection(view),
    levelTable(view),
    dialectSection(view),
    serviceProvider(view),
    ...view.sections.map(areaSection),
    leftovers(view),
  ];
  return `${blocks.filter((block) => block !== '').join('\n\n')}\n`;
}

function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function headerTable(view: CertificationView): string {
  const h = view.header;
  const rows: Array<[string, string]> = [
    ['Target', h.embedded ? mdCell(h.target) : mdCode(h.target, true)],
    ['Profile', mdCode(h.profile, true)],
    ['Date', mdCell(h.date)],
    ['Suite version', mdCell(h.suite)],
    ['Catalogue hash', mdCode(h.catalogueHash, true)],
    ['Selection', mdCell(h.selection)],
    ['Executed cases hash', mdCode(h.executedHash, true)],
    ['Dialects run', mdCell(h.dialects.join(', '))],
    ['Mode', mdCell(h.mode)],
    ['Seed', mdCell(String(h.seed))],
    ['Run id', mdCode(h.runId, true)],
  ];
  if (h.throttled) rows.push(['Throttled', mdCell(`${h.throttled} answers 429/503, retried after Retry-After`)]);
  return table(['Run', ''], rows.map(([label, value]) => [`**${label}**`, value]));
}

/** Above everything else, whatever the verdict: an open door matters more than any other finding. */
function securitySection(view: CertificationView): string {
  if (view.security.length === 0) return '';
  return [`## Security findings (${view.security.length})`, '', '> Whatever the verdict below: these let someone other than Entra into the directory, and each blocks a gallery listing.', '', ...view.security.map((line) => `- **${mdText(line)}**`)].join('\n');
}

function verdict(view: CertificationView, overview: string): string {
  const lines = [`## Verdict: ${mdText(view.verdict.headline)}`, '', mdText(view.verdict.detail), '', mdText(view.verdict.failing), '', `*${mdText(view.verdict.rfc.headline)}*`];
  if (overview !== '') lines.push('', overview);
  for (const list of view.verdict.lists) {
    lines.push('', `**${mdText(list.title)} (${list.items.length})**`, '', ...list.items.map((item) => `- ${mdText(item)}`));
  }
  if (view.throttling) lines.push('', `> **Throttling:** ${mdText(view.throttling)}`);
  if (view.aborted) lines.push('', `> **Run stopped early:** ${mdText(view.aborted)}. Cases after that point did not run.`);
  return lines.join('\n');
}

function countCells(row: CountsRow): string[] {
  return [row.total, row.pass, row.fail, row.error, row.skip, row.waived].map(String);
}

function levelTable(view: CertificationView): string {
  const rows = view.counts.levels.map((row) => [row.level, ...countCells(row)]);
  rows.push(['**All**', ...countCells(view.counts.total).map((cell) => `**${cell}**`)]);
  return `## Results by level\n\n${table(['Level', 'Cases', 'Pass', 'Fail', 'Error', 'Skip', 'Waived'], rows)}`;
}

function dialectSection(view: CertificationView): string {
  const rows = view.dialects.map((d) => [
    mdRich(d.label),
    d.passes ? 'PASS' : '**FAIL**',
    d.blocking.length === 0 ? 'none' : d.blocking.map((id) => mdCode(id, true)).join(', '),
    d.others.length === 0 ? 'none' : d.others.map((id) => mdCode(id, true)).join(', '),
  ]);
  const advice = view.advice.paragraphs.map((paragraph) => `> ${mdRich(paragraph)}`).join('\n>\n');
  const source = `> Source: ${mdLink(view.advice.source.title, view.advice.source.url)}`;
  return [
    '## Entra PATCH dialects',
    table(['Dialect', 'Verdict', 'Failing checks that Entra depends on', 'Other failing checks'], rows),
    `> **Advice**\n>\n${advice}\n>\n${source}`,
  ].join('\n\n');
}

function serviceProvider(view: CertificationView): string {
  const spc = view.header.serviceProvider;
  if (!spc) return '';
  const body = 'error' in spc ? `Could not be read: ${mdText(spc.error)}` : table(['Capability', 'Advertised'], spc.rows.map(([k, v]) => [mdCell(k), mdCell(v)]));
  return `## ServiceProviderConfig\n\n${body}`;
}

function areaSection(section: AreaSection): string {
  if (section.cases.length === 0) return `## ${section.title}\n\nNo ${section.area} cases ran.`;
  const rows = section.cases.map((c) => [
    mdCode(c.id, true),
    mdCell(c.name),
    c.level,
    c.dialect,
    c.finding ? `**${c.statusLabel}**` : c.statusLabel,
    c.spec.map((link) => mdLink(link.label, link.url, true)).join(', '),
  ]);
  const findings = section.cases.filter((c) => c.finding).map(findingBlock);
  return [`## ${section.title}`, table(['Case', 'Name', 'Level', 'Dialect', 'Status', 'Spec'], rows), ...findings].join('\n\n');
}

function findingBlock(c: CaseView): string {
  const dialect = c.dialect === 'any' ? '' : ` [${c.dialect}]`;
  const lines = [`### ${mdText(c.id)}${dialect}: ${c.statusLabel}`, '', `*${mdText(c.name)}*`, ''];
  if (c.reason !== undefined) lines.push(`- **Reason:** ${mdText(c.reason)}`);
  if (c.impact !== undefined) {
    const source = c.impact.source ? ` (${mdLink(c.impact.source.title, c.impact.source.url)})` : '';
    lines.push(`- **Entra impact:** ${mdText(c.impact.label)}. ${mdText(c.impact.text)}${source}`);
  }
  lines.push(`- **RFC keyword:** ${mdText(c.keyword.word)} (${mdLink(c.keyword.source.title, c.keyword.source.url)})`);
  if (c.identity !== undefined) lines.push(`- **Fails for:** ${mdText(c.identity)}`);
  if (c.rootCase !== undefined) lines.push(`- **Root case:** ${mdText(c.rootCase)}`);
  for (const fallback of c.fallbacks ?? []) lines.push(`- **Fallback:** ${mdText(fallback)}`);
  if (c.waiver) lines.push(`- **Waiver:** ${waiverText(c.waiver)}`);
  lines.push(`- **Spec:** ${c.spec.map((link) => mdLink(link.label, link.url)).join(', ')}`);
  const blocks = [lines.join('\n')];
  if (c.expected !== undefined) blocks.push(`**Expected:**\n\n${mdFence(c.expected)}`);
  if (c.actual !== undefined) blocks.push(`**Actual:**\n\n${mdFence(c.actual)}`);
  if (c.exchanges.length > 0) blocks.push(exchangesDetails(c.exchanges));
  return blocks.join('\n\n');
}

function waiverText(waiver: NonNullable<CaseView['waiver']>): string {
  const expires = waiver.expires ? ` (expires ${mdText(waiver.expires)})` : '';
  const stale = waiver.stale ? ' **The case now passes: remove this waiver from the baseline.**' : '';
  return `${mdText(waiver.reason)}${expires}.${stale}`;
}

/** GitHub renders Markdown inside <details> only with blank lines around it. */
function exchangesDetails(exchanges: readonly ExchangeView[]): string {
  const parts = [`<details><summary>HTTP exchanges (${exchanges.length})</summary>`];
  for (const exchange of exchanges) {
    parts.push(`**${exchange.index}.** ${mdCode(exchange.title)} (${exchange.durationMs} ms)`);
    parts.push(...decodedLines(exchange.request.url).filter(Boolean), ...messageBlocks(requestParts(exchange)), ...messageBlocks(responseParts(exchange)));
  }
  parts.push('</details>');
  return parts.join('\n\n');
}

function leftovers(view: CertificationView): string {
  if (view.leftovers.length === 0) return '';
  const rows = view.leftovers.map((l) => [l.kind, mdCode(l.id, true), mdCell(l.reason)]);
  return `## Leftovers\n\nThe run could not delete these objects; remove them by hand.\n\n${table(['Kind', 'Id', 'Reason'], rows)}`;
}

/** What to fix, by root cause: one block per cause, written so it can be forwarded to the target's vendor. */
function rootCauseSection(view: CertificationView): string {
  if (view.rootCauses.length === 0) return '';
  const blocks = [`## What to fix, by root cause (${view.rootCauses.length})`, "Each block can be forwarded to the target's vendor: the request Entra sends, the answer it got, and what Entra needs instead."];
  for (const cause of view.rootCauses) {
    const lines = [`### ${mdText(cause.title)}`];
    if (cause.example) {
      lines.push('', mdFence(cause.example.request), ...decodedLines(cause.example.request), ...foldedBody(readableBody(cause.example.body)), '', `Answer: ${cause.example.status ?? 'none'}`);
      lines.push(...foldedBody(readableBody(cause.example.answer)));
    }
    lines.push('', `What Entra needs instead (${cause.consequences.length}):`, '');
    for (const c of cause.consequences) lines.push(`- **${mdText(c.label)}**${c.waived ? ' (waived)' : ''}: ${mdText(c.name)}. ${mdText(c.impact)}`);
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
}

/** The filter (any query) as a person reads it, beside the wire form. */
function decodedLines(url: string): string[] {
  const decoded = decodedQuery(url);
  return decoded === undefined ? [] : ['', `Query decoded: ${mdCode(decoded)}`];
}

/** Start line and headers as HTTP, then the body: pretty-printed JSON, folded in <details> when long. */
function messageBlocks(parts: MessageParts): string[] {
  const blocks = [mdFence(parts.head, 'http')];
  if (parts.body) blocks.push(...foldedBody({ body: parts.body, lines: parts.bodyLines }).filter(Boolean));
  if (parts.note) blocks.push(mdText(parts.note));
  return blocks;
}

function foldedBody(readable: ReturnType<typeof readableBody>): string[] {
  if (readable === undefined) return [];
  const block = mdFence(readable.body.text, readable.body.json ? 'json' : '');
  if (readable.lines <= FOLD_BODY_AFTER_LINES) return ['', block];
  return ['', `<details><summary>Body: ${readable.body.json ? 'JSON, ' : ''}${readable.lines} lines</summary>`, '', block, '', '</details>'];
}
