/**
 * `--format validator-json`: the SCIM Validator's tests as this run predicts them, in a file shaped after
 * the validator's downloadable `scim-results.json` as far as public copies show it. What the published
 * analyses of such files show (pranems/SCIMServer docs/archive/SCIM_VALIDATOR_RESULTS_26_ANALYSIS.md,
 * docs/SCIM_VALIDATOR_RESULTS_32_LEXMARK_ANALYSIS.md): a top-level `SFComplianceFailed` flag, a
 * correlation id, tests in a mandatory ("Category 0") and a preview ("Category 1") group, each with its
 * name, pass or fail, the HTTP status and the time. No copy of the raw file's keys is public, so apart from
 * `SFComplianceFailed` the key names here are this tool's own (docs/gallery.md says so too).
 */
import type { RunResult } from '../model/result.ts';
import { TOOL } from '../version.ts';
import { evaluateMicrosoftChecks, type JudgedTest } from './microsoft-checks.ts';

const RESULT_WORDS = { pass: 'Passed', fail: 'Failed', 'not-verified': 'NotVerified', 'not-verifiable': 'NotVerifiable', 'no-case': 'NotVerified' } as const;

function testEntry(test: JudgedTest, category: 0 | 1, run: RunResult): Record<string, unknown> {
  const results = run.cases.filter((result) => test.cases.includes(result.id));
  const last = results.flatMap((result) => result.exchanges).at(-1);
  return {
    category,
    categoryName: category === 0 ? 'Mandatory' : 'Preview',
    testName: test.name,
    result: RESULT_WORDS[test.status],
    ...(last?.response ? { httpStatus: last.response.status } : {}),
    timeMs: results.reduce((sum, result) => sum + result.durationMs, 0),
    cases: test.cases,
    details: test.detail,
  };
}

export function renderValidatorJson(run: RunResult): string {
  const checks = evaluateMicrosoftChecks(run);
  const mandatoryFailed = checks.validatorMandatory.some((test) => test.status === 'fail');
  const count = (tests: readonly JudgedTest[], status: JudgedTest['status']): number => tests.filter((test) => test.status === status).length;
  const file = {
    SFComplianceFailed: mandatoryFailed,
    correlationId: run.runId,
    predictedBy: `${TOOL.name} ${TOOL.version}: a prediction from the suite's cases, not a run of Microsoft's SCIM Validator`,
    endpoint: run.target.url,
    startedAt: run.startedAt,
    summary: {
      mandatory: { passed: count(checks.validatorMandatory, 'pass'), failed: count(checks.validatorMandatory, 'fail'), notVerified: count(checks.validatorMandatory, 'not-verified') + count(checks.validatorMandatory, 'no-case') },
      preview: { passed: count(checks.validatorPreview, 'pass'), failed: count(checks.validatorPreview, 'fail'), notVerified: count(checks.validatorPreview, 'not-verified') + count(checks.validatorPreview, 'no-case') },
    },
    tests: [...checks.validatorMandatory.map((test) => testEntry(test, 0, run)), ...checks.validatorPreview.map((test) => testEntry(test, 1, run))],
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}
