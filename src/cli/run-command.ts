/**
 * `scim-conformance run`: maps the flags (over the environment over `.env`) to one Connection and one Plan
 * (src/config.ts), runs the suite, applies a baseline, writes reports and prints the summary. Returns the exit code.
 * Production safety lives in the runner (guard, ledger, sweep, pacing); this file wires the flags to it and
 * turns SIGINT/SIGTERM into "stop, clean up, report" (a second signal quits at once).
 */
import { join, resolve } from 'node:path';
import pc from 'picocolors';
import { configure, ConfigError } from '../config.ts';
import { loadEnvironmentFile, readCommandLine, type CommandLineFlags } from '../config/command-line.ts';
import { applyBaseline, expiredWaivers, loadBaseline, waiverReasonFor } from '../report/baseline.ts';
import type { CaseResult } from '../model/result.ts';
import { baselineFromRun, checkBaselineDestination, parseWaiverExpiry, writeBaseline } from '../report/baseline-writer.ts';
import { prepareReportDir } from '../report/report-dir.ts';
import { baselineAnnotations } from './progress.ts';
import { ALL_REPORT_FORMATS, REPORT_FORMATS, writeReports, type ReportFormat } from '../report/write-reports.ts';
import { recordExchanges } from '../report/run-har.ts';
import type { ExchangeListener } from '../runner/exchange-events.ts';
import type { Connection, Plan } from '../runner/run-input.ts';
import { PreflightError, runSuite } from '../runner/run-suite.ts';
import { redactError } from '../safety/redact.ts';
import { TOOL } from '../version.ts';
import { EXIT_SIGNAL } from './exit-codes.ts';
import { listenForInterrupt } from './interrupt.ts';
import { dryRun } from './dry-run.ts';
import { createProgress } from './progress.ts';
import { traceListener, traceSelection } from './trace.ts';
import { renderSummary } from './summary.ts';

export interface RunFlags extends CommandLineFlags {
  baseline?: string;
  format?: string;
  trace?: string[];
  writeBaseline?: string;
  waiverExpires?: string;
}

export function parseFormats(value: string | undefined): ReportFormat[] {
  if (value === undefined) return [...REPORT_FORMATS];
  const requested = value.split(',').map((part) => part.trim().toLowerCase()).filter(Boolean);
  const unknown = requested.filter((part) => !(ALL_REPORT_FORMATS as readonly string[]).includes(part));
  if (requested.length === 0 || unknown.length > 0) {
    throw new ConfigError(`--format must be a comma-separated list of ${ALL_REPORT_FORMATS.join(', ')}; got ${JSON.stringify(value)}`);
  }
  return ALL_REPORT_FORMATS.filter((format) => requested.includes(format));
}

