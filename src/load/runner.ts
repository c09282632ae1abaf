/**
 * Runs a load scenario against one target: Test Connection, the initial cycle in Entra's order, a read-back
 * of a sample and a paging check, optionally an incremental cycle, then the same final sweep as a
 * conformance run. Every request goes through the run's safety guard and ledger (src/runner/guarded-transport.ts);
 * what is kept grows with the objects created (their ids), never with the requests sent.
 */
import type { HttpResult, OutgoingRequest } from '../model/transport.ts';
import { expectMappedValue } from '../cases/checks.ts';
import type { Reply } from '../model/reply.ts';
import { ConformanceFailure } from '../model/outcomes.ts';
import type { Dialect } from '../model/vocabulary.ts';
import { redactUrlCredentials } from '../client/redact.ts';
import { TestData, newRunId, runPrefix } from '../data/test-data.ts';
import { getInsensitive } from '../profiles/mapped-path.ts';
import { matchingAttribute, writtenAttributes, type Profile } from '../profiles/profile.ts';
import type { Leftover } from '../model/result.ts';
import { runPool } from '../runner/case-pool.ts';
import { GALLERY_RATE, measureSustainedRate } from '../runner/sustained-rate.ts';
import type { RateMeasurement } from '../model/result.ts';
import { openGuardedTransport } from '../runner/guarded-transport.ts';
import { preflight } from '../runner/preflight.ts';
import { firstAccessToken } from '../runner/access-token.ts';
import type { ClientCredentials } from '../client/oauth.ts';
import { LEDGER_FORMAT, Ledger } from '../safety/ledger.ts';
import { redactDeep, tokenRedactor, type Redact } from '../safety/redact.ts';
import { sweep } from '../safety/sweep.ts';
import type { Transport } from '../safety/transport.ts';
import { TOOL } from '../version.ts';
import type { EngineFigures } from './artillery/from-report.ts';
import { project, type Consequence, type EventCounts, type Projection, type VerificationFindings } from './consequences.ts';
import { classifyThrown, statusClass } from './error-class.ts';
import { LoadMetrics, type Operation, type OperationFigures, type SizePoint, type TimePoint } from './metrics.ts';
import {
  EntraRequests,
  PAGE_SIZE,
  batches,
  groupChanges,
  incrementalRole,
  membersOf,
  plannedObjects,
  plannedRequests,
  type LoadShape,
} from './scenario.ts';

export const LOAD_FORMAT = 'scim-conformance-load/1';
/** Entra's gallery rate, used to project durations when the run itself was unpaced [ED-SCIM gallery checklist]. */
export const ENTRA_RATE = 25;
const DIFFERENCES_KEPT = 10;

export interface LoadOptions {
  baseUrl: string;
  token: string;
  /** The run's one redactor (src/config.ts); made from the token when absent. */
  redact?: Redact;
  embedded: boolean;
  profile: Profile;
  dialect: Dialect;
  timeoutMs: number;
  seed: number;
  runId?: string;
  shape: LoadShape;
  /** Requests per second; undefined: unpaced. */
  ratePerSecond?: number;
  concurrency: number;
  /** Tenant size the Entra consequences are projected to. */
  projectUsers: number;
  ca?: string | Buffer;
  /** OAuth 2.0 client credentials instead of `token`. */
  credentials?: ClientCredentials;
  ledgerFile?: string;
  /**
   * After the cycles: seconds of Entra's query/update mix at the gallery's 25 requests per second
   * (src/runner/sustained-rate.ts); `load` measures 30 by default. Undefined: not measured.
   */
  sustainedRateSeconds?: number;
  /** A server variant the embedded target runs with, recorded in the result. */
  fault?: string;
  signal?: AbortSignal;
  onProgress?: (progress: LoadProgress) => void;
  /**
   * Sends the cycle's requests instead of this package's HTTP client (pacing, answer checks, guard and ledger
   * stay as they are): a load engine's HTTP, src/load/artillery/tenant.ts. Preflight and cleanup keep the client.
   */
  send?: (request: OutgoingRequest) => Promise<HttpResult>;
  /** Told the operation of each cycle request just before it goes to the transport. */
  onSend?: (operation: Operation) => void;
}

