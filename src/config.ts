/**
 * Configuration: the settings of a run, as typed values (the library's and vitest's options, or what
 * src/config/command-line.ts parsed from flags, the environment and `.env`), checked and turned, once, into
 * the Connection and the Plan that runSuite takes (src/runner/run-input.ts). Every problem is a ConfigError
 * whose one-line message names the flag, variable or option the user actually gave.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { applicableCases, catalogue, planRuns, selectCases, type Selection } from './cases/catalogue.ts';
import { ConfigError, readAsConfig } from './config/config-error.ts';
import { checkSelectors } from './config/check-selectors.ts';
import type { ClientCredentials } from './client/oauth.ts';
import { redactUrlCredentials } from './client/redact.ts';
import { newRunId } from './data/test-data.ts';
import type { CaseRef } from './model/result.ts';
import { DIALECTS, type Dialect } from './model/vocabulary.ts';
import { ProfileInputError } from './profiles/import/read-input.ts';
import { listProfileIds, type Profile } from './profiles/profile.ts';
import { profileHash, resolveProfile } from './profiles/resolve-profile.ts';
import type { Connection, Plan } from './runner/run-input.ts';
import { readOnlyPlan } from './safety/read-only.ts';
import { tokenRedactor } from './safety/redact.ts';

// Both live in small modules of their own so that `list` can check selectors without loading what a run needs.
export { ConfigError } from './config/config-error.ts';
export { checkSelectors } from './config/check-selectors.ts';

export const DEFAULTS = {
  profileId: 'akamai-eaa',
  // Entra gives up on a request after 60 seconds (reference §1.5, QA-60S).
  timeoutMs: 60_000,
  reportDir: 'reports',
  /** Entra's provisioning service sends gallery apps at most about 25 requests per second. */
  remoteRate: 25,
  /**
   * Cases at a time against a target that is not the embedded server: over a network a request waits a
   * round trip, and one case at a time could not reach Entra's rate (at 100 ms a round trip, 10 requests per
   * second). The pacer keeps the rate, whatever this is. The embedded server shares the run's one thread,
   * where more at a time gains nothing (README: Benchmarks).
   */
  remoteConcurrency: 8,
  maxConcurrency: 16,
};

/** Everything a run can be told, as typed values. Absent means the default. */
export interface RunSettings {
  /** The target's SCIM base URL, i.e. Entra's Tenant URL (`?aadOptscim062020` selects the compliant dialect). Absent: the embedded reference server. */
  baseUrl?: string;
  /** The bearer token Entra would send; required with `baseUrl` unless client credentials are given. */
  token?: string;
  /** OAuth 2.0 client credentials instead of a bearer token: the target's token endpoint (needs `clientId` and `clientSecret`). */
  tokenUrl?: string;
  clientId?: string;
  /** The client secret; the command line reads it only from SCIM_CLIENT_SECRET (environment or `.env`), never from a flag. */
  clientSecret?: string;
  /** Optional `scope` of the token request. */
  scope?: string;
  /** `baseUrl` is a reference server of this process (a test's, a fault variant's): reported as embedded, unpaced by default. */
  embedded?: boolean;
  /** A built-in profile name, a profile file or an Entra provisioning schema export; or a profile itself. */
  profile?: string | Profile;
  dialects?: readonly Dialect[];
  only?: readonly string[];
  skip?: readonly string[];
  /**
   * Run the opt-in cases too (too costly for every run, e.g. LIFE-GROW-01). Default: yes against the embedded
   * reference server, no against a target; a full run without them names them as not run and is Incomplete.
   */
  withOptIn?: boolean;
  readOnly?: boolean;
  dryRun?: boolean;
  strict?: boolean;
  seed?: number;
  runId?: string;
  timeoutMs?: number;
  /** Requests per second; 0 unpaced. Default: 25 for a remote target (as Entra), unpaced for a reference server. */
  ratePerSecond?: number;
  concurrency?: number;
  /** Extra CA certificate(s) to trust, PEM. */
  ca?: string | Buffer;
  maxRetries?: number;
  maxRetryWaitMs?: number;
  sweepRetryBudgetMs?: number;
  /** After the cases, send Entra's mix at 25 requests per second for this many seconds and report the rate achieved (the gallery's requirement). */
  sustainedRateSeconds?: number;
}

