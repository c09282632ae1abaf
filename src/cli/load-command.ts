/**
 * `scim-conformance load`: simulates Entra's initial (and incremental) sync cycle against the target, or the
 * embedded reference server, and says what Entra would do with what it saw. Resolves the flags (over the
 * environment and `.env`, like `run`), refuses a remote target without `--confirm`, turns SIGINT/SIGTERM into
 * "stop, clean up, report", writes load.json, load.html and load.md, and returns the exit code:
 * 0 no projected Entra consequence, 1 a consequence, 4 interrupted (incomplete), 2 usage, 3 unreachable.
 */
import { join, resolve } from 'node:path';
import { configure, ConfigError, DEFAULTS } from '../config.ts';
import { loadEnvironmentFile, parseSustainedRate, parseWhole, readCommandLine, type CommandLineFlags } from '../config/command-line.ts';
import type { Dialect } from '../model/vocabulary.ts';
import { newRunId } from '../data/test-data.ts';
import { findVariant } from '../faults/catalogue.ts';
import { LOAD_DEFAULTS } from '../load/load-defaults.ts';
import { findLoadFault, loadFaults } from '../load/load-faults.ts';
import { unconfirmedLoad } from '../load/loopback.ts';
import { createLoadProgress } from '../load/progress.ts';
import { runLoad, type LoadResult } from '../load/runner.ts';
import { plannedObjects, type Cycle, type LoadShape } from '../load/scenario.ts';
import { writeLoadReports } from '../load/write-load.ts';
import { rateLine } from '../load/report-model.ts';
import { redactError } from '../safety/redact.ts';
import { PreflightError } from '../runner/preflight.ts';
import { startReferenceServer } from '../server/http.ts';
import type { ScimMiddleware } from '../server/types.ts';
import { TOOL } from '../version.ts';
import { EXIT } from './exit-codes.ts';
import { listenForInterrupt } from './interrupt.ts';

export interface LoadFlags extends Pick<CommandLineFlags, 'baseUrl' | 'token' | 'tokenEnv' | 'tokenUrl' | 'clientId' | 'scope' | 'profile' | 'dialect' | 'reportDir' | 'timeout' | 'seed' | 'rate' | 'concurrency' | 'ca'> {
  users?: string;
  groups?: string;
  membersPerGroup?: string;
  memberBatch?: string;
  cycles?: string;
  changeFraction?: string;
  sample?: string;
  projectUsers?: string;
  confirm?: string;
  fault?: string;
  /** `--export artillery <dir>`: commander hands the two words over as a list. */
  export?: string[];
  fromArtillery?: string;
  tenants?: string;
  arrival?: string;
  /** `--sustained-rate <seconds>` (on by default, 30 s); false with `--no-sustained-rate`. */
  sustainedRate?: string | boolean;
}

const MAX = { users: 1_000_000, groups: 100_000, membersPerGroup: 100_000, memberBatch: 1_000, projectUsers: 100_000_000 } as const;

