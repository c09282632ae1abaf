/**
 * The suite's own replay as the "Entra" client, through `observe`, to the embedded reference server (or one
 * of its fault variants): what the active run found and what the passive judge found on the same traffic.
 * Shared by the observe tests in `npm test` and the full sweep (`npm run test:observe`).
 */
import { randomBytes } from 'node:crypto';
import { configure, profileOf } from '../../src/config.ts';
import { DEFAULT_FAULT_PROFILE } from '../../src/faults/catalogue.ts';
import { FAULT_SEED, FAULT_TIMEOUT_MS } from '../../src/faults/detect.ts';
import type { RunResult } from '../../src/model/result.ts';
import { startObservation, type ObservationRecord } from '../../src/observe/observation.ts';
import { PASSIVE_CHECKS } from '../../src/observe/passive-checks.ts';
import { runSuite } from '../../src/runner/run-suite.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import type { ScimMiddleware } from '../../src/server/types.ts';

export interface ObservedVariant {
  token: string;
  active: RunResult;
  observed: ObservationRecord;
  /** Cases the active run failed whose check the passive judge can judge whole (or from a sequence it saw). */
  activeSingleExchangeFailures: string[];
  passiveFailures: string[];
}

/** Checks judged whole or from a sequence: a failure the active run finds, the passive judge must find too. */
export const PASSIVELY_JUDGED = new Set(PASSIVE_CHECKS.filter((check) => check.scope !== 'partial').map((check) => check.caseId));

export async function observeVariant(middleware: ScimMiddleware | undefined, profileId = DEFAULT_FAULT_PROFILE, options: { redactPersonalData?: boolean; only?: readonly string[]; withOptIn?: boolean } = {}): Promise<ObservedVariant> {
  const token = randomBytes(24).toString('base64url');
  const server = await startReferenceServer({ token, middleware: middleware === undefined ? [] : [middleware] });
  const { profile } = profileOf(profileId, 'profile');
  const observation = await startObservation({ upstream: new URL(server.baseUrl), host: '127.0.0.1', port: 0, profile, redactPersonalData: options.redactPersonalData === true });
  try {
    const active = await runSuite(
      configure({ baseUrl: observation.url, token, embedded: true, profile: profileId, dialects: ['legacy', 'compliant'], timeoutMs: FAULT_TIMEOUT_MS, seed: FAULT_SEED, ...(options.only ? { only: [...options.only] } : {}), withOptIn: options.withOptIn === true }),
    );
    const observed = await observation.stop('the end of the replay');
    const failedIds = (run: RunResult): string[] => [...new Set(run.cases.filter((result) => result.status === 'fail').map((result) => result.id))];
    return {
      token,
      active,
      observed,
      activeSingleExchangeFailures: failedIds(active).filter((id) => PASSIVELY_JUDGED.has(id)),
      passiveFailures: failedIds(observed.run),
    };
  } finally {
    await server.close();
  }
}
