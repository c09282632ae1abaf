/**
 * `scim-conformance observe --upstream URL`: the recording proxy (src/observe/). Prints one line per exchange;
 * on Ctrl-C or after --duration writes the usual reports (a passive verdict), observe.har and observed.json.
 * Exit codes: 1 a finding that blocks Ready, 4 nothing blocking (a passive observation is never complete),
 * 2 usage error (bad flag, unreadable file, cannot listen).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { checkBaseUrl, ConfigError, profileOf } from '../config.ts';
import { startObservation } from '../observe/observation.ts';
import { writeHar } from '../report/har.ts';
import { prepareReportDir } from '../report/report-dir.ts';
import { REPORT_FORMATS, writeReports, type ReportFormat } from '../report/write-reports.ts';
import { EXIT } from './exit-codes.ts';

export interface ObserveFlags {
  upstream: string;
  listen?: string;
  tlsCert?: string;
  tlsKey?: string;
  duration?: string;
  reportDir?: string;
  format?: string;
  profile?: string;
  redactPersonalData?: boolean;
  ca?: string;
  timeout?: string;
}

export const OBSERVE_FILES = { har: 'observe.har', exchanges: 'observed.json' } as const;
type ObserveFormat = ReportFormat | 'har';
const FORMATS: readonly ObserveFormat[] = [...REPORT_FORMATS, 'har'];

export async function observeCommand(flags: ObserveFlags, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const settings = observeSettings(flags);
  const reportDir = prepareReportDir(flags.reportDir ?? 'reports');
  let observation;
  try {
    observation = await startObservation({ ...settings, live: (line) => out.write(`${line}\n`) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new ConfigError(`--listen ${settings.host}:${settings.port}: cannot listen there (${code})`);
  }
  out.write(`observing: point the client at ${observation.url} (forwarding to ${settings.upstream.origin}${settings.upstream.pathname}); Ctrl-C to stop and write the reports\n`);
  if (!isLoopback(settings.host)) {
    out.write(`warning: listening on ${settings.host}, not loopback: whoever reaches this port reaches the target through it. Stop it as soon as the capture is done.\n`);
  }
  const endedBy = await waitForEnd(settings.durationMs);
  const record = await observation.stop(endedBy);
  const formats = settings.formats;
  const written = writeReports(record.run, reportDir, formats.filter((format): format is ReportFormat => format !== 'har'));
  if (formats.includes('har')) written.push(writeHar(join(reportDir, OBSERVE_FILES.har), record.har));
  const exchangesFile = join(reportDir, OBSERVE_FILES.exchanges);
  writeFileSync(exchangesFile, `${JSON.stringify(record.exchanges, null, 2)}\n`);
  written.push(exchangesFile);
  out.write(`\n${record.run.verdict.headline}\n`);
  for (const reason of record.run.verdict.reasons) out.write(`  - ${reason}\n`);
  for (const failure of record.run.verdict.blocking) out.write(`  FAIL ${failure.id}${failure.dialect === 'any' ? '' : ` [${failure.dialect}]`}: ${failure.reason ?? ''}\n`);
  out.write(`reports: ${written.join(', ')}\n`);
  return record.run.verdict.exitCode === EXIT.notReady ? EXIT.notReady : EXIT.incomplete;
}

interface ObserveSettings {
  upstream: URL;
  host: string;
  port: number;
  profile: ReturnType<typeof profileOf>['profile'];
  profileHash: string;
  tls?: { cert: Buffer; key: Buffer };
  ca?: Buffer;
  timeoutMs: number;
  durationMs?: number;
  formats: ObserveFormat[];
  redactPersonalData: boolean;
}

function observeSettings(flags: ObserveFlags): ObserveSettings {
  if (flags.upstream === undefined || flags.upstream.trim() === '') throw new ConfigError('--upstream is required: the SCIM base URL requests are forwarded to');
  checkBaseUrl(flags.upstream, '--upstream');
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*@/i.test(flags.upstream)) throw new ConfigError('--upstream must not contain credentials (user:password@); the client sends its own token');
  const { host, port } = listenAddress(flags.listen);
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) throw new ConfigError('--tls-cert and --tls-key go together');
  const { profile, hash } = profileOf(flags.profile ?? 'akamai-eaa', '--profile');
  const settings: ObserveSettings = {
    upstream: new URL(flags.upstream),
    host,
    port,
    profile,
    profileHash: hash,
    timeoutMs: positiveNumber(flags.timeout, '--timeout', 60_000),
    formats: formatsOf(flags.format),
    redactPersonalData: flags.redactPersonalData === true,
  };
  if (flags.tlsCert !== undefined && flags.tlsKey !== undefined) settings.tls = { cert: readFile(flags.tlsCert, '--tls-cert'), key: readFile(flags.tlsKey, '--tls-key') };
  if (flags.ca !== undefined) settings.ca = readFile(flags.ca, '--ca');
  if (flags.duration !== undefined) settings.durationMs = positiveNumber(flags.duration, '--duration', 0) * 1000;
  return settings;
}

/** `host:port`, `[v6]:port`, `:port` or `port`; loopback and a free port by default. */
function listenAddress(value: string | undefined): { host: string; port: number } {
  if (value === undefined) return { host: '127.0.0.1', port: 0 };
  const match = /^(?:\[([^\]]+)\]|([^:]*))?:?(\d+)$/.exec(value.trim());
  const port = Number(match?.[3]);
  if (!match || !Number.isInteger(port) || port > 65535) throw new ConfigError(`--listen must be host:port (e.g. 127.0.0.1:8080), got ${JSON.stringify(value)}`);
  const host = match[1] ?? (match[2] === undefined || match[2] === '' ? '127.0.0.1' : match[2]);
  return { host, port };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

function formatsOf(value: string | undefined): ObserveFormat[] {
  if (value === undefined) return [...FORMATS];
  const formats = value.split(',').map((part) => part.trim()).filter(Boolean);
  const unknown = formats.filter((format) => !FORMATS.includes(format as ObserveFormat));
  if (unknown.length > 0 || formats.length === 0) throw new ConfigError(`--format takes ${FORMATS.join(',')}, got ${JSON.stringify(value)}`);
  return formats as ObserveFormat[];
}

function positiveNumber(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new ConfigError(`${name} must be a positive number, got ${JSON.stringify(value)}`);
  return number;
}

function readFile(path: string, name: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError(`${name} ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Ctrl-C (or SIGTERM) is how an observation normally ends; --duration ends it by itself. */
function waitForEnd(durationMs: number | undefined): Promise<string> {
  return new Promise((resolve) => {
    const stop = (why: string): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      if (timer !== undefined) clearTimeout(timer);
      resolve(why);
    };
    const onInt = (): void => stop('Ctrl-C (SIGINT)');
    const onTerm = (): void => stop('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    const timer = durationMs === undefined ? undefined : setTimeout(() => stop(`--duration ${durationMs / 1000} s elapsed`), durationMs);
  });
}
