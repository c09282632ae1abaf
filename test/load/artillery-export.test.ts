/**
 * `load --export artillery` and `load --from-artillery` without the engine (the engine itself runs in
 * `npm run test:engine`): the safety refusal, what the bundle holds (and never: the token), the processor's own
 * target check, and the judgement of a report tenant by tenant, from a report shaped as Artillery writes it.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HtmlValidate } from 'html-validate';
import { describe, expect, it } from 'vitest';
import { artilleryProcessor, COUNTER } from '../../src/load/artillery/processor.ts';
import { loadResultFromArtillery, type ArtilleryReport } from '../../src/load/artillery/from-report.ts';
import { ARTILLERY_SETTINGS_FORMAT, type ArtillerySettings } from '../../src/load/artillery/settings.ts';
import { OPERATIONS } from '../../src/load/metrics.ts';
import { TOOL } from '../../src/version.ts';
import { runCli } from '../safety/helpers.ts';

const SHAPE = { users: 100, groups: 2, membersPerGroup: 5, memberBatch: 1, cycles: ['initial' as const], changeFraction: 0.1, sample: 2 };
const SETTINGS: ArtillerySettings = {
  format: ARTILLERY_SETTINGS_FORMAT,
  tool: TOOL.version,
  target: 'http://127.0.0.1:8080/scim/v2',
  profile: 'akamai-eaa',
  dialect: 'legacy',
  seed: 1,
  shape: SHAPE,
  ratePerTenant: 25,
  timeoutMs: 60_000,
  projectUsers: 50_000,
  tenants: 10,
  arrivalSeconds: 5,
  tokenEnv: 'SCIM_TOKEN',
  ledgerDir: 'ledgers',
};

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'scim-export-'));

describe('load --export artillery', () => {
  it('refuses a target off this machine without --confirm, in one line, and writes nothing', async () => {
    const dir = join(tempDir(), 'bundle');
    const outcome = await runCli(['load', '--export', 'artillery', dir, '--base-url', 'https://scim.example.com/scim/v2', '--users', '10', '--groups', '2', '--members-per-group', '5'], { env: { SCIM_TOKEN: 'secret-token-123456' } });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
    expect(outcome.stderr).toMatch(/creates 12 objects .*pass --confirm 12/);
    expect(() => readdirSync(dir)).toThrow();
  });

  it('writes the script, the processor, the settings, package.json and README, and never the token', async () => {
    const dir = join(tempDir(), 'bundle');
    const outcome = await runCli(['load', '--export', 'artillery', dir, '--base-url', 'https://scim.example.com/scim/v2', '--users', '10', '--groups', '2', '--members-per-group', '5', '--confirm', '12', '--tenants', '200', '--arrival', '60'], {
      env: { SCIM_TOKEN: 'secret-token-123456' },
    });
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'package.json', 'processor.mjs', 'scim-load.json', 'scim-load.yml']);
    for (const file of readdirSync(dir)) expect(readFileSync(join(dir, file), 'utf8')).not.toContain('secret-token-123456');
    const settings = JSON.parse(readFileSync(join(dir, 'scim-load.json'), 'utf8')) as ArtillerySettings;
    expect(settings).toMatchObject({ target: 'https://scim.example.com/scim/v2', tenants: 200, arrivalSeconds: 60, ratePerTenant: 25, confirmed: { host: 'scim.example.com', objects: 12 }, tokenEnv: 'SCIM_TOKEN' });
    const script = readFileSync(join(dir, 'scim-load.yml'), 'utf8');
    expect(script).toMatch(/arrivalCount: 200/);
    for (const operation of OPERATIONS) expect(script).toContain(`name: "${operation}"`);
    expect(readFileSync(join(dir, 'processor.mjs'), 'utf8')).toContain(`from '${TOOL.name}/artillery'`);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies).toEqual({ [TOOL.name]: TOOL.version });
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    for (const command of ['artillery run --output report.json', 'artillery run-aci', 'artillery run-fargate', 'load --from-artillery report.json', 'cleanup --ledger']) expect(readme).toContain(command);
  });

  it('the processor refuses a target the export was not confirmed for, and a missing token, before sending anything', async () => {
    const processor = artilleryProcessor({ ...SETTINGS, target: 'https://scim.example.com/scim/v2', confirmed: { host: 'scim.example.com', objects: 102 } });
    const events = { emit: () => undefined };
    await expect(processor.scimBeginTenant({ vars: { target: 'https://other.example.com/scim/v2' } }, events)).rejects.toThrow(/creates 102 objects per tenant at other\.example\.com/);
    const previous = process.env.SCIM_TOKEN;
    delete process.env.SCIM_TOKEN;
    try {
      await expect(processor.scimBeginTenant({ vars: { target: 'https://scim.example.com/scim/v2' } }, events)).rejects.toThrow(/SCIM_TOKEN/);
    } finally {
      if (previous !== undefined) process.env.SCIM_TOKEN = previous;
    }
  });
});

/** A report as Artillery writes it: 10 tenants; the last one fails half of its creates, the others none. */
function report(options: { unfinished?: number } = {}): ArtilleryReport {
  const counters: Record<string, number> = { 'vusers.created': 10 + (options.unfinished ?? 0), 'vusers.failed': options.unfinished ?? 0 };
  for (let tenant = 0; tenant < 10; tenant += 1) {
    const key = `${String(1_800_000_000_000 + tenant * 1000).padStart(14, '0')}-0000000${tenant}`;
    const failed = tenant === 9 ? 50 : 0;
    const fields: Record<string, number> = { events: 102, failed, referenceEvents: 10, referenceFailed: 0, query404: 0, credentials: 0, users: 100 - failed, groups: 2, memberships: 10, leftovers: 0, requests: 214, cycleMs: 8_000 };
    for (const [field, value] of Object.entries(fields)) counters[COUNTER.tenant(key, field)] = value;
    counters[COUNTER.finished] = (counters[COUNTER.finished] ?? 0) + 1;
  }
  counters['plugins.metrics-by-endpoint.query.codes.200'] = 1020;
  counters['plugins.metrics-by-endpoint.create.codes.201'] = 970;
  counters['plugins.metrics-by-endpoint.create.codes.503'] = 50;
  counters['scim.errors.create.503 without Retry-After'] = 50;
  counters['plugins.metrics-by-endpoint.member-add.codes.204'] = 100;
  const summary = (count: number) => ({ count, min: 1, max: 40, mean: 5, p50: 4, p95: 12, p99: 30 });
  return {
    aggregate: {
      counters,
      summaries: {
        'plugins.metrics-by-endpoint.response_time.query': summary(1020),
        'plugins.metrics-by-endpoint.response_time.create': summary(1020),
        'plugins.metrics-by-endpoint.response_time.member-add': summary(100),
      },
    },
    intermediate: [{ period: '1800000000000', counters: { 'http.requests': 2140 }, summaries: { 'http.response_time': summary(2140) } }],
  };
}

