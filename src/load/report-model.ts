/**
 * The figures both load renderers (HTML and Markdown) show, computed once from a LoadResult so that the two
 * cannot disagree: the parameter line, the per-operation rows and the chart series.
 */
import { OPERATIONS, type Operation, type OperationFigures } from './metrics.ts';
import type { LoadResult } from './runner.ts';

export interface OperationRow {
  operation: Operation;
  figures: OperationFigures;
  errorClasses: string;
}

export function operationRows(result: LoadResult): OperationRow[] {
  return OPERATIONS.flatMap((operation) => {
    const figures = result.operations[operation];
    if (figures === undefined) return [];
    const errorClasses = Object.entries(figures.errorsByClass).map(([name, count]) => `${name}: ${count}`).join(', ');
    return [{ operation, figures, errorClasses }];
  });
}

export function parameterLine(result: LoadResult): string {
  const p = result.parameters;
  return [
    `${p.users.toLocaleString('en-US')} users, ${p.groups.toLocaleString('en-US')} groups, ${p.membersPerGroup} members per group (batches of ${p.memberBatch})`,
    `cycles ${p.cycles.join(' + ')}`,
    `profile ${p.profile}`,
    `dialect ${p.dialect}`,
    p.rate === 'unpaced' ? 'unpaced' : `${p.rate} req/s`,
    `concurrency ${p.concurrency}`,
    `seed ${result.seed}`,
    ...(result.engine === undefined ? [] : [`${result.engine.started} tenant(s) on Artillery, one request at a time each, ${result.engine.finished} finished`]),
    ...(p.fault === undefined ? [] : [`server variant ${p.fault}`]),
  ].join(' · ');
}

export function verdictLine(result: LoadResult): string {
  if (result.interrupted) return `Incomplete: ${result.interrupted}.`;
  if (result.consequences.length === 0) return `No projected Entra consequence, measured or at ${result.projection.projectUsers.toLocaleString('en-US')} users.`;
  return `${result.consequences.length} projected Entra consequence(s).`;
}

/** The gallery's 25 requests per second (requirement 2.1.3), as measured after the cycles, or why it was not. */
export function rateLine(result: LoadResult): string {
  const rate = result.rate;
  if (rate === undefined) return 'Gallery 2.1.3 (25 requests per second): not measured in this run (--no-sustained-rate, an interrupted run, or a load-engine export).';
  if (rate.error !== undefined) return `Gallery 2.1.3 (25 requests per second): not measured: ${rate.error}`;
  return (
    `Gallery 2.1.3 (25 requests per second): ${rate.passed ? 'pass' : 'FAIL'}: ${rate.achievedRate.toFixed(1)} req/s achieved of ${rate.targetRate} over ${(rate.durationMs / 1000).toFixed(1)} s ` +
    `(${rate.requests} requests of Entra's mix), p99 ${rate.p99Ms.toFixed(0)} ms, ${rate.throttled} answered 429/503, ${rate.errors} failed`
  );
}

/** Chart series: [x, y] pairs. */
export interface ChartData {
  overTime: { mean: [number, number][]; max: [number, number][]; rate: [number, number][] };
  bySize: Partial<Record<'query' | 'create' | 'member-add', { mean: [number, number][]; p95: [number, number][] }>>;
}

export function chartData(result: LoadResult): ChartData {
  const overTime: ChartData['overTime'] = { mean: [], max: [], rate: [] };
  for (const point of result.latencyOverTime) {
    if (point.requests === 0) continue;
    const middle = point.atSeconds + point.widthSeconds / 2;
    overTime.mean.push([middle, point.meanMs]);
    overTime.max.push([middle, point.maxMs]);
    overTime.rate.push([middle, point.requests / point.widthSeconds]);
  }
  const bySize: ChartData['bySize'] = {};
  for (const operation of ['query', 'create', 'member-add'] as const) {
    const mean: [number, number][] = [];
    const p95: [number, number][] = [];
    for (const point of result.latencyBySize) {
      const figures = point.operations[operation];
      if (figures === undefined || figures.count === 0) continue;
      mean.push([point.fromObjects, figures.meanMs]);
      p95.push([point.fromObjects, figures.p95Ms]);
    }
    if (mean.length > 0) bySize[operation] = { mean, p95 };
  }
  return { overTime, bySize };
}

export const ms = (value: number): string => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
export const count = (value: number): string => Math.round(value).toLocaleString('en-US');

/** One row per tenant of a run on a load engine (load --from-artillery), in the order they arrived; at most `max`. */
export interface TenantRow {
  place: number;
  runId: string;
  events: number;
  failed: number;
  requests: number;
  consequences: number;
  leftovers: number;
}

export const TENANT_ROWS = 50;

export function tenantRows(result: LoadResult): { rows: TenantRow[]; more: number } {
  const tenants = result.engine?.tenants ?? [];
  const rows = tenants.slice(0, TENANT_ROWS).map((tenant, index) => ({
    place: index + 1,
    runId: tenant.runId,
    events: tenant.events.events,
    failed: tenant.events.failed,
    requests: tenant.requests,
    consequences: tenant.consequences,
    leftovers: tenant.leftovers,
  }));
  return { rows, more: Math.max(0, tenants.length - TENANT_ROWS) };
}

/** Said where the latency-by-size chart would be when the engine's report has no such split. */
export const NO_SIZE_SPLIT = "Not measured: Artillery's report has no latency by directory size (a native load run against the same target shows it).";
