/**
 * `load --from-artillery <report.json>`: Artillery's JSON report (`artillery run --output`) of an exported test,
 * judged as a native run is (src/load/runner.ts → load.json, load.html, load.md). Latency per operation comes from
 * Artillery's own per-endpoint summaries (the steps are named after the operations); errors by class, provisioning
 * events, what was created and what remains from the counters each tenant's processor emitted. Entra's rules apply
 * per job [ED-QUAR "Escrow thresholds"], so every tenant is judged on its own counts: a target that fails 1 % overall
 * but half of the last tenants' events still quarantines those.
 *
 * Not in Artillery's report, so not in the result: latency by directory size (the report has no such split), the
 * text of each read-back difference (only their counts), and the ids of leftovers (only their count per tenant).
 */
import { TOOL } from '../../version.ts';
import type { Leftover } from '../../model/result.ts';
import { project, type Consequence, type EventCounts, type VerificationFindings } from '../consequences.ts';
import { OPERATIONS, type Operation, type OperationFigures, type TimePoint } from '../metrics.ts';
import { ENTRA_RATE, LOAD_FORMAT, type LoadResult } from '../runner.ts';
import { COUNTER, TENANT_FIELDS } from './processor.ts';
import type { ArtillerySettings } from './settings.ts';

interface Summary {
  count?: number;
  min?: number;
  max?: number;
  mean?: number;
  p50?: number;
  p95?: number;
  p99?: number;
}

export interface ArtilleryReport {
  aggregate: { counters?: Record<string, number>; summaries?: Record<string, Summary>; firstMetricAt?: number; lastMetricAt?: number };
  intermediate?: { counters?: Record<string, number>; summaries?: Record<string, Summary>; period?: string | number }[];
}

export interface TenantFigures {
  runId: string;
  /** When it began (epoch ms, as the worker's clock read it): tenants are listed in the order they arrived. */
  arrivedAt: number;
  events: EventCounts;
  requests: number;
  cycleMs: number;
  created: { users: number; groups: number; memberships: number };
  leftovers: number;
  /** The quarantine or escrow it would meet on its own counts. */
  consequences: number;
}

/** What a load result from Artillery adds to a native one. */
export interface EngineFigures {
  name: 'artillery';
  /** Virtual tenants Artillery started, and those whose cycle and cleanup finished and were counted. */
  started: number;
  finished: number;
  tenants: TenantFigures[];
  /** Artillery's own error counters (`errors.ETIMEDOUT` …): a request error ends a virtual user. */
  engineErrors: Record<string, number>;
}

const ENDPOINT = 'plugins.metrics-by-endpoint';

export function isArtilleryReport(value: unknown): value is ArtilleryReport {
  const report = value as ArtilleryReport | null;
  return report !== null && typeof report === 'object' && typeof report.aggregate === 'object' && report.aggregate !== null && typeof report.aggregate.counters === 'object';
}