export interface LoadProgress {
  phase: string;
  done: number;
  planned: number;
  errors: number;
  elapsedMs: number;
  /** Since the phase began, for a phase counted on its own (the cleanup); the rate is then this phase's. */
  phaseElapsedMs?: number;
}

export interface LoadResult {
  format: typeof LOAD_FORMAT;
  tool: typeof TOOL;
  runId: string;
  seed: number;
  parameters: LoadShape & { profile: string; dialect: Dialect; rate: number | 'unpaced'; concurrency: number; timeoutMs: number; projectUsers: number; fault?: string };
  target: { url: string; embedded: boolean };
  startedAt: string;
  finishedAt: string;
  /** The whole run, final sweep included. */
  durationMs: number;
  /** Preflight to the end of the last cycle: what `requests` and `requestsPerSecond` are about. */
  cycleMs: number;
  /** The final sweep (delete and verify everything created), not counted in `requests`. */
  cleanupMs: number;
  interrupted?: string;
  requests: number;
  errors: number;
  requestsPerSecond: number;
  created: { users: number; groups: number; memberships: number };
  operations: Partial<Record<Operation, OperationFigures>>;
  events: EventCounts;
  latencyOverTime: TimePoint[];
  latencyBySize: SizePoint[];
  verification?: VerificationFindings;
  consequences: Consequence[];
  projection: Projection;
  leftovers: Leftover[];
  ledger?: string;
  /** Set when the run was an exported test on a load engine (load --from-artillery): its tenants, one by one. */
  engine?: EngineFigures;
  /** The gallery's 25 requests per second, measured after the cycles (requirement 2.1.3), when it was. */
  rate?: RateMeasurement;
}

/** What one request came to: a reply (successful or not), or the class of the failure. */
interface Outcome {
  reply?: Reply;
  ok: boolean;
}

