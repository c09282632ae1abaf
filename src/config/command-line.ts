/**
 * The command line's side of the configuration: flags over the environment over `.env`, parsed from text into
 * the typed RunSettings that src/config.ts turns into a Connection and a Plan. Each value keeps the name it
 * was given under (`--timeout`, `SCIM_TIMEOUT_MS`), so an error points at what the user actually typed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { config as loadDotenv } from 'dotenv';
import { DIALECTS, type Dialect } from '../model/vocabulary.ts';
import { blankToUndefined, ConfigError, DEFAULTS, type RunSettings, type SettingNames } from '../config.ts';
import { stripBearerPrefix } from './bearer-prefix.ts';

export type Environment = Record<string, string | undefined>;

/** `--sustained-rate` alone: 30 s of Entra's mix at 25 requests per second. */
export const DEFAULT_SUSTAINED_SECONDS = 30;

/**
 * `--sustained-rate [seconds]`: the seconds to measure, or undefined for none. Given without a value, 30 s;
 * `--no-sustained-rate` (false) turns it off; absent, `onByDefault` decides (off in `run`, on in `load`).
 */
export function parseSustainedRate(value: string | boolean | undefined, onByDefault: boolean): number | undefined {
  if (value === false || (value === undefined && !onByDefault)) return undefined;
  if (value === undefined || value === true) return DEFAULT_SUSTAINED_SECONDS;
  return parseWhole(value, '--sustained-rate', 1, 600, 'a whole number of seconds from 1 to 600');
}

/** The flags `run`, `load` and `cleanup` share, as commander hands them over. */
export interface CommandLineFlags {
  baseUrl?: string;
  token?: string;
  tokenEnv?: string;
  tokenUrl?: string;
  clientId?: string;
  scope?: string;
  profile?: string;
  dialect?: string;
  only?: string[];
  skip?: string[];
  withOptIn?: boolean;
  strict?: boolean;
  readOnly?: boolean;
  dryRun?: boolean;
  reportDir?: string;
  timeout?: string;
  seed?: string;
  rate?: string;
  concurrency?: string;
  ca?: string;
  /** `--sustained-rate [seconds]` (true when given without a value). */
  sustainedRate?: string | boolean;
}

export interface CommandLine {
  settings: RunSettings;
  names: SettingNames;
  reportDir: string;
  /** One line each, for stderr (a token pasted with its `Bearer ` prefix). */
  warnings: string[];
}

/** The text settings: their flag, and the variable each falls back to. */
const SOURCES = {
  baseUrl: { flag: 'baseUrl', option: '--base-url', variable: 'SCIM_BASE_URL' },
  tokenUrl: { flag: 'tokenUrl', option: '--token-url', variable: 'SCIM_TOKEN_URL' },
  clientId: { flag: 'clientId', option: '--client-id', variable: 'SCIM_CLIENT_ID' },
  scope: { flag: 'scope', option: '--scope', variable: 'SCIM_SCOPE' },
  profile: { flag: 'profile', option: '--profile', variable: 'SCIM_PROFILE' },
  dialects: { flag: 'dialect', option: '--dialect', variable: 'SCIM_DIALECTS' },
  timeoutMs: { flag: 'timeout', option: '--timeout', variable: 'SCIM_TIMEOUT_MS' },
  seed: { flag: 'seed', option: '--seed', variable: 'SCIM_SEED' },
  ratePerSecond: { flag: 'rate', option: '--rate' },
  concurrency: { flag: 'concurrency', option: '--concurrency' },
  ca: { flag: 'ca', option: '--ca' },
} as const satisfies Partial<Record<keyof RunSettings, { flag: keyof CommandLineFlags; option: string; variable?: string }>>;

type TextSetting = keyof typeof SOURCES;
const ALL: readonly (TextSetting | 'token')[] = [...(Object.keys(SOURCES) as TextSetting[]), 'token'];

/** Reads `.env` into process.env (never overriding what is already set) unless disabled for tests. */
export function loadEnvironmentFile(env: NodeJS.ProcessEnv = process.env, file = '.env'): void {
  if (env.SCIM_CONFORMANCE_NO_DOTENV) return;
  if (existsSync(file)) checkEnvironmentFile(file, readFileSync(file, 'utf8'));
  loadDotenv({ quiet: true, path: file });
}

/**
 * dotenv skips a line it cannot read without a word, so a typo in `.env` used to surface later as a rejected
 * token. Every line must be blank, a comment, or NAME=value (quotes closed, on a later line for a multi-line value).
 */
export function checkEnvironmentFile(file: string, text: string): void {
  const lines = text.split(/\r?\n/);
  let open: { quote: string; line: number } | undefined;
  lines.forEach((line, index) => {
    if (open !== undefined) {
      if (line.includes(open.quote)) open = undefined;
      return;
    }
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(trimmed);
    // The line is not quoted back: it may hold a token.
    if (match === null) throw new ConfigError(`${file} line ${index + 1} is not NAME=value (a comment starts with #); fix or remove it`);
    const value = match[2] ?? '';
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && !value.slice(1).includes(quote)) open = { quote, line: index + 1 };
  });
  if (open !== undefined) throw new ConfigError(`${file} line ${open.line}: the ${open.quote} quote opened there is never closed`);
}


