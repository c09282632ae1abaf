/**
 * `scim-conformance run`: resolves the configuration (flags over environment over `.env`), opens the target,
 * runs the suite, applies a baseline, writes reports and prints the summary. Returns the exit code.
 * Production safety lives in the runner (guard, ledger, sweep, pacing); this file wires the flags to it and
 * turns SIGINT/SIGTERM into "stop, clean up, report" (a second signal quits at once).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pc from 'picocolors';
import { loadConfig, loadEnvironmentFile, ConfigError } from '../config.ts';
import { newRunId } from '../data/test-data.ts';
import { ProfileInputError } from '../profiles/import/read-input.ts';
import { resolveProfile, type ResolvedProfile } from '../profiles/resolve-profile.ts';
import { applyBaseline, expiredWaivers, loadBaseline } from '../report/baseline.ts';
import { baselineFromRun, checkBaselineDestination, parseWaiverExpiry, writeBaseline } from '../report/baseline-writer.ts';
import { prepareReportDir } from '../report/report-dir.ts';
import { checkSelectors } from './list-command.ts';
import { baselineAnnotations } from './progress.ts';
import { REPORT_FORMATS, writeReports, type ReportFormat } from '../report/write-reports.ts';
import { PreflightError, plannedCases, runSuite } from '../runner/run-suite.ts';
import { openTarget } from '../runner/target.ts';
import { redactError, tokenRedactor } from '../safety/redact.ts';
import { TOOL } from '../version.ts';
import { stripBearerPrefix } from './bearer-prefix.ts';
import { EXIT, EXIT_SIGNAL } from './exit-codes.ts';
import { dryRun } from './dry-run.ts';
import { createProgress } from './progress.ts';
import { traceListener, traceSelection } from './trace.ts';
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
  readOnly?: boolean;
  rate?: string;
  concurrency?: string;
  ca?: string;
  trace?: string[];
  dryRun?: boolean;
  writeBaseline?: string;
  waiverExpires?: string;
}

/** Entra's provisioning service sends gallery apps at most about 25 requests per second. */
export const DEFAULT_REMOTE_RATE = 25;
const MAX_CONCURRENCY = 16;
/** Conventional shell codes for "ended by a signal" (128 + signal number). */

