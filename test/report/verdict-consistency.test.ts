/**
 * One source of truth for the verdict's numbers: over generated result sets (any mix of levels, impacts,
 * keywords, outcomes, dialects, waivers and stale waivers, strict or not), every failing case run is named in
 * exactly one verdict list, and the terminal summary, Markdown, HTML, JUnit and results.json all show the
 * verdict model's counts and the same ids in the same lists.
 */
import fc from 'fast-check';
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { renderSummary } from '../../src/cli/summary.ts';
import type { CaseRef, CaseResult, RunResult } from '../../src/model/result.ts';
import { IMPACT_KINDS, LEVELS, type Dialect, type EntraImpactKind, type Level } from '../../src/model/vocabulary.ts';
import { renderCertificationHtml } from '../../src/report/certification-html.ts';
import { renderCertificationMarkdown } from '../../src/report/certification-markdown.ts';
import { renderJunit } from '../../src/report/junit.ts';
import { renderResultsJson } from '../../src/report/results-format.ts';
import { failureList, refDecidesEntra, refLabel, verdictLists } from '../../src/report/verdict.ts';
import { caseResult, runResult } from './helpers.ts';

interface Spec {
  dialect: Dialect | 'any';
  level: Level;
  status: CaseResult['status'];
  impact: EntraImpactKind;
  rfcKeyword: boolean;
  waiver: 'none' | 'waived';
}

const specArbitrary: fc.Arbitrary<Spec> = fc.record({
  dialect: fc.constantFrom<Dialect | 'any'>('any', 'legacy', 'compliant'),
  level: fc.constantFrom(...LEVELS),
  status: fc.constantFrom<CaseResult['status']>('pass', 'fail', 'fail', 'error', 'skip'),
  impact: fc.constantFrom(...IMPACT_KINDS),
  rfcKeyword: fc.boolean(),
  waiver: fc.constantFrom<Spec['waiver']>('none', 'none', 'waived'),
});

/** Case runs with distinct (id, dialect): a case id per spec, its dialect as generated. */
/** Opt-in case runs a full run left out (verdict.notRun): any level and impact. */
const notRunArbitrary = fc.array(fc.record({ level: fc.constantFrom(...LEVELS), impact: fc.constantFrom(...IMPACT_KINDS) }), { maxLength: 2 });

const runArbitrary = fc.record({ specs: fc.array(specArbitrary, { maxLength: 25 }), strict: fc.boolean(), notRun: notRunArbitrary }).map(({ specs, strict, notRun }) => {
  const cases = specs.map((spec, index) =>
    caseResult({
      id: `GEN-${String(index + 1).padStart(2, '0')}`,
      name: `${spec.level} generated check ${index + 1}`,
      level: spec.level,
      dialect: spec.dialect,
      status: spec.status,
      ...(spec.status === 'pass' ? {} : { reason: `reason ${index + 1}` }),
      keyword: { word: spec.level === 'MUST' ? 'MUST' : spec.level, source: spec.rfcKeyword ? 'RFC7644-3.4.2' : 'ENTRA-ED-SCIM' },
      impact: { kind: spec.impact, text: `impact ${index + 1}.`, ...(spec.impact === 'unknown' ? {} : { source: 'ENTRA-ED-LOGS' }) },
      // A waiver on a passing case is stale; on any other outcome it waives.
      ...(spec.waiver === 'waived' ? { waiver: spec.status === 'pass' ? { reason: `w${index + 1}`, stale: true } : { reason: `w${index + 1}` } } : {}),
      exchanges: [],
    }),
  );
  const optIns = notRun.map((spec, index): CaseRef => ({ id: `OPT-${index + 1}`, dialect: 'any', level: spec.level, status: 'skip', impact: spec.impact, reason: `opt-in ${index + 1}` }));
  return runResult(cases, { strict, baseline: 'baseline.json' }, optIns);
});

const labels = (run: RunResult, key: string): string[] => verdictLists(run.verdict).find((list) => list.key === key)!.refs.map(refLabel).sort();

