/**
 * Runs the catalogue against one target: a Test Connection preflight, then every planned case (optionally
 * several at a time), cleaning up after each case whatever its outcome, and, however the run ends (passed,
 * failed, errored, interrupted, target gone), a final sweep that deletes and verifies everything the ledger
 * holds. A case that got no HTTP answer makes the circuit breaker probe the target; only a failed probe stops
 * the run. Every request goes through the safety guard (src/safety/guard.ts); every result is redacted of
 * the token before anyone sees it.
 */
import type { Dispatcher } from 'undici';
import { type OutgoingRequest, TransportError } from '../model/transport.ts';
import { ThrottledError } from '../client/pacing.ts';
import type { AccessTokenSource } from '../client/oauth.ts';
import { firstAccessToken } from './access-token.ts';
import type { OAuthProbe } from '../cases/context.ts';
import { redactUrlCredentials } from '../client/redact.ts';
import { catalogueHash, executedHash, type PlannedCase } from '../cases/catalogue.ts';
import { MembershipVisibility } from '../cases/membership-visibility.ts';
import type { Reply } from '../model/reply.ts';
import { summarise, type CaseResult, type Leftover, type RateMeasurement, type RunResult } from '../model/result.ts';
import { GeneratedRegistry, recordingTestData } from '../data/generated-registry.ts';
import { measureSustainedRate } from './sustained-rate.ts';
import { TestData, runPrefix } from '../data/test-data.ts';
import { renderFixture } from '../fixtures/fixtures.ts';
import { extraGenerators } from '../profiles/extra-generators.ts';
import { matchingAttribute } from '../profiles/profile.ts';
import { computeVerdict } from '../report/verdict.ts';
import { LEDGER_FORMAT, Ledger } from '../safety/ledger.ts';
import { redactDeep, type Redact } from '../safety/redact.ts';
import type { NetworkStats } from '../safety/retrying-transport.ts';
import { sweep } from '../safety/sweep.ts';
import type { SendOptions, Transport } from '../safety/transport.ts';
import { TOOL } from '../version.ts';
import { CircuitBreaker } from './breaker.ts';
import { readsWholeDirectory, scheduleCases } from './case-pool.ts';
import { CriticalPath } from './critical-path.ts';
import { executeCase, resultOf } from './execute-case.ts';
import { observeExchanges } from './exchange-events.ts';
import { openGuardedTransport } from './guarded-transport.ts';
import { PreflightError, preflight } from './preflight.ts';
import type { RunInput } from './run-input.ts';
import { reconcileSkips } from './reconcile-skips.ts';
import { readServiceProviderConfig } from './service-provider.ts';
import { openTarget } from './target.ts';

export { PreflightError } from './preflight.ts';

/** Runs the plan against the connection's target (starting the embedded reference server when it names none). */
export async function runSuite(input: RunInput): Promise<RunResult> {
  const startedAt = new Date();
  const target = await openTarget(input.connection, input.plan.profile);
  try {
    const session = openSession(input, target.baseUrl, startedAt, target.dispatcher);
    const outcome = await runPhases(session, input, target.baseUrl);
    const swept = await finalSweep(session, input);
    session.criticalPath.sweepRounds(swept.rounds);
    if (outcome.failure instanceof PreflightError) throw new PreflightError(input.connection.redact(outcome.failure.message), outcome.failure.kind);
    if (outcome.failure !== undefined) throw outcome.failure;
    return assembleResult(session, input, { ...outcome, leftovers: swept.leftovers, startedAt });
  } finally {
    await target.close();
  }
}

/** What every phase of one run shares: the ledger, the one guarded way to the target, the throttle count. */
interface Session extends RunTools {
  network: NetworkStats;
  /** Requests sent so far (each once, however often resent). */
  requests: () => number;
  accessTokens?: AccessTokenSource;
  throttled: () => number;
  close(): Promise<void>;
}

