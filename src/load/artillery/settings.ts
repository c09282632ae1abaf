/**
 * What an exported Artillery test runs with (`scim-load.json` beside the script): the load shape, profile,
 * dialect, seed, per-tenant rate and the tenants' arrival, exactly as `load --export artillery` resolved them.
 * Never a token: each worker reads it from the environment variable named here.
 */
import type { Dialect } from '../../model/vocabulary.ts';
import type { LoadShape } from '../scenario.ts';

export const ARTILLERY_SETTINGS_FORMAT = 'scim-conformance-artillery/1';
export const ARTILLERY_SETTINGS_FILE = 'scim-load.json';

export interface ArtillerySettings {
  format: typeof ARTILLERY_SETTINGS_FORMAT;
  /** The scim-conformance version that exported it (the bundle's package.json pins the same). */
  tool: string;
  /** The target the export was made for; the script's `config.target` (Artillery's `--target` may override it). */
  target: string;
  profile: string;
  dialect: Dialect;
  seed: number;
  shape: LoadShape;
  /** Requests per second of each tenant (Entra paces each job on its own); 0: unpaced. */
  ratePerTenant: number;
  timeoutMs: number;
  projectUsers: number;
  /** Virtual tenants, and the seconds over which they arrive. */
  tenants: number;
  arrivalSeconds: number;
  /** The environment variable the bearer token is read from on every worker. */
  tokenEnv: string;
  /** Where each tenant's cleanup ledger is written (`ledger-<run id>.jsonl`), relative to the working directory. */
  ledgerDir: string;
  /** A non-loopback target's host and the objects per tenant the operator confirmed with `--confirm`. */
  confirmed?: { host: string; objects: number };
}

/** Reads and checks a settings object; one readable sentence when it is not one. */
export function parseArtillerySettings(value: unknown, where: string): ArtillerySettings {
  const settings = value as Partial<ArtillerySettings> | null;
  if (settings === null || typeof settings !== 'object' || settings.format !== ARTILLERY_SETTINGS_FORMAT) {
    throw new Error(`${where} is not a scim-conformance Artillery settings file (format ${ARTILLERY_SETTINGS_FORMAT})`);
  }
  for (const key of ['target', 'profile', 'dialect', 'tokenEnv', 'ledgerDir'] as const) {
    if (typeof settings[key] !== 'string') throw new Error(`${where}: "${key}" must be a string`);
  }
  for (const key of ['seed', 'ratePerTenant', 'timeoutMs', 'projectUsers', 'tenants', 'arrivalSeconds'] as const) {
    if (typeof settings[key] !== 'number' || !Number.isFinite(settings[key])) throw new Error(`${where}: "${key}" must be a number`);
  }
  if (settings.shape === undefined || typeof settings.shape.users !== 'number') throw new Error(`${where}: "shape" is missing`);
  return settings as ArtillerySettings;
}
