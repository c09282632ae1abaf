/**
 * What a run takes: one Connection (how to reach the target) and one Plan (what to run there), both built
 * once by the configuration (src/config.ts) from flags, the environment or the library's options, and the
 * hooks a caller watches the run through. Nothing here parses: by the time a run gets these, they are valid.
 */
import type { PlannedCase } from '../cases/catalogue.ts';
import type { Dialect } from '../model/vocabulary.ts';
import type { CaseRef, CaseResult } from '../model/result.ts';
import type { Profile } from '../profiles/profile.ts';
import type { ClientCredentials } from '../client/oauth.ts';
import type { GrowingRedact, Redact } from '../safety/redact.ts';
import type { ExchangeListener } from './exchange-events.ts';

export interface Connection {
  /**
   * The target's SCIM base URL (Entra's `?aadOptscim062020` already taken off). Absent: the embedded
   * reference server, started on loopback for the run with `token`.
   */
  baseUrl?: string;
  /** The bearer token Entra would send (for the embedded server: a random one made for the run); empty with `credentials`. */
  token: string;
  /** OAuth 2.0 client credentials: every request carries a token of the target's token endpoint instead of `token`. */
  credentials?: ClientCredentials;
  /** The target is a reference server of this process (absent base URL, a test's or a fault variant's): reported as such. */
  embedded: boolean;
  /**
   * The one redactor of the run, made from the token and the client secret; it learns every access token the
   * run obtains. Everything printed, written or handed to a hook passes it.
   */
  redact: Redact | GrowingRedact;
  /** Deadline of one exchange (Entra gives up after 60 s). */
  timeoutMs: number;
  /** Extra trusted CA certificate(s), PEM. */
  ca?: string | Buffer;
  /** Requests per second; absent: unpaced. */
  ratePerSecond?: number;
  /** 429/503 retries per request (default 3) and the longest Retry-After honoured (default 30 s). */
  maxRetries?: number;
  maxRetryWaitMs?: number;
  /** Time the final sweep may spend retrying a target that does not answer (default 60 s). */
  sweepRetryBudgetMs?: number;
}

export interface RunMode {
  /** Only the cases whose fixtures are all GET; the guard refuses every other method. */
  readOnly: boolean;
  /** Print what would be sent and send nothing to the target (the CLI's `--dry-run`). */
  dryRun: boolean;
  /** SHOULD failures also block Ready. */
  strict: boolean;
}

export interface Plan {
  profile: Profile;
  /** Short hash of the profile's mapping, printed with it on every report. */
  profileHash: string;
  dialects: Dialect[];
  /** `--only`/`--skip` as given, and `--with-opt-in` when given. */
  selection: { only: string[]; skip: string[]; withOptIn?: true };
  mode: RunMode;
  /** The case runs, in order: computed once, from the selection, the profile, the dialects and the mode. */
  cases: PlannedCase[];
  /** Opt-in case runs this full run leaves out (config.ts optInNotRun): the verdict names them as not run. */
  optInNotRun?: CaseRef[];
  /** Seed of the generated test data, and the id every name the run gives a resource carries. */
  seed: number;
  runId: string;
  /** Cases run at the same time. */
  concurrency: number;
  /** After the cases: seconds of Entra's mix at 25 requests per second (src/runner/sustained-rate.ts). */
  sustainedRateSeconds?: number;
}

/** How a caller watches a run; every value handed to a hook is already redacted. */
export interface RunHooks {
  onCaseStart?: (id: string, dialect: Dialect | undefined) => void;
  onCaseDone?: (result: CaseResult) => void;
  /** Every exchange as it completes (preflight, cases, cleanup): `--trace` and `--dry-run`. */
  onExchange?: ExchangeListener;
  /** The final cleanup's progress: requests sent of an estimate (src/safety/sweep.ts); not called when there is nothing to clean. */
  onCleanup?: (done: number, total: number) => void;
}

export interface RunInput {
  connection: Connection;
  plan: Plan;
  /** The file the cleanup ledger is appended to (JSON Lines); memory only when absent. */
  ledger?: string;
  /** Stops the run (SIGINT/SIGTERM): the in-flight request is aborted, no case starts, cleanup still runs. */
  signal?: AbortSignal;
  hooks?: RunHooks;
}
