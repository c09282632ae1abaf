/**
 * Shared by the safety tests: the CLI as a child process (with a hook to signal or kill it mid-run), what a
 * reference server still holds of a run, the ledger folded to its last state, and every byte a run left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLedger, type LedgerEntry } from '../../src/safety/ledger.ts';
import type { RunningReferenceServer, ScimMiddleware, ScimRequest } from '../../src/server/types.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  reportDir: string;
}

export interface CliOptions {
  env?: Record<string, string>;
  reportDir?: string;
  onSpawn?: (child: ChildProcess) => void;
  /** Kills the child if it is still running after this long (a hang is a test failure, not a stuck suite). */
  killAfterMs?: number;
}

export function newReportDir(): string {
  return mkdtempSync(join(tmpdir(), 'scimconf-safety-'));
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliOutcome> {
  const reportDir = options.reportDir ?? newReportDir();
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', SCIM_CONFORMANCE_NO_DOTENV: '1', SCIM_REPORT_DIR: reportDir, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    const guard = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, reportDir });
    });
    options.onSpawn?.(child);
  });
}

/** Names of every user and group on the server whose userName/displayName carries a run prefix. */
export async function runLeftoversOn(server: RunningReferenceServer): Promise<string[]> {
  const names: string[] = [];
  for (const [endpoint, attribute] of [['Users', 'userName'], ['Groups', 'displayName']] as const) {
    for (let start = 1; ; start += 200) {
      const response = await fetch(`${server.baseUrl}/${endpoint}?startIndex=${start}&count=200`, {
        headers: { authorization: `Bearer ${server.token}` },
      });
      const body = (await response.json()) as { Resources?: Record<string, unknown>[]; totalResults: number };
      for (const resource of body.Resources ?? []) {
        const name = String(resource[attribute]);
        if (name.startsWith('scimconf-')) names.push(`${endpoint}:${name}`);
      }
      if (start + 200 > body.totalResults) break;
    }
  }
  return names;
}

export function ledgerFiles(reportDir: string): string[] {
  return readdirSync(reportDir)
    .filter((name) => /^ledger-.*\.jsonl$/.test(name))
    .map((name) => join(reportDir, name));
}

export function readLedgerEntries(file: string): LedgerEntry[] {
  return parseLedger(readFileSync(file, 'utf8')).entries;
}

/** Every file below `dir`, concatenated (reports, ledger, anything else a run wrote). */
export function everyByteIn(dir: string): string {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .map((path) => (statSync(path).isDirectory() ? everyByteIn(path) : readFileSync(path, 'latin1')))
    .join('\n');
}

/** The token, the encodings a leak could take, and every 12-character piece of it (a message cut through it). */
export function tokenForms(token: string): string[] {
  const base64 = Buffer.from(token).toString('base64');
  const pieces = Array.from({ length: Math.max(0, token.length - 11) }, (_, start) => token.slice(start, start + 12));
  return [token, base64, base64.replace(/=+$/, ''), Buffer.from(token).toString('base64url'), encodeURIComponent(token), ...pieces];
}

/** Records every request the core sees (method and path), for asserting what reached the server. */
export function recorder(): { seen: { method: string; path: string }[]; middleware: ScimMiddleware } {
  const seen: { method: string; path: string }[] = [];
  return {
    seen,
    middleware: (request: ScimRequest, next) => {
      seen.push({ method: request.method, path: request.path });
      return next(request);
    },
  };
}
