/**
 * The step the GitHub Action (action.yml) runs: the `run` command with the action's inputs, then the job
 * summary and the step outputs from its results.json, then the job's exit code under `fail-on`. The inputs
 * arrive as environment variables (action.yml maps them), never spliced into a script: a value is data.
 * The command's own output (progress, annotations, summary) goes straight to the log.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readResults, ResultsFileError, type ResultsFile } from '../report/results-format.ts';
import { renderJobSummary, renderNoResultSummary } from './job-summary.ts';

export const FAIL_ON = ['not-ready', 'incomplete', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** What each exit code of `run` means (docs/reports.md "Exit codes"), for a summary that has no verdict to show. */
const EXIT_MEANING: Record<number, string> = {
  2: 'usage or configuration error',
  3: 'target unreachable, not a SCIM endpoint, or credentials rejected',
  130: 'interrupted',
  143: 'interrupted',
};

/**
 * The job's exit code. `not-ready` (the default) fails the job on Not ready and on any run that could not
 * judge (2, 3, a signal); an Incomplete run (4) passes with a warning. `incomplete` fails on Incomplete as
 * well. `never` always passes (the outputs still tell). A waived deviation exits 0 from `run` itself.
 */
export function jobExitCode(runExit: number, failOn: FailOn): number {
  if (failOn === 'never' || runExit === 0) return 0;
  if (runExit === 4) return failOn === 'incomplete' ? 4 : 0;
  return runExit;
}

export function parseFailOn(value: string | undefined): FailOn | undefined {
  const text = (value ?? '').trim() || 'not-ready';
  return (FAIL_ON as readonly string[]).includes(text) ? (text as FailOn) : undefined;
}

/** The `run` arguments for the inputs that are flags; the others are the command's own SCIM_* variables. */
export function runArguments(env: NodeJS.ProcessEnv, reportDir: string): string[] {
  const args = ['run', '--report-dir', reportDir];
  const flag = (name: string, value: string | undefined): void => {
    if (value !== undefined && value.trim() !== '') args.push(name, value.trim());
  };
  flag('--baseline', env.INPUT_BASELINE);
  if (env.INPUT_WITH_OPT_IN?.trim() === 'true') args.push('--with-opt-in');
  // OAuth client credentials (issue 20): the secret travels as SCIM_CLIENT_SECRET, never as a flag.
  flag('--token-url', env.INPUT_TOKEN_URL);
  flag('--client-id', env.INPUT_CLIENT_ID);
  flag('--scope', env.INPUT_SCOPE);
  return args;
}

/** `node dist/cli.js` when built; from a source checkout (the tests), `src/cli.ts` through tsx. */
function cliCommand(): string[] {
  const fromSource = import.meta.url.endsWith('.ts');
  const cli = fileURLToPath(new URL(fromSource ? '../cli.ts' : '../cli.js', import.meta.url));
  return fromSource ? ['--import', import.meta.resolve('tsx'), cli] : [cli];
}

function runTheCommand(args: string[]): Promise<{ code: number; lastError: string | undefined }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [...cliCommand(), ...args], { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      stderr += chunk.toString();
    });
    child.on('close', (code, signal) => {
      const lastError = stderr.trim().split('\n').at(-1);
      done({ code: code ?? (signal === 'SIGTERM' ? 143 : 130), lastError: lastError === '' ? undefined : lastError });
    });
  });
}

/** The report files this run wrote (a reused folder may hold older ones). */
function filesWrittenSince(folder: string, started: number): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && statSync(join(folder, entry.name)).mtimeMs >= started - 1000)
    .map((entry) => entry.name)
    .sort();
}

/** A step output in GITHUB_OUTPUT's file format (a delimited block, so any value is safe). */
function outputBlock(name: string, value: string): string {
  const delimiter = `scim_conformance_${name.replace(/\W/g, '_')}_end`;
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

export async function actionStep(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const failOn = parseFailOn(env.INPUT_FAIL_ON);
  if (failOn === undefined) {
    process.stderr.write(`configuration error: fail-on must be one of ${FAIL_ON.join(', ')}; got ${JSON.stringify(env.INPUT_FAIL_ON)}\n`);
    return 2;
  }
  const reportDir = resolve(env.INPUT_REPORT_DIR?.trim() || 'scim-reports');
  const started = Date.now();
  const { code, lastError } = await runTheCommand(runArguments(env, reportDir));

  // A results.json older than this run (a reused folder on a self-hosted runner) is not this run's verdict.
  const resultsFile = join(reportDir, 'results.json');
  const fresh = existsSync(resultsFile) && statSync(resultsFile).mtimeMs >= started - 1000;
  let run: ResultsFile | undefined;
  let unreadable: string | undefined;
  try {
    run = fresh ? readResults(resultsFile) : undefined;
  } catch (error) {
    unreadable = error instanceof ResultsFileError ? error.message : String(error);
  }
  const artifactName = env.INPUT_UPLOAD_REPORTS === 'false' ? undefined : env.INPUT_ARTIFACT_NAME?.trim() || 'scim-conformance-reports';
  const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  const summary = run
    ? renderJobSummary(run, { reportDir, files: filesWrittenSince(reportDir, started), ...(artifactName === undefined ? {} : { artifactName }), ...(runUrl === undefined ? {} : { runUrl }) })
    : renderNoResultSummary(code, unreadable ?? lastError, EXIT_MEANING[code] ?? 'the run ended without a results.json');
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, summary);

  const jobExit = jobExitCode(code, failOn);
  if (code === 4 && jobExit === 0) process.stdout.write(`::warning title=scim-conformance::${run?.verdict.headline ?? 'Incomplete'} (passes under fail-on: ${failOn})\n`);
  if (env.GITHUB_OUTPUT) {
    appendFileSync(
      env.GITHUB_OUTPUT,
      [
        outputBlock('verdict', run?.verdict.entra ?? 'none'),
        outputBlock('headline', run?.verdict.headline ?? `no verdict (exit code ${code})`),
        outputBlock('exit-code', String(code)),
        outputBlock('report-dir', reportDir),
        outputBlock('job-exit-code', String(jobExit)),
      ].join(''),
    );
  }
  return 0;
}

// Run as a script (node dist/ci/action-step.js), not when imported by a test.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await actionStep();
}
