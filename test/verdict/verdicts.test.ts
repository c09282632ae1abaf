/**
 * The verdict as an admin meets it: the fault variants of the verdict issue each give the verdict, exit
 * code and findings they should, and the CLI never prints "Ready" for a partial, baselined or misdirected run.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findVariant } from '../../src/faults/catalogue.ts';
import { runVariant, type VariantRun } from '../../src/faults/detect.ts';
import { rootCauses } from '../../src/report/root-causes.ts';
import { baseUrlHint } from '../../src/runner/preflight.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import type { RunningReferenceServer } from '../../src/server/types.ts';
import { runCli } from '../safety/helpers.ts';

const runs = new Map<string, VariantRun>();
const FAULTS = ['capitalised-ops-rejected', 'email-type-dropped', 'group-create-adscim-rejected', 'error-status-number'];

beforeAll(async () => {
  // With the opt-in cases, so a run that only shows an RFC finding can say Ready.
  for (const name of FAULTS) runs.set(name, await runVariant(findVariant(name)!.middleware(), undefined, [], undefined, true));
}, 120_000);

const failing = (run: VariantRun) => run.result.cases.filter((result) => result.status === 'fail');

describe('one deviation, one failure', () => {
  it('capitalised ops rejected: only legacy-dialect cases fail, no dialect-independent one', () => {
    const run = runs.get('capitalised-ops-rejected')!;
    expect(failing(run).length).toBeGreaterThan(0);
    expect(failing(run).filter((result) => result.dialect !== 'legacy').map((result) => result.id)).toEqual([]);
  });

  it('email type dropped on create: exactly one schema finding, and every other user case still runs', () => {
    const run = runs.get('email-type-dropped')!;
    const schemaFindings = failing(run).filter((result) => /\[schema /.test(result.reason ?? ''));
    expect(schemaFindings.map((result) => result.id)).toEqual(['USR-CREATE-05']);
    expect(run.result.cases.filter((result) => result.area === 'users' && result.status === 'skip')).toEqual([]);
  });

  it('ADSCIM group schema rejected: one failure, and the group cases run on core-only groups (recorded as a fallback)', () => {
    const run = runs.get('group-create-adscim-rejected')!;
    expect(failing(run).map((result) => result.id)).toEqual(['GRP-CREATE-01']);
    const groupCases = run.result.cases.filter((result) => result.area === 'groups');
    expect(groupCases.filter((result) => result.status === 'skip')).toEqual([]);
    expect(groupCases.filter((result) => result.status === 'pass').length).toBeGreaterThan(15);
    expect(groupCases.some((result) => (result.fallbacks ?? []).some((line) => /used groups\/create-core-with-empty-members instead/.test(line)))).toBe(true);
  });

  it('error status as a number: an RFC finding only, still Ready for Entra', () => {
    const { verdict } = runs.get('error-status-number')!.result;
    expect(verdict).toMatchObject({ entra: 'ready', rfc: 'not-conformant', exitCode: 0 });
    expect(verdict.rfcFailures.map((ref) => ref.id).sort()).toEqual(['USR-ERROR-01', 'USR-ERROR-02']);
  });

  it('groups the failures of one deviation by root cause, each failure in exactly one group', () => {
    const run = runs.get('capitalised-ops-rejected')!;
    const causes = rootCauses(run.result);
    const listed = causes.flatMap((cause) => cause.consequences.map((consequence) => consequence.label));
    expect(listed.sort()).toEqual(failing(run).map((result) => `${result.id} [${result.dialect}]`).sort());
    expect(causes.length).toBeLessThan(failing(run).length);
    expect(causes.every((cause) => /\(legacy dialect\)/.test(cause.title))).toBe(true);
  });
});

describe('the command never says Ready when it should not', () => {
  let server: RunningReferenceServer;
  let htmlEverywhere: ReturnType<typeof createServer>;
  let htmlUrl = '';
  const TOKEN = 'verdict-T0ken-41c2';
  beforeAll(async () => {
    server = await startReferenceServer({ token: TOKEN, middleware: [findVariant('boolean-strings-rejected')!.middleware()] });
    htmlEverywhere = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>');
    });
    await new Promise<void>((resolve) => htmlEverywhere.listen(0, '127.0.0.1', resolve));
    htmlUrl = `http://127.0.0.1:${(htmlEverywhere.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await server.close();
    await new Promise<void>((resolve) => htmlEverywhere.close(() => resolve()));
  });

  it('--only anything: exit 4, Incomplete, and the report records the selection', async () => {
    const outcome = await runCli(['--only', 'CONN-01']);
    expect(outcome.code).toBe(4);
    expect(outcome.stdout).toMatch(/Incomplete: partial selection \(--only CONN-01\)/);
    expect(outcome.stdout).not.toMatch(/ready for entra/i);
    const results = JSON.parse(readFileSync(join(outcome.reportDir, 'results.json'), 'utf8')) as { selection: unknown; executedHash: string; catalogueHash: string };
    expect(results.selection).toEqual({ only: ['CONN-01'], skip: [] });
    expect(results.executedHash).not.toBe(results.catalogueHash);
  });

  it('a baseline that waives every failure exits 0 but never prints "Ready"', async () => {
    const first = await runCli(['--base-url', server.baseUrl, '--rate', '0', '--with-opt-in'], { env: { SCIM_TOKEN: TOKEN } });
    expect(first.code).toBe(1);
    const failed = [...first.stdout.matchAll(/^ {2}(?:FAIL|WARN|RFC)\s+(\S+)(?: \[(\w+)\])? \(/gm)].map((match) => ({ id: match[1], ...(match[2] ? { dialect: match[2] } : {}) }));
    expect(failed.length).toBeGreaterThan(0);
    const baseline = join(mkdtempSync(join(tmpdir(), 'scimconf-verdict-')), 'baseline.json');
    writeFileSync(baseline, JSON.stringify({ waivers: failed.map((entry) => ({ ...entry, reason: 'vendor ticket 7' })) }));
    const waived = await runCli(['--base-url', server.baseUrl, '--rate', '0', '--with-opt-in', '--baseline', baseline], { env: { SCIM_TOKEN: TOKEN } });
    expect(waived.code).toBe(0);
    // The headline names the baseline by its real path (issue 19: it was upper-cased), and its count is the list's.
    const headline = /^Not ready: (\d+) known deviations? waived(?: that Entra depends on, of (\d+) waived)? \(baseline (.+)\)$/m.exec(waived.stdout);
    expect(headline?.[3]).toBe(baseline);
    const listed = /^Known deviations waived by .+ \((\d+)\):$/m.exec(waived.stdout)?.[1];
    expect(listed).toBe(headline?.[2] ?? headline?.[1]);
    expect(waived.stdout).not.toMatch(/^Ready for Entra/m);
    // Live progress calls a waived failure WAIVED, never FAIL.
    expect(waived.stdout).toMatch(/^WAIVED /m);
    expect(waived.stdout).not.toMatch(/^FAIL /m);
  });

  it('a wrong base path exits 3 within seconds, naming the likely mistake', async () => {
    const outcome = await runCli(['--base-url', `${htmlUrl}/scim/v2/Users`, '--timeout', '3000'], { env: { SCIM_TOKEN: TOKEN } });
    expect(outcome.code).toBe(3);
    expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
    expect(outcome.stderr).toMatch(/not a SCIM endpoint at this base URL.*ends with \/Users/);
    expect(outcome.ms).toBeLessThan(20_000);
  });

  it('names the likely mistake for each common wrong base URL', () => {
    expect(baseUrlHint('https://h/scim/v2/Users')).toMatch(/ends with \/Users/);
    expect(baseUrlHint('https://h/scim/v3')).toMatch(/version v3/);
    expect(baseUrlHint('https://h/api')).toMatch(/no \/scim path/);
    expect(baseUrlHint('https://h/scim/v2')).toMatch(/check that the base URL/);
  });

  it.each([
    ['a file', () => { const file = join(mkdtempSync(join(tmpdir(), 'scimconf-dir-')), 'file'); writeFileSync(file, ''); return file; }, /exists and is not a folder/],
    ['under /proc', () => '/proc/self/scimconf', /kernel pseudo-filesystem/],
    ['under a file', () => { const file = join(mkdtempSync(join(tmpdir(), 'scimconf-dir-')), 'file'); writeFileSync(file, ''); return join(file, 'reports'); }, /part of the path is a file|not a folder/],
  ])('an unusable report folder (%s) exits 2 with one line before any request', async (_name, folder, message) => {
    const outcome = await runCli(['--report-dir', folder()]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
    expect(outcome.stderr).toMatch(message);
  });

  it('an unknown --only, --skip or list selector exits 2 and suggests the closest id', async () => {
    const run = await runCli(['--skip', 'USR-FILTR-03']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--skip USR-FILTR-03 matches no case .*did you mean USR-FILTER-03\?/);
    const list = await runCli(['list', '--only', 'NOPE']);
    expect(list.code).toBe(2);
  });
});
