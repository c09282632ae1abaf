/**
 * The one-screen overview that opens the certification report: areas × dialects, each cell saying how many
 * case runs passed, failed, were waived or were not verified (skipped or errored). It groups the run's own case
 * results, the ones the verdict and the summary count, with the verdict's rule for a waived failure, so its
 * cells always add up to the summary's totals (a test holds that).
 */
import type { CaseResult, RunResult } from '../model/result.ts';
import { AREAS, type Area, type Dialect } from '../model/vocabulary.ts';
import { isWaivedFailure } from './verdict.ts';
import { html, type SafeHtml } from './html-builder.ts';
import { mdCell } from './markdown-text.ts';

export type CellState = 'fail' | 'waived' | 'not-verified' | 'pass' | 'none';

export interface OverviewCell {
  pass: number;
  fail: number;
  waived: number;
  notVerified: number;
  /** The worst of the cell, for its colour and word: fail, then waived, then not verified, then pass. */
  state: CellState;
}

export interface OverviewMatrix {
  columns: Array<{ dialect: Dialect | 'any'; label: string }>;
  rows: Array<{ area: Area; label: string; cells: OverviewCell[] }>;
}

const AREA_LABELS: Record<Area, string> = { connection: 'Connection', users: 'Users', groups: 'Groups' };

export function overviewMatrix(run: Pick<RunResult, 'cases' | 'dialects'>): OverviewMatrix {
  const columns = [...run.dialects.map((dialect) => ({ dialect, label: `${dialect} dialect` })), { dialect: 'any' as const, label: 'either dialect' }];
  const usedColumns = columns.filter((column) => run.cases.some((result) => result.dialect === column.dialect));
  const rows = AREAS.filter((area) => run.cases.some((result) => result.area === area)).map((area) => ({
    area,
    label: AREA_LABELS[area],
    cells: usedColumns.map((column) => cellOf(run.cases.filter((result) => result.area === area && result.dialect === column.dialect))),
  }));
  return { columns: usedColumns, rows };
}

function cellOf(results: readonly CaseResult[]): OverviewCell {
  const cell: OverviewCell = { pass: 0, fail: 0, waived: 0, notVerified: 0, state: 'none' };
  for (const result of results) {
    if (isWaivedFailure(result)) cell.waived += 1;
    else if (result.status === 'pass') cell.pass += 1;
    else if (result.status === 'fail') cell.fail += 1;
    else cell.notVerified += 1;
  }
  cell.state = cell.fail > 0 ? 'fail' : cell.waived > 0 ? 'waived' : cell.notVerified > 0 ? 'not-verified' : cell.pass > 0 ? 'pass' : 'none';
  return cell;
}

/** `12 pass · 1 fail · 2 not verified`, leaving out what is zero; `—` for a cell no case falls in. */
export function cellText(cell: OverviewCell): string {
  const parts = [
    cell.pass > 0 ? `${cell.pass} pass` : '',
    cell.fail > 0 ? `${cell.fail} fail` : '',
    cell.waived > 0 ? `${cell.waived} waived` : '',
    cell.notVerified > 0 ? `${cell.notVerified} not verified` : '',
  ].filter(Boolean);
  return parts.length === 0 ? '—' : parts.join(' · ');
}

export const CELL_WORDS: Record<CellState, string> = { fail: 'FAIL', waived: 'WAIVED', 'not-verified': 'NOT VERIFIED', pass: 'PASS', none: '' };

/** The matrix as an HTML table; each cell carries its state as a word and a class (never colour alone). */
export function overviewHtml(matrix: OverviewMatrix): SafeHtml {
  if (matrix.rows.length === 0) return html``;
  return html`<table class="overview">
<caption>Overview: case runs by area and dialect</caption>
<thead><tr><th scope="col">Area</th>${matrix.columns.map((column) => html`<th scope="col">${column.label}</th>`)}</tr></thead>
<tbody>
${matrix.rows.map(
  (row) => html`<tr><th scope="row">${row.label}</th>${row.cells.map(
    (cell) => html`<td class="cell-${cell.state}">${cell.state === 'none' ? '' : html`<span class="badge badge-${BADGE_CLASS[cell.state]}">${CELL_WORDS[cell.state]}</span> `}${cellText(cell)}</td>`,
  )}</tr>\n`,
)}</tbody>
</table>
`;
}

const BADGE_CLASS: Record<CellState, string> = { fail: 'fail', waived: 'waived', 'not-verified': 'skip', pass: 'pass', none: 'skip' };

/** The matrix as a Markdown table. */
export function overviewMarkdown(matrix: OverviewMatrix): string {
  if (matrix.rows.length === 0) return '';
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [
    '**Overview: case runs by area and dialect**',
    '',
    line(['Area', ...matrix.columns.map((column) => mdCell(column.label))]),
    line(['---', ...matrix.columns.map(() => '---')]),
    ...matrix.rows.map((row) => line([`**${mdCell(row.label)}**`, ...row.cells.map((cell) => (cell.state === 'none' ? '—' : `**${CELL_WORDS[cell.state]}** ${mdCell(cellText(cell))}`))])),
  ].join('\n');
}