/** What each setting is called where it came from (`--base-url`, `SCIM_BASE_URL`); by default its option name. */
export type SettingNames = Partial<Record<keyof RunSettings, string>>;

/** Checks the settings and builds the run's Connection and Plan. */
export function configure(settings: RunSettings, names: SettingNames = {}): { connection: Connection; plan: Plan } {
  const tenant = readTenantUrl(settings, names);
  const connection = connectionOf(settings, tenant, names);
  return { connection, plan: planOf(settings, tenant, names, connection.credentials !== undefined) };
}

/** Only the Connection, for a command that plans no cases (cleanup). */
export function connect(settings: RunSettings, names: SettingNames = {}): Connection {
  return connectionOf(settings, readTenantUrl(settings, names), names);
}

const nameOf = (names: SettingNames, key: keyof RunSettings): string => names[key] ?? key;

interface TenantUrl {
  url: string;
  compliantFlag: boolean;
}

function readTenantUrl(settings: RunSettings, names: SettingNames): TenantUrl | undefined {
  const value = blankToUndefined(settings.baseUrl);
  if (value === undefined) return undefined;
  const name = nameOf(names, 'baseUrl');
  checkBaseUrl(value, name);
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*@/i.test(value)) {
    // Credentials in the URL would end up in logs and reports; the token is the only credential sent.
    throw new ConfigError(`${name} must not contain credentials (user:password@); pass the bearer token instead`);
  }
  return splitTenantUrl(value, name);
}

function connectionOf(settings: RunSettings, tenant: TenantUrl | undefined, names: SettingNames): Connection {
  const given = blankToUndefined(settings.token);
  const credentials = clientCredentialsOf(settings, tenant, names);
  if (credentials !== undefined && given !== undefined) {
    throw new ConfigError(`give either a bearer token (${nameOf(names, 'token')}) or client credentials (${nameOf(names, 'tokenUrl')}), not both`);
  }
  if (tenant !== undefined && given === undefined && credentials === undefined) {
    throw new ConfigError(
      `${nameOf(names, 'token')} is required when ${nameOf(names, 'baseUrl')} is set (the bearer token Entra would send), or OAuth client credentials: ${nameOf(names, 'tokenUrl')}, ${nameOf(names, 'clientId')} and ${nameOf(names, 'clientSecret')}`,
    );
  }
  // The embedded server is started for the run with a token made here, so the one redactor knows it too.
  // With client credentials there is no static token: each request gets the token endpoint's (src/client/oauth.ts).
  const token = given ?? (credentials === undefined ? randomBytes(32).toString('base64url') : '');
  const embedded = tenant === undefined || settings.embedded === true;
  const rate = settings.ratePerSecond ?? (embedded ? 0 : DEFAULTS.remoteRate);
  if (!Number.isFinite(rate) || rate < 0) throw new ConfigError(`${nameOf(names, 'ratePerSecond')} must be a number of requests per second (0 for no pacing), got ${rate}`);
  const connection: Connection = {
    token,
    embedded,
    redact: tokenRedactor([token, credentials?.clientSecret]),
    timeoutMs: positive(settings.timeoutMs ?? DEFAULTS.timeoutMs, nameOf(names, 'timeoutMs')),
  };
  if (tenant !== undefined) connection.baseUrl = tenant.url;
  if (credentials !== undefined) connection.credentials = credentials;
  if (rate > 0) connection.ratePerSecond = rate;
  if (settings.ca !== undefined) connection.ca = settings.ca;
  if (settings.maxRetries !== undefined) connection.maxRetries = settings.maxRetries;
  if (settings.maxRetryWaitMs !== undefined) connection.maxRetryWaitMs = settings.maxRetryWaitMs;
  if (settings.sweepRetryBudgetMs !== undefined) connection.sweepRetryBudgetMs = settings.sweepRetryBudgetMs;
  return connection;
}

