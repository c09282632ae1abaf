/**
 * Runs the catalogue against one target: a Test Connection preflight, then every planned case (optionally
 * several at a time), cleaning up after each case whatever its outcome, and, however the run ends (passed,
 * failed, errored, interrupted, target gone), a final sweep that deletes and verifies everything the ledger
 * holds. A case that got no HTTP answer makes the circuit breaker probe the target; only a failed probe stops
 * the run. Every request goes through the safety guard (src/safety/guard.ts); every result is redacted of
 * the token before anyone sees it.
 */
import { type OutgoingRequest, TransportError } from '../model/transport.ts';
import { ThrottledError } from '../client/pacing.ts';
import { applicableCases, catalogue, catalogueHash, executedHash, planRuns, selectCases, type PlannedCase, type Selection } from '../cases/catalogue.ts';
import { MembershipVisibility } from '../cases/membership-visibility.ts';
import type { Reply } from '../model/reply.ts';
import type { Dialect } from '../model/vocabulary.ts';
import { TestData, newRunId, runPrefix } from '../data/test-data.ts';
import { redactUrlCredentials } from '../config.ts';
import { renderFixture } from '../fixtures/fixtures.ts';
import type { Profile } from '../profiles/profile.ts';
import { extraGenerators } from '../profiles/extra-generators.ts';
import { profileHash } from '../profiles/resolve-profile.ts';
import { summarise, type CaseResult, type RunResult } from '../model/result.ts';
import { computeVerdict } from '../report/verdict.ts';
import { LEDGER_FORMAT, Ledger } from '../safety/ledger.ts';
import { readOnlyPlan } from '../safety/read-only.ts';
import { redactDeep, tokenRedactor, type Redact } from '../safety/redact.ts';
import { sweep } from '../safety/sweep.ts';
import type { SendOptions, Transport } from '../safety/transport.ts';
import { TOOL } from '../version.ts';
import { CircuitBreaker } from './breaker.ts';
import { runPool } from './case-pool.ts';
import { executeCase, resultOf } from './execute-case.ts';
import { observeExchanges, type ExchangeListener } from './exchange-events.ts';
import { openGuardedTransport } from './guarded-transport.ts';
import { PreflightError, preflight } from './preflight.ts';
import { readServiceProviderConfig } from './service-provider.ts';

export { PreflightError } from './preflight.ts';

export interface RunOptions {
  baseUrl: string;
  token: string;
  embedded: boolean;
  profile: Profile;
  /** Printed with the profile on every report; defaults to the hash of `profile`. */
  profileHash?: string;
  dialects: Dialect[];
  timeoutMs: number;
  seed: number;
  runId?: string;
  selection?: Selection;
  strict?: boolean;
  /** Only the cases whose fixtures are all GET; the guard refuses every other method. */
  readOnly?: boolean;
  /** Requests per second; undefined or 0: unpaced (the embedded server). The CLI defaults remote targets to 25. */
  ratePerSecond?: number;
  /** Cases run at the same time (default 1). */
  concurrency?: number;
  /** 429/503 retries per request (default 3) and the longest Retry-After honoured (default 30 s). */
  maxRetries?: number;
  maxRetryWaitMs?: number;
  /** Extra trusted CA certificate(s), PEM (`--ca`). */
  ca?: string | Buffer;
  /** Time the final sweep may spend retrying a target that does not answer (default 60 s, SWEEP_RETRY_BUDGET_MS). */
  sweepRetryBudgetMs?: number;
  /** Where the cleanup ledger is appended (JSON Lines); memory only when absent. */
  ledgerFile?: string;
  /** Stops the run (SIGINT/SIGTERM): the in-flight request is aborted, no case starts, cleanup still runs. */
  signal?: AbortSignal;
  onCaseStart?: (id: string, dialect: Dialect | undefined) => void;
  onCaseDone?: (result: CaseResult) => void;
  /** Every exchange as it completes (preflight, cases, cleanup), redacted: `--trace` and `--dry-run`. */
  onExchange?: ExchangeListener;
}

/** The cases a run with these options executes against a target of this profile, in order. */
export function plannedCases(selection: Selection | undefined, dialects: readonly Dialect[], readOnly: boolean, profile: Profile): PlannedCase[] {
  const planned = planRuns(applicableCases(selectCases(catalogue, selection), profile), dialects);
  return readOnly ? readOnlyPlan(planned) : planned;
}