export async function runCommand(flags: RunFlags): Promise<number> {
  loadEnvironmentFile();
  const commandLine = readCommandLine(flags);
  for (const warning of commandLine.warnings) process.stderr.write(`${warning}\n`);
  const { connection, plan } = configure(commandLine.settings, commandLine.names);
  const formats = parseFormats(flags.format);
  const baseline = flags.baseline ? loadBaseline(flags.baseline) : undefined;
  const reportDir = prepareReportDir(commandLine.reportDir, flags.reportDir === undefined ? 'SCIM_REPORT_DIR' : '--report-dir');
  for (const waiver of baseline ? expiredWaivers(baseline) : []) {
    process.stderr.write(`warning: ${baseline?.file}: the waiver for ${waiver.id}${waiver.dialect ? ` [${waiver.dialect}]` : ''} expired on ${waiver.expires}; it no longer applies (renew or remove it)\n`);
  }
  if (plan.cases.length === 0) {
    throw new ConfigError(`--only/--skip select no${plan.mode.readOnly ? ' GET-only' : ''} case that applies to profile ${plan.profile.id}; see \`scim-conformance list\``);
  }
  const traced = traceSelection(flags.trace, plan.cases);
  const waiverExpires = parseWaiverExpiry(flags.waiverExpires, flags.writeBaseline);
  if (flags.writeBaseline !== undefined) checkBaselineDestination(flags.writeBaseline, baseline?.file);
  if (plan.mode.dryRun) return dryRun({ connection, plan, out: process.stdout });

  const colorsOn = process.stdout.isTTY === true && !('NO_COLOR' in process.env);
  const colors = pc.createColors(colorsOn);
  const progress = createProgress({
    out: process.stdout,
    colors,
    githubActions: process.env.GITHUB_ACTIONS === 'true',
    total: plan.cases.length,
    ...(baseline === undefined ? {} : { waiverFor: (result: CaseResult) => waiverReasonFor(baseline, result) }),
  });

  const { redact } = connection;
  // Only a remote target needs a ledger on disk: the embedded server's state dies with this process.
  const ledger = connection.embedded ? undefined : join(reportDir, `ledger-${plan.runId}.jsonl`);
  const interrupt = listenForInterrupt('reports');
  // The HAR holds every exchange (preflight and cleanup too), so it listens to the runner's exchange events.
  const recorder = formats.includes('har') ? recordExchanges() : undefined;
  const listeners = [...(traced.size === 0 ? [] : [traceListener(traced, process.stdout)]), ...(recorder ? [recorder.listener] : [])];
  const onExchange: ExchangeListener | undefined = listeners.length === 0 ? undefined : (event) => listeners.forEach((listener) => listener(event));
  try {
    process.stdout.write(`${runHeadline(connection, plan)}\n`);
    let run = await runSuite({
      connection,
      plan,
      ...(ledger === undefined ? {} : { ledger }),
      signal: interrupt.signal,
      hooks: {
        onCaseStart: (id, dialect) => progress.caseStarted(id, dialect),
        onCaseDone: (result) => progress.caseDone(result),
        onCleanup: (done, total) => progress.cleanup(done, total),
        ...(onExchange === undefined ? {} : { onExchange }),
      },
    });
    progress.finish();
    progress.settled(run.cases);
    if (baseline) {
      run = applyBaseline(run, baseline);
      if (process.env.GITHUB_ACTIONS === 'true') for (const line of baselineAnnotations(run.cases)) process.stdout.write(`${line}\n`);
    }
    const files = writeReports(run, reportDir, formats, { redact, ...(recorder ? { exchanges: recorder.exchanges } : {}) });
    if (flags.writeBaseline !== undefined) {
      const written = baselineFromRun(run, { ...(waiverExpires === undefined ? {} : { expires: waiverExpires }), ...(baseline === undefined ? {} : { previous: baseline }) });
      writeBaseline(flags.writeBaseline, written, baseline?.file);
      files.push(`${resolve(flags.writeBaseline)} (baseline: ${written.waivers.length} waiver${written.waivers.length === 1 ? '' : 's'}; edit each reason to say why the deviation is accepted, then run with --baseline)`);
    }
    process.stdout.write(`${redact(renderSummary(run, files, colors))}\n${redact(afterword(run))}`);
    // The verdict already says Incomplete with the signal's exit code when the run saw the interrupt; one
    // that arrived after the last case (during cleanup or reports) still ends the process as the signal asks.
    if (interrupt.signal.aborted) return EXIT_SIGNAL[String(interrupt.signal.reason)] ?? 130;
    return run.verdict.exitCode;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof PreflightError) throw error;
    throw redactError(error, redact);
  } finally {
    interrupt.dispose();
  }
}

/** The run's first line: what is judged, where, how fast. */
function runHeadline(connection: Connection, plan: Plan): string {
  const pacing = connection.ratePerSecond === undefined ? 'unpaced' : `${connection.ratePerSecond} req/s`;
  return (
    `${TOOL.name} ${TOOL.version} | ${connection.baseUrl === undefined ? 'embedded reference server' : connection.redact(connection.baseUrl)} | ` +
    `profile ${plan.profile.id} (${plan.profileHash}) | dialects ${plan.dialects.join(', ')} | ${plan.cases.length} case runs${plan.mode.readOnly ? ' (read-only)' : ''} | ` +
    `${pacing}${plan.concurrency > 1 ? `, ${plan.concurrency} at a time` : ''} | seed ${plan.seed}`
  );
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
        ? `Cleanup: nothing this run created remains on the target (each object deleted and its id checked gone; names looked up where the id could not decide; one listing on the run prefix). The ledger is kept for audit: ${run.ledger}`
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
