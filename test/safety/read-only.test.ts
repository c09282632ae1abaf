/**
 * `--read-only`: the preflight an admin can run against production first. Which cases it runs is derived
 * from the fixtures' methods, and the server sees nothing but GET.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { catalogue, fixturesOf, planRuns } from '../../src/cases/catalogue.ts';
import { DIALECTS } from '../../src/model/vocabulary.ts';
import { getFixture } from '../../src/fixtures/fixtures.ts';
import { plannedCases } from '../../src/config.ts';
import { loadProfile } from '../../src/profiles/profile.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import type { RunningReferenceServer } from '../../src/server/types.ts';
import { ledgerFiles, recorder, runCli } from './helpers.ts';

const TOKEN = 'read-only-token-9d3e';
const servers: RunningReferenceServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

describe('--read-only', () => {
  it('plans exactly the cases whose every fixture is a GET', () => {
    const all = planRuns(catalogue, [...DIALECTS]);
    const readOnly = plannedCases(undefined, [...DIALECTS], true, loadProfile('akamai-eaa'));
    const label = (p: (typeof all)[number]): string => `${p.testCase.id}${p.dialect ? `[${p.dialect}]` : ''}`;
    const expected = all.filter((p) => fixturesOf(p.testCase, p.dialect).every((id) => getFixture(id).request.method === 'GET'));
    expect(readOnly.map(label)).toEqual(expected.map(label));
    expect(readOnly.map(label)).toEqual(expect.arrayContaining(['CONN-01', 'CONN-02', 'CONN-03', 'USR-GET-02', 'USR-FILTER-02', 'GRP-FILTER-02']));
    expect(readOnly.map(label)).not.toContain('USR-CREATE-01');
  });

  it('sends only GET requests, and the cases it runs pass', async () => {
    const record = recorder();
    const server = await startReferenceServer({ token: TOKEN, middleware: [record.middleware] });
    servers.push(server);
    const outcome = await runCli(['--base-url', server.baseUrl, '--read-only'], { env: { SCIM_TOKEN: TOKEN } });
    expect(outcome.stderr).toBe('');
    // A read-only preflight is never a verdict on provisioning: Incomplete, exit 4.
    expect(outcome.code).toBe(4);
    expect(new Set(record.seen.map((request) => request.method))).toEqual(new Set(['GET']));
    const results = JSON.parse(readFileSync(join(outcome.reportDir, 'results.json'), 'utf8')) as {
      readOnly?: boolean;
      cases: { id: string; status: string }[];
    };
    expect(results.readOnly).toBe(true);
    expect(results.cases.map((c) => c.id)).toEqual(plannedCases(undefined, [...DIALECTS], true, loadProfile('akamai-eaa')).map((p) => p.testCase.id));
    expect(results.cases.every((c) => c.status === 'pass')).toBe(true);
    expect(outcome.stdout).toMatch(/^Incomplete: read-only preflight: no write request was sent/m);
    expect(outcome.stdout).not.toMatch(/^Ready for Entra/m);
    expect(ledgerFiles(outcome.reportDir)).toEqual([]);
    expect(existsSync(join(outcome.reportDir, 'junit.xml'))).toBe(true);
  }, 60_000);

  it('refuses a selection with no GET-only case', async () => {
    const outcome = await runCli(['--base-url', 'https://scim.example.invalid/scim', '--read-only', '--only', 'USR-CREATE-01'], { env: { SCIM_TOKEN: TOKEN } });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/select no GET-only case/);
  });
});