export async function runSuite(options: RunOptions): Promise<RunResult> {
  const startedAt = new Date();
  const runId = options.runId ?? newRunId();
  const redact = tokenRedactor([options.token]);
  const ledger = new Ledger(
    {
      type: 'run',
      format: LEDGER_FORMAT,
      tool: `${TOOL.name} ${TOOL.version}`,
      runId,
      prefix: runPrefix(runId),
      target: redactUrlCredentials(options.baseUrl),
      startedAt: startedAt.toISOString(),
    },
    options.ledgerFile === undefined ? { redact } : { file: options.ledgerFile, redact },
  );
  const plan = plannedCases(options.selection, options.dialects, options.readOnly ?? false, options.profile);
  const guarded = openGuardedTransport({
    baseUrl: options.baseUrl,
    token: options.token,
    timeoutMs: options.timeoutMs,
    ca: options.ca,
    ratePerSecond: options.ratePerSecond,
    maxRetries: options.maxRetries,
    maxRetryWaitMs: options.maxRetryWaitMs,
    ledger,
    readOnly: options.readOnly ?? false,
  });
  const { network, close } = guarded;
  const transport = options.onExchange === undefined ? guarded.transport : observeExchanges(guarded.transport, plan, redact, options.onExchange);
  let throttled = 0;
  const countThrottle = (): void => {
    throttled += 1;
  };
  const interrupted = (): boolean => options.signal?.aborted === true;

  const results: (CaseResult | undefined)[] = new Array<CaseResult | undefined>(plan.length);
  let aborted: string | undefined;
  let serviceProviderConfig: RunResult['serviceProviderConfig'];
  let failure: unknown;
  try {
    if (!interrupted()) {
      const send = (request: OutgoingRequest): Promise<Reply> =>
        transport(request, { tag: 'preflight', onThrottle: countThrottle, ...signalOf(options) });
      await preflight(send, options.profile, options.baseUrl);
      serviceProviderConfig = await readServiceProviderConfig(send);
      aborted = await runCases(plan, results, { transport, ledger, redact, countThrottle }, options, runId);
    }
  } catch (error) {
    failure = error;
  }
  // Ctrl-C during the preflight aborts its request: that is an interrupt, not an unreachable target.
  if (interrupted() && (failure === undefined || isAbort(failure) || failure instanceof PreflightError)) {
    failure = undefined;
    aborted = `interrupted by ${signalName(options.signal)}: ${results.filter(Boolean).length} of ${plan.length} cases ran`;
  }

  // Whatever happened above: delete and verify everything the ledger holds. No abort signal here.
  let swept: Awaited<ReturnType<typeof sweep>>;
  try {
    const retryBudget = options.sweepRetryBudgetMs === undefined ? {} : { retryBudgetMs: options.sweepRetryBudgetMs };
    swept = await sweep((request) => transport(request, { tag: 'cleanup', onThrottle: countThrottle }), ledger, retryBudget);
  } finally {
    await close();
  }
  if (failure instanceof PreflightError) throw new PreflightError(redact(failure.message), failure.kind);
  if (failure !== undefined) throw failure;

  const finishedAt = new Date();
  const strict = options.strict ?? false;
  const cases = results.filter((result): result is CaseResult => result !== undefined);
  const selection = { only: [...(options.selection?.only ?? [])], skip: [...(options.selection?.skip ?? [])] };
  const run: RunResult = {
    tool: TOOL,
    catalogueHash: catalogueHash(),
    runId,
    seed: options.seed,
    target: { url: options.embedded ? 'embedded reference server' : redactUrlCredentials(options.baseUrl), embedded: options.embedded },
    profile: options.profile.id,
    profileHash: options.profileHash ?? profileHash(options.profile),
    dialects: options.dialects,
    strict,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    summary: summarise(cases),
    verdict: computeVerdict({ cases, strict, readOnly: options.readOnly ?? false, ...(aborted === undefined ? {} : { aborted }), selection }),
    selection,
    executedHash: executedHash(cases),
    serviceProviderConfig,
    cases,
    leftovers: swept.leftovers,
  };
  if (aborted) run.aborted = aborted;
  if (throttled > 0) run.summary.throttled = throttled;
  if (network.retried + network.recovered > 0) run.network = { ...network };
  if (options.readOnly) run.readOnly = true;
  if (ledger.file !== undefined && ledger.entries().length > 0) run.ledger = ledger.file;
  return redactDeep(run, redact);
}