function openSession(input: RunInput, baseUrl: string, startedAt: Date, dispatcher?: Dispatcher): Session {
  const { connection, plan } = input;
  const ledger = new Ledger(
    {
      type: 'run',
      format: LEDGER_FORMAT,
      tool: `${TOOL.name} ${TOOL.version}`,
      runId: plan.runId,
      prefix: runPrefix(plan.runId),
      target: redactUrlCredentials(baseUrl),
      startedAt: startedAt.toISOString(),
    },
    input.ledger === undefined ? { redact: connection.redact } : { file: input.ledger, redact: connection.redact },
  );
  const guarded = openGuardedTransport({ ...connection, baseUrl, ledger, readOnly: plan.mode.readOnly, dispatcher });
  const onExchange = input.hooks?.onExchange;
  let throttled = 0;
  let requests = 0;
  const observed = onExchange === undefined ? guarded.transport : observeExchanges(guarded.transport, plan.cases, onExchange);
  return {
    transport: (request, options) => {
      requests += 1;
      return observed(request, options);
    },
    requests: () => requests,
    criticalPath: new CriticalPath(),
    ledger,
    redact: connection.redact,
    countThrottle: () => {
      throttled += 1;
    },
    throttled: () => throttled,
    network: guarded.network,
    ...(guarded.accessTokens === undefined ? {} : { accessTokens: guarded.accessTokens }),
    ...(guarded.tokenEndpoint === undefined || connection.credentials === undefined ? {} : { oauth: { endpoint: guarded.tokenEndpoint, credentials: connection.credentials } }),
    close: guarded.close,
  };
}

interface PhasesOutcome {
  results: (CaseResult | undefined)[];
  /** Every value the test data generator handed out (diff and --write-baseline set them aside). */
  generated: GeneratedRegistry;
  rate?: RateMeasurement;
  aborted?: string;
  /** The signal that interrupted the run, if one did. */
  interrupted?: string;
  serviceProviderConfig?: RunResult['serviceProviderConfig'];
  failure?: unknown;
}

/** Test Connection, the target's ServiceProviderConfig, then the cases; an interrupt anywhere ends it quietly. */
async function runPhases(session: Session, input: RunInput, baseUrl: string): Promise<PhasesOutcome> {
  const { plan } = input;
  const outcome: PhasesOutcome = { results: new Array<CaseResult | undefined>(plan.cases.length), generated: new GeneratedRegistry() };
  const interrupted = (): boolean => input.signal?.aborted === true;
  try {
    if (!interrupted()) {
      const send = (request: OutgoingRequest): Promise<Reply> => {
        session.criticalPath.preflightRequest();
        return session.transport(request, { tag: 'preflight', onThrottle: session.countThrottle, ...signalOf(input) });
      };
      await firstAccessToken(session.accessTokens);
      await preflight(send, matchingAttribute(plan.profile, 'user').path, baseUrl);
      outcome.serviceProviderConfig = await readServiceProviderConfig(send);
      const vanished = await runCases(outcome.results, session, input, outcome.generated);
      if (vanished !== undefined) outcome.aborted = vanished;
      if (vanished === undefined && !interrupted() && plan.sustainedRateSeconds !== undefined) outcome.rate = await sustainedRate(session, input, plan.sustainedRateSeconds);
    }
  } catch (error) {
    outcome.failure = error;
  }
  // Ctrl-C during the preflight aborts its request: that is an interrupt, not an unreachable target.
  if (interrupted() && (outcome.failure === undefined || isAbort(outcome.failure) || outcome.failure instanceof PreflightError)) {
    delete outcome.failure;
    outcome.interrupted = signalName(input.signal);
    outcome.aborted = `interrupted by ${signalName(input.signal)}: ${outcome.results.filter(Boolean).length} of ${plan.cases.length} case runs done`;
  }
  return outcome;
}

/** The gallery's 25 requests per second, measured with Entra's mix; what it created is deleted at once. */
async function sustainedRate(session: Session, input: RunInput, seconds: number): Promise<RateMeasurement> {
  const tag = 'sustained-rate';
  const data = new TestData({ seed: input.plan.seed + 1, runId: input.plan.runId, extra: extraGenerators(input.plan.profile) });
  const send = (request: OutgoingRequest): Promise<Reply> => session.transport(request, { tag, onThrottle: session.countThrottle, ...signalOf(input) });
  try {
    return await measureSustainedRate({ send, profile: input.plan.profile, data, seconds, throttled: session.throttled });
  } catch (error) {
    // Not measured is not "too slow": the gallery row says why, and the cases' own results stand.
    const why = error instanceof Error ? error.message : String(error);
    return { targetRate: 25, achievedRate: 0, p99Ms: 0, throttled: 0, requests: 0, durationMs: 0, errors: 1, passed: false, error: session.redact(why) };
  } finally {
    await cleanUpCase(session, tag, false);
  }
}

