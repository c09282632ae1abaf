/**
 * The program: sub-commands, flags, help and the mapping of errors to exit codes. Flags override the
 * environment, which overrides `.env`.
 */
import { Command, CommanderError, Option } from 'commander';
import { TOOL } from '../version.ts';
import { EXIT } from './exit-codes.ts';
import type { CleanupFlags } from './cleanup-command.ts';
import { ENVIRONMENT_HELP } from './environment-help.ts';
import { registerProfileCommand } from './profile-command.ts';
import { registerObserveCommands } from './observe-commands.ts';
import type { LoadFlags } from './load-command.ts';
import { LOAD_DEFAULTS } from '../load/load-defaults.ts';
import type { RunFlags } from './run-command.ts';
import type { ServeOptions } from './serve-command.ts';

// Each sub-command imports its module when it runs, so `--help` and `list` never load the runner, the HTTP
// client, the reference server or the report renderers.

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((part) => part.trim()).filter(Boolean)];

const EXIT_HELP = `
Exit codes:
  0  Ready for Entra provisioning (also: Not ready only through waived known deviations)
  1  Not ready: a check Entra depends on failed, or a baseline waiver went stale
  2  usage or configuration error (including an unusable report folder)
  3  target unreachable, not a SCIM endpoint at that base URL, or credentials rejected, before any case ran
  4  Incomplete: partial selection, read-only run, or checks that decide readiness were skipped or errored
  130/143  interrupted by SIGINT/SIGTERM (Incomplete; what the run created was deleted and reports written)`;

