/**
 * The vitest adapter: runs one area of the catalogue through the real runner, over HTTP, against the
 * configured target (the embedded reference server under `npm test`), and turns each case into a test.
 * The library does the work; this file only maps results to vitest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Area } from '../src/cases/types.ts';
import { loadConfig } from '../src/config.ts';
import { resolveProfile } from '../src/profiles/resolve-profile.ts';
import type { RunResult } from '../src/report/model.ts';
import { plannedCases, runSuite } from '../src/runner/run-suite.ts';
import { openTarget, type Target } from '../src/runner/target.ts';

export function registerArea(area: Area): void {
  const config = loadConfig(process.env);
  const planned = plannedCases({ only: [area] }, config.dialects, false, resolveProfile(config.profileId).profile);
  let run: RunResult;
  let target: Target;

  describe(`${area} (profile ${config.profileId})`, () => {
    beforeAll(async () => {
      target = await openTarget(config);
      run = await runSuite({
        baseUrl: target.baseUrl,
        token: target.token,
        embedded: target.embedded,
        profile: resolveProfile(config.profileId).profile,
        dialects: config.dialects,
        timeoutMs: config.timeoutMs,
        seed: config.seed,
        selection: { only: [area] },
      });
    }, 120_000);

    afterAll(async () => {
      await target?.close();
    });

    it.each(planned.map(({ testCase, dialect }) => [`${testCase.id}${dialect ? ` [${dialect}]` : ''} ${testCase.name}`, testCase.id, dialect ?? 'any']))(
      '%s',
      (_, id, dialect) => {
        const result = run.cases.find((candidate) => candidate.id === id && candidate.dialect === dialect);
        expect(result, 'the case ran').toBeDefined();
        expect({ status: result!.status, reason: result!.reason }).toEqual({ status: 'pass', reason: undefined });
      },
    );

    it('left nothing behind on the target', () => {
      expect(run.leftovers).toEqual([]);
    });
  });
}