export async function loadCommand(flags: LoadFlags): Promise<number> {
  loadEnvironmentFile();
  if (flags.fromArtillery !== undefined) return (await import('./load-artillery.ts')).fromArtillery(flags);
  if (flags.export !== undefined) {
    if (flags.fault !== undefined) throw new ConfigError('--fault runs the embedded reference server; an exported test runs against --base-url (start `scim-conformance serve --fault NAME` for a variant)');
    const projectUsers = wholeNumber(flags.projectUsers, '--project-users', LOAD_DEFAULTS.projectUsers, 1, MAX.projectUsers);
    return (await import('./load-artillery.ts')).exportArtillery(flags, parseShape(flags), parseDialect(flags.dialect, []), projectUsers);
  }
  // One dialect per cycle (parseDialect), and load's own rate default; the rest is a run's configuration.
  const commandLine = readCommandLine({ ...flags, dialect: undefined, concurrency: undefined, sustainedRate: undefined }, process.env);
  const { connection, plan } = configure({ ratePerSecond: DEFAULTS.remoteRate, ...commandLine.settings }, commandLine.names);
  const { profile, seed, runId } = plan;
  const dialect = parseDialect(flags.dialect, plan.dialects);
  const shape = parseShape(flags);
  const projectUsers = wholeNumber(flags.projectUsers, '--project-users', LOAD_DEFAULTS.projectUsers, 1, MAX.projectUsers);
  const concurrency = wholeNumber(flags.concurrency, '--concurrency', LOAD_DEFAULTS.concurrency, 1, DEFAULTS.maxConcurrency);
  // On by default in `load` (issue 20: the gallery's 25 req/s); `--no-sustained-rate` turns it off.
  const sustainedRateSeconds = parseSustainedRate(flags.sustainedRate, true);
  const embedded = connection.baseUrl === undefined;
  const middleware = faultMiddleware(flags.fault, embedded);
  const objects = plannedObjects(shape);
  // Tens of thousands of objects in someone's directory: only when the operator has counted them.
  const refusal = connection.baseUrl === undefined ? undefined : unconfirmedLoad(connection.baseUrl, objects, `${shape.users} users, ${shape.groups} groups`, flags.confirm);
  if (refusal !== undefined) throw new ConfigError(refusal);

  const server = embedded ? await startReferenceServer({ token: connection.token, ...(middleware === undefined ? {} : { middleware: [middleware] }) }) : undefined;
  const baseUrl = server?.baseUrl ?? (connection.baseUrl as string);
  const { token, redact, ratePerSecond } = connection;
  const ledgerFile = embedded ? undefined : join(resolve(commandLine.reportDir), `ledger-${runId}.jsonl`);
  const interrupt = listenForInterrupt('the report');
  const progress = createLoadProgress({ out: process.stdout });
  try {
    process.stdout.write(
      `${TOOL.name} ${TOOL.version} load | ${embedded ? `embedded reference server${flags.fault ? ` (variant ${flags.fault})` : ''}` : redact(baseUrl)} | profile ${profile.id} | dialect ${dialect} | ` +
        `${shape.users} users, ${shape.groups} groups x ${shape.membersPerGroup} members | ${ratePerSecond === undefined ? 'unpaced' : `${ratePerSecond} req/s`}, ${concurrency} at a time | seed ${seed}\n`,
    );
    const result = await runLoad({
      baseUrl,
      token,
      redact,
      ...(connection.credentials === undefined ? {} : { credentials: connection.credentials }),
      embedded,
      profile,
      dialect,
      timeoutMs: connection.timeoutMs,
      seed,
      runId,
      shape,
      concurrency,
      projectUsers,
      ...(ratePerSecond === undefined ? {} : { ratePerSecond }),
      ...(connection.ca === undefined ? {} : { ca: connection.ca }),
      ...(ledgerFile === undefined ? {} : { ledgerFile }),
      ...(flags.fault === undefined ? {} : { fault: flags.fault }),
      ...(sustainedRateSeconds === undefined ? {} : { sustainedRateSeconds }),
      signal: interrupt.signal,
      onProgress: (snapshot) => progress.update(snapshot),
    });
    progress.finish();
    const files = writeLoadReports(result, commandLine.reportDir);
    process.stdout.write(redact(summary(result, files)));
    if (result.interrupted) return EXIT.incomplete;
    return result.consequences.length === 0 ? EXIT.ready : EXIT.notReady;
  } catch (error) {
    progress.finish();
    if (error instanceof ConfigError) throw error;
    // One line and exit 3, as `run` (main.ts): the preflight's message, redacted, keeps its class.
    if (error instanceof PreflightError) throw new PreflightError(redact(error.message), error.kind);
    throw redactError(error, redact);
  } finally {
    interrupt.dispose();
    await server?.close();
  }
}

