/**
 * `diff` and `--write-baseline` set aside generated data, not only ids (issue 19: two runs against the same
 * unchanged target showed `Reason changed (2)` because of two generated names). The generator's values are
 * recorded as it hands them out, whatever their shape, and exactly those strings become placeholders.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { configure } from '../../src/config.ts';
import { GeneratedRegistry, recordingTestData, setAsideGenerated } from '../../src/data/generated-registry.ts';
import { TestData } from '../../src/data/test-data.ts';
import { findVariant } from '../../src/faults/catalogue.ts';
import { baselineFromRun } from '../../src/report/baseline-writer.ts';
import { diffRuns } from '../../src/report/run-diff.ts';
import { runSuite } from '../../src/runner/run-suite.ts';
import { startReferenceServer } from '../../src/server/http.ts';

describe('setAsideGenerated', () => {
  const generated = [
    { value: "Siobhán O'Neil", label: 'formattedName' },
    { value: 'scimconf-0a1b2c3d-siobhan.oneil1@example.com', label: 'userName' },
    { value: 'CA', label: 'region' },
    { value: '王秀英', label: 'givenName' },
  ];

  it('replaces each value as written, upper-cased, URL- or form-encoded, by a placeholder named after its attribute', () => {
    expect(setAsideGenerated("expected Siobhán O'Neil, got siobhán o'neil", generated)).toBe('expected {formattedName}, got {formattedName}');
    expect(setAsideGenerated('GET /Users?filter=userName+eq+%22SCIMCONF-0A1B2C3D-SIOBHAN.ONEIL1%40EXAMPLE.COM%22', generated)).toBe('GET /Users?filter=userName+eq+%22{userName}%22');
    expect(setAsideGenerated('given name 王秀英 stored as ?', generated)).toBe('given name {givenName} stored as ?');
  });

  it('replaces whole words only: a region code never eats into "case"', () => {
    expect(setAsideGenerated('the case-insensitive match failed for CA', generated)).toBe('the case-insensitive match failed for {region}');
  });
});

describe('recordingTestData', () => {
  it('records what the generator hands out and leaves constants alone', () => {
    const registry = new GeneratedRegistry();
    const data = recordingTestData(new TestData({ seed: 3, runId: '0a1b2c3d' }), registry);
    const user = data.user();
    const values = registry.entries();
    expect(values).toContainEqual({ value: user.givenName, label: 'givenName' });
    expect(values).toContainEqual({ value: user.userName, label: 'userName' });
    expect(values.map((entry) => entry.value)).not.toContain('en-US');
    expect(values.map((entry) => entry.value)).not.toContain('US');
  });
});

describe('two runs of an unchanged target with different seeds', () => {
  it('diff finds no changed reason, and the baseline carries no generated value', async () => {
    const token = randomBytes(16).toString('hex');
    const server = await startReferenceServer({ token, middleware: [findVariant('username-filter-case-sensitive')!.middleware()] });
    try {
      const run = (seed: number) =>
        runSuite(configure({ baseUrl: server.baseUrl, token, embedded: true, dialects: ['legacy'], only: ['USR-FILTER-03', 'USR-CREATE-01'], seed }));
      const [first, second] = [await run(11), await run(12)];
      const failing = first.cases.find((result) => result.id === 'USR-FILTER-03')!;
      expect(failing.status).toBe('fail');
      expect(first.generated?.length).toBeGreaterThan(0);
      const diff = diffRuns(first, second);
      expect(diff.reasonChanged).toEqual([]);
      const baseline = baselineFromRun(first);
      const reason = baseline.waivers.find((waiver) => waiver.id === 'USR-FILTER-03')!.reason;
      for (const { value } of first.generated ?? []) if (value.length > 3) expect(reason.toLowerCase()).not.toContain(value.toLowerCase());
      expect(reason).toMatch(/\{userName\}/);
    } finally {
      await server.close();
    }
  }, 60_000);
});
