/**
 * `run --format har` as a user runs it: a real child process against a real server on loopback, so the
 * preflight, the cases and the cleanup sweep all go over the wire. run.har must be valid HAR 1.2 (the schema,
 * through @har-sdk/validator), open in a HAR consumer (har-to-openapi, as the writer's own test), hold every
 * exchange in order with its phase, case, dialect and fixture, and not one byte of the token.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import harValidator from '@har-sdk/validator';
import { generateSpec } from 'har-to-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../src/server/http.ts';
import type { RunningReferenceServer } from '../../src/server/types.ts';
import type { Har } from '../../src/report/har.ts';
import type { RunResult } from '../../src/model/result.ts';
import { runCli, tokenForms, type CliOutcome } from '../safety/helpers.ts';

const TOKEN = 'run-har-token-0b9d3e77';
type Entry = Har['log']['entries'][number] & { _scimCase?: string; _scimDialect?: string; _scimFixture?: string; _scimPhase?: string };

describe('run --format har', () => {
  let server: RunningReferenceServer;
  let outcome: CliOutcome;
  let text: string;
  let har: Har;
  let results: RunResult;

  beforeAll(async () => {
    server = await startReferenceServer({ token: TOKEN });
    outcome = await runCli(['run', '--base-url', server.baseUrl, '--token-env', 'HAR_TOKEN', '--only', 'CONN-01,USR-CREATE-01,USR-DISABLE-01', '--rate', '0'], {
      env: { HAR_TOKEN: TOKEN },
    });
    text = readFileSync(join(outcome.reportDir, 'run.har'), 'utf8');
    har = JSON.parse(text) as Har;
    results = JSON.parse(readFileSync(join(outcome.reportDir, 'results.json'), 'utf8')) as RunResult;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('is written by default, beside the other reports', () => {
    expect(outcome.stderr).toBe('');
    expect(outcome.stdout).toMatch(/Reports: .*run\.har/);
  });

  it('is valid HAR 1.2 and opens in a HAR consumer', async () => {
    expect(await new harValidator.HarValidator().verify(har as never)).toEqual([]);
    const { spec } = await generateSpec(har as never, {});
    expect(Object.keys(spec.paths ?? {}).some((path) => /\/Users/.test(path))).toBe(true);
  });

  it('holds every exchange: the preflight, each case run with its fixtures, and the cleanup, in order', () => {
    const entries = har.log.entries as Entry[];
    const phases = entries.map((entry) => entry._scimPhase);
    expect(phases[0]).toBe('preflight');
    expect(phases).toContain('cleanup');
    // Phases come in run order: preflight first, the final sweep last.
    expect(phases.join(' ')).toMatch(/^(preflight )+(case )+(cleanup ?)+$/);
    const caseEntries = entries.filter((entry) => entry._scimPhase === 'case');
    // At least every exchange the case results kept (the deletes after a case are recorded as the case's too).
    expect(caseEntries.length).toBeGreaterThanOrEqual(results.cases.reduce((sum, result) => sum + result.exchanges.length, 0));
    expect(new Set(caseEntries.map((entry) => `${entry._scimCase} ${entry._scimDialect}`))).toEqual(
      new Set(results.cases.map((result) => `${result.id} ${result.dialect}`)),
    );
    expect(caseEntries.map((entry) => entry._scimFixture)).toContain('users/create');
    for (const entry of entries.filter((candidate) => candidate._scimPhase !== 'case')) expect(entry._scimCase).toBeUndefined();
  });

  it('holds no byte of the token, and masks the Authorization header as the other reports do', () => {
    for (const form of tokenForms(TOKEN)) expect(text).not.toContain(form);
    const authorizations = har.log.entries.flatMap((entry) => entry.request.headers.filter((header) => header.name.toLowerCase() === 'authorization'));
    expect(authorizations.length).toBe(har.log.entries.length);
    expect(authorizations.every((header) => /^(Bearer )?\[REDACTED\]$/.test(header.value))).toBe(true);
  });
});