/** Client credentials, all three given together and only with a base URL; absent when none is given. */
function clientCredentialsOf(settings: RunSettings, tenant: TenantUrl | undefined, names: SettingNames): ClientCredentials | undefined {
  const tokenUrl = blankToUndefined(settings.tokenUrl);
  const clientId = blankToUndefined(settings.clientId);
  const clientSecret = settings.clientSecret === undefined || settings.clientSecret === '' ? undefined : settings.clientSecret;
  if (tokenUrl === undefined && clientId === undefined && clientSecret === undefined) return undefined;
  const missing = (
    [
      ['tokenUrl', tokenUrl],
      ['clientId', clientId],
      ['clientSecret', clientSecret],
    ] as const
  ).filter(([, value]) => value === undefined);
  if (missing.length > 0) {
    throw new ConfigError(`OAuth client credentials need ${missing.map(([key]) => nameOf(names, key)).join(' and ')} as well`);
  }
  if (tenant === undefined) throw new ConfigError(`${nameOf(names, 'tokenUrl')} needs ${nameOf(names, 'baseUrl')}: the target's SCIM base URL`);
  const name = nameOf(names, 'tokenUrl');
  checkBaseUrl(tokenUrl as string, name);
  const url = new URL(tokenUrl as string);
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigError(`${name} must not carry credentials, a query string or a fragment, got ${JSON.stringify(redactUrlCredentials(url.origin + url.pathname))}`);
  }
  const credentials: ClientCredentials = { tokenUrl: tokenUrl as string, clientId: clientId as string, clientSecret: clientSecret as string };
  const scope = blankToUndefined(settings.scope);
  if (scope !== undefined) credentials.scope = scope;
  return credentials;
}

function planOf(settings: RunSettings, tenant: TenantUrl | undefined, names: SettingNames, clientCredentials: boolean): Plan {
  const { profile, hash } = profileOf(settings.profile ?? DEFAULTS.profileId, nameOf(names, 'profile'));
  // Entra sends the compliant dialect when the Tenant URL carries the flag (reference §3), so that is what a
  // copied Tenant URL asks for unless the dialects were chosen explicitly.
  const dialects = settings.dialects !== undefined ? checkDialects(settings.dialects, nameOf(names, 'dialects')) : tenant?.compliantFlag ? ['compliant' as const] : [...DIALECTS];
  const selection: Plan['selection'] = { only: [...(settings.only ?? [])], skip: [...(settings.skip ?? [])] };
  checkSelectors(selection, { only: nameOf(names, 'only'), skip: nameOf(names, 'skip') });
  if (settings.withOptIn === true) selection.withOptIn = true;
  // The embedded reference server runs the opt-in cases by default: they cost it well under a second, and its
  // run (a newcomer's first) is then complete. Against a real target they stay opt-in (about 400 requests).
  // `selection` keeps what the user asked for; `planned` is what the run plans.
  const planned: Selection = { ...selection, withOptIn: settings.withOptIn ?? tenant === undefined };
  const mode = { readOnly: settings.readOnly ?? false, dryRun: settings.dryRun ?? false, strict: settings.strict ?? false };
  const embedded = tenant === undefined || settings.embedded === true;
  const concurrency = settings.concurrency ?? (embedded ? 1 : DEFAULTS.remoteConcurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > DEFAULTS.maxConcurrency) {
    throw new ConfigError(`${nameOf(names, 'concurrency')} must be a whole number from 1 to ${DEFAULTS.maxConcurrency}, got ${concurrency}`);
  }
  return {
    profile,
    profileHash: hash,
    dialects,
    selection,
    mode,
    cases: plannedCases(planned, dialects, mode.readOnly, profile, clientCredentials),
    optInNotRun: optInNotRun(planned, dialects, mode.readOnly, profile, clientCredentials),
    seed: settings.seed ?? randomSeed(),
    runId: settings.runId ?? newRunId(),
    concurrency,
    ...(settings.sustainedRateSeconds === undefined ? {} : { sustainedRateSeconds: sustainedSeconds(settings.sustainedRateSeconds, nameOf(names, 'sustainedRateSeconds'), mode.readOnly || mode.dryRun) }),
  };
}

/**
 * The cases a run with this selection, these dialects and this mode executes against a target of this profile,
 * in order; the token endpoint's (AUTH-) only when the run authenticates with client credentials.
 */
