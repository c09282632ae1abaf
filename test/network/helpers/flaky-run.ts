/**
 * One whole run through the resetting proxy, in process: the reference server behind the proxy, a ledger
 * file in a fresh directory, and the checks every network test ends with: nothing of the run remains on
 * the server, and no byte of the token is in anything the run produced (result, ledger, reports).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { DIALECTS, type Dialect } from '../../../src/model/vocabulary.ts';
import { loadProfile } from '../../../src/profiles/profile.ts';
import type { RunResult } from '../../../src/model/result.ts';
import { configure, type RunSettings } from '../../../src/config.ts';
import { runSuite } from '../../../src/runner/run-suite.ts';
import { startReferenceServer } from '../../../src/server/http.ts';
import type { RunningReferenceServer } from '../../../src/server/types.ts';
import { everyByteIn, newReportDir, runLeftoversOn, tokenForms } from '../../safety/helpers.ts';
import { startResettingProxy, type ResettingProxy } from './resetting-proxy.ts';

export const TOKEN = 'flaky-net-T0ken-51c2e9a7';
/** Short on purpose: a lost answer is noticed at once (a reset), and a hang must not stall the tests. */
export const TIMEOUT_MS = 1500;

export interface FlakySetup {
  server: RunningReferenceServer;
  proxy: ResettingProxy;
  reportDir: string;
  ledgerFile: string;
  close(): Promise<void>;
}

export async function flakySetup(): Promise<FlakySetup> {
  const server = await startReferenceServer({ token: TOKEN });
  const proxy = await startResettingProxy(server.baseUrl);
  const reportDir = newReportDir();
  return {
    server,
    proxy,
    reportDir,
    ledgerFile: join(reportDir, 'ledger.jsonl'),
    close: async () => {
      await proxy.close();
      await server.close();
    },
  };
}

export interface FlakyRun {
  run: RunResult;
  ms: number;
}

export async function runThrough(setup: FlakySetup, settings: RunSettings = {}): Promise<FlakyRun> {
  const started = performance.now();
  const run = await runSuite({
    ...configure({ baseUrl: setup.proxy.baseUrl, token: TOKEN, ratePerSecond: 0, profile: loadProfile('akamai-eaa'), dialects: [...DIALECTS], timeoutMs: TIMEOUT_MS, seed: 7, ...settings }),
    ledger: setup.ledgerFile,
  });
  // The result as a report would carry it, next to the ledger, so that one search covers every output byte.
  writeFileSync(join(setup.reportDir, 'results.json'), JSON.stringify(run, null, 2));
  return { run, ms: Math.round(performance.now() - started) };
}

/** The two promises of a run on a flaky network: it left nothing behind, and it leaked nothing. */
export async function expectCleanAndSecret(setup: FlakySetup, extraOutput = ''): Promise<void> {
  expect(await runLeftoversOn(setup.server)).toEqual([]);
  const output = everyByteIn(setup.reportDir) + extraOutput;
  for (const form of tokenForms(TOKEN)) expect(output).not.toContain(form);
}

/**
 * A fate for the first request matching `match` only (its answer lost by default, or reset before it is
 * forwarded), relaying every other request.
 */
export function loseFirst(
  match: (method: string, url: string) => boolean,
  fate: 'lose-answer' | 'reset-before' = 'lose-answer',
): (request: { method: string; url: string }) => 'lose-answer' | 'reset-before' | 'relay' {
  let done = false;
  return ({ method, url }) => {
    if (done || !match(method, url)) return 'relay';
    done = true;
    return fate;
  };
}