/**
 * Whatever happened before: delete and verify everything the ledger holds, as many requests at a time as
 * cases ran at a time (the pacer holds the rate), its progress told to the onCleanup hook. No abort signal here.
 */
async function finalSweep(session: Session, { connection, plan, hooks }: RunInput): Promise<Awaited<ReturnType<typeof sweep>>> {
  try {
    const options = {
      ...(connection.sweepRetryBudgetMs === undefined ? {} : { retryBudgetMs: connection.sweepRetryBudgetMs }),
      ...(hooks?.onCleanup === undefined ? {} : { onProgress: hooks.onCleanup }),
      concurrency: plan.concurrency,
    };
    return await sweep((request) => session.transport(request, { tag: 'cleanup', onThrottle: session.countThrottle }), session.ledger, options);
  } finally {
    await session.close();
  }
}

/**
 * The run's result. Case results were redacted one by one as they finished (hooks saw them so); the rest of
 * the run (the abort reason, the leftovers, what the target advertised) is redacted here, once.
 */
function assembleResult(session: Session, input: RunInput, outcome: PhasesOutcome & { leftovers: Leftover[]; startedAt: Date }): RunResult {
  const { connection, plan } = input;
  const finishedAt = new Date();
  const cases = reconcileSkips(outcome.results.filter((result): result is CaseResult => result !== undefined));
  const { selection, mode } = plan;
  const throttled = session.throttled();
  const run: RunResult = {
    tool: TOOL,
    catalogueHash: catalogueHash(),
    runId: plan.runId,
    seed: plan.seed,
    target: { url: connection.embedded ? 'embedded reference server' : redactUrlCredentials(connection.baseUrl ?? ''), embedded: connection.embedded },
    profile: plan.profile.id,
    profileHash: plan.profileHash,
    dialects: plan.dialects,
    strict: mode.strict,
    startedAt: outcome.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - outcome.startedAt.getTime(),
    summary: summarise(cases),
    verdict: computeVerdict({
      cases,
      strict: mode.strict,
      readOnly: mode.readOnly,
      ...(outcome.aborted === undefined ? {} : { aborted: outcome.aborted }),
      ...(outcome.interrupted === undefined ? {} : { interrupted: outcome.interrupted }),
      selection,
      dialects: plan.dialects,
      notRun: plan.optInNotRun ?? [],
    }),
    selection,
    executedHash: executedHash(cases),
    serviceProviderConfig: outcome.serviceProviderConfig,
    cases: [],
    leftovers: outcome.leftovers,
  };
  if (outcome.aborted) run.aborted = outcome.aborted;
  run.schedule = { concurrency: plan.concurrency, requests: session.requests(), criticalPath: session.criticalPath.length };
  if (outcome.interrupted) run.interrupted = outcome.interrupted;
  const generated = outcome.generated.entries();
  if (generated.length > 0) run.generated = generated;
  if (outcome.rate !== undefined) run.rate = outcome.rate;
  if (throttled > 0) run.summary.throttled = throttled;
  if (session.network.retried + session.network.recovered > 0) run.network = { ...session.network };
  if (mode.readOnly) run.readOnly = true;
  if (session.ledger.file !== undefined && session.ledger.entries().length > 0) run.ledger = session.ledger.file;
  return { ...redactDeep(run, connection.redact), cases };
}

/** What the case loop shares with the rest of the run. */
interface RunTools {
  transport: Transport;
  /** With client credentials: the token endpoint, for the checks that judge it. */
  oauth?: OAuthProbe;
  ledger: Ledger;
  redact: Redact;
  countThrottle: () => void;
  criticalPath: CriticalPath;
}

/**
 * The case loop. Returns why it stopped early, if it did because the target vanished; an interrupt is
 * described by the caller. Results land in `results` at their plan index, redacted.
 */
