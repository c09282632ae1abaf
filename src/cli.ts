#!/usr/bin/env node
/**
 * The command a user types. `run` (the default) replays Entra's requests against a target and writes
 * reports; `list` prints the catalogue without any server.
 * Exit codes: 0 conformant, 1 non-conformant, 2 usage or configuration error, 3 target unreachable or
 * credentials rejected before any case ran.
 */
import { Command, CommanderError, Option } from 'commander';
import { catalogue, catalogueHash } from './cases/catalogue.ts';
import { ConfigError, loadConfig, loadEnvironmentFile } from './config.ts';
import { loadProfile } from './profiles/profile.ts';
import { PreflightError, runSuite } from './runner/run-suite.ts';
import { openTarget } from './runner/target.ts';
import { writeReports } from './report/write-reports.ts';
import { renderSummary } from './cli/summary.ts';
import { TOOL } from './version.ts';

export const EXIT = { conformant: 0, nonConformant: 1, usage: 2, unreachable: 3 } as const;

async function runCommand(): Promise<number> {
  loadEnvironmentFile();
  const config = loadConfig(process.env);
  const profile = loadProfile(config.profileId);
  const target = await openTarget(config);
  const interrupt = new AbortController();
  const onSignal = (): void => {
    if (interrupt.signal.aborted) process.exit(130);
    process.stderr.write('\nInterrupted: finishing the current case and deleting what this run created (Ctrl-C again to quit now)\n');
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    process.stdout.write(
      `${TOOL.name} ${TOOL.version}: ${target.embedded ? 'embedded reference server' : target.baseUrl} | profile ${profile.id} | dialects ${config.dialects.join(', ')}\n`,
    );
    const run = await runSuite({
      baseUrl: target.baseUrl,
      token: target.token,
      embedded: target.embedded,
      profile,
      dialects: config.dialects,
      timeoutMs: config.timeoutMs,
      seed: config.seed,
      signal: interrupt.signal,
      onCaseDone: (result) => {
        const dialect = result.dialect === 'any' ? '' : ` [${result.dialect}]`;
        process.stdout.write(`${result.status.toUpperCase().padEnd(5)} ${result.id}${dialect} ${result.name}\n`);
      },
    });
    const files = writeReports(run, config.reportDir);
    process.stdout.write(`${renderSummary(run, files)}\n`);
    return run.conformant ? EXIT.conformant : EXIT.nonConformant;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await target.close();
  }
}

function listCommand(options: { json?: boolean }): number {
  const rows = catalogue.map(({ id, level, name, area, spec, dialects }) => ({ id, level, name, area, spec, dialects }));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ catalogueHash: catalogueHash(), cases: rows }, null, 2)}\n`);
  } else {
    for (const row of rows) process.stdout.write(`${row.id.padEnd(16)} ${row.dialects.padEnd(9)} ${row.name}  [${row.spec.join(', ')}]\n`);
    process.stdout.write(`${rows.length} cases, catalogue ${catalogueHash()}\n`);
  }
  return EXIT.conformant;
}

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = EXIT.conformant;
  const program = new Command()
    .name(TOOL.name)
    .description('Replays the requests Microsoft Entra ID provisioning sends and judges every answer of a SCIM 2.0 endpoint.')
    .version(TOOL.version)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  program
    .command('run', { isDefault: true })
    .description('run the suite (against SCIM_BASE_URL + SCIM_TOKEN, or the embedded reference server when unset)')
    .action(async () => {
      exitCode = await runCommand();
    });
  program
    .command('list')
    .description('print the case catalogue (no server needed)')
    .addOption(new Option('--json', 'machine-readable output'))
    .action((options: { json?: boolean }) => {
      exitCode = listCommand(options);
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.conformant : EXIT.usage;
    if (error instanceof ConfigError) {
      process.stderr.write(`configuration error: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof PreflightError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.unreachable;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
