/**
 * `scim-conformance cleanup --ledger FILE`: finishes the cleanup of a run that could not (killed, crashed,
 * network gone). It deletes exactly what the ledger lists, through the same guard as a run (so nothing else
 * can be touched), finds creates whose answer never arrived by their prefixed name, verifies everything is
 * gone, appends the deletions to the ledger and says what it removed and what remains.
 * Exit codes: 0 nothing remains, 1 something remains, 2 usage, 3 target unreachable or token refused.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { redactUrlCredentials } from '../client/redact.ts';
import { checkBaseUrl, ConfigError, connect } from '../config.ts';
import { loadEnvironmentFile, readCommandLine } from '../config/command-line.ts';
import { PreflightError, preflight } from '../runner/preflight.ts';
import { firstAccessToken } from '../runner/access-token.ts';
import { openGuardedTransport } from '../runner/guarded-transport.ts';
import { Ledger, LedgerFormatError, parseLedger } from '../safety/ledger.ts';
import { redactError } from '../safety/redact.ts';
import { NAME_ATTRIBUTE } from '../safety/resource-path.ts';
import { sweep } from '../safety/sweep.ts';
import { EXIT } from './exit-codes.ts';

export interface CleanupFlags {
  ledger: string;
  baseUrl?: string;
  token?: string;
  tokenEnv?: string;
  tokenUrl?: string;
  clientId?: string;
  scope?: string;
  timeout?: string;
  rate?: string;
  ca?: string;
}

export async function cleanupCommand(flags: CleanupFlags): Promise<number> {
  loadEnvironmentFile();
  // Only how to talk to the target: where to is the ledger's, and no profile is planned.
  const { baseUrl, ...connectionFlags } = flags;
  const commandLine = readCommandLine(connectionFlags, process.env, ['token', 'tokenUrl', 'clientId', 'scope', 'timeoutMs', 'ratePerSecond', 'ca']);
  for (const warning of commandLine.warnings) process.stderr.write(`${warning}\n`);
  if (commandLine.settings.token === undefined && commandLine.settings.tokenUrl === undefined) {
    throw new ConfigError('cleanup needs the bearer token (--token-env NAME, --token or SCIM_TOKEN) or OAuth client credentials (--token-url, --client-id and SCIM_CLIENT_SECRET)');
  }
  const file = resolve(flags.ledger);
  // The ledger names the target the connection is for; it is opened for appending with the connection's redactor.
  const target = readLedger(file, flags.ledger, (path) => parseLedger(readFileSync(path, 'utf8'))).header.target;
  if (baseUrl !== undefined) {
    checkBaseUrl(baseUrl, '--base-url');
    // Ids mean nothing on another target, and may name someone else there (some directories number them).
    if (sameTarget(baseUrl, target) !== true) {
      throw new ConfigError(`--base-url ${redactUrlCredentials(baseUrl)} is not the target the ledger was written for (${target}); refusing to delete its ids there`);
    }
  }
  const connection = connect({ ...commandLine.settings, baseUrl: target }, { ...commandLine.names, baseUrl: `the ledger's target` });
  const { redact } = connection;
  const ledger = readLedger(file, flags.ledger, (path) => Ledger.load(path, redact));
  const open = ledger.live().length + ledger.pending().length;
  process.stdout.write(`Ledger ${file}: run ${ledger.header.runId} against ${target}, ${ledger.entries().length} entries, ${open} not known to be deleted\n`);

  const { transport, accessTokens, close } = openGuardedTransport({ ...connection, baseUrl: target, ledger, readOnly: false });
  try {
    const send = (request: Parameters<typeof transport>[0]): ReturnType<typeof transport> => transport(request, { tag: 'cleanup' });
    // The same Test Connection as a run: one clear line (exit 3) for a wrong token or a vanished target. It
    // filters on the attribute the ledger finds users by, the one every name this run gave a user is in.
    await firstAccessToken(accessTokens);
    await preflight(send, NAME_ATTRIBUTE.user);
    const report = await sweep(send, ledger);
    const lines: string[] = [];
    lines.push(report.removed.length === 0 ? 'Removed nothing: the ledger holds nothing left to delete.' : `Removed ${report.removed.length}:`);
    for (const entry of report.removed) lines.push(`  ${entry.kind} ${entry.id ?? '?'} (${entry.attribute} ${JSON.stringify(entry.values.at(-1))})`);
    lines.push(`Verified gone: ${report.verified} check(s) by id, and by name where the id could not decide`);
    if (report.leftovers.length === 0) lines.push('Nothing this run created remains on the target.');
    else {
      lines.push(`Remaining ${report.leftovers.length}:`);
      for (const leftover of report.leftovers) lines.push(`  ${leftover.kind} ${leftover.id}: ${leftover.reason}`);
    }
    process.stdout.write(`${redact(lines.join('\n'))}\n`);
    return report.leftovers.length === 0 ? EXIT.ready : EXIT.notReady;
  } catch (error) {
    if (error instanceof PreflightError) throw new PreflightError(redact(error.message), error.kind);
    if (error instanceof ConfigError) throw error;
    throw redactError(error, redact);
  } finally {
    await close();
  }
}

function readLedger<T>(file: string, given: string, read: (file: string) => T): T {
  try {
    return read(file);
  } catch (error) {
    const why = error instanceof LedgerFormatError ? error.message : ((error as NodeJS.ErrnoException).code ?? String(error));
    throw new ConfigError(`--ledger ${given}: cannot use the file (${why})`);
  }
}

/** Same scheme, host, port and path (trailing slashes and host case aside); undefined when unreadable. */
function sameTarget(a: string, b: string): boolean | undefined {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    const path = (url: URL): string => url.pathname.replace(/\/+$/, '');
    return x.protocol === y.protocol && x.host.toLowerCase() === y.host.toLowerCase() && path(x) === path(y);
  } catch {
    return undefined;
  }
}