export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command()
    .name(TOOL.name)
    .description('Replays the requests Microsoft Entra ID provisioning sends and judges every answer of a SCIM 2.0 endpoint.')
    .version(TOOL.version)
    // A usage error is one line (commander's own, with its "Did you mean" hint), never the whole help.
    .configureOutput({ outputError: (text, write) => write(`${text.trim().replace(/\s*\n\s*/g, ' ')} (see --help)\n`) })
    .exitOverride()
    .addHelpText('after', EXIT_HELP);

  program
    .command('run', { isDefault: true })
    .description('run the suite against --base-url/SCIM_BASE_URL, or the embedded reference server when none is set')
    .option('--base-url <url>', "the target's SCIM base URL (Entra's Tenant URL)")
    .option('--token <token>', 'bearer token (prefer --token-env or SCIM_TOKEN: a flag shows in the process list)')
    .option('--token-env <name>', 'read the bearer token from this environment variable')
    .option('--token-url <url>', 'OAuth 2.0 client credentials instead of a bearer token: the token endpoint (with --client-id; the secret only from SCIM_CLIENT_SECRET)')
    .option('--client-id <id>', 'OAuth client id, with --token-url')
    .option('--scope <scope>', 'OAuth scope of the token request, with --token-url (default none)')
    .option('--profile <id>', 'target profile: akamai-eaa, akamai-eaa-email, entra-default, a profile file or an exported Entra provisioning schema (default akamai-eaa)')
    .addOption(new Option('--dialect <dialect>', 'Entra PATCH dialect(s) to replay').choices(['legacy', 'compliant', 'all']))
    .option('--only <id|tag...>', 'run only these case ids, id prefixes (USR-), areas or spec tags', collect)
    .option('--skip <id|tag...>', 'skip these case ids, id prefixes, areas or spec tags', collect)
    .option('--with-opt-in', 'also run the opt-in cases against a target (LIFE-GROW-01: about 400 requests; the embedded server always runs them); without them a full run is Incomplete and names them')
    .option('--strict', 'SHOULD failures also make the run fail')
    .option('--report-dir <dir>', 'where reports are written (default reports)')
    .option('--baseline <file>', 'JSON file of known deviations (waivers) by case id')
    .option('--format <list>', 'reports to write: junit,json,html,md,har (default all five), and validator-json (scim-results.json, the SCIM Validator tests as predicted)')
    .option('--timeout <ms>', 'per-request timeout in milliseconds (default 60000, as Entra)')
    .option('--seed <n>', 'seed for generated test data, to reproduce a run')
    .option('--read-only', 'preflight: run only the cases that send nothing but GET; any other method is refused')
    .option('--rate <rps>', 'requests per second (default 25 for a remote target, as Entra; 0 = unpaced; the embedded server is not paced)')
    .option('--concurrency <n>', 'cases run at the same time, all under one pacer (default 8 against a remote target, 1 against the embedded server)')
    .option('--sustained-rate [seconds]', "after the cases, send Entra's query/update mix at 25 requests per second for this long (default 30) and report the rate achieved, p99 and 429s (the gallery requires 25 req/s)")
    .option('--ca <file>', 'extra CA certificate(s), PEM, to trust for the target (on top of the system roots and NODE_EXTRA_CA_CERTS)')
    .option('--trace <id...>', 'print the requests and responses of this case (repeatable), redacted, as they happen', collect)
    .option('--dry-run', 'print every request the run would send, in order, and send nothing to the target')
    .option('--write-baseline <file>', "write a baseline of this run's failures (reasons prefilled from the findings) to this file")
    .option('--waiver-expires <date>', 'with --write-baseline: expiry date (YYYY-MM-DD) of the new waivers')
    .addHelpText('after', ENVIRONMENT_HELP)
    .addHelpText('after', EXIT_HELP)
    .action(async (flags: RunFlags) => setExitCode(await (await import('./run-command.ts')).runCommand(flags)));

  program
    .command('cleanup')
    .description("delete what an interrupted or crashed run left on its target, from the run's ledger file (only those ids)")
    .requiredOption('--ledger <file>', 'the ledger of the run (reports/ledger-<runId>.jsonl)')
    .option('--base-url <url>', 'must be the target the ledger was written for (default: the one it names)')
    .option('--token <token>', 'bearer token (prefer --token-env or SCIM_TOKEN: a flag shows in the process list)')
    .option('--token-env <name>', 'read the bearer token from this environment variable')
    .option('--token-url <url>', 'OAuth 2.0 client credentials instead of a bearer token: the token endpoint (with --client-id; the secret only from SCIM_CLIENT_SECRET)')
    .option('--client-id <id>', 'OAuth client id, with --token-url')
    .option('--scope <scope>', 'OAuth scope of the token request, with --token-url (default none)')
    .option('--timeout <ms>', 'per-request timeout in milliseconds (default 60000)')
    .option('--rate <rps>', 'requests per second (default 25; 0 = unpaced)')
    .option('--ca <file>', 'extra CA certificate(s), PEM, to trust for the target')
    .addHelpText('after', '\nExit codes: 0 nothing of the run remains, 1 something remains, 2 usage error, 3 target unreachable or token refused')
    .action(async (flags: CleanupFlags) => setExitCode(await (await import('./cleanup-command.ts')).cleanupCommand(flags)));

  program
    .command('load')
    .description("simulate Entra's initial (and incremental) sync cycle against the target or the embedded server, and project what Entra would do")
    .option('--users <n>', `users to provision (default ${LOAD_DEFAULTS.users})`)
    .option('--groups <n>', `groups to provision (default ${LOAD_DEFAULTS.groups})`)
    .option('--members-per-group <n>', `members added to each group (default ${LOAD_DEFAULTS.membersPerGroup})`)
    .option('--member-batch <n>', `members per add PATCH; Entra's batch size is undocumented (default ${LOAD_DEFAULTS.memberBatch})`)
    .option('--rate <rps>', 'requests per second (default 25, Entra\'s gallery figure; 0 = unpaced)')
    .option('--concurrency <n>', `requests in flight at once (default ${LOAD_DEFAULTS.concurrency})`)
    .option('--cycles <list>', 'initial or initial,incremental (default initial,incremental)')
    .option('--change-fraction <f>', `share of users and groups the incremental cycle changes (default ${LOAD_DEFAULTS.changeFraction})`)
    .option('--sample <n>', `users and groups read back at the end of the initial cycle (default ${LOAD_DEFAULTS.sample})`)
    .option('--project-users <n>', `tenant size the Entra consequences are projected to (default ${LOAD_DEFAULTS.projectUsers})`)
    .option('--confirm <n>', 'required against a non-loopback target: the number of objects (users + groups) the run creates')
    .option('--fault <name>', 'run the embedded server with a variant (load-only: create-503-one-in-ten, filter-latency-linear)')
    .option('--sustained-rate <seconds>', "after the cycles, send Entra's query/update mix at 25 requests per second for this long and report the rate achieved, p99 and 429s (the gallery requires 25 req/s; default 30)")
    .option('--no-sustained-rate', 'skip the 25 requests per second measurement')
    .option('--seed <n>', 'seed for generated data, to reproduce a run')
    .option('--base-url <url>', "the target's SCIM base URL (Entra's Tenant URL)")
    .option('--token <token>', 'bearer token (prefer --token-env or SCIM_TOKEN: a flag shows in the process list)')
    .option('--token-env <name>', 'read the bearer token from this environment variable')
    .option('--token-url <url>', 'OAuth 2.0 client credentials instead of a bearer token: the token endpoint (with --client-id; the secret only from SCIM_CLIENT_SECRET)')
    .option('--client-id <id>', 'OAuth client id, with --token-url')
    .option('--scope <scope>', 'OAuth scope of the token request, with --token-url (default none)')
    .option('--profile <id>', 'target profile: akamai-eaa, akamai-eaa-email, entra-default, a profile file or an exported Entra provisioning schema (default akamai-eaa)')
    .addOption(new Option('--dialect <dialect>', 'Entra PATCH dialect to send (default legacy)').choices(['legacy', 'compliant']))
    .option('--report-dir <dir>', 'where load.json, load.html and load.md are written (default reports)')
    .option('--export <engine-and-dir...>', 'write the cycle as a load-engine test instead of running it: --export artillery <dir> (needs --base-url)')
    .option('--tenants <n>', 'with --export: virtual tenants, each one virtual user running one whole cycle (default 3)')
    .option('--arrival <seconds>', 'with --export: seconds over which the tenants arrive (default half the tenants)')
    .option('--from-artillery <report.json>', "judge an exported test's Artillery report (artillery run --output) and write the same reports as a run")
    .option('--timeout <ms>', 'per-request timeout in milliseconds (default 60000, as Entra)')
    .option('--ca <file>', 'extra CA certificate(s), PEM, to trust for the target')
    .addHelpText('after', '\nExit codes: 0 no projected Entra consequence, 1 a projected consequence, 2 usage error, 3 target unreachable or token refused, 4 interrupted (incomplete; what was created is deleted)')
    .action(async (flags: LoadFlags) => setExitCode(await (await import('./load-command.ts')).loadCommand(flags)));

  program
    .command('list')
    .description('print the case catalogue (no server needed)')
    .option('--json', 'machine-readable output')
    .option('--only <id|tag...>', 'list only these case ids, id prefixes, areas or spec tags', collect)
    .option('--skip <id|tag...>', 'leave out these case ids, id prefixes, areas or spec tags', collect)
    .action(async (options: { json?: boolean; only?: string[]; skip?: string[] }) => setExitCode((await import('./list-command.ts')).listCommand(options)));

  program
    .command('diff')
    .description('compare two results.json files: newly failing, newly passing, changed reasons and timings (exit 1 on new failures)')
    .argument('<old>', 'the earlier results.json')
    .argument('<new>', 'the later results.json')
    .option('--json', 'machine-readable output')
    .action(async (oldFile: string, newFile: string, options: { json?: boolean }) => setExitCode((await import('./diff-command.ts')).diffCommand(oldFile, newFile, options)));

  program
    .command('serve')
    .description('run the embedded reference SCIM server on its own')
    .option('--port <port>', 'port to listen on (default: a free port)')
    .option('--host <host>', 'interface to bind (default 127.0.0.1)')
    .option('--token <token>', 'bearer token to accept (default: a random one, printed)')
    .option('--fault <name>', 'serve a non-conformant (or tolerated) variant, to see what the suite reports')
    .option('--list-faults', 'list the variants --fault accepts')
    .action(async (options: ServeOptions) => setExitCode(await (await import('./serve-command.ts')).serveCommand(options)));

  registerProfileCommand(program, setExitCode);
  registerObserveCommands(program, setExitCode);

  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = EXIT.ready;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  // `run` is the default command, so a mistyped command would reach it as an argument ("too many arguments
  // for 'run'"): a first word that is no command and no option is named as the mistake it is.
  const unknown = unknownCommand(program, argv);
  if (unknown !== undefined) {
    process.stderr.write(`${unknown}\n`);
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ready : EXIT.usage;
    // Loaded here rather than at the top: a failed run has already loaded them, a `--help` never needs them.
    const [{ ConfigError }, { BaselineError }, { ReportDirError }, { ResultsFileError }, { PreflightError }] = await Promise.all([
      import('../config.ts'),
      import('../report/baseline.ts'),
      import('../report/report-dir.ts'),
      import('../report/results-format.ts'),
      import('../runner/preflight.ts'),
    ]);
    if (error instanceof ConfigError || error instanceof BaselineError || error instanceof ReportDirError || error instanceof ResultsFileError) {
      process.stderr.write(`configuration error: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof PreflightError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.unreachable;
    }
    // Anything else is a bug of this tool: one line still, the stack only on request.
    const message = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
    process.stderr.write(`internal error: ${message.replace(/\s+/g, ' ').trim()} (a bug in scim-conformance; SCIM_CONFORMANCE_DEBUG=1 prints the stack)\n`);
    if (process.env.SCIM_CONFORMANCE_DEBUG === '1' && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return EXIT.internal;
  }
}

function unknownCommand(program: Command, argv: readonly string[]): string | undefined {
  const first = argv[0];
  if (first === undefined || first.startsWith('-')) return undefined;
  const names = program.commands.flatMap((command) => [command.name(), ...command.aliases()]);
  if (names.includes(first) || first === 'help') return undefined;
  const closest = names
    .map((name) => ({ name, distance: editDistance(first.toLowerCase(), name) }))
    .sort((a, b) => a.distance - b.distance)[0];
  const hint = closest !== undefined && closest.distance <= Math.max(2, Math.floor(first.length / 3)) ? `; did you mean ${closest.name}?` : '';
  return `error: unknown command '${first}'${hint} (commands: ${names.join(', ')}; see --help)`;
}

/** Levenshtein distance, for "did you mean". */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
