import { describe, expect, it } from 'vitest';
import { extrapolate, project, quarantineReason, type EventCounts } from '../../src/load/consequences.ts';
import type { SizePoint } from '../../src/load/metrics.ts';

const counts = (failed: number, succeeded: number, referenceFailed = 0): EventCounts => ({
  events: failed + succeeded,
  failed,
  referenceEvents: referenceFailed,
  referenceFailed,
  query404: 0,
  credentials: 0,
});

describe('Entra quarantine thresholds (ED-QUAR "Escrow thresholds", its own examples)', () => {
  it('does not evaluate below 5,000 failures', () => {
    expect(quarantineReason(counts(4_000, 0))).toBeUndefined();
  });
  it('quarantines 45,000 failed users (over 40,000)', () => {
    expect(quarantineReason(counts(45_000, 100_000))).toMatch(/40,000/);
  });
  it('quarantines 30,000 failures against 5,000 successes (over 40 %)', () => {
    expect(quarantineReason(counts(30_000, 5_000))).toMatch(/40 %/);
  });
  it('does not quarantine 20,000 failures against 100,000 successes', () => {
    expect(quarantineReason(counts(20_000, 100_000))).toBeUndefined();
  });
  it('quarantines 40,000 failures plus 21,000 reference failures (absolute 60,000)', () => {
    expect(quarantineReason(counts(40_000, 100_000, 21_000))).toMatch(/60,000/);
  });
});

describe('projection', () => {
  const base = { groups: 0, membersPerGroup: 0, requests: 2_000, operations: {}, sizes: [], projectUsers: 50_000, rate: 25 };

  it('projects nothing for a clean run', () => {
    const { consequences, projection } = project({ ...base, users: 1_000, events: counts(0, 1_000) });
    expect(consequences).toEqual([]);
    expect(projection.requests).toBe(100_000);
    expect(projection.hoursAtRate).toBeCloseTo(100_000 / 25 / 3600, 5);
  });

  it('escrows measured failures and scales them to the projected tenant', () => {
    const { consequences } = project({ ...base, users: 1_000, events: counts(100, 900) });
    expect(consequences.map((c) => `${c.basis} ${c.kind}`)).toEqual(['measured escrow', 'projected escrow']);
    expect(consequences[1]!.text).toMatch(/5,000 failures would start/);
  });

  it('projects quarantine when the failure share is over 40 %', () => {
    const { consequences } = project({ ...base, users: 1_000, events: counts(500, 500) });
    expect(consequences.some((c) => c.kind === 'quarantine' && c.basis === 'projected')).toBe(true);
  });

  it('treats a 404 on a query as the SCIM compliance quarantine whatever the count', () => {
    const { consequences } = project({ ...base, users: 10, events: { ...counts(1, 9), query404: 1 } });
    expect(consequences.some((c) => c.kind === 'quarantine' && /404/.test(c.text))).toBe(true);
  });

  it('extrapolates latency that grows linearly with the directory', () => {
    const sizes: SizePoint[] = [0, 1, 2, 3].map((i) => ({
      fromObjects: i * 100,
      toObjects: (i + 1) * 100,
      operations: { query: { count: 10, meanMs: 1 + i * 10, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 } },
    }));
    // 10 ms more per 100 objects: at 50,050 objects (the middle of a bucket is 50 objects on) ~5,001 ms.
    expect(extrapolate(sizes, 'query', 50_050)).toBeCloseTo(5_001, 0);
    expect(extrapolate(sizes.slice(0, 2), 'query', 50_000)).toBeUndefined();
  });

  it('never extrapolates below the measured mean when latency does not grow (issue 19: 0.00 ms vs a measured 2 ms)', () => {
    const sizes: SizePoint[] = [3, 2.5, 2, 1.5].map((meanMs, i) => ({
      fromObjects: i * 100,
      toObjects: (i + 1) * 100,
      operations: { query: { count: 10, meanMs, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 } },
    }));
    expect(extrapolate(sizes, 'query', 50_000)).toBeCloseTo(2.25, 5);
  });

  it('never escrows more objects than there are events, and judges no paging when nothing was created', () => {
    const { consequences } = project({
      ...base,
      users: 6,
      events: counts(6, 0),
      verification: { usersChecked: 0, usersDiffering: 0, groupsChecked: 0, groupsDiffering: 0, paging: { pages: 1, complete: false, seen: 0, expected: 0, missing: 0, duplicates: 0 }, differences: [] },
    } as Parameters<typeof project>[0]);
    const escrow = consequences.find((c) => c.kind === 'escrow' && c.basis === 'measured')!;
    const [, escrowed, events] = /about ([\d,]+) escrowed objects of ([\d,]+) events/.exec(escrow.text) ?? [];
    expect(Number(escrowed?.replace(/,/g, ''))).toBeLessThanOrEqual(Number(events?.replace(/,/g, '')));
    expect(consequences.some((c) => /Paging/.test(c.text))).toBe(false);
  });
});