const SUCCESS: Record<Operation, readonly number[]> = {
  query: [200],
  create: [201, 200],
  update: [200, 204],
  disable: [200, 204],
  enable: [200, 204],
  'member-add': [200, 204],
  'member-remove': [200, 204],
  delete: [204, 200],
  read: [200],
};

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const started = new Date();
  const startedAt = performance.now();
  const runId = options.runId ?? newRunId();
  const redact = options.redact ?? tokenRedactor([options.token]);
  const { shape } = options;
  const ledger = new Ledger(
    { type: 'run', format: LEDGER_FORMAT, tool: `${TOOL.name} ${TOOL.version}`, runId, prefix: runPrefix(runId), target: redactUrlCredentials(options.baseUrl), startedAt: started.toISOString() },
    options.ledgerFile === undefined ? { redact } : { file: options.ledgerFile, redact },
  );
  const common = { baseUrl: options.baseUrl, token: options.token, timeoutMs: options.timeoutMs, ca: options.ca, ratePerSecond: options.ratePerSecond, ledger, readOnly: false, redact, credentials: options.credentials };
  // The cycle sends each request once (Entra escrows a failed object rather than retrying it at once);
  // the cleanup keeps the run's usual 429/503 retries so that it can finish on a throttling target.
  const cycle = openGuardedTransport({ ...common, maxRetries: 0, ...(options.send === undefined ? {} : { send: options.send }) });
  const cleanup = openGuardedTransport(common);

  let created = 0;
  const metrics = new LoadMetrics(startedAt, plannedObjects(shape), () => created);
  const events: EventCounts = { events: 0, failed: 0, referenceEvents: 0, referenceFailed: 0, query404: 0, credentials: 0 };
  const planned = plannedRequests(shape, options.dialect);
  let phase = 'preflight';
  const interrupted = (): boolean => options.signal?.aborted === true;
  const report = (): void => options.onProgress?.({ phase, done: metrics.requests, planned, errors: metrics.errors, elapsedMs: performance.now() - startedAt });

  const send = sender(cycle.transport, metrics, events, options, report);
  const data = new TestData({ seed: options.seed, runId });
  const requests = new EntraRequests(options.profile, options.dialect, data);
  const userIds: (string | undefined)[] = new Array<string | undefined>(shape.users);
  // What each user is queried by, for the incremental cycle's queries: one string per user.
  const userNames: string[] = new Array<string>(shape.users);
  const groupIds: (string | undefined)[] = new Array<string | undefined>(shape.groups);
  const sampleUsers = new Map<number, Record<string, unknown>>(evenlySpaced(shape.users, shape.sample).map((index) => [index, {}]));
  const sampleGroups = new Map<number, Set<string>>(evenlySpaced(shape.groups, shape.sample).map((index) => [index, new Set<string>()]));
  let memberships = 0;
  let verification: VerificationFindings | undefined;
  let rateMeasured: RateMeasurement | undefined;
  let failure: unknown;

  try {
    await firstAccessToken(cleanup.accessTokens);
    await preflight((request) => cleanup.transport(request, { tag: 'preflight', ...signalOf(options) }), matchingAttribute(options.profile, 'user').path, options.baseUrl);
    const pool = (total: number, work: (index: number) => Promise<void>): Promise<void> => runPool(total, options.concurrency, () => !interrupted(), work);

    phase = 'users';
    await pool(shape.users, async (index) => {
      const values = data.user();
      if (sampleUsers.has(index)) sampleUsers.set(index, values);
      userNames[index] = requests.matchingValue('user', values);
      const id = await provision(send, requests.queryUser(userNames[index]), (found) => (found === undefined ? requests.createUser(values) : requests.updateUser(found, values)), events);
      if (id !== undefined) {
        userIds[index] = id;
        created += 1;
      }
    });

    phase = 'groups';
    await pool(shape.groups, async (index) => {
      const values = data.group();
      const id = await provision(send, requests.queryGroup(values), (found) => (found === undefined ? requests.createGroup(values) : requests.updateGroup(found, values)), events);
      if (id !== undefined) {
        groupIds[index] = id;
        created += 1;
      }
    });

    phase = 'memberships';
    const perGroup = Math.min(shape.membersPerGroup, shape.users);
    const batchesPerGroup = Math.ceil(perGroup / shape.memberBatch);
    const members = memberCache(shape, options.seed);
    await pool(shape.groups * batchesPerGroup, async (task) => {
      const group = Math.floor(task / batchesPerGroup);
      const groupId = groupIds[group];
      const batch = batches(members(group), shape.memberBatch)[task % batchesPerGroup] ?? [];
      const ids = batch.flatMap((user) => userIds[user] ?? []);
      if (groupId === undefined || ids.length === 0) return;
      events.referenceEvents += ids.length;
      const outcome = await send('member-add', requests.addMembers(groupId, ids));
      if (!outcome.ok) {
        events.referenceFailed += ids.length;
        return;
      }
      memberships += ids.length;
      const expected = sampleGroups.get(group);
      if (expected) for (const id of ids) expected.add(id);
    });

    if (!interrupted()) {
      phase = 'verification';
      verification = await verify(send, requests, options.profile, { userIds, groupIds, sampleUsers, sampleGroups });
    }

    if (shape.cycles.includes('incremental') && !interrupted()) {
      phase = 'incremental';
      await pool(shape.users, async (index) => {
        const role = incrementalRole(index, shape);
        const userId = userIds[index];
        if (role === undefined || userId === undefined) return;
        await change(send, requests, events, role, userId, userNames[index] as string, data);
      });
      await pool(shape.groups, async (group) => {
        const groupId = groupIds[group];
        if (!groupChanges(group, shape) || groupId === undefined) return;
        const leaving = members(group)
          .filter((user) => incrementalRole(user, shape) !== 'delete')
          .slice(0, shape.memberBatch)
          .flatMap((user) => userIds[user] ?? []);
        for (const request of leaving.length === 0 ? [] : requests.removeMembers(groupId, leaving)) {
          const size = options.dialect === 'compliant' ? 1 : leaving.length;
          events.referenceEvents += size;
          if (!(await send('member-remove', request)).ok) events.referenceFailed += size;
        }
      });
    }

    if (options.sustainedRateSeconds !== undefined && !interrupted()) {
      phase = 'sustained-rate';
      report();
      rateMeasured = await sustainedRate(cleanup.transport, options, runId, options.sustainedRateSeconds);
    }
  } catch (error) {
    failure = error;
  }

  const stoppedDuring = phase;
  const cycleMs = performance.now() - startedAt;
  phase = 'cleanup';
  // The cleanup is a phase of its own, counted in its own requests (not the cycle's), from 0 to done.
  const cleanupStarted = performance.now();
  const onProgress = (done: number, total: number): void =>
    options.onProgress?.({ phase, done, planned: total, errors: 0, elapsedMs: performance.now() - startedAt, phaseElapsedMs: performance.now() - cleanupStarted });
  let leftovers: Leftover[] = [];
  try {
    // As many requests at a time as the cycle used (the cleanup transport is paced all the same).
    leftovers = (await sweep((request) => cleanup.transport(request, { tag: 'cleanup' }), ledger, { concurrency: options.concurrency, onProgress })).leftovers;
  } finally {
    await Promise.all([cycle.close(), cleanup.close()]);
  }
  // An interrupt aborts the request in flight; that is the interrupt, not a failure of the run.
  if (failure !== undefined && !(interrupted() && isAbortLike(failure))) throw failure;

  const finished = new Date();
  const durationMs = performance.now() - startedAt;
  const operations = metrics.operations();
  const latencyBySize = metrics.sizeSeries.points();
  const rate = options.ratePerSecond;
  const { consequences, projection } = project({
    users: shape.users,
    groups: shape.groups,
    membersPerGroup: shape.membersPerGroup,
    events,
    requests: metrics.requests,
    operations,
    sizes: latencyBySize,
    ...(verification === undefined ? {} : { verification }),
    projectUsers: options.projectUsers,
    rate: rate ?? ENTRA_RATE,
  });
  const result: LoadResult = {
    format: LOAD_FORMAT,
    tool: TOOL,
    runId,
    seed: options.seed,
    parameters: {
      ...shape,
      profile: options.profile.id,
      dialect: options.dialect,
      rate: rate ?? 'unpaced',
      concurrency: options.concurrency,
      timeoutMs: options.timeoutMs,
      projectUsers: options.projectUsers,
      ...(options.fault === undefined ? {} : { fault: options.fault }),
    },
    target: { url: options.embedded ? 'embedded reference server' : redactUrlCredentials(options.baseUrl), embedded: options.embedded },
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs,
    cycleMs,
    cleanupMs: durationMs - cycleMs,
    requests: metrics.requests,
    errors: metrics.errors,
    requestsPerSecond: metrics.requests / Math.max(0.001, cycleMs / 1000),
    created: { users: userIds.filter(Boolean).length, groups: groupIds.filter(Boolean).length, memberships },
    operations,
    events,
    latencyOverTime: metrics.timeSeries.points(),
    latencyBySize,
    consequences,
    projection,
    leftovers,
  };
  if (verification !== undefined) result.verification = verification;
  if (rateMeasured !== undefined) result.rate = rateMeasured;
  if (interrupted()) result.interrupted = `interrupted by ${typeof options.signal?.reason === 'string' ? options.signal.reason : 'a signal'} during ${stoppedDuring}`;
  if (ledger.file !== undefined && ledger.entries().length > 0) result.ledger = ledger.file;
  return redactDeep(result, redact);
}

