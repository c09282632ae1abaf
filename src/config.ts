/**
 * Run configuration from the environment (and `.env`, through dotenv). Every problem is a ConfigError whose
 * message is one line naming the variable, so the CLI can print it without a stack trace.
 */
import { existsSync } from 'node:fs';
import { config as loadDotenv } from 'dotenv';
import { DIALECTS, type Dialect } from './model/vocabulary.ts';
import { listProfileIds } from './profiles/profile.ts';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface SuiteConfig {
  /** Unset: run against the embedded reference server. */
  baseUrl?: string;
  token?: string;
  profileId: string;
  dialects: Dialect[];
  timeoutMs: number;
  reportDir: string;
  seed: number;
}

export const DEFAULTS = {
  profileId: 'akamai-eaa',
  // Entra gives up on a request after 60 seconds (reference §1.5, QA-60S).
  timeoutMs: 60_000,
  reportDir: 'reports',
};

export type Environment = Record<string, string | undefined>;

/** Reads `.env` into process.env (never overriding what is already set) unless disabled for tests. */
export function loadEnvironmentFile(env: NodeJS.ProcessEnv = process.env): void {
  if (env.SCIM_CONFORMANCE_NO_DOTENV) return;
  loadDotenv({ quiet: true });
}

/**
 * Builds the configuration from environment-style variables. `labels` names where a value came from when it
 * was not the variable itself (a CLI flag), so an error points at what the user actually typed.
 */
export function loadConfig(env: Environment = process.env, labels: Partial<Record<string, string>> = {}): SuiteConfig {
  const name = (variable: string): string => labels[variable] ?? variable;
  const baseUrl = blankToUndefined(env.SCIM_BASE_URL);
  const token = blankToUndefined(env.SCIM_TOKEN);
  if (baseUrl !== undefined) {
    checkBaseUrl(baseUrl, name('SCIM_BASE_URL'));
    if (token === undefined) {
      throw new ConfigError(`${name('SCIM_TOKEN')} is required when ${name('SCIM_BASE_URL')} is set (the bearer token Entra would send)`);
    }
  }
  const config: SuiteConfig = {
    profileId: parseProfile(blankToUndefined(env.SCIM_PROFILE) ?? DEFAULTS.profileId, name('SCIM_PROFILE')),
    dialects: parseDialects(blankToUndefined(env.SCIM_DIALECTS) ?? 'all', name('SCIM_DIALECTS')),
    timeoutMs: parsePositiveInteger(blankToUndefined(env.SCIM_TIMEOUT_MS) ?? String(DEFAULTS.timeoutMs), name('SCIM_TIMEOUT_MS')),
    reportDir: blankToUndefined(env.SCIM_REPORT_DIR) ?? DEFAULTS.reportDir,
    seed: parseSeed(blankToUndefined(env.SCIM_SEED), name('SCIM_SEED')),
  };
  if (baseUrl !== undefined) {
    const { url, compliantFlag } = splitTenantUrl(baseUrl, name('SCIM_BASE_URL'));
    config.baseUrl = url;
    config.token = token;
    // Entra sends the compliant dialect when the Tenant URL carries the flag (reference §3), so that is what
    // a copied Tenant URL asks for unless the dialects were chosen explicitly.
    if (compliantFlag && blankToUndefined(env.SCIM_DIALECTS) === undefined) config.dialects = ['compliant'];
  }
  return config;
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
export function splitTenantUrl(value: string, name: string): { url: string; compliantFlag: boolean } {
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

/** A built-in profile name, or a file: a profile, or an Entra provisioning schema export (read when the run starts). */
export function parseProfile(value: string, name: string): string {
  const known = listProfileIds();
  if (known.includes(value) || existsSync(value)) return value;
  throw new ConfigError(
    `${name} ${JSON.stringify(value)} is not a known profile (${known.join(', ')}) nor a profile or exported Entra schema file`,
  );
}

export function parseDialects(value: string, name: string): Dialect[] {
  if (value.trim().toLowerCase() === 'all') return [...DIALECTS];
  const requested = value.split(',').map((part) => part.trim().toLowerCase()).filter(Boolean);
  const unknown = requested.filter((part) => !(DIALECTS as readonly string[]).includes(part));
  if (requested.length === 0 || unknown.length > 0) {
    throw new ConfigError(`${name} must be "all" or a comma-separated list of ${DIALECTS.join(', ')}; got ${JSON.stringify(value)}`);
  }
  return DIALECTS.filter((dialect) => requested.includes(dialect));
}

export function parsePositiveInteger(value: string, name: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed <= 0) {
    throw new ConfigError(`${name} must be a positive whole number of milliseconds, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function parseSeed(value: string | undefined, name: string): number {
  if (value === undefined) return Math.floor(Math.random() * 2 ** 31);
  if (!/^\d+$/.test(value)) throw new ConfigError(`${name} must be a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** A URL safe to print: user:password@ removed. */
export function redactUrlCredentials(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1');
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
