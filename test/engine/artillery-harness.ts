/**
 * Runs an exported Artillery test (src/load/artillery/export.ts) with the pinned Artillery of engines/artillery
 * against a target: writes the bundle into a temporary directory, links this checkout as its `scim-conformance`
 * dependency (dist/ must be built), and runs `artillery run --output`. Used by the engine test and the bench.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeArtilleryTest, ARTILLERY_SCRIPT } from '../../src/load/artillery/export.ts';
import { ARTILLERY_SETTINGS_FORMAT, type ArtillerySettings } from '../../src/load/artillery/settings.ts';
import type { LoadShape } from '../../src/load/scenario.ts';
import { TOOL } from '../../src/version.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const ARTILLERY_BIN = join(ROOT, 'engines/artillery/node_modules/.bin/artillery');

export function artilleryInstalled(): boolean {
  return existsSync(ARTILLERY_BIN) && existsSync(join(ROOT, 'dist/load/artillery/processor.js'));
}

export interface EngineRun {
  dir: string;
  report: string;
  reportJson: ArtilleryReportJson;
  stdout: string;
  stderr: string;
  code: number | null;
  cpuMs?: number;
  peakRssKiB?: number;
}

export interface ArtilleryReportJson {
  aggregate: { counters: Record<string, number>; summaries: Record<string, Record<string, number>> };
  intermediate: unknown[];
}

export function settingsFor(target: string, shape: LoadShape, overrides: Partial<ArtillerySettings> = {}): ArtillerySettings {
  return {
    format: ARTILLERY_SETTINGS_FORMAT,
    tool: TOOL.version,
    target,
    profile: 'akamai-eaa',
    dialect: 'legacy',
    seed: 7,
    shape,
    ratePerTenant: 0,
    timeoutMs: 10_000,
    projectUsers: 50_000,
    tenants: 3,
    arrivalSeconds: 1,
    tokenEnv: 'SCIM_ENGINE_TOKEN',
    ledgerDir: 'ledgers',
    ...overrides,
  };
}

/** Exports the test for `settings` and runs it; resolves when Artillery exits. */
export async function runArtillery(settings: ArtillerySettings, token: string, options: { measure?: boolean } = {}): Promise<EngineRun> {
  const dir = mkdtempSync(join(tmpdir(), 'scim-artillery-'));
  writeArtilleryTest(dir, settings);
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(ROOT, join(dir, 'node_modules', TOOL.name), 'dir');
  const report = join(dir, 'report.json');
  const args = ['run', '--quiet', '--output', report, ARTILLERY_SCRIPT];
  const command = options.measure ? '/usr/bin/time' : ARTILLERY_BIN;
  const argv = options.measure ? ['-f', 'TIME %U %S %M', ARTILLERY_BIN, ...args] : args;
  const child = spawn(command, argv, {
    cwd: dir,
    env: { ...process.env, [settings.tokenEnv]: token, ARTILLERY_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: '1', ARTILLERY_WORKERS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  const run: EngineRun = { dir, report, reportJson: existsSync(report) ? (JSON.parse(readFileSync(report, 'utf8')) as ArtilleryReportJson) : { aggregate: { counters: {}, summaries: {} }, intermediate: [] }, stdout, stderr, code };
  const time = /TIME ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
  if (time) {
    run.cpuMs = (Number(time[1]) + Number(time[2])) * 1000;
    run.peakRssKiB = Number(time[3]);
  }
  return run;
}