type Send = (operation: Operation, request: OutgoingRequest) => Promise<Outcome>;

/**
 * The gallery's 25 requests per second, as `run --sustained-rate` measures it, through the paced transport with
 * its usual retries (the 429s it waits out are counted); the user it creates is in the ledger for the sweep.
 */
async function sustainedRate(transport: Transport, options: LoadOptions, runId: string, seconds: number): Promise<RateMeasurement> {
  let throttled = 0;
  const sendOptions = { tag: 'sustained-rate', onThrottle: () => (throttled += 1), ...signalOf(options) };
  const data = new TestData({ seed: options.seed + 1, runId });
  try {
    return await measureSustainedRate({ send: (request) => transport(request, sendOptions), profile: options.profile, data, seconds, throttled: () => throttled });
  } catch (error) {
    // Not measured is not "too slow": the report says why, and the cycle's own figures stand.
    const why = error instanceof Error ? error.message : String(error);
    return { targetRate: GALLERY_RATE, achievedRate: 0, p99Ms: 0, throttled: 0, requests: 0, durationMs: 0, errors: 1, passed: false, error: why };
  }
}

/** Sends one request through the guarded transport and records it; a target failure never throws. */
function sender(transport: Transport, metrics: LoadMetrics, events: EventCounts, options: LoadOptions, report: () => void): Send {
  return async (operation, request) => {
    let reply: Reply;
    options.onSend?.(operation);
    try {
      reply = await transport(request, { tag: 'load', ...signalOf(options) });
    } catch (error) {
      if (options.signal?.aborted && isAbortLike(error)) throw error;
      const failed = classifyThrown(error);
      if (failed === undefined) throw error;
      metrics.record(operation, failed.durationMs, failed.errorClass);
      report();
      return { ok: false };
    }
    const ok = SUCCESS[operation].includes(reply.status);
    if (reply.status === 401 || reply.status === 403) events.credentials += 1;
    if (operation === 'query' && reply.status === 404) events.query404 += 1;
    metrics.record(operation, reply.exchange.durationMs, ok ? undefined : statusClass(reply.status, reply.headers));
    report();
    return { reply, ok };
  };
}