export function plannedCases(
  selection: Selection | undefined,
  dialects: readonly Dialect[],
  readOnly: boolean,
  profile: Profile,
  clientCredentials = false,
): Plan['cases'] {
  const cases = applicableCases(selectCases(catalogue, selection), profile).filter((testCase) => clientCredentials || testCase.needsClientCredentials !== true);
  const planned = planRuns(cases, dialects);
  return readOnly ? readOnlyPlan(planned) : planned;
}

/**
 * The opt-in case runs a full run leaves out, as the verdict names them ("not run"), so a default run never
 * reads as if they had been verified. A partial selection or a read-only run is already incomplete for
 * everything it leaves out, so only a full run lists them.
 */
export function optInNotRun(selection: Selection, dialects: readonly Dialect[], readOnly: boolean, profile: Profile, clientCredentials = false): CaseRef[] {
  if (selection.withOptIn === true || (selection.only?.length ?? 0) > 0 || readOnly) return [];
  return plannedCases({ ...selection, withOptIn: true }, dialects, readOnly, profile, clientCredentials)
    .filter(({ testCase }) => testCase.optIn !== undefined)
    .map(({ testCase, dialect }) => ({
      id: testCase.id,
      dialect: dialect ?? 'any',
      level: testCase.level,
      status: 'skip',
      impact: testCase.impact.kind,
      reason: `opt-in, too costly for every run: ${testCase.optIn}`,
    }));
}

/** A profile file that cannot be read is a configuration error: one line, exit 2. */
export function profileOf(value: string | Profile, name: string): { profile: Profile; hash: string } {
  if (typeof value !== 'string') return { profile: value, hash: profileHash(value) };
  const known = listProfileIds();
  if (!known.includes(value) && !existsSync(value)) {
    throw new ConfigError(`${name} ${JSON.stringify(value)} is not a known profile (${known.join(', ')}) nor a profile or exported Entra schema file`);
  }
  const resolved = readAsConfig(() => resolveProfile(value), ProfileInputError, `${name}: `);
  return { profile: resolved.profile, hash: resolved.hash };
}

export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

export function checkBaseUrl(value: string, name: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a valid URL: ${JSON.stringify(redactUrlCredentials(value))} (expected e.g. https://host/scim/v2)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`${name} must be an http:// or https:// URL, got ${JSON.stringify(url.protocol)}`);
  }
}

/**
 * An admin may paste Entra's Tenant URL with `?aadOptscim062020`. The flag is Entra's, not the target's: it is
 * taken off the base URL (whether Entra forwards it is unverified, reference §1.1) and selects the dialect.
 */
export function splitTenantUrl(value: string, name: string): TenantUrl {
  const url = new URL(value);
  const params = [...url.searchParams.keys()];
  const compliantFlag = params.some((param) => param.toLowerCase() === 'aadoptscim062020');
  const others = params.filter((param) => param.toLowerCase() !== 'aadoptscim062020');
  if (others.length > 0 || url.hash) {
    throw new ConfigError(`${name} must not carry a query string or fragment other than ?aadOptscim062020, got ${JSON.stringify(redactUrlCredentials(value))}`);
  }
  url.search = '';
  return { url: url.toString().replace(/\/+$/, ''), compliantFlag };
}

function checkDialects(dialects: readonly Dialect[], name: string): Dialect[] {
  const unknown = dialects.filter((dialect) => !DIALECTS.includes(dialect));
  if (dialects.length === 0 || unknown.length > 0) throw new ConfigError(`${name} must list some of ${DIALECTS.join(', ')}; got ${JSON.stringify(dialects)}`);
  return DIALECTS.filter((dialect) => dialects.includes(dialect));
}

function sustainedSeconds(value: number, name: string, readOnly: boolean): number {
  if (!Number.isFinite(value) || value <= 0 || value > 600) throw new ConfigError(`${name} must be a number of seconds from 0 to 600, got ${value}`);
  if (readOnly) throw new ConfigError(`${name} sends updates: it cannot be combined with --read-only or --dry-run`);
  return value;
}

function positive(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new ConfigError(`${name} must be a positive whole number of milliseconds, got ${value}`);
  return value;
}

export function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
