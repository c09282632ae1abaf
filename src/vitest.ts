/**
 * `scim-conformance/vitest`: the suite as tests in a vendor's own vitest project. `registerEntraSuites`
 * registers one `describe` per area, one test per case and dialect, and one test that the run left nothing
 * behind. Each area is one run of the library's runner (src/runner/run-suite.ts) in `beforeAll`; the tests
 * only map its results, so the CLI and vitest judge a target the same way (suites/README.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configure, ConfigError, plannedCases, randomSeed, type RunSettings } from './config.ts';
import { AREAS, type Area, type Dialect } from './model/vocabulary.ts';
import type { RunResult } from './model/result.ts';
import type { Connection, Plan } from './runner/run-input.ts';
import { runSuite } from './runner/run-suite.ts';

export interface EntraSuiteOptions {
  /** The target's SCIM base URL, i.e. Entra's Tenant URL (`?aadOptscim062020` selects the compliant dialect). */
  baseUrl?: string;
  /** The bearer token Entra would send. Never appears in a test name, a result or an error. */
  token?: string;
  /**
   * OAuth 2.0 client credentials instead of `token` (what Microsoft's gallery requires): the token endpoint,
   * the client id and secret (read it from the environment, never commit it), and an optional scope.
   */
  clientCredentials?: { tokenUrl: string; clientId: string; clientSecret: string; scope?: string };
  /** Run against the embedded reference server instead (a demo, or a check of the adapter). Excludes `baseUrl`. */
  embedded?: boolean;
  /** Target profile: `akamai-eaa` (default) or `entra-default`. */
  profile?: string;
  /** Entra PATCH dialects to replay (default both). */
  dialects?: readonly Dialect[];
  /** Areas to register (default all: connection, users, groups). */
  areas?: readonly Area[];
  /** Seed of the generated test data (default random; the same for every area of this call). */
  seed?: number;
  /** Per-request timeout (default 60 s, as Entra). */
  timeoutMs?: number;
  /** Requests per second to a remote target (default 25, as Entra; 0 = unpaced). The embedded server is never paced. */
  ratePerSecond?: number;
  /** How long one area's run may take, as vitest's hook timeout (default 10 minutes). */
  areaTimeoutMs?: number;
  /** Run the opt-in cases too (LIFE-GROW-01: about 400 requests; always against the embedded server); without it each is registered as a skipped test that says so. */
  withOptIn?: boolean;
}

const DEFAULT_AREA_TIMEOUT_MS = 10 * 60_000;

/** Registers the suites; call it at the top level of a test file. Bad options throw a one-line ConfigError. */
export function registerEntraSuites(options: EntraSuiteOptions): void {
  if (options.embedded === true && options.baseUrl !== undefined) {
    throw new ConfigError('registerEntraSuites: pass either baseUrl and token, or embedded: true, not both');
  }
  if (options.embedded !== true && (options.baseUrl === undefined || options.baseUrl.trim() === '')) {
    // Falling back to the embedded server here would report a real target as passing without touching it.
    throw new ConfigError('registerEntraSuites: baseUrl is required (or embedded: true for the embedded reference server)');
  }
  const settings: RunSettings = {
    ...(options.embedded === true ? {} : { baseUrl: options.baseUrl, token: options.token }),
    ...(options.embedded === true || options.clientCredentials === undefined ? {} : { ...options.clientCredentials }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.dialects === undefined ? {} : { dialects: options.dialects }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    // The embedded server is never paced; a remote target is, at Entra's rate unless told otherwise.
    ...(options.embedded === true || options.ratePerSecond === undefined ? {} : { ratePerSecond: options.ratePerSecond }),
    // One seed for every area of this call, so a failure reproduces with it.
    seed: options.seed ?? randomSeed(),
  };
  for (const area of options.areas ?? AREAS) {
    // One run per area, each with its own plan (and embedded server), all from the same settings.
    const { connection, plan } = configure({ ...settings, only: [area], ...(options.withOptIn === true ? { withOptIn: true } : {}) });
    // An area selection never names an opt-in case: what it leaves out is shown as skipped, never silently absent.
    const planned = new Set(plan.cases.map(({ testCase }) => testCase.id));
    const optInLeftOut = plannedCases({ only: [area], withOptIn: true }, plan.dialects, plan.mode.readOnly, plan.profile, connection.credentials !== undefined).filter(
      ({ testCase }) => testCase.optIn !== undefined && !planned.has(testCase.id),
    );
    registerArea(area, connection, plan, options.areaTimeoutMs ?? DEFAULT_AREA_TIMEOUT_MS, optInLeftOut);
  }
}

function registerArea(area: Area, connection: Connection, plan: Plan, areaTimeoutMs: number, optInLeftOut: Plan['cases']): void {
  let run: RunResult | undefined;

  describe(`${area} (profile ${plan.profile.id})`, () => {
    beforeAll(async () => {
      run = await runSuite({ connection, plan });
    }, areaTimeoutMs);

    it.each(plan.cases.map(({ testCase, dialect }) => [`${testCase.id}${dialect ? ` [${dialect}]` : ''} ${testCase.name}`, testCase.id, dialect ?? 'any']))(
      '%s',
      (_, id, dialect) => {
        const result = run?.cases.find((candidate) => candidate.id === id && candidate.dialect === dialect);
        expect(result, 'the case ran').toBeDefined();
        expect({ status: result?.status, reason: result?.reason }).toEqual({ status: 'pass', reason: undefined });
      },
    );

    for (const { testCase, dialect } of optInLeftOut) {
      it.skip(`${testCase.id}${dialect ? ` [${dialect}]` : ''} ${testCase.name} (opt-in, not run: withOptIn: true runs it)`, () => undefined);
    }

    it('left nothing behind on the target', () => {
      expect(run, 'the run finished').toBeDefined();
      expect(run?.leftovers).toEqual([]);
    });
  });
}
