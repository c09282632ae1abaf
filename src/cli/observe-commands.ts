/**
 * The commands that look at real traffic rather than send their own: `observe` (the recording proxy),
 * `fixtures from-har` (captured requests → fixture drafts) and `triage` (Entra's provisioning logs).
 * Registered from main.ts with one line; each loads its module only when it runs.
 */
import type { Command } from 'commander';
import type { ObserveFlags } from './observe-command.ts';

export function registerObserveCommands(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('observe')
    .description('a recording reverse proxy: forwards what Entra sends to --upstream unchanged, records it (redacted HAR) and judges every answer passively; sends nothing of its own')
    .requiredOption('--upstream <url>', "the target's SCIM base URL: where requests are forwarded")
    .option('--listen <host:port>', 'where the proxy listens (default 127.0.0.1 on a free port, printed); anything but loopback must be asked for')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM), with --tls-key')
    .option('--tls-key <file>', 'the private key (PEM) of --tls-cert')
    .option('--duration <seconds>', 'stop by itself after this long (default: until Ctrl-C)')
    .option('--profile <id>', 'target profile the answers are judged against (default akamai-eaa)')
    .option('--redact-personal-data', 'hash personal values (names, e-mails, phone numbers, filter values…) in everything recorded')
    .option('--report-dir <dir>', 'where reports, observe.har and observed.json are written (default reports)')
    .option('--format <list>', 'reports to write: junit,json,html,md,har (default all)')
    .option('--timeout <ms>', "upstream deadline per request in milliseconds (default 60000, Entra's)")
    .option('--ca <file>', 'extra CA certificate(s), PEM, to trust for the upstream')
    .addHelpText('after', '\nExit codes: 1 a finding that blocks Ready, 4 no blocking finding (a passive observation is never complete, so never 0), 2 usage error or cannot listen')
    .action(async (flags: ObserveFlags) => setExitCode(await (await import('./observe-command.ts')).observeCommand(flags)));

  program
    .command('triage')
    .description("read Entra's provisioning logs (the admin center's JSON download, or Graph's GET /auditLogs/provisioning answer): failures grouped by error code and Web Response, each with its likely cause and the cases that reproduce it")
    .argument('<provisioning-logs.json>', 'the logs file')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExit codes: 0 no failure in the logs, 1 failures triaged, 2 not a provisioning-logs file')
    .action(async (file: string, options: { json?: boolean }) => setExitCode((await import('./triage-command.ts')).triageCommand(file, options)));

  program
    .command('fixtures')
    .description('work with the fixture catalogue (fixtures/entra/)')
    .command('from-har')
    .description('compare the requests of a HAR capture (observe.har, a browser or proxy export) with the fixture catalogue and write a fixture draft for each shape it does not hold exactly')
    .argument('<file.har>', 'the capture')
    .option('--out <dir>', 'where drafts are written (default fixture-drafts)')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExit codes: 0 every request matches a fixture exactly, 1 drafts written, 2 not a HAR file or unusable --out')
    .action(async (file: string, options: { out?: string; json?: boolean }) => setExitCode((await import('./from-har-command.ts')).fromHarCommand(file, options)));
}