export function loadResultFromArtillery(report: ArtilleryReport, settings: ArtillerySettings): LoadResult & { engine: EngineFigures } {
  const counters = report.aggregate.counters ?? {};
  const summaries = report.aggregate.summaries ?? {};
  const tenants = tenantFigures(counters);
  const spanMs = tenants.length === 0 ? 0 : Math.max(...tenants.map((t) => t.arrivedAt + t.cycleMs)) - Math.min(...tenants.map((t) => t.arrivedAt));
  const spanSeconds = Math.max(0.001, spanMs / 1000);
  const rate = settings.ratePerTenant > 0 ? settings.ratePerTenant : ENTRA_RATE;
  const { shape } = settings;

  const operations: Partial<Record<Operation, OperationFigures>> = {};
  for (const operation of OPERATIONS) {
    const summary = summaries[`${ENDPOINT}.response_time.${operation}`];
    const errorsByClass: Record<string, number> = {};
    for (const [name, value] of Object.entries(counters)) {
      const ours = `scim.errors.${operation}.`;
      const engine = `${ENDPOINT}.${operation}.errors.`;
      if (name.startsWith(ours)) add(errorsByClass, name.slice(ours.length), value);
      else if (name.startsWith(engine)) add(errorsByClass, errorClassOf(name.slice(engine.length)), value);
    }
    const engineFailures = Object.entries(counters).reduce((sum, [name, value]) => (name.startsWith(`${ENDPOINT}.${operation}.errors.`) ? sum + value : sum), 0);
    const count = (summary?.count ?? 0) + engineFailures;
    if (count === 0) continue;
    operations[operation] = {
      count,
      p50Ms: summary?.p50 ?? 0,
      p95Ms: summary?.p95 ?? 0,
      p99Ms: summary?.p99 ?? 0,
      maxMs: summary?.max ?? 0,
      meanMs: summary?.mean ?? 0,
      errors: Object.values(errorsByClass).reduce((sum, value) => sum + value, 0),
      errorsByClass: Object.fromEntries(Object.entries(errorsByClass).sort(([a], [b]) => a.localeCompare(b))),
      throughputPerSecond: count / spanSeconds,
    };
  }
  const requests = Object.values(operations).reduce((sum, figures) => sum + (figures?.count ?? 0), 0);
  const errors = Object.values(operations).reduce((sum, figures) => sum + (figures?.errors ?? 0), 0);

  const events = sumEvents(tenants.map((t) => t.events));
  const verification = verificationOf(counters);
  const consequences: Consequence[] = [];
  tenants.forEach((tenant, index) => {
    const own = project({ users: shape.users, groups: shape.groups, membersPerGroup: shape.membersPerGroup, events: tenant.events, requests: tenant.requests, operations: {}, sizes: [], projectUsers: settings.projectUsers, rate });
    tenant.consequences = own.consequences.length;
    for (const consequence of own.consequences) consequences.push({ ...consequence, text: `Tenant ${index + 1} of ${tenants.length} (run ${tenant.runId}): ${consequence.text}` });
  });
  // Timeouts and read-back differences are the target's, whichever tenant met them: judged once, over all tenants.
  const noEvents: EventCounts = { events: 0, failed: 0, referenceEvents: 0, referenceFailed: 0, query404: 0, credentials: 0 };
  const overall = project({
    users: shape.users * Math.max(1, tenants.length),
    groups: shape.groups * Math.max(1, tenants.length),
    membersPerGroup: shape.membersPerGroup,
    events,
    requests,
    operations,
    sizes: [],
    ...(verification === undefined ? {} : { verification }),
    projectUsers: settings.projectUsers,
    rate,
  });
  const targetWide = project({ users: shape.users, groups: shape.groups, membersPerGroup: shape.membersPerGroup, events: noEvents, requests, operations, sizes: [], ...(verification === undefined ? {} : { verification }), projectUsers: settings.projectUsers, rate });
  consequences.push(...targetWide.consequences);

  const started = counters['vusers.created'] ?? 0;
  const finished = counters[COUNTER.finished] ?? 0;
  const engineErrors = Object.fromEntries(Object.entries(counters).filter(([name]) => name.startsWith('errors.')));
  const leftovers: Leftover[] = tenants
    .filter((tenant) => tenant.leftovers > 0)
    .map((tenant) => ({ kind: 'user', id: '?', reason: `${tenant.leftovers} object(s) of tenant run ${tenant.runId} remain: cleanup --ledger ${settings.ledgerDir}/ledger-${tenant.runId}.jsonl` }));
  const firstArrival = tenants.length === 0 ? Date.now() : Math.min(...tenants.map((t) => t.arrivedAt));
  const result: LoadResult & { engine: EngineFigures } = {
    format: LOAD_FORMAT,
    tool: TOOL,
    runId: tenants.map((t) => t.runId).join(','),
    seed: settings.seed,
    parameters: {
      ...shape,
      profile: settings.profile,
      dialect: settings.dialect,
      rate: settings.ratePerTenant > 0 ? settings.ratePerTenant : 'unpaced',
      concurrency: 1,
      timeoutMs: settings.timeoutMs,
      projectUsers: settings.projectUsers,
    },
    target: { url: settings.target, embedded: false },
    startedAt: new Date(firstArrival).toISOString(),
    finishedAt: new Date(firstArrival + spanMs).toISOString(),
    durationMs: spanMs,
    cycleMs: spanMs,
    cleanupMs: 0,
    requests,
    errors,
    requestsPerSecond: requests / spanSeconds,
    created: {
      users: tenants.reduce((sum, t) => sum + t.created.users, 0),
      groups: tenants.reduce((sum, t) => sum + t.created.groups, 0),
      memberships: tenants.reduce((sum, t) => sum + t.created.memberships, 0),
    },
    operations,
    events,
    latencyOverTime: overTime(report),
    latencyBySize: [],
    consequences,
    projection: overall.projection,
    leftovers,
    engine: { name: 'artillery', started, finished, tenants, engineErrors },
  };
  if (verification !== undefined) result.verification = verification;
  if (started !== finished || started === 0) {
    const why = Object.entries(engineErrors).map(([name, value]) => `${name.slice('errors.'.length)} ${value}`).join(', ');
    result.interrupted = `${started - finished} of ${started} Artillery tenant(s) did not finish their cycle${why === '' ? '' : ` (${why})`}; their ledgers are in ${settings.ledgerDir}/ on the machine that ran them`;
  }
  return result;
}