/** Flags become environment-style overrides, labelled with the flag's name for error messages. */
export function flagsToEnvironment(
  flags: RunFlags,
  env: NodeJS.ProcessEnv,
): { env: Record<string, string | undefined>; labels: Record<string, string>; warnings: string[] } {
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
  const warnings: string[] = [];
  const pasted = stripBearerPrefix(merged.SCIM_TOKEN, labels.SCIM_TOKEN ?? 'SCIM_TOKEN');
  if (pasted.warning !== undefined) {
    merged.SCIM_TOKEN = pasted.token;
    warnings.push(pasted.warning);
  }
  return { env: merged, labels, warnings };
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

/** `--rate`: requests per second, 0 meaning unpaced; the default depends on whether the target is remote. */
export function parseRate(value: string | undefined, embedded: boolean): number | undefined {
  if (value === undefined) return embedded ? undefined : DEFAULT_REMOTE_RATE;
  const rate = Number(value);
  if (value.trim() === '' || !Number.isFinite(rate) || rate < 0) {
    throw new ConfigError(`--rate must be a number of requests per second (0 for no pacing), got ${JSON.stringify(value)}`);
  }
  return rate === 0 ? undefined : rate;
}

export function parseConcurrency(value: string | undefined): number {
  if (value === undefined) return 1;
  const concurrency = Number(value);
  if (!/^\d+$/.test(value.trim()) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new ConfigError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${JSON.stringify(value)}`);
  }
  return concurrency;
}

/** `--ca FILE`: PEM certificate(s) trusted on top of the system roots and NODE_EXTRA_CA_CERTS. */
export function readCaFile(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`--ca ${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(`--ca ${file}: no PEM certificate in the file`);
  return pem;
}

export async function runCommand(flags: RunFlags): Promise<number> {
  loadEnvironmentFile();
  // A dry run sends nothing, so it needs no token: a placeholder lets the configuration check pass.
  const environment = flags.dryRun === true && !flags.token && !flags.tokenEnv && !process.env.SCIM_TOKEN?.trim() ? { ...process.env, SCIM_TOKEN: 'dry-run' } : process.env;
  const { env, labels, warnings } = flagsToEnvironment(flags, environment);
  for (const warning of warnings) process.stderr.write(`${warning}\n`);
  const config = loadConfig(env, labels);
  const resolved = resolveProfileOption(config.profileId, labels.SCIM_PROFILE ?? 'SCIM_PROFILE');
  const profile = resolved.profile;
  const formats = parseFormats(flags.format);
  const baseline = flags.baseline ? loadBaseline(flags.baseline) : undefined;
  const selection = { only: flags.only ?? [], skip: flags.skip ?? [] };
  checkSelectors(selection);
  const reportDir = prepareReportDir(config.reportDir, labels.SCIM_REPORT_DIR ?? 'SCIM_REPORT_DIR');
  for (const waiver of baseline ? expiredWaivers(baseline) : []) {
    process.stderr.write(`warning: ${baseline?.file}: the waiver for ${waiver.id}${waiver.dialect ? ` [${waiver.dialect}]` : ''} expired on ${waiver.expires}; it no longer applies (renew or remove it)\n`);
  }
  const readOnly = flags.readOnly ?? false;
  const planned = plannedCases(selection, config.dialects, readOnly, profile);
  if (planned.length === 0) {
    throw new ConfigError(`--only/--skip select no${readOnly ? ' GET-only' : ''} case that applies to profile ${profile.id}; see \`scim-conformance list\``);
  }
  const embedded = config.baseUrl === undefined;
  if (!embedded && /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*@/i.test(config.baseUrl ?? '')) {
    // Credentials in the URL would end up in logs and reports; the token is the only credential sent.
    throw new ConfigError(`${labels.SCIM_BASE_URL ?? 'SCIM_BASE_URL'} must not contain credentials (user:password@); pass the bearer token instead`);
  }
  const traced = traceSelection(flags.trace, planned);
  const waiverExpires = parseWaiverExpiry(flags.waiverExpires, flags.writeBaseline);
  if (flags.writeBaseline !== undefined) checkBaselineDestination(flags.writeBaseline, baseline?.file);
  if (flags.dryRun) return dryRun({ config, profile, plan: planned, selection, readOnly, out: process.stdout });
  const ratePerSecond = parseRate(flags.rate, embedded);
  const concurrency = parseConcurrency(flags.concurrency);
  const ca = readCaFile(flags.ca);

  const colorsOn = process.stdout.isTTY === true && !('NO_COLOR' in process.env);
  const colors = pc.createColors(colorsOn);
  const progress = createProgress({
    out: process.stdout,
    colors,
    githubActions: process.env.GITHUB_ACTIONS === 'true',
    total: planned.length,
  });

  const target = await openTarget(config);
  const redact = tokenRedactor([target.token]);
  const runId = newRunId();
  // Only a remote target needs a ledger on disk: the embedded server's state dies with this process.
  const ledgerFile = target.embedded ? undefined : join(reportDir, `ledger-${runId}.jsonl`);
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupt.signal.aborted) process.exit(EXIT_SIGNAL[signal] ?? 130);
    process.stderr.write(`\nInterrupted (${signal}): stopping, deleting what this run created and writing reports (${signal === 'SIGINT' ? 'press Ctrl-C again' : 'signal again'} to quit now)\n`);
    interrupt.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const pacing = ratePerSecond === undefined ? 'unpaced' : `${ratePerSecond} req/s`;
    process.stdout.write(
      `${TOOL.name} ${TOOL.version} | ${target.embedded ? 'embedded reference server' : target.baseUrl} | ` +
        `profile ${profile.id} (${resolved.hash}) | dialects ${config.dialects.join(', ')} | ${planned.length} cases${readOnly ? ' (read-only)' : ''} | ` +
        `${pacing}${concurrency > 1 ? `, ${concurrency} at a time` : ''} | seed ${config.seed}\n`,
    );
    let run = await runSuite({
      baseUrl: target.baseUrl,
      token: target.token,
      embedded: target.embedded,
      profile,
      profileHash: resolved.hash,
      dialects: config.dialects,
      timeoutMs: config.timeoutMs,
      seed: config.seed,
      runId,
      selection,
      strict: flags.strict ?? false,
      readOnly,
      concurrency,
      ...(ratePerSecond === undefined ? {} : { ratePerSecond }),
      ...(ca === undefined ? {} : { ca }),
      ...(ledgerFile === undefined ? {} : { ledgerFile }),
      signal: interrupt.signal,
      onCaseStart: (id, dialect) => progress.caseStarted(id, dialect),
      onCaseDone: (result) => progress.caseDone(result),
      ...(traced.size === 0 ? {} : { onExchange: traceListener(traced, process.stdout) }),
    });
    progress.finish();
    if (baseline) {
      run = applyBaseline(run, baseline);
      if (process.env.GITHUB_ACTIONS === 'true') for (const line of baselineAnnotations(run.cases)) process.stdout.write(`${line}\n`);
    }
    const files = writeReports(run, reportDir, formats);
    if (flags.writeBaseline !== undefined) {
      const written = baselineFromRun(run, { ...(waiverExpires === undefined ? {} : { expires: waiverExpires }), ...(baseline === undefined ? {} : { previous: baseline }) });
      writeBaseline(flags.writeBaseline, written, baseline?.file);
      files.push(`${resolve(flags.writeBaseline)} (baseline: ${written.waivers.length} waiver${written.waivers.length === 1 ? '' : 's'}; edit each reason to say why the deviation is accepted, then run with --baseline)`);
    }
    process.stdout.write(`${redact(renderSummary(run, files, colors))}\n${redact(afterword(run))}`);
    if (interrupt.signal.aborted) return EXIT_SIGNAL[String(interrupt.signal.reason)] ?? 130;
    return run.verdict.exitCode;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof PreflightError) throw error;
    throw redactError(error, redact);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await target.close();
  }
}

