/**
 * Runs the whole suite against one variant of the reference server (in-process, loopback, ephemeral port)
 * and says which cases caught it. Shared by the detection test and `npm run mutants`, so both judge a
 * fault the same way: caught means at least one MUST or SHOULD case ended `fail` (not error, not skip).
 */
import { randomBytes } from 'node:crypto';
import type { CaseResult, RunResult } from '../model/result.ts';
import { configure } from '../config.ts';
import { runSuite } from '../runner/run-suite.ts';
import { startReferenceServer } from '../server/http.ts';
import { customExtensionsOf } from '../profiles/declared-extensions.ts';
import { resolveProfile } from '../profiles/resolve-profile.ts';
import type { ScimMiddleware } from '../server/types.ts';
import { DEFAULT_FAULT_PROFILE } from './catalogue.ts';
import { canonicalizeAttributeNames } from '../cases/canonical.ts';

/** Fixed, so a run against a variant is reproducible (same names, same values). */
export const FAULT_SEED = 20240601;
export const FAULT_TIMEOUT_MS = 5_000;

export interface VariantRun {
  profile: string;
  result: RunResult;
  /** Distinct ids of MUST/SHOULD cases that ended `fail`, in run order. */
  caughtBy: string[];
  /** Every case result that is not `pass`, for messages and the matrix. */
  notPassing: CaseResult[];
  /**
   * Users and groups the server still holds after the run, as its own list answers say: exact for the clean
   * server and tolerated variants; a fault may hide objects from lists, so there it is only a hint.
   */
  remaining: number;
}

/**
 * Every variant runs the way Microsoft's gallery requires a target to authenticate: OAuth 2.0 client
 * credentials against the server's token endpoint (two active secrets, the run using the newer), so the
 * token endpoint's checks (AUTH-) run against every variant too. The static token still opens the server
 * for counting what remains.
 */
/**
 * Whether a detection run plans the opt-in cases: the runs that judge a verdict do (the clean server must be
 * Ready; a fault nothing can observe must be Incomplete for its own reason, not for a check left out); the
 * other fault runs leave them to their own selection (`only`), as they always did.
 */
export function plansOptIn(variant: object | undefined): boolean {
  return variant === undefined || ('verdict' in variant && variant.verdict !== undefined);
}

export async function runVariant(
  middleware: ScimMiddleware | undefined,
  profileId = DEFAULT_FAULT_PROFILE,
  only: readonly string[] = [],
  tokenMiddleware?: ScimMiddleware,
  /** Plan the opt-in cases too (a run that must be able to say Ready); fault runs leave them to their own selection. */
  withOptIn = false,
): Promise<VariantRun> {
  const token = randomBytes(24).toString('base64url');
  const clientId = `scim-conformance-${randomBytes(4).toString('hex')}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const server = await startReferenceServer({
    token,
    middleware: middleware === undefined ? [] : [middleware],
    // A target built for the mapping declares its custom extensions in /Schemas (DISC-03).
    declaredExtensions: customExtensionsOf(resolveProfile(profileId).profile),
    oauth: { clients: [{ clientId, secrets: [randomBytes(24).toString('base64url'), clientSecret] }], middleware: tokenMiddleware === undefined ? [] : [tokenMiddleware] },
  });
  try {
    const result = await runSuite(
      configure({
        baseUrl: server.baseUrl,
        tokenUrl: server.tokenUrl,
        clientId,
        clientSecret,
        embedded: true,
        profile: profileId,
        dialects: ['legacy', 'compliant'],
        timeoutMs: FAULT_TIMEOUT_MS,
        seed: FAULT_SEED,
        only,
        withOptIn,
      }),
    );
    const remaining = (await countListed(server.baseUrl, token, 'Users')) + (await countListed(server.baseUrl, token, 'Groups'));
    return { profile: profileId, result, caughtBy: caughtIds(result.cases), notPassing: result.cases.filter((c) => c.status !== 'pass'), remaining };
  } finally {
    await server.close();
  }
}

async function countListed(baseUrl: string, token: string, endpoint: 'Users' | 'Groups'): Promise<number> {
  const response = await fetch(`${baseUrl}/${endpoint}?count=0`, { headers: { authorization: `Bearer ${token}` } });
  const body = canonicalizeAttributeNames(await response.json().catch(() => ({}))) as { totalResults?: unknown };
  return typeof body.totalResults === 'number' ? body.totalResults : Number.NaN;
}

export function caughtIds(cases: readonly CaseResult[]): string[] {
  const ids = cases.filter((c) => c.status === 'fail' && (c.level === 'MUST' || c.level === 'SHOULD')).map((c) => c.id);
  return [...new Set(ids)];
}

/** Maps `items` through `work` with at most `limit` in flight, keeping the input order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let nextIndex = 0;
  const worker = async (): Promise<void> => {
    while (nextIndex < items.length) {
      const index = nextIndex++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