/** The tenants' own counters, in the order they arrived. */
function tenantFigures(counters: Record<string, number>): TenantFigures[] {
  const byKey = new Map<string, Record<string, number>>();
  for (const [name, value] of Object.entries(counters)) {
    const match = /^scim\.tenant\.(\d+-[0-9a-f]+)\.(\w+)$/.exec(name);
    if (!match) continue;
    const [, key, field] = match as unknown as [string, string, string];
    const fields = byKey.get(key) ?? {};
    fields[field] = value;
    byKey.set(key, fields);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, f]) => {
      const [arrived, runId] = key.split('-') as [string, string];
      const n = (field: (typeof TENANT_FIELDS)[number]): number => f[field] ?? 0;
      return {
        runId,
        arrivedAt: Number(arrived),
        events: { events: n('events'), failed: n('failed'), referenceEvents: n('referenceEvents'), referenceFailed: n('referenceFailed'), query404: n('query404'), credentials: n('credentials') },
        requests: n('requests'),
        cycleMs: n('cycleMs'),
        created: { users: n('users'), groups: n('groups'), memberships: n('memberships') },
        leftovers: n('leftovers'),
        consequences: 0,
      };
    });
}

function sumEvents(all: EventCounts[]): EventCounts {
  const total: EventCounts = { events: 0, failed: 0, referenceEvents: 0, referenceFailed: 0, query404: 0, credentials: 0 };
  for (const events of all) for (const key of Object.keys(total) as (keyof EventCounts)[]) total[key] += events[key];
  return total;
}

function verificationOf(counters: Record<string, number>): VerificationFindings | undefined {
  const n = (field: string): number | undefined => counters[COUNTER.verification(field)];
  const expected = n('pagingExpected');
  if (expected === undefined) return undefined;
  const missing = n('pagingMissing') ?? 0;
  const duplicates = n('pagingDuplicates') ?? 0;
  const findings: VerificationFindings = {
    usersChecked: n('usersChecked') ?? 0,
    usersDiffering: n('usersDiffering') ?? 0,
    groupsChecked: n('groupsChecked') ?? 0,
    groupsDiffering: n('groupsDiffering') ?? 0,
    paging: { pages: n('pagingPages') ?? 0, expected, seen: expected - missing, missing, duplicates, complete: (n('pagingIncomplete') ?? 0) === 0 },
    differences: [],
  };
  if (findings.usersDiffering + findings.groupsDiffering > 0) findings.differences.push("Artillery's report counts read-back differences but does not describe them: a native load run against the same target shows each");
  return findings;
}

/** Artillery's intermediate reports (one per period, 10 s by default) as the latency-over-time series. */
function overTime(report: ArtilleryReport): TimePoint[] {
  const periods = (report.intermediate ?? []).map((entry) => ({ at: Number(entry.period), entry })).filter((p) => Number.isFinite(p.at)).sort((a, b) => a.at - b.at);
  if (periods.length === 0) return [];
  const first = periods[0]?.at ?? 0;
  return periods.map(({ at, entry }, index) => {
    const counters = entry.counters ?? {};
    const summary = entry.summaries?.['http.response_time'];
    const next = periods[index + 1]?.at;
    const errors = Object.entries(counters).reduce((sum, [name, value]) => (/^http\.codes\.[45]\d\d$/.test(name) || name.startsWith('errors.') ? sum + value : sum), 0);
    return {
      atSeconds: (at - first) / 1000,
      widthSeconds: next === undefined ? 10 : (next - at) / 1000,
      requests: counters['http.requests'] ?? 0,
      errors,
      meanMs: summary?.mean ?? 0,
      maxMs: summary?.max ?? 0,
    };
  });
}

/** Artillery's error codes as the classes a native run counts them under (error-class.ts). */
function errorClassOf(code: string): string {
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return 'timeout';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (code === 'ECONNREFUSED') return 'refused';
  return code;
}

function add(map: Record<string, number>, key: string, value: number): void {
  map[key] = (map[key] ?? 0) + value;
}