async function runCases(results: (CaseResult | undefined)[], tools: RunTools, input: RunInput, generated: GeneratedRegistry): Promise<string | undefined> {
  const { plan, signal } = input;
  const { transport, redact } = tools;
  // Each case draws its own data from it (forCase), so what a case creates does not depend on which ran first;
  // every value handed out is recorded, so diff and baselines can set generated data aside.
  const data = recordingTestData(new TestData({ seed: plan.seed, runId: plan.runId, extra: extraGenerators(plan.profile) }), generated);
  const membership = new MembershipVisibility();
  const probe = (request: OutgoingRequest): Promise<Reply> => transport(request, { tag: 'probe', noRetry: true, ...signalOf(input) });
  const breaker = new CircuitBreaker(probe, plan.profile, signalOf(input));
  let vanished: string | undefined;
  await scheduleCases(plan.cases, plan.concurrency, () => !signal?.aborted && vanished === undefined, async (index, ramp) => {
    const planned = plan.cases[index] as PlannedCase;
    const { result, thrown } = await runOneCase(planned, index, data.forCase(index), membership, tools, input);
    results[index] = result;
    if (isUnanswered(thrown)) ramp.fault();
    else ramp.answered();
    // One lost answer is not a dead target: only a failed health probe stops the run (breaker.ts).
    if (isUnanswered(thrown) && !signal?.aborted && vanished === undefined) {
      await breaker.check();
      vanished = breaker.tripped === undefined ? undefined : redact(breaker.tripped);
    }
    input.hooks?.onCaseDone?.(result);
  });
  if (vanished === undefined) return undefined;
  // Not attempted, but not silently missing either: each is an error naming why.
  plan.cases.forEach((planned, index) => {
    if (results[index] === undefined) results[index] = redactDeep(resultOf(planned, 'error', `not run: ${vanished}`), redact);
  });
  return vanished;
}

/** One case, its throttles counted, then the deletes of what it created; the result comes back redacted. */
async function runOneCase(
  planned: PlannedCase,
  index: number,
  data: TestData,
  membership: MembershipVisibility,
  tools: RunTools,
  input: RunInput,
): Promise<{ result: CaseResult; thrown: unknown }> {
  const tag = `case-${index + 1}`;
  let caseThrottled = 0;
  const sendOptions: SendOptions = {
    tag,
    onThrottle: () => {
      caseThrottled += 1;
      tools.countThrottle();
    },
    ...signalOf(input),
  };
  input.hooks?.onCaseStart?.(planned.testCase.id, planned.dialect);
  let chain = 0;
  const send = (request: OutgoingRequest): Promise<Reply> => {
    chain += 1;
    return tools.transport(request, sendOptions);
  };
  const { result, thrown } = await executeCase(planned, send, input.plan.profile, data, membership, tools.oauth, tools.ledger.absent);
  if (caseThrottled > 0) result.throttled = caseThrottled;
  if (input.signal?.aborted && isAbort(thrown)) result.reason = `interrupted by ${signalName(input.signal)}: ${result.reason ?? ''}`;
  chain += await cleanUpCase(tools, tag, input.plan.concurrency > 1);
  // A property of the plan, not of this run's schedule: only the whole-directory cases must run alone.
  tools.criticalPath.caseChain(chain, readsWholeDirectory(planned));
  return { result: redactDeep(result, tools.redact), thrown };
}

const DELETE_FIXTURE = { user: 'users/delete', group: 'groups/delete' } as const;

/**
 * Deletes what one case left behind (per the ledger), groups before users so memberships go with the group;
 * the deletes of one kind all at once when cases run several at a time (the pacer holds the rate). Failures are not final here: the sweep
 * at the end retries and reports what really remains. Returns the rounds of deletes it sent.
 */
async function cleanUpCase({ transport, ledger, countThrottle }: RunTools, tag: string, together: boolean): Promise<number> {
  let rounds = 0;
  for (const kind of ['group', 'user'] as const) {
    const entries = ledger.live(tag).filter((candidate) => candidate.kind === kind && !candidate.unsafeId);
    const remove = async (entry: (typeof entries)[number]): Promise<void> => {
      const variables = kind === 'user' ? { userId: entry.id } : { groupId: entry.id };
      try {
        await transport(renderFixture(DELETE_FIXTURE[kind], variables), { tag, onThrottle: countThrottle });
      } catch {
        // Left for the sweep.
      }
    };
    if (entries.length > 0) rounds += 1;
    // One at a time when the run asked for one request at a time (--concurrency 1).
    if (together) await Promise.all(entries.map(remove));
    else for (const entry of entries) await remove(entry);
  }
  return rounds;
}

function signalOf(input: RunInput): { signal?: AbortSignal } {
  return input.signal === undefined ? {} : { signal: input.signal };
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