/** The settings of a command from its flags and the environment; `read` limits which a command takes. */
export function readCommandLine(flags: CommandLineFlags, env: Environment = process.env, read: readonly (TextSetting | 'token')[] = ALL): CommandLine {
  const settings: RunSettings = {};
  const names: SettingNames = {};
  const text = (key: TextSetting): string | undefined => {
    const source: { flag: keyof CommandLineFlags; option: string; variable?: string } = SOURCES[key];
    const flag = flags[source.flag];
    if (typeof flag === 'string') {
      names[key] = source.option;
      return flag;
    }
    names[key] = source.variable ?? source.option;
    return source.variable === undefined ? undefined : blankToUndefined(env[source.variable]);
  };
  const parsers: { [K in TextSetting]: (value: string, name: string) => RunSettings[K] } = {
    baseUrl: (value) => value,
    tokenUrl: (value) => value,
    clientId: (value) => value,
    scope: (value) => value,
    profile: (value) => value,
    dialects: parseDialects,
    timeoutMs: (value, name) => parseWhole(value, name, 1, Number.MAX_SAFE_INTEGER, 'a positive whole number of milliseconds'),
    seed: (value, name) => parseWhole(value, name, 0, Number.MAX_SAFE_INTEGER, 'a whole number'),
    ratePerSecond: parseRate,
    concurrency: (value, name) => parseWhole(value, name, 1, DEFAULTS.maxConcurrency, `a whole number from 1 to ${DEFAULTS.maxConcurrency}`),
    ca: readCaFile,
  };
  for (const key of read) {
    if (key === 'token') continue;
    const value = text(key);
    if (value !== undefined) (settings as Record<string, unknown>)[key] = parsers[key](value, names[key] as string);
  }
  const warnings: string[] = [];
  if (read.includes('token')) {
    // The client secret never comes from a flag (it would land in shell history and the process list).
    names.clientSecret = 'SCIM_CLIENT_SECRET';
    const secret = env.SCIM_CLIENT_SECRET;
    if (secret !== undefined && secret.trim() !== '') settings.clientSecret = secret.trim();
  }
  if (read.includes('token') && !(settings.tokenUrl !== undefined && flags.token === undefined && flags.tokenEnv === undefined)) {
    const token = readToken(flags, env, names);
    const pasted = stripBearerPrefix(token, names.token as string);
    if (pasted.warning !== undefined) warnings.push(pasted.warning);
    // A dry run sends nothing, so it needs no token: a placeholder lets the configuration check pass.
    const value = pasted.token ?? (flags.dryRun === true ? 'dry-run' : undefined);
    if (value !== undefined) settings.token = value;
  }
  // Opt-in on `run`: measured only when the flag is given.
  const sustainedRateSeconds = parseSustainedRate(flags.sustainedRate, false);
  if (sustainedRateSeconds !== undefined) {
    names.sustainedRateSeconds = '--sustained-rate';
    settings.sustainedRateSeconds = sustainedRateSeconds;
  }
  for (const key of ['only', 'skip'] as const) {
    names[key] = `--${key}`;
    if (flags[key] !== undefined) settings[key] = flags[key];
  }
  for (const [key, option] of [['strict', '--strict'], ['readOnly', '--read-only'], ['dryRun', '--dry-run'], ['withOptIn', '--with-opt-in']] as const) {
    names[key] = option;
    if (flags[key] !== undefined) settings[key] = flags[key];
  }
  return { settings, names, reportDir: flags.reportDir ?? blankToUndefined(env.SCIM_REPORT_DIR) ?? DEFAULTS.reportDir, warnings };
}

/** `--token` over `--token-env NAME` over SCIM_TOKEN. */
function readToken(flags: CommandLineFlags, env: Environment, names: SettingNames): string | undefined {
  if (flags.token !== undefined) {
    names.token = '--token';
    return blankToUndefined(flags.token);
  }
  if (flags.tokenEnv !== undefined) {
    names.token = `--token-env ${flags.tokenEnv}`;
    const fromVariable = blankToUndefined(env[flags.tokenEnv]);
    if (fromVariable === undefined) throw new ConfigError(`--token-env ${flags.tokenEnv}: the environment variable ${flags.tokenEnv} is not set`);
    return fromVariable;
  }
  names.token = 'SCIM_TOKEN';
  return blankToUndefined(env.SCIM_TOKEN);
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

/** Requests per second, 0 meaning unpaced. */
export function parseRate(value: string, name: string): number {
  const rate = Number(value);
  if (value.trim() === '' || !Number.isFinite(rate) || rate < 0) {
    throw new ConfigError(`${name} must be a number of requests per second (0 for no pacing), got ${JSON.stringify(value)}`);
  }
  return rate;
}

export function parseWhole(value: string, name: string, min: number, max: number, what: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(`${name} must be ${what}, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

/** `--ca FILE`: PEM certificate(s) trusted on top of the system roots and NODE_EXTRA_CA_CERTS. */
export function readCaFile(file: string, name: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${name} ${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(`${name} ${file}: no PEM certificate in the file`);
  return pem;
}
