/**
 * JUnit XML for CI. The four outcomes map one-to-one: fail → <failure>, error → <error>, skip → <skipped>.
 * Every testcase name begins with the case id, so a CI dashboard links straight back to the catalogue.
 */
import { createRequire } from 'node:module';
import type { Builder, TestCase } from 'junit-report-builder';
import { IMPACT_LABELS } from '../model/vocabulary.ts';
import type { CaseResult, RunResult } from '../model/result.ts';
import { specLabels } from './spec-links.ts';
import { failureList, refLabel } from './verdict.ts';

/** The verdict list a failure is in (verdict.ts), as the failure's `type`, so CI shows what the verdict block shows. */
const JUNIT_LIST_TYPES = { blocking: 'blocks Entra', warnings: 'warning', rfcOnly: 'RFC-only (no known Entra impact)', waived: 'waived' } as const;

// The package is CommonJS: required rather than imported, it skips the ES module loader's export scan
// (start-up time). `module.exports` is the builder itself, whatever its typings call a default export.
const junit = createRequire(import.meta.url)('junit-report-builder') as Builder;

export function renderJunit(run: RunResult): string {
  const builder = junit.newBuilder();
  // A security finding leads its case's failure message, so a CI dashboard shows it first (no extra testcase: same counts).
  const security = new Map((run.verdict.security ?? []).map((finding) => [`${finding.id} ${finding.dialect}`, finding]));
  const { counts } = run.verdict;
  const areas = [...new Set(run.cases.map((result) => result.area))];
  for (const area of areas) {
    const suite = builder.testSuite().name(`scim-conformance.${area}`);
    // The verdict's own counts (verdict.ts), so a CI dashboard reads the same numbers as the reports.
    suite
      .property('verdict', run.verdict.entra)
      .property('verdict.headline', run.verdict.headline)
      .property('verdict.failing', String(counts.failing))
      .property('verdict.blocking', String(counts.blocking))
      .property('verdict.warnings', String(counts.warnings))
      .property('verdict.rfcOnly', String(counts.rfcOnly))
      .property('verdict.waived', String(counts.waived))
      .property('verdict.unverified', String(counts.unverified))
      // Opt-in checks a full run left out: not test cases of this run, so named here rather than counted as skipped.
      .property('verdict.notRun', (run.verdict.notRun ?? []).map(refLabel).join(' '))
      .property('verdict.exitCode', String(run.verdict.exitCode));
    for (const result of run.cases.filter((candidate) => candidate.area === area)) {
      const testCase = suite
        .testCase()
        .className(`scim-conformance.${area}`)
        .name(testCaseName(result))
        .time(result.durationMs / 1000);
      if (result.waiver?.stale) {
        // A waiver for a case that passes now must be removed, or the baseline rots: that fails CI.
        testCase.failure(`stale waiver: the case passes now; remove it from the baseline (${result.waiver.reason})`, 'stale waiver');
      } else if (result.waiver) {
        // A waived deviation is known and accepted: CI must not fail on it, and the skip message says why
        // (CI dashboards show the message attribute, not system-out).
        skipWithMessage(testCase, `waived: ${result.waiver.reason}`);
        testCase.standardOutput(`WAIVED by the baseline: ${result.waiver.reason}\n${describeForCi(result)}`);
        continue;
      }
      const finding = security.get(`${result.id} ${result.dialect}`);
      if (result.status === 'fail' && finding !== undefined) testCase.failure(`SECURITY FINDING (${finding.severity}): ${finding.title}. ${result.reason ?? ''}`, 'security finding');
      else if (result.status === 'fail') testCase.failure(result.reason, `${result.level} failure, ${JUNIT_LIST_TYPES[failureList(result, run.strict)]}`);
      if (result.status === 'error') testCase.error(result.reason, 'error');
      if (result.status === 'skip') skipWithMessage(testCase, result.reason ?? 'skipped');
      if (result.status !== 'pass') testCase.standardOutput(describeForCi(result));
    }
  }
  return builder.build();
}

/** The element a built testcase hands back (xmlbuilder's XMLElement, the part used here). */
interface BuiltElement {
  children: { name?: string; att(name: string, value: string): unknown }[];
}

/**
 * `<skipped message="…"/>`: JUnit's skipped element carries its reason in `message`, which CI dashboards
 * show; junit-report-builder 5 writes a bare `<skipped/>`, so this one test case adds the attribute to the
 * element the library builds.
 */
function skipWithMessage(testCase: TestCase, message: string): void {
  testCase.skipped();
  const build = testCase.build.bind(testCase) as (parent: unknown) => BuiltElement;
  (testCase as unknown as { build: (parent: unknown) => BuiltElement }).build = (parent) => {
    const element = build(parent);
    element.children.find((child) => child.name === 'skipped')?.att('message', message);
    return element;
  };
}

export function testCaseName(result: CaseResult): string {
  const dialect = result.dialect === 'any' ? '' : ` [${result.dialect}]`;
  return `${result.id}${dialect} ${result.name}`;
}

/** What a CI log shows under a non-passing case: the reason and the last exchange, already redacted. */
function describeForCi(result: CaseResult): string {
  const lines = [`${result.status.toUpperCase()}: ${result.reason ?? ''}`, `spec: ${specLabels(result.spec)}`];
  if (result.status !== 'skip') lines.push(`Entra impact (${IMPACT_LABELS[result.impact.kind]}): ${result.impact.text}`);
  lines.push(`RFC keyword: ${result.keyword.word} (${result.keyword.source})`);
  if (result.identity) lines.push(`fails for: ${result.identity.label}`);
  if (result.rootCase) lines.push(`root case: ${result.rootCase}`);
  for (const fallback of result.fallbacks ?? []) lines.push(`fallback: ${fallback}`);
  const last = result.exchanges.at(-1);
  if (last) {
    lines.push(`last request: ${last.request.method} ${last.request.url}`);
    if (last.response) lines.push(`response: ${last.response.status} ${last.response.body.slice(0, 2000)}`);
    if (last.error) lines.push(`transport: ${last.error}`);
  }
  return lines.join('\n');
}
