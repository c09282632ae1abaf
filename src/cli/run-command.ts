/**
 * `scim-conformance run`: resolves the configuration (flags over environment over `.env`), opens the target,
 * runs the suite, applies a baseline, writes reports and prints the summary. Returns the exit code.
 */
import pc from 'picocolors';
import { catalogue, planRuns, selectCases } from '../cases/catalogue.ts';
import { loadConfig, loadEnvironmentFile, ConfigError } from '../config.ts';
import { loadProfile } from '../profiles/profile.ts';
import { applyBaseline, loadBaseline } from '../report/baseline.ts';
import { REPORT_FORMATS, writeReports, type ReportFormat } from '../report/write-reports.ts';
import { runSuite } from '../runner/run-suite.ts';
import { openTarget } from '../runner/target.ts';
import { TOOL } from '../version.ts';
import { EXIT } from './exit-codes.ts';
import { createProgress } from './progress.ts';
import { renderSummary } from './summary.ts';

export interface RunFlags {
  baseUrl?: string;
  token?: string;
  tokenEnv?: string;
  profile?: string;
  dialect?: string;
  only?: string[];
  skip?: string[];
  strict?: boolean;
  reportDir?: string;
  baseline?: string;
  format?: string;
  timeout?: string;
  seed?: string;
}

/** Flags become environment-style overrides, labelled with the flag's name for error messages. */
export function flagsToEnvironment(flags: RunFlags, env: NodeJS.ProcessEnv): { env: Record<string, string | undefined>; labels: Record<string, string> } {
  const merged: Record<string, string | undefined> = { ...env };
  const labels: Record<string, string> = {};
  const set = (variable: string, value: string | undefined, flag: string): void => {
    if (value === undefined) return;
    merged[variable] = value;
    labels[variable] = flag;
  };
  set('SCIM_BASE_URL', flags.baseUrl, '--base-url');
  if (flags.tokenEnv !== undefined) {
    const fromVariable = env[flags.tokenEnv];
    if (fromVariable === undefined || fromVariable.trim() === '') {
      throw new ConfigError(`--token-env ${flags.tokenEnv}: the environment variable ${flags.tokenEnv} is not set`);
    }
    set('SCIM_TOKEN', fromVariable, `--token-env ${flags.tokenEnv}`);
  }
  set('SCIM_TOKEN', flags.token, '--token');
  set('SCIM_PROFILE', flags.profile, '--profile');
  set('SCIM_DIALECTS', flags.dialect, '--dialect');
  set('SCIM_REPORT_DIR', flags.reportDir, '--report-dir');
  set('SCIM_TIMEOUT_MS', flags.timeout, '--timeout');
  set('SCIM_SEED', flags.seed, '--seed');
  return { env: merged, labels };
}

export function parseFormats(value: string | undefined): ReportFormat[] {
  if (value === undefined) return [...REPORT_FORMATS];
  const requested = value.split(',').map((part) => part.trim().toLowerCase()).filter(Boolean);
  const unknown = requested.filter((part) => !(REPORT_FORMATS as readonly string[]).includes(part));
  if (requested.length === 0 || unknown.length > 0) {
    throw new ConfigError(`--format must be a comma-separated list of ${REPORT_FORMATS.join(', ')}; got ${JSON.stringify(value)}`);
  }
  return REPORT_FORMATS.filter((format) => requested.includes(format));
}

export async function runCommand(flags: RunFlags): Promise<number> {
  loadEnvironmentFile();
  const { env, labels } = flagsToEnvironment(flags, process.env);
  const config = loadConfig(env, labels);
  const profile = loadProfile(config.profileId);
  const formats = parseFormats(flags.format);
  const baseline = flags.baseline ? loadBaseline(flags.baseline) : undefined;
  const selection = { only: flags.only ?? [], skip: flags.skip ?? [] };
  const planned = planRuns(selectCases(catalogue, selection), config.dialects);
  if (planned.length === 0) throw new ConfigError('--only/--skip select no case; see `scim-conformance list`');

  const colorsOn = process.stdout.isTTY === true && !('NO_COLOR' in process.env);
  const colors = pc.createColors(colorsOn);
  const progress = createProgress({
    out: process.stdout,
    colors,
    githubActions: process.env.GITHUB_ACTIONS === 'true',
    total: planned.length,
  });

  const target = await openTarget(config);
  const interrupt = new AbortController();
  const onSignal = (): void => {
    if (interrupt.signal.aborted) process.exit(130);
    process.stderr.write('\nInterrupted: finishing the current case and deleting what this run created (press Ctrl-C again to quit now)\n');
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    process.stdout.write(
      `${TOOL.name} ${TOOL.version} | ${target.embedded ? 'embedded reference server' : target.baseUrl} | ` +
        `profile ${profile.id} | dialects ${config.dialects.join(', ')} | ${planned.length} cases | seed ${config.seed}\n`,
    );
    let run = await runSuite({
      baseUrl: target.baseUrl,
      token: target.token,
      embedded: target.embedded,
      profile,
      dialects: config.dialects,
      timeoutMs: config.timeoutMs,
      seed: config.seed,
      selection,
      strict: flags.strict ?? false,
      signal: interrupt.signal,
      onCaseStart: (id, dialect) => progress.caseStarted(id, dialect),
      onCaseDone: (result) => progress.caseDone(result),
    });
    progress.finish();
    if (baseline) run = applyBaseline(run, baseline);
    const files = writeReports(run, config.reportDir, formats);
    process.stdout.write(`${renderSummary(run, files, colors)}\n`);
    return run.conformant ? EXIT.conformant : EXIT.nonConformant;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await target.close();
  }
}
