/**
 * `scim-conformance cleanup --ledger FILE`: finishes the cleanup of a run that could not (killed, crashed,
 * network gone). It deletes exactly what the ledger lists, through the same guard as a run (so nothing else
 * can be touched), finds creates whose answer never arrived by their prefixed name, verifies everything is
 * gone, appends the deletions to the ledger and says what it removed and what remains.
 * Exit codes: 0 nothing remains, 1 something remains, 2 usage, 3 target unreachable or token refused.
 */
import { resolve } from 'node:path';
import { ConfigError, checkBaseUrl, loadEnvironmentFile, parsePositiveInteger, redactUrlCredentials } from '../config.ts';
import { loadProfile } from '../profiles/profile.ts';
import { PreflightError, preflight } from '../runner/preflight.ts';
import { openGuardedTransport } from '../runner/guarded-transport.ts';
import { Ledger, LedgerFormatError } from '../safety/ledger.ts';
import { redactError, tokenRedactor } from '../safety/redact.ts';
import { sweep } from '../safety/sweep.ts';
import { EXIT } from './exit-codes.ts';
import { flagsToEnvironment, parseRate, readCaFile } from './run-command.ts';

export interface CleanupFlags {
  ledger: string;
  baseUrl?: string;
  token?: string;
  tokenEnv?: string;
  timeout?: string;
  rate?: string;
  ca?: string;
}

export async function cleanupCommand(flags: CleanupFlags): Promise<number> {
  loadEnvironmentFile();
  const { env, warnings } = flagsToEnvironment({ ...pick(flags.token, 'token'), ...pick(flags.tokenEnv, 'tokenEnv') }, process.env);
  for (const warning of warnings) process.stderr.write(`${warning}\n`);
  const token = env.SCIM_TOKEN?.trim();
  if (!token) throw new ConfigError('cleanup needs the bearer token: --token-env NAME, --token or SCIM_TOKEN');
  const redact = tokenRedactor([token]);
  const file = resolve(flags.ledger);
  let ledger: Ledger;
  try {
    ledger = Ledger.load(file, redact);
  } catch (error) {
    const why = error instanceof LedgerFormatError ? error.message : ((error as NodeJS.ErrnoException).code ?? String(error));
    throw new ConfigError(`--ledger ${flags.ledger}: cannot use the file (${why})`);
  }
  const target = ledger.header.target;
  if (flags.baseUrl !== undefined) {
    checkBaseUrl(flags.baseUrl, '--base-url');
    // Ids mean nothing on another target, and may name someone else there (some directories number them).
    if (sameTarget(flags.baseUrl, target) !== true) {
      throw new ConfigError(`--base-url ${redactUrlCredentials(flags.baseUrl)} is not the target the ledger was written for (${target}); refusing to delete its ids there`);
    }
  }
  const timeoutMs = parsePositiveInteger(flags.timeout ?? '60000', '--timeout');
  const open = ledger.live().length + ledger.pending().length;
  process.stdout.write(`Ledger ${file}: run ${ledger.header.runId} against ${target}, ${ledger.entries().length} entries, ${open} not known to be deleted\n`);

  const { transport, close } = openGuardedTransport({
    baseUrl: target,
    token,
    timeoutMs,
    ca: readCaFile(flags.ca),
    ratePerSecond: parseRate(flags.rate, false),
    ledger,
    readOnly: false,
  });
  try {
    const send = (request: Parameters<typeof transport>[0]): ReturnType<typeof transport> => transport(request, { tag: 'cleanup' });
    // The same Test Connection as a run: one clear line (exit 3) for a wrong token or a vanished target.
    // Every profile matches users on userName, which is all the preflight needs of one.
    await preflight(send, loadProfile('entra-default'));
    const report = await sweep(send, ledger);
    const lines: string[] = [];
    lines.push(`Removed ${report.removed.length}:`);
    for (const entry of report.removed) lines.push(`  ${entry.kind} ${entry.id ?? '?'} (${entry.attribute} ${JSON.stringify(entry.values.at(-1))})`);
    lines.push(`Verified gone: ${report.verified} check(s) by id and by filter`);
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

function pick<K extends string>(value: string | undefined, key: K): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
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