describe('the verdict model is the one source of every count', () => {
  it('names every failing case run in exactly one list, and its counts add up', () => {
    fc.assert(
      fc.property(runArbitrary, (run) => {
        const v = run.verdict;
        const failing = run.cases.filter((result) => result.status === 'fail');
        const named = [...v.blocking, ...v.warnings, ...v.rfcOnly, ...v.waived.filter((ref) => ref.status === 'fail')].map(refLabel).sort();
        expect(named).toEqual(failing.map(refLabel).sort());
        expect(new Set(named).size).toBe(named.length);
        for (const result of failing) expect(failureList(result, run.strict)).toBeDefined();
        expect(v.counts.failing).toBe(v.counts.blocking + v.counts.warnings + v.counts.rfcOnly + v.counts.waivedFailing);
        expect(v.counts.failing).toBe(run.summary.fail);
        expect(v.counts.total.total).toBe(run.cases.length);
        for (const level of LEVELS) expect(v.counts.byLevel[level]).toMatchObject(run.summary.byLevel[level]);
        // Every non-passing case run is either in a verdict list or waived: nothing hidden.
        const nonPassing = run.cases.filter((result) => result.status !== 'pass').map(refLabel).sort();
        const listed = [...v.blocking, ...v.warnings, ...v.rfcOnly, ...v.waived, ...v.unverified, ...v.otherUnverified].map(refLabel).sort();
        expect(listed).toEqual(nonPassing);
        // An opt-in check left out is named as not run, never counted as a case run; one that decides readiness means never Ready.
        expect(v.notRun?.map(refLabel)).toEqual(v.notRun?.map((ref) => ref.id));
        expect(v.counts.notRun).toBe(v.notRun?.length);
        const decidingNotRun = (v.notRun ?? []).some((ref) => refDecidesEntra(ref, run.strict));
        if (decidingNotRun) expect(v.entra).not.toBe('ready');
        // A MUST failure with no known Entra impact is an RFC-only finding (issue 19: USR-LIST-02).
        for (const result of failing.filter((r) => !r.waiver && r.level === 'MUST' && r.impact.kind === 'none-known')) {
          expect(v.rfcOnly.map(refLabel)).toContain(refLabel(result));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('every renderer shows the same lists, ids and counts', () => {
    fc.assert(
      fc.property(runArbitrary, (run) => {
        const v = run.verdict;
        const terminal = renderSummary(run, [], pc.createColors(false));
        const markdown = renderCertificationMarkdown(run);
        const html = renderCertificationHtml(run);
        const junit = renderJunit(run);
        const json = JSON.parse(renderResultsJson(run)) as RunResult;

        expect(json.verdict.counts).toEqual(v.counts);
        for (const list of verdictLists(v, run.baseline)) {
          const ids = list.refs.map(refLabel);
          expect((json.verdict[list.key] ?? []).map(refLabel)).toEqual(ids);
          if (ids.length === 0) {
            expect(terminal).not.toContain(`${list.title} (`);
            expect(markdown).not.toContain(`**${list.title} (`);
            continue;
          }
          expect(listItems(terminal, `${list.title} (${ids.length}):`, /^ {2}\S+\s+(\S+(?: \[\w+\])?) \(/)).toEqual(ids);
          expect(listItems(markdown.replace(/\\([[\]])/g, '$1'), `**${list.title} (${ids.length})**`, /^- (\S+(?: \[\w+\])?) \(/)).toEqual(ids);
          expect(htmlListItems(html, list.title, ids.length)).toEqual(ids);
        }
        // Tallies by level: the terminal line, the Markdown and HTML tables.
        for (const level of LEVELS) {
          const c = v.counts.byLevel[level];
          if (c.total > 0) expect(terminal).toContain(`${level.padEnd(6)} ${c.pass} passed, ${c.fail} failed, ${c.error} errors, ${c.skip} skipped`);
          expect(markdown).toContain(`| ${level} | ${c.total} | ${c.pass} | ${c.fail} | ${c.error} | ${c.skip} | ${c.waived} |`);
          expect(html).toContain(`<th scope="row">${level}</th>${[c.total, c.pass, c.fail, c.error, c.skip, c.waived].map((n) => `<td class="num">${n}</td>`).join('')}`);
        }
        // Root causes: the same count everywhere.
        if (v.counts.rootCauses > 0) {
          expect(terminal).toContain(`Failures by root cause (${v.counts.rootCauses} causes, ${v.counts.failing} failing checks):`);
          expect(markdown).toContain(`## What to fix, by root cause (${v.counts.rootCauses})`);
          expect(html).toContain(`What to fix, by root cause (${v.counts.rootCauses})`);
        }
        // JUnit: the verdict's counts as properties, and each unwaived failure typed with its list.
        for (const key of ['failing', 'blocking', 'warnings', 'rfcOnly', 'waived', 'unverified'] as const) {
          if (run.cases.length > 0) expect(junit).toContain(`<property name="verdict.${key}" value="${v.counts[key]}"/>`);
        }
        if (run.cases.length > 0) expect(junit).toContain(`<property name="verdict.notRun" value="${(v.notRun ?? []).map(refLabel).join(' ')}"/>`);
        const junitTypes = { blocking: 'blocks Entra', warnings: 'warning', rfcOnly: 'RFC-only (no known Entra impact)' } as const;
        for (const key of ['blocking', 'warnings', 'rfcOnly'] as const) {
          const typed = [...junit.matchAll(/<testcase [^>]*name="(GEN-\d+(?: \[\w+\])?) [^"]*"[^>]*>\s*<failure [^>]*type="\w+ failure, ([^"]+)"/g)]
            .filter((match) => match[2] === junitTypes[key])
            .map((match) => match[1]);
          expect(typed.sort()).toEqual(v[key].map(refLabel).sort());
        }
        expect(labels(run, 'blocking')).toEqual(v.blocking.map(refLabel).sort());
      }),
      { numRuns: 150 },
    );
  });
});

/** The case labels of the lines under a heading, up to the first blank line. */
function listItems(text: string, heading: string, item: RegExp): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.includes(heading));
  expect(start, `heading ${heading}`).toBeGreaterThanOrEqual(0);
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') {
      if (out.length === 0) continue;
      break;
    }
    const match = item.exec(line);
    if (match) out.push(match[1]!);
  }
  return out;
}

function htmlListItems(html: string, title: string, count: number): string[] {
  const escaped = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  const start = html.indexOf(`<h3>${escaped} (${count})</h3>`);
  expect(start, `HTML heading ${title}`).toBeGreaterThanOrEqual(0);
  const list = html.slice(start, html.indexOf('</ul>', start));
  return [...list.matchAll(/<li>(\S+(?: \[\w+\])?) \(/g)].map((match) => match[1]!);
}