function summary(result: LoadResult, files: string[]): string {
  const lines = [
    `${result.requests.toLocaleString('en-US')} requests in ${(result.cycleMs / 1000).toFixed(1)} s (${result.requestsPerSecond.toFixed(0)} req/s), ${result.errors} failed, cleanup ${(result.cleanupMs / 1000).toFixed(1)} s; created ${result.created.users} users, ${result.created.groups} groups, ${result.created.memberships} memberships`,
  ];
  for (const [operation, figures] of Object.entries(result.operations)) {
    if (figures) lines.push(`  ${operation.padEnd(14)} ${String(figures.count).padStart(8)}  p50 ${figures.p50Ms.toFixed(1)} ms  p99 ${figures.p99Ms.toFixed(1)} ms  max ${figures.maxMs.toFixed(1)} ms  errors ${figures.errors}`);
  }
  lines.push(rateLine(result));
  if (result.interrupted) lines.push(`Incomplete: ${result.interrupted}`);
  if (result.consequences.length === 0 && !result.interrupted) lines.push(`No projected Entra consequence (measured, and at ${result.projection.projectUsers.toLocaleString('en-US')} users).`);
  for (const consequence of result.consequences) lines.push(`Entra consequence (${consequence.basis}): ${consequence.text} [${consequence.sources.join(', ')}]`);
  lines.push(result.leftovers.length === 0 ? 'Cleanup: everything created was deleted and verified gone.' : `Cleanup: ${result.leftovers.length} object(s) remain:`);
  for (const leftover of result.leftovers.slice(0, 20)) lines.push(`  ${leftover.kind} ${leftover.id}: ${leftover.reason}`);
  if (result.ledger && result.leftovers.length > 0) lines.push(`To retry deleting them: ${TOOL.name} cleanup --ledger ${result.ledger} --token-env <VARIABLE>`);
  lines.push(`Reports: ${files.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export function parseShape(flags: LoadFlags): LoadShape {
  const users = wholeNumber(flags.users, '--users', LOAD_DEFAULTS.users, 1, MAX.users);
  const groups = wholeNumber(flags.groups, '--groups', LOAD_DEFAULTS.groups, 0, MAX.groups);
  const membersPerGroup = wholeNumber(flags.membersPerGroup, '--members-per-group', LOAD_DEFAULTS.membersPerGroup, 0, MAX.membersPerGroup);
  if (membersPerGroup > users) throw new ConfigError(`--members-per-group (${membersPerGroup}) cannot exceed --users (${users})`);
  const memberBatch = wholeNumber(flags.memberBatch, '--member-batch', LOAD_DEFAULTS.memberBatch, 1, MAX.memberBatch);
  const sample = wholeNumber(flags.sample, '--sample', LOAD_DEFAULTS.sample, 0, 10_000);
  const changeFraction = flags.changeFraction === undefined ? LOAD_DEFAULTS.changeFraction : Number(flags.changeFraction);
  if (!(changeFraction > 0 && changeFraction <= 1) || flags.changeFraction?.trim() === '') {
    throw new ConfigError(`--change-fraction must be a number above 0 and at most 1, got ${JSON.stringify(flags.changeFraction)}`);
  }
  return { users, groups, membersPerGroup, memberBatch, cycles: parseCycles(flags.cycles), changeFraction, sample };
}

export function parseCycles(value: string | undefined): Cycle[] {
  const requested = (value ?? 'initial,incremental').split(',').map((part) => part.trim().toLowerCase()).filter(Boolean);
  const unknown = requested.filter((part) => part !== 'initial' && part !== 'incremental');
  if (unknown.length > 0 || !requested.includes('initial')) {
    throw new ConfigError(`--cycles must be initial or initial,incremental (an incremental cycle needs the initial one), got ${JSON.stringify(value)}`);
  }
  return requested.includes('incremental') ? ['initial', 'incremental'] : ['initial'];
}

/** One dialect per load run: `--dialect`, else the one a Tenant URL with `?aadOptscim062020` asks for, else legacy (Entra's default job). */
function parseDialect(value: string | undefined, fromConfig: readonly Dialect[]): Dialect {
  if (value === undefined) return fromConfig.length === 1 ? (fromConfig[0] as Dialect) : 'legacy';
  if (value === 'legacy' || value === 'compliant') return value;
  throw new ConfigError(`--dialect must be legacy or compliant for a load run (one dialect per cycle), got ${JSON.stringify(value)}`);
}

function wholeNumber(value: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  return value === undefined ? fallback : parseWhole(value, flag, min, max, `a whole number from ${min} to ${max.toLocaleString('en-US')}`);
}

/** A conformance fault or a load-only one, for the embedded server only. */
function faultMiddleware(name: string | undefined, embedded: boolean): ScimMiddleware | undefined {
  if (name === undefined) return undefined;
  if (!embedded) throw new ConfigError('--fault runs the embedded reference server with a variant; it cannot be combined with --base-url');
  const variant = findLoadFault(name) ?? findVariant(name);
  if (variant === undefined) throw new ConfigError(`--fault: unknown variant "${name}"; load-only variants: ${loadFaults.map((fault) => fault.name).join(', ')} (and every name of \`serve --list-faults\`)`);
  return variant.middleware();
}

export { isLoopback } from '../load/loopback.ts';
