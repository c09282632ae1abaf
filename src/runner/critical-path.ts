/**
 * The run's critical path: the longest chain of requests each of which had to wait for the one before,
 * whatever the concurrency. It is what a run would take with every independent request in flight at once:
 * at a round trip of R, no schedule finishes in less than criticalPath × R. The preflight's requests come
 * first, one after the other; each case is a chain (its own requests, then one round of deletes per kind it
 * left behind); the cases that run alone (case-pool.ts) add up, the others overlap, so only the longest
 * counts; then the final sweep's rounds (sweep.ts). Reported in results.json (`schedule`).
 */
export interface Schedule {
  /** `--concurrency`: cases in flight at once. */
  concurrency: number;
  /** Requests the run sent (preflight, cases, their cleanup, the sweep), each counted once however often it was resent. */
  requests: number;
  /** The longest chain of dependent requests (see above). */
  criticalPath: number;
}

export class CriticalPath {
  private preflight = 0;
  private alone = 0;
  private longestTogether = 0;
  private sweep = 0;

  preflightRequest(): void {
    this.preflight += 1;
  }

  /** A case's chain: its requests and its cleanup rounds; `alone`: nothing ran beside it. */
  caseChain(length: number, alone: boolean): void {
    if (alone) this.alone += length;
    else this.longestTogether = Math.max(this.longestTogether, length);
  }

  sweepRounds(rounds: number): void {
    this.sweep += rounds;
  }

  get length(): number {
    return this.preflight + this.alone + this.longestTogether + this.sweep;
  }
}