/** What the case loop shares with the rest of the run. */
interface RunTools {
  transport: Transport;
  ledger: Ledger;
  redact: Redact;
  countThrottle: () => void;
}

/**
 * The case loop. Returns why it stopped early, if it did because the target vanished; an interrupt is
 * described by the caller. Results land in `results` at their plan index, redacted.
 */
async function runCases(
  plan: readonly PlannedCase[],
  results: (CaseResult | undefined)[],
  tools: RunTools,
  options: RunOptions,
  runId: string,
): Promise<string | undefined> {
  const { transport, redact, countThrottle } = tools;
  const data = new TestData({ seed: options.seed, runId, extra: extraGenerators(options.profile) });
  const membership = new MembershipVisibility();
  const probe = (request: OutgoingRequest): Promise<Reply> => transport(request, { tag: 'probe', noRetry: true, ...signalOf(options) });
  const breaker = new CircuitBreaker(probe, options.profile, signalOf(options));
  let vanished: string | undefined;
  await runPool(plan.length, options.concurrency ?? 1, () => !options.signal?.aborted && vanished === undefined, async (index) => {
    const planned = plan[index] as PlannedCase;
    const tag = `case-${index + 1}`;
    let caseThrottled = 0;
    const sendOptions: SendOptions = {
      tag,
      onThrottle: () => {
        caseThrottled += 1;
        countThrottle();
      },
      ...signalOf(options),
    };
    options.onCaseStart?.(planned.testCase.id, planned.dialect);
    const { result, thrown } = await executeCase(planned, (request) => transport(request, sendOptions), options.profile, data, membership);
    if (caseThrottled > 0) result.throttled = caseThrottled;
    if (options.signal?.aborted && isAbort(thrown)) result.reason = `interrupted by ${signalName(options.signal)}: ${result.reason ?? ''}`;
    await cleanUpCase(tools, tag);
    const safe = redactDeep(result, redact);
    results[index] = safe;
    // One lost answer is not a dead target: only a failed health probe stops the run (breaker.ts).
    if (isUnanswered(thrown) && !options.signal?.aborted && vanished === undefined) {
      await breaker.check();
      vanished = breaker.tripped === undefined ? undefined : redact(breaker.tripped);
    }
    options.onCaseDone?.(safe);
  });
  if (vanished === undefined) return undefined;
  // Not attempted, but not silently missing either: each is an error naming why.
  plan.forEach((planned, index) => {
    if (results[index] === undefined) results[index] = redactDeep(resultOf(planned, 'error', `not run: ${vanished}`), redact);
  });
  return vanished;
}

const DELETE_FIXTURE = { user: 'users/delete', group: 'groups/delete' } as const;

/**
 * Deletes what one case left behind (per the ledger), groups before users so memberships go with the group.
 * Failures are not final here: the sweep at the end retries and reports what really remains.
 */
async function cleanUpCase({ transport, ledger, countThrottle }: RunTools, tag: string): Promise<void> {
  for (const kind of ['group', 'user'] as const) {
    for (const entry of ledger.live(tag).filter((candidate) => candidate.kind === kind)) {
      if (entry.unsafeId) continue;
      const variables = kind === 'user' ? { userId: entry.id } : { groupId: entry.id };
      try {
        await transport(renderFixture(DELETE_FIXTURE[kind], variables), { tag, onThrottle: countThrottle });
      } catch {
        // Left for the sweep.
      }
    }
  }
}

function signalOf(options: RunOptions): { signal?: AbortSignal } {
  return options.signal === undefined ? {} : { signal: options.signal };
}

/** The request failed because the run was interrupted. */
function isAbort(error: unknown): boolean {
  return error instanceof TransportError && error.kind === 'aborted';
}

/** No HTTP answer at all (not an interrupt): the target, or the way to it, is gone. */
function isUnanswered(error: unknown): boolean {
  return (error instanceof TransportError && error.kind !== 'aborted') || error instanceof ThrottledError;
}

function signalName(signal: AbortSignal | undefined): string {
  return typeof signal?.reason === 'string' ? signal.reason : 'an interrupt';
}