/**
 * One object of the initial cycle, as Entra provisions it: query by the matching attribute, then create it,
 * or update the one found. One provisioning event; its id when the target has it afterwards.
 */
async function provision(
  send: Send,
  query: OutgoingRequest,
  write: (foundId: string | undefined) => OutgoingRequest,
  events: EventCounts,
): Promise<string | undefined> {
  events.events += 1;
  const found = await send('query', query);
  if (!found.ok || found.reply === undefined) {
    events.failed += 1;
    return undefined;
  }
  const matches = getInsensitive(found.reply.json, 'Resources');
  const foundId = Array.isArray(matches) && matches.length > 0 ? idOf(matches[0]) : undefined;
  const written = await send(foundId === undefined ? 'create' : 'update', write(foundId));
  if (!written.ok || written.reply === undefined) {
    events.failed += 1;
    return undefined;
  }
  return foundId ?? idOf(written.reply.json);
}

/** One user's incremental change: query by the matching attribute [ED-HOW incremental step 3], then the change. */
async function change(
  send: Send,
  requests: EntraRequests,
  events: EventCounts,
  role: NonNullable<ReturnType<typeof incrementalRole>>,
  userId: string,
  userName: string,
  data: TestData,
): Promise<void> {
  events.events += 1;
  let ok = (await send('query', requests.queryUser(userName))).ok;
  if (ok && role === 'update') ok = (await send('update', requests.changeUser(userId, data.user()))).ok;
  if (ok && (role === 'disable' || role === 're-enable')) ok = (await send('disable', requests.disableUser(userId))).ok;
  if (ok && role === 're-enable') ok = (await send('enable', requests.enableUser(userId))).ok;
  if (ok && role === 'delete') ok = (await send('delete', requests.deleteUser(userId))).ok;
  if (!ok) events.failed += 1;
}

interface VerifyState {
  userIds: readonly (string | undefined)[];
  groupIds: readonly (string | undefined)[];
  sampleUsers: ReadonlyMap<number, Record<string, unknown>>;
  sampleGroups: ReadonlyMap<number, ReadonlySet<string>>;
}

/** A sample of users and groups read back as sent, and every created user exactly once when paging. */
async function verify(send: Send, requests: EntraRequests, profile: Profile, state: VerifyState): Promise<VerificationFindings> {
  const findings: VerificationFindings = {
    usersChecked: 0,
    usersDiffering: 0,
    groupsChecked: 0,
    groupsDiffering: 0,
    paging: { pages: 0, expected: 0, seen: 0, missing: 0, duplicates: 0, complete: true },
    differences: [],
  };
  const note = (text: string): void => {
    if (findings.differences.length < DIFFERENCES_KEPT) findings.differences.push(text);
  };
  for (const [index, values] of state.sampleUsers) {
    const id = state.userIds[index];
    if (id === undefined) continue;
    findings.usersChecked += 1;
    const { reply, ok } = await send('read', requests.readUser(id));
    if (!ok || reply === undefined) {
      findings.usersDiffering += 1;
      note(`user ${id}: GET by id did not answer 200`);
      continue;
    }
    for (const attribute of writtenAttributes(profile, 'user')) {
      try {
        expectMappedValue(reply, reply.json, attribute.path, values[attribute.generate]);
      } catch (error) {
        if (!(error instanceof ConformanceFailure)) throw error;
        findings.usersDiffering += 1;
        note(`user ${id}: ${error.message}`);
        break;
      }
    }
  }
  for (const [index, expected] of state.sampleGroups) {
    const id = state.groupIds[index];
    if (id === undefined) continue;
    findings.groupsChecked += 1;
    const { reply, ok } = await send('read', requests.readGroup(id));
    const listed = ok && reply !== undefined ? getInsensitive(reply.json, 'members') : undefined;
    const actual = new Set((Array.isArray(listed) ? listed : []).map((member) => String(getInsensitive(member, 'value'))));
    const missing = [...expected].filter((member) => !actual.has(member));
    const extra = [...actual].filter((member) => !expected.has(member));
    if (!ok || missing.length > 0 || extra.length > 0) {
      findings.groupsDiffering += 1;
      note(`group ${id}: ${ok ? `${missing.length} member(s) added but not listed, ${extra.length} listed but never added` : 'GET by id did not answer 200'}`);
    }
  }
  await pageThroughUsers(send, requests, state.userIds, findings);
  return findings;
}

