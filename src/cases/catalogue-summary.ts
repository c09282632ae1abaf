/**
 * The catalogue's counts as docs/cases.md shows them (per area and level, per dialect scope, case runs per
 * profile), generated so the page cannot drift: `npm run catalogue` writes them between markers and a
 * test fails when the committed page differs.
 */
import { listProfileIds, loadProfile } from '../profiles/profile.ts';
import { applicableCases, catalogue, planRuns, selectCases } from './catalogue.ts';
import { AREAS, DIALECTS, IMPACT_KINDS, IMPACT_LABELS, LEVELS, type ConformanceCase } from './types.ts';

export const CATALOGUE_MARKERS = { start: '<!-- catalogue:start (npm run catalogue) -->', end: '<!-- catalogue:end -->' };

export function renderCatalogueSummary(cases: readonly ConformanceCase[] = catalogue): string {
  const count = (predicate: (testCase: ConformanceCase) => boolean): number => cases.filter(predicate).length;
  const lines = [
    `${cases.length} cases. Per area and level:`,
    '',
    `| Area | ${LEVELS.join(' | ')} | All |`,
    `| --- | ${LEVELS.map(() => '---').join(' | ')} | --- |`,
    ...AREAS.map((area) => `| ${area} | ${LEVELS.map((level) => count((c) => c.area === area && c.level === level)).join(' | ')} | ${count((c) => c.area === area)} |`),
    `| **all** | ${LEVELS.map((level) => count((c) => c.level === level)).join(' | ')} | ${cases.length} |`,
    '',
    `Dialect scope: ${count((c) => c.dialects === 'once')} run once, ${count((c) => c.dialects === 'each')} once per dialect, ${DIALECTS.map((d) => `${count((c) => c.dialects === d)} only in the ${d} dialect`).join(', ')}.`,
    `Entra impact: ${IMPACT_KINDS.map((kind) => `${count((c) => c.impact.kind === kind)} ${IMPACT_LABELS[kind]}`).join('; ')}.`,
    `RFC keyword from an RFC: ${count((c) => c.keyword.source.startsWith('RFC'))}; from a Microsoft page or capture: ${count((c) => !c.keyword.source.startsWith('RFC'))}.`,
    '',
    'Case runs of a full run (both dialects), per profile: ' +
      listProfileIds()
        .map((id) => `${id} ${planRuns(applicableCases(selectCases(cases), loadProfile(id)), DIALECTS).length}`)
        .join(', ') +
      '.' +
      (count((c) => c.optIn !== undefined) > 0 ? ` Opt-in (always run against the embedded server; against a target only with \`--with-opt-in\` or when \`--only\` names them, and a full run without them is Incomplete): ${cases.filter((c) => c.optIn !== undefined).map((c) => c.id).join(', ')}.` : ''),
  ];
  return lines.join('\n');
}

/** `text` with the block between `markers` replaced by `block`; throws when the markers are missing. */
export function replaceBetween(text: string, markers: { start: string; end: string }, block: string): string {
  const start = text.indexOf(markers.start);
  const end = text.indexOf(markers.end);
  if (start === -1 || end < start) throw new Error(`markers ${markers.start} … ${markers.end} not found`);
  return `${text.slice(0, start + markers.start.length)}\n${block}\n${text.slice(end)}`;
}

export function blockBetween(text: string, markers: { start: string; end: string }): string | undefined {
  const start = text.indexOf(markers.start);
  const end = text.indexOf(markers.end);
  return start === -1 || end < start ? undefined : text.slice(start + markers.start.length, end).trim();
}
