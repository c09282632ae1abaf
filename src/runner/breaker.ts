/**
 * The circuit breaker of a run: when a case got no HTTP answer, is the target down, or was that one lost
 * answer? A bounded health probe decides: a harmless GET (the Test Connection query, for a name that cannot
 * exist) up to PROBE_ATTEMPTS times, PROBE_GAPS_MS apart, each sent once (no retries of its own) and
 * bounded by the run's timeout or PROBE_ATTEMPT_TIMEOUT_MS, whichever is shorter. Any answer below 500 means the target is up and the run goes on; only a probe
 * that gets none trips the breaker, and the run's stop reason quotes what the probe got.
 */
import { type OutgoingRequest, TransportError } from '../model/transport.ts';
import { ThrottledError, sleep } from '../client/pacing.ts';
import type { Reply } from '../model/reply.ts';
import { renderFixture } from '../fixtures/fixtures.ts';
import { matchingAttribute, type Profile } from '../profiles/profile.ts';

export const PROBE_ATTEMPTS = 3;
/** Waits between probe attempts: a failed probe spans at least 3 s, at most that plus three attempt timeouts. */
export const PROBE_GAPS_MS: readonly number[] = [1_000, 2_000];
/** A probe attempt waits at most this long for an answer (less when the run's timeout is shorter): at most 33 s in all. */
export const PROBE_ATTEMPT_TIMEOUT_MS = 10_000;

export interface ProbeResult {
  healthy: boolean;
  /** e.g. `3 attempts over 3.1 s, none answered (last: connection refused by 127.0.0.1:4711)`. */
  description: string;
}

export type ProbeSend = (request: OutgoingRequest) => Promise<Reply>;

export interface BreakerOptions {
  attempts?: number;
  gapsMs?: readonly number[];
  attemptTimeoutMs?: number;
  signal?: AbortSignal;
}

/** Probes the target; concurrent cases that hit a fault at the same time share one probe. */
export class CircuitBreaker {
  private probing: Promise<ProbeResult> | undefined;
  /** Set once a probe failed: the reason the run stops. */
  tripped: string | undefined;
  probes = 0;

  constructor(
    private readonly send: ProbeSend,
    private readonly profile: Profile,
    private readonly options: BreakerOptions = {},
  ) {}

  /** After a case that got no HTTP answer: probe, and trip when the target does not answer it. */
  async check(): Promise<ProbeResult> {
    this.probing ??= this.probe().finally(() => {
      this.probing = undefined;
    });
    const result = await this.probing;
    if (!result.healthy) this.tripped ??= `the target failed the health probe: ${result.description}`;
    return result;
  }

  private async probe(): Promise<ProbeResult> {
    this.probes += 1;
    const attempts = this.options.attempts ?? PROBE_ATTEMPTS;
    const gaps = this.options.gapsMs ?? PROBE_GAPS_MS;
    const started = performance.now();
    const over = (): string => `${((performance.now() - started) / 1000).toFixed(1)} s`;
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      const deadline = AbortSignal.timeout(this.options.attemptTimeoutMs ?? PROBE_ATTEMPT_TIMEOUT_MS);
      const request = {
        ...renderFixture('connection/test-user-query', {
          userQueryAttribute: matchingAttribute(this.profile, 'user').path,
          queryValue: crypto.randomUUID(),
        }),
        signal: deadline,
      };
      try {
        const reply = await this.send(request);
        if (reply.status < 500) return { healthy: true, description: `attempt ${attempt} answered ${reply.status} after ${over()}` };
        last = `${reply.label} answered ${reply.status}`;
      } catch (error) {
        const answered = (error as { exchange?: { response?: { status: number } } } | null)?.exchange?.response?.status;
        if (!(error instanceof TransportError || error instanceof ThrottledError) && !(answered !== undefined && answered >= 500)) {
          // An HTTP answer that is not SCIM (a gateway page) is an answer: the case said what was wrong with it.
          return { healthy: true, description: `attempt ${attempt} got an HTTP answer after ${over()}` };
        }
        const timedOut = deadline.aborted && !(this.options.signal?.aborted ?? false);
        if (error instanceof TransportError && error.kind === 'aborted' && !timedOut) return { healthy: true, description: 'interrupted' };
        last = timedOut ? `no answer within ${this.options.attemptTimeoutMs ?? PROBE_ATTEMPT_TIMEOUT_MS} ms to ${request.method} ${request.path}` : error instanceof Error ? error.message : String(error);
      }
      const gap = gaps[Math.min(attempt - 1, gaps.length - 1)] ?? 0;
      if (attempt < attempts) {
        try {
          await sleep(gap, { ...request, ...(this.options.signal === undefined ? { signal: undefined } : { signal: this.options.signal }) });
        } catch {
          return { healthy: true, description: 'interrupted' };
        }
      }
    }
    return { healthy: false, description: `${attempts} attempts over ${over()}, none answered (last: ${last})` };
  }
}
