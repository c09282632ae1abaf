/**
 * The gallery's "at least 25 requests per second per tenant" (ED-GALLERY), measured: for a few seconds the
 * suite sends Entra's own mix at a fixed rate, open loop (a request leaves on schedule whether or not the
 * last one has been answered, as Entra's many workers do), and records the rate achieved, the p99 latency
 * and the 429s. One user is created for the updates and deleted afterwards. Never asserted in tests: speed
 * is measured, not tested.
 */
import { performance } from 'node:perf_hooks';
import { CaseContext, type SendRequest } from '../cases/context.ts';
import type { TestData } from '../data/test-data.ts';
import type { Profile } from '../profiles/profile.ts';
import type { RateMeasurement } from '../report/microsoft-checks.ts';

export const GALLERY_RATE = 25;
/** Below this share of the asked rate, the target did not keep up. */
const KEEP_UP = 0.95;

/** Two queries (Entra looks every object up first), one read by id, one update: Entra's cycle in miniature. */
const MIX = ['query', 'get', 'query', 'update'] as const;

export interface SustainedRateOptions {
  send: SendRequest;
  profile: Profile;
  data: TestData;
  seconds: number;
  rate?: number;
  /** Counts each 429/503 the pacer waited out. */
  throttled: () => number;
}

export async function measureSustainedRate(options: SustainedRateOptions): Promise<RateMeasurement> {
  const rate = options.rate ?? GALLERY_RATE;
  const context = new CaseContext(options.send, options.profile, options.data, undefined);
  const user = await context.createUser();
  const throttledBefore = options.throttled();
  const total = Math.max(1, Math.round(rate * options.seconds));
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let index = 0; index < total; index += 1) {
    const due = started + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const kind = MIX[index % MIX.length];
    const sent = performance.now();
    const request =
      kind === 'query'
        ? context.send('connection/test-user-query', { queryValue: context.data.randomGuid() })
        : kind === 'get'
          ? context.send('users/get-by-id', { userId: user.id })
          : context.send('users/replace-display-name-no-path-compliant', { userId: user.id, displayName: context.data.user().displayName });
    inFlight.push(
      request.then(
        (reply) => {
          latencies.push(performance.now() - sent);
          if (reply.status >= 400) errors += 1;
        },
        () => {
          latencies.push(performance.now() - sent);
          errors += 1;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const durationMs = performance.now() - started;
  const sorted = [...latencies].sort((a, b) => a - b);
  const p99Ms = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? 0;
  const achievedRate = (total * 1000) / durationMs;
  const throttled = options.throttled() - throttledBefore;
  return {
    targetRate: rate,
    achievedRate,
    p99Ms,
    throttled,
    requests: total,
    durationMs,
    errors,
    passed: achievedRate >= rate * KEEP_UP && throttled === 0 && errors === 0,
  };
}
