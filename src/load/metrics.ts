/**
 * What a load run measures, in memory that does not grow with the number of requests: one HdrHistogram of
 * latency per operation type (not a list of samples), error counts by class, a time series of fixed size
 * (its buckets widen as the run goes on) and latency by directory size (objects created so far, in a fixed
 * number of buckets). Latency is the HTTP exchange alone, as the client timed it: time spent waiting for a
 * pacing slot is not the target's.
 */
import * as hdr from 'hdr-histogram-js';

export const OPERATIONS = ['query', 'create', 'update', 'disable', 'enable', 'member-add', 'member-remove', 'delete', 'read'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Every latency is kept to two significant digits (1 % resolution), up to an hour. */
const HISTOGRAM = { lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 2 } as const;
const newHistogram = (): hdr.Histogram => hdr.build(HISTOGRAM);

/** Microseconds, at least 1 (the histogram's lowest value). */
const micros = (ms: number): number => Math.max(1, Math.round(ms * 1000));

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

/** A rate needs at least this much time between the first and last request it counts. */
export const MIN_THROUGHPUT_SPAN_MS = 1_000;

export function summarise(histogram: hdr.Histogram): LatencySummary {
  if (histogram.totalCount === 0) return { count: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0 };
  // HDR buckets report the top of a bucket, which can sit above the largest value seen: a percentile is
  // clamped to the observed range, so p99 is never above max.
  const at = (percentile: number): number => Math.min(histogram.maxValue, Math.max(histogram.minNonZeroValue, histogram.getValueAtPercentile(percentile))) / 1000;
  return {
    count: histogram.totalCount,
    p50Ms: at(50),
    p95Ms: at(95),
    p99Ms: at(99),
    maxMs: histogram.maxValue / 1000,
    meanMs: histogram.mean / 1000,
  };
}

export interface OperationFigures extends LatencySummary {
  errors: number;
  /** Error class → count: each 4xx status, `5xx`, `timeout`, `reset`, `429/503 with|without Retry-After`, … */
  errorsByClass: Record<string, number>;
  /**
   * Requests of this type per second, over the time the first and last of them spanned; 0 when that span is
   * under MIN_THROUGHPUT_SPAN_MS or there is one request (a rate of one request is not a rate).
   */
  throughputPerSecond: number;
}

class OperationStats {
  readonly histogram = newHistogram();
  readonly errorsByClass = new Map<string, number>();
  errors = 0;
  firstAt = Number.POSITIVE_INFINITY;
  lastAt = 0;

  figures(): OperationFigures {
    const spanMs = this.lastAt - this.firstAt;
    const spanSeconds = spanMs / 1000;
    const summary = summarise(this.histogram);
    return {
      ...summary,
      errors: this.errors,
      errorsByClass: Object.fromEntries([...this.errorsByClass].sort(([a], [b]) => a.localeCompare(b))),
      throughputPerSecond: summary.count < 2 || spanMs < MIN_THROUGHPUT_SPAN_MS ? 0 : summary.count / spanSeconds,
    };
  }
}

export interface TimePoint {
  /** Seconds from the start of the run to the start of the bucket. */
  atSeconds: number;
  widthSeconds: number;
  requests: number;
  errors: number;
  meanMs: number;
  maxMs: number;
}

interface Bucket {
  requests: number;
  errors: number;
  sumMs: number;
  maxMs: number;
}

const emptyBucket = (): Bucket => ({ requests: 0, errors: 0, sumMs: 0, maxMs: 0 });

function mergeBuckets(a: Bucket, b: Bucket | undefined): Bucket {
  if (b === undefined) return a;
  return { requests: a.requests + b.requests, errors: a.errors + b.errors, sumMs: a.sumMs + b.sumMs, maxMs: Math.max(a.maxMs, b.maxMs) };
}

/** Latency over time in at most `maxBuckets` buckets: when the run outgrows them, pairs merge and the width doubles. */
export class TimeSeries {
  private buckets: Bucket[] = [];
  private widthMs: number;

  constructor(
    private readonly startedAt: number,
    initialWidthMs = 1000,
    private readonly maxBuckets = 120,
  ) {
    this.widthMs = initialWidthMs;
  }

  record(at: number, latencyMs: number, failed: boolean): void {
    let index = Math.floor(Math.max(0, at - this.startedAt) / this.widthMs);
    while (index >= this.maxBuckets) {
      const merged: Bucket[] = [];
      for (let i = 0; i < this.buckets.length; i += 2) merged.push(mergeBuckets(this.buckets[i] ?? emptyBucket(), this.buckets[i + 1]));
      this.buckets = merged;
      this.widthMs *= 2;
      index = Math.floor(Math.max(0, at - this.startedAt) / this.widthMs);
    }
    while (this.buckets.length <= index) this.buckets.push(emptyBucket());
    const bucket = this.buckets[index] as Bucket;
    bucket.requests += 1;
    if (failed) bucket.errors += 1;
    bucket.sumMs += latencyMs;
    bucket.maxMs = Math.max(bucket.maxMs, latencyMs);
  }

  points(): TimePoint[] {
    return this.buckets.map((bucket, index) => ({
      atSeconds: (index * this.widthMs) / 1000,
      widthSeconds: this.widthMs / 1000,
      requests: bucket.requests,
      errors: bucket.errors,
      meanMs: bucket.requests === 0 ? 0 : bucket.sumMs / bucket.requests,
      maxMs: bucket.maxMs,
    }));
  }
}

export interface SizePoint {
  /** Objects (users and groups) the run had created when the bucket began. */
  fromObjects: number;
  toObjects: number;
  /** Operation → latency of the requests sent while the directory was this size. */
  operations: Partial<Record<Operation, LatencySummary>>;
}

/** Latency by directory size: a fixed number of buckets over the objects the run will create. */
export class SizeSeries {
  private readonly buckets: Map<Operation, hdr.Histogram>[] = [];
  readonly width: number;

  constructor(plannedObjects: number, bucketCount = 30) {
    this.width = Math.max(1, Math.ceil(plannedObjects / bucketCount));
  }

  record(objects: number, operation: Operation, latencyMs: number): void {
    const index = Math.floor(Math.max(0, objects) / this.width);
    while (this.buckets.length <= index) this.buckets.push(new Map());
    const bucket = this.buckets[index] as Map<Operation, hdr.Histogram>;
    let histogram = bucket.get(operation);
    if (histogram === undefined) bucket.set(operation, (histogram = newHistogram()));
    histogram.recordValue(micros(latencyMs));
  }

  points(): SizePoint[] {
    return this.buckets.map((bucket, index) => ({
      fromObjects: index * this.width,
      toObjects: (index + 1) * this.width,
      operations: Object.fromEntries([...bucket].map(([operation, histogram]) => [operation, summarise(histogram)])),
    }));
  }
}

/** One load run's measurements. `objects` is read at each record: the directory size the request met. */
export class LoadMetrics {
  private readonly stats = new Map<Operation, OperationStats>();
  readonly timeSeries: TimeSeries;
  readonly sizeSeries: SizeSeries;
  requests = 0;
  errors = 0;

  constructor(
    readonly startedAt: number,
    plannedObjects: number,
    private readonly objects: () => number,
  ) {
    this.timeSeries = new TimeSeries(startedAt);
    this.sizeSeries = new SizeSeries(plannedObjects);
  }

  /** A request that got an HTTP answer or failed without one; `errorClass` set when it counts as failed. */
  record(operation: Operation, latencyMs: number, errorClass?: string, at = performance.now()): void {
    let stats = this.stats.get(operation);
    if (stats === undefined) this.stats.set(operation, (stats = new OperationStats()));
    stats.histogram.recordValue(micros(latencyMs));
    stats.firstAt = Math.min(stats.firstAt, at - latencyMs);
    stats.lastAt = Math.max(stats.lastAt, at);
    this.requests += 1;
    if (errorClass !== undefined) {
      stats.errors += 1;
      stats.errorsByClass.set(errorClass, (stats.errorsByClass.get(errorClass) ?? 0) + 1);
      this.errors += 1;
    }
    this.timeSeries.record(at, latencyMs, errorClass !== undefined);
    this.sizeSeries.record(this.objects(), operation, latencyMs);
  }

  operations(): Partial<Record<Operation, OperationFigures>> {
    const figures: Partial<Record<Operation, OperationFigures>> = {};
    for (const operation of OPERATIONS) {
      const stats = this.stats.get(operation);
      if (stats !== undefined) figures[operation] = stats.figures();
    }
    return figures;
  }
}