describe('load --from-artillery', () => {
  it('judges each tenant on its own: under 3 % of all events failed, yet the last tenant is quarantined', () => {
    const result = loadResultFromArtillery(report(), SETTINGS);
    expect(result.events.failed / result.events.events).toBeLessThan(0.05);
    const quarantines = result.consequences.filter((c) => c.kind === 'quarantine');
    expect(quarantines.map((c) => c.text)).toEqual([expect.stringMatching(/^Tenant 10 of 10 \(run 00000009\): At 50,000 users, Entra would quarantine the job/)]);
    expect(result.operations.create).toMatchObject({ count: 1020, errors: 50, errorsByClass: { '503 without Retry-After': 50 }, p99Ms: 30 });
    expect(result.requests).toBe(2140);
    expect(result.engine.tenants.map((t) => t.runId)).toEqual(Array.from({ length: 10 }, (_, i) => `0000000${i}`));
    expect(result.interrupted).toBeUndefined();
  });

  it('says a run is incomplete when a tenant did not finish', () => {
    expect(loadResultFromArtillery(report({ unfinished: 2 }), SETTINGS).interrupted).toMatch(/^2 of 12 Artillery tenant\(s\) did not finish/);
  });

  it('writes load.json, load.html and load.md and exits 1 for the quarantine, 4 for an unfinished tenant, 2 for a file that is no report', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'scim-load.json'), JSON.stringify(SETTINGS));
    writeFileSync(join(dir, 'report.json'), JSON.stringify(report()));
    writeFileSync(join(dir, 'unfinished.json'), JSON.stringify(report({ unfinished: 1 })));
    writeFileSync(join(dir, 'other.json'), '{"hello": 1}');
    const judged = await runCli(['load', '--from-artillery', join(dir, 'report.json')]);
    expect(judged.stderr).toBe('');
    expect(judged.code).toBe(1);
    expect(judged.stdout).toMatch(/Tenant 10 of 10/);
    expect(JSON.parse(readFileSync(join(judged.reportDir, 'load.json'), 'utf8')).engine.tenants).toHaveLength(10);
    const markdown = readFileSync(join(judged.reportDir, 'load.md'), 'utf8');
    expect(markdown).toMatch(/Tenant 10 of 10/);
    expect(markdown).toMatch(/\| 10 \| 00000009 \| 102 \| 50 \| 214 \| 2 \| 0 \|/);
    expect(markdown).toMatch(/10 tenant\(s\) on Artillery/);
    const page = await new HtmlValidate({ extends: ['html-validate:recommended'] }).validateString(readFileSync(join(judged.reportDir, 'load.html'), 'utf8'));
    expect(page.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`))).toEqual([]);
    expect((await runCli(['load', '--from-artillery', join(dir, 'unfinished.json')])).code).toBe(4);
    const bad = await runCli(['load', '--from-artillery', join(dir, 'other.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