/**
 * Pages through /Users with startIndex/count and counts how often each created user comes back. Only
 * GETs; the rest of the directory is read but nothing of it is kept.
 */
async function pageThroughUsers(send: Send, requests: EntraRequests, userIds: readonly (string | undefined)[], findings: VerificationFindings): Promise<void> {
  const seen = new Map<string, number>();
  for (const id of userIds) if (id !== undefined) seen.set(id, 0);
  findings.paging.expected = seen.size;
  let startIndex = 1;
  let pageLimit = Number.POSITIVE_INFINITY;
  while (findings.paging.pages < pageLimit) {
    const { reply, ok } = await send('read', requests.listUsers(startIndex, PAGE_SIZE));
    findings.paging.pages += 1;
    if (!ok || reply === undefined) {
      findings.paging.complete = false;
      findings.differences.push(`paging stopped: ${reply?.label ?? 'a page request'} failed`);
      break;
    }
    const total = Number(getInsensitive(reply.json, 'totalResults'));
    const page = getInsensitive(reply.json, 'Resources');
    const resources = Array.isArray(page) ? page : [];
    // A target that ignores startIndex would loop forever; a few pages past the advertised total is enough.
    if (pageLimit === Number.POSITIVE_INFINITY) pageLimit = Number.isFinite(total) ? Math.ceil(total / PAGE_SIZE) + 3 : 1;
    for (const resource of resources) {
      const id = idOf(resource);
      const count = id === undefined ? undefined : seen.get(id);
      if (id !== undefined && count !== undefined) seen.set(id, count + 1);
    }
    if (resources.length === 0 || !Number.isFinite(total) || startIndex + resources.length > total) break;
    startIndex += resources.length;
  }
  for (const count of seen.values()) {
    if (count === 0) findings.paging.missing += 1;
    else findings.paging.seen += 1;
    if (count > 1) findings.paging.duplicates += count - 1;
  }
  if (findings.paging.missing > 0 || findings.paging.duplicates > 0) findings.paging.complete = false;
}

/** The members of a group, derived again from the seed; the last few are kept, as workers take neighbouring tasks. */
function memberCache(shape: LoadShape, seed: number): (group: number) => number[] {
  const cache = new Map<number, number[]>();
  return (group) => {
    let members = cache.get(group);
    if (members === undefined) {
      members = membersOf(group, shape.users, shape.membersPerGroup, seed);
      cache.set(group, members);
      if (cache.size > 64) cache.delete(cache.keys().next().value as number);
    }
    return members;
  };
}

function evenlySpaced(total: number, count: number): number[] {
  const wanted = Math.min(total, count);
  return Array.from({ length: wanted }, (_, index) => Math.floor((index * total) / wanted));
}

function idOf(resource: unknown): string | undefined {
  const id = getInsensitive(resource, 'id');
  return (typeof id === 'string' && id !== '') || typeof id === 'number' ? String(id) : undefined;
}

function signalOf(options: LoadOptions): { signal?: AbortSignal } {
  return options.signal === undefined ? {} : { signal: options.signal };
}

function isAbortLike(error: unknown): boolean {
  return classifyThrown(error)?.errorClass === 'aborted';
}