/** A profile file that cannot be read is a configuration error: one line, exit 2. */
function resolveProfileOption(value: string, name: string): ResolvedProfile {
  try {
    return resolveProfile(value);
  } catch (error) {
    if (error instanceof ProfileInputError) throw new ConfigError(`${name}: ${error.message}`);
    throw error;
  }
}

/** What the summary does not say: throttling, lost answers ridden out, the ledger, what to do about leftovers. */
function afterword(run: Awaited<ReturnType<typeof runSuite>>): string {
  const lines: string[] = [];
  if (run.summary.throttled) lines.push(`Throttled: the target answered 429/503 ${run.summary.throttled} time(s); Retry-After was honoured.`);
  if (run.network) lines.push(`Network: ${run.network.retried} request(s) sent again after no answer; ${run.network.recovered} lost answer(s) resolved by a lookup.`);
  if (run.leftovers.length === 0) {
    // Said in so many words: an admin pointing this at production wants to know nothing was left behind.
    lines.push(
      run.ledger
        ? `Cleanup: nothing this run created remains on the target (each object deleted, then checked by id and by filter). The ledger is kept for audit: ${run.ledger}`
        : `Cleanup: nothing this run created remains${run.target.embedded ? ' (embedded reference server)' : ' (the run created nothing)'}.`,
    );
  } else if (run.ledger) {
    lines.push(`Ledger: ${run.ledger}`);
  }
  if (run.leftovers.length > 0 && run.ledger) {
    lines.push(`To retry deleting the leftovers: ${TOOL.name} cleanup --ledger ${run.ledger} --token-env <VARIABLE>`);
  }
  return lines.map((line) => `${line}\n`).join('');
}
