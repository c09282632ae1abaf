import { describe, expect, it } from 'vitest';
import { LoadMetrics, SizeSeries, TimeSeries } from '../../src/load/metrics.ts';

describe('load metrics', () => {
  it('gives percentiles from the histogram to within its 1 % resolution', () => {
    let objects = 0;
    const metrics = new LoadMetrics(0, 100, () => objects);
    for (let ms = 1; ms <= 1000; ms += 1) {
      objects = ms % 100;
      metrics.record('query', ms, ms % 100 === 0 ? '503 without Retry-After' : undefined, ms);
    }
    const query = metrics.operations().query!;
    expect(query.count).toBe(1000);
    expect(query.p50Ms).toBeGreaterThan(495);
    expect(query.p50Ms).toBeLessThan(506);
    expect(query.p99Ms).toBeGreaterThan(980);
    expect(query.p99Ms).toBeLessThan(1001);
    expect(query.maxMs).toBeCloseTo(1000, -1);
    expect(query.errors).toBe(10);
    expect(query.errorsByClass).toEqual({ '503 without Retry-After': 10 });
    expect(metrics.operations().create).toBeUndefined();
  });

  it('keeps the time series to a fixed number of buckets, widening them, without losing a request', () => {
    const series = new TimeSeries(0, 1000, 8);
    for (let second = 0; second < 100; second += 1) series.record(second * 1000 + 10, 5, second % 2 === 0);
    const points = series.points();
    expect(points.length).toBeLessThanOrEqual(8);
    expect(points.reduce((sum, point) => sum + point.requests, 0)).toBe(100);
    expect(points.reduce((sum, point) => sum + point.errors, 0)).toBe(50);
    expect(points[0]!.widthSeconds).toBe(16);
    expect(points[0]!.meanMs).toBe(5);
  });

  it('buckets latency by directory size over the planned objects', () => {
    const series = new SizeSeries(100, 10);
    series.record(0, 'query', 1);
    series.record(95, 'query', 9);
    series.record(95, 'create', 3);
    const points = series.points();
    expect(points).toHaveLength(10);
    expect(points[0]!.operations.query!.count).toBe(1);
    expect(points[9]!.fromObjects).toBe(90);
    expect(points[9]!.operations.query!.meanMs).toBeCloseTo(9, 1);
    expect(points[9]!.operations.create!.count).toBe(1);
  });
});

describe('load figures that must be right (issue 19)', () => {
  it('never shows a percentile above the max or below the min', () => {
    const metrics = new LoadMetrics(0, 10, () => 1);
    // Values that sit just below an HDR bucket's top (2.05 ms, 23.2 ms): the bucket's top is above them.
    for (const [index, ms] of [2.01, 2.03, 2.05].entries()) metrics.record('delete', ms, undefined, index);
    for (const [index, ms] of [1.2, 5, 23.2].entries()) metrics.record('read', ms, undefined, index);
    for (const figures of [metrics.operations().delete!, metrics.operations().read!]) {
      for (const percentile of [figures.p50Ms, figures.p95Ms, figures.p99Ms]) {
        expect(percentile).toBeLessThanOrEqual(figures.maxMs);
        expect(percentile).toBeGreaterThan(0);
      }
    }
  });

  it('gives no rate for a single request or a span under a second (member-remove at 575 req/s for one request)', () => {
    const metrics = new LoadMetrics(0, 10, () => 1);
    metrics.record('member-remove', 1.7, undefined, 100);
    metrics.record('query', 2, undefined, 0);
    metrics.record('query', 2, undefined, 500);
    metrics.record('create', 2, undefined, 0);
    metrics.record('create', 2, undefined, 2000);
    expect(metrics.operations()['member-remove']!.throughputPerSecond).toBe(0);
    expect(metrics.operations().query!.throughputPerSecond).toBe(0);
    expect(metrics.operations().create!.throughputPerSecond).toBeCloseTo(1, 2);
  });
});
