/**
 * The Artillery side of `scim-conformance load`: `--export artillery <dir>` writes the sync-cycle simulation as an
 * Artillery test (src/load/artillery/export.ts), refusing a target off this machine without the same `--confirm`
 * as a native run; `--from-artillery <report.json>` judges Artillery's report as a native run is judged and writes
 * the same load.json, load.html and load.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { configure, ConfigError, DEFAULTS } from '../config.ts';
import { readCommandLine } from '../config/command-line.ts';
import { ARTILLERY_SCRIPT, writeArtilleryTest } from '../load/artillery/export.ts';
import { isArtilleryReport, loadResultFromArtillery } from '../load/artillery/from-report.ts';
import { ARTILLERY_SETTINGS_FILE, ARTILLERY_SETTINGS_FORMAT, parseArtillerySettings, type ArtillerySettings } from '../load/artillery/settings.ts';
import { isLoopback, unconfirmedLoad } from '../load/loopback.ts';
import type { LoadResult } from '../load/runner.ts';
import { plannedObjects, type LoadShape } from '../load/scenario.ts';
import { writeLoadReports } from '../load/write-load.ts';
import { listProfileIds } from '../profiles/profile.ts';
import { TOOL } from '../version.ts';
import { EXIT } from './exit-codes.ts';
import type { LoadFlags } from './load-command.ts';

export async function exportArtillery(flags: LoadFlags, shape: LoadShape, dialect: ArtillerySettings['dialect'], projectUsers: number): Promise<number> {
  const [engine, directory, ...rest] = flags.export ?? [];
  if (engine !== 'artillery' || directory === undefined || rest.length > 0) {
    throw new ConfigError(`--export takes the engine and a directory: --export artillery <dir>${engine !== undefined && engine !== 'artillery' ? ` (unknown engine "${engine}")` : ''}`);
  }
  // The token is never part of the export: each worker reads it from --token-env's variable.
  const commandLine = readCommandLine({ ...flags, dialect: undefined, concurrency: undefined, token: 'unused-by-the-export', tokenEnv: undefined }, process.env);
  const { connection, plan } = configure({ ratePerSecond: DEFAULTS.remoteRate, ...commandLine.settings }, commandLine.names);
  if (connection.baseUrl === undefined) {
    throw new ConfigError('--export artillery needs the target: --base-url (or SCIM_BASE_URL), e.g. the URL `scim-conformance serve --port 8080` prints');
  }
  if (!listProfileIds().includes(plan.profile.id)) {
    throw new ConfigError(`--export artillery runs a built-in profile on every worker (${listProfileIds().join(', ')}); "${plan.profile.id}" is not one`);
  }
  const objects = plannedObjects(shape);
  const refusal = unconfirmedLoad(connection.baseUrl, objects, `${shape.users} users, ${shape.groups} groups per tenant`, flags.confirm);
  if (refusal !== undefined) throw new ConfigError(refusal);
  const tenants = whole(flags.tenants, '--tenants', 3, 1, 100_000);
  const settings: ArtillerySettings = {
    format: ARTILLERY_SETTINGS_FORMAT,
    tool: TOOL.version,
    target: connection.baseUrl,
    profile: plan.profile.id,
    dialect,
    seed: plan.seed,
    shape,
    ratePerTenant: connection.ratePerSecond ?? 0,
    timeoutMs: connection.timeoutMs,
    projectUsers,
    tenants,
    arrivalSeconds: whole(flags.arrival, '--arrival', Math.max(1, Math.ceil(tenants / 2)), 0, 86_400),
    tokenEnv: flags.tokenEnv ?? 'SCIM_TOKEN',
    ledgerDir: 'ledgers',
    ...(isLoopback(connection.baseUrl) ? {} : { confirmed: { host: new URL(connection.baseUrl).host, objects } }),
  };
  const files = writeArtilleryTest(directory, settings);
  process.stdout.write(
    `Wrote an Artillery test of ${tenants} tenant(s) x ${objects} objects against ${new URL(settings.target).host} (${settings.ratePerTenant > 0 ? `${settings.ratePerTenant} req/s per tenant` : 'unpaced'}):\n` +
      `${files.map((file) => `  ${file}`).join('\n')}\nRun it: cd ${directory} && npm install && ${settings.tokenEnv}=... npx artillery run --output report.json ${ARTILLERY_SCRIPT} (see its README.md)\n`,
  );
  return EXIT.ready;
}

export async function fromArtillery(flags: LoadFlags): Promise<number> {
  const file = resolve(flags.fromArtillery as string);
  const report = readJson(file, 'the Artillery report');
  if (!isArtilleryReport(report)) throw new ConfigError(`${file} is not an Artillery JSON report (artillery run --output report.json)`);
  const settingsFile = join(dirname(file), ARTILLERY_SETTINGS_FILE);
  if (!existsSync(settingsFile)) throw new ConfigError(`${ARTILLERY_SETTINGS_FILE} of the export is not beside the report (${settingsFile}): run Artillery in the exported directory`);
  let settings: ArtillerySettings;
  try {
    settings = parseArtillerySettings(readJson(settingsFile, ARTILLERY_SETTINGS_FILE), settingsFile);
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
  const result = loadResultFromArtillery(report, settings);
  const files = writeLoadReports(result, flags.reportDir ?? process.env.SCIM_REPORT_DIR ?? DEFAULTS.reportDir);
  process.stdout.write(summary(result, result.engine.started, result.engine.finished, files));
  if (result.interrupted) return EXIT.incomplete;
  return result.consequences.length === 0 ? EXIT.ready : EXIT.notReady;
}

function summary(result: LoadResult, started: number, finished: number, files: string[]): string {
  const lines = [
    `Artillery: ${finished} of ${started} tenant(s) finished; ${result.requests.toLocaleString('en-US')} requests in ${(result.cycleMs / 1000).toFixed(1)} s (${result.requestsPerSecond.toFixed(0)} req/s), ${result.errors} failed; created ${result.created.users} users, ${result.created.groups} groups, ${result.created.memberships} memberships`,
  ];
  for (const [operation, figures] of Object.entries(result.operations)) {
    if (figures) lines.push(`  ${operation.padEnd(14)} ${String(figures.count).padStart(8)}  p50 ${figures.p50Ms.toFixed(1)} ms  p99 ${figures.p99Ms.toFixed(1)} ms  max ${figures.maxMs.toFixed(1)} ms  errors ${figures.errors}`);
  }
  if (result.interrupted) lines.push(`Incomplete: ${result.interrupted}`);
  if (result.consequences.length === 0 && !result.interrupted) lines.push(`No projected Entra consequence for any tenant (measured, and at ${result.projection.projectUsers.toLocaleString('en-US')} users).`);
  for (const consequence of result.consequences) lines.push(`Entra consequence (${consequence.basis}): ${consequence.text} [${consequence.sources.join(', ')}]`);
  lines.push(result.leftovers.length === 0 ? 'Cleanup: every tenant deleted what it created and verified it gone.' : `Cleanup: ${result.leftovers.length} tenant(s) left objects:`);
  for (const leftover of result.leftovers.slice(0, 20)) lines.push(`  ${leftover.reason}`);
  lines.push(`Reports: ${files.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`cannot read ${what}: ${file}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ConfigError(`${what} (${file}) is not JSON`);
  }
}

function whole(value: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || parsed < min || parsed > max) throw new ConfigError(`${flag} must be a whole number from ${min} to ${max.toLocaleString('en-US')}, got ${JSON.stringify(value)}`);
  return parsed;
}
