/**
 * The HAR writer: a real run's exchanges become a HAR 1.2 archive that the HAR 1.2 JSON Schema accepts
 * (@har-sdk/validator, a maintained validator that ships the schema) and that a real consumer of HAR files
 * reads (har-to-openapi, which turns captured traffic into an OpenAPI description), with no token in it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import harValidator from '@har-sdk/validator';
import { generateSpec } from 'har-to-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configure } from '../../src/config.ts';
import type { RunResult } from '../../src/model/result.ts';
import { loadProfile } from '../../src/profiles/profile.ts';
import { harFromExchanges, harFromRun, renderHar, writeHar, type Har } from '../../src/report/har.ts';
import { runSuite } from '../../src/runner/run-suite.ts';
import { tokenRedactor } from '../../src/safety/redact.ts';
import { exchange } from './helpers.ts';

const TOKEN = 'har-writer-token-5f1c9e';
const { HarValidator } = harValidator;

async function schemaErrors(har: Har): Promise<string[]> {
  const errors = await new HarValidator().verify(har as never);
  return errors.map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

let run: RunResult;
let har: Har;
beforeAll(async () => {
  run = await runSuite(
    configure({
      token: TOKEN,
      embedded: true,
      profile: loadProfile('akamai-eaa'),
      dialects: ['legacy', 'compliant'],
      timeoutMs: 5000,
      seed: 7,
      only: ['CONN-01', 'USR-CREATE-01', 'USR-GET-02', 'USR-DISABLE-01'],
    }),
  );
  har = harFromRun(run, tokenRedactor([TOKEN]));
});

describe('harFromRun on a real run', () => {
  it('is valid HAR 1.2', async () => {
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries.length).toBe(run.cases.reduce((sum, result) => sum + result.exchanges.length, 0));
    expect(await schemaErrors(har)).toEqual([]);
  });

  it('tags every entry with its case and dialect, and the fixture its request came from', () => {
    const tagged = har.log.entries.map((entry) => [entry._scimCase, entry._scimDialect]);
    expect(new Set(tagged.map(([id]) => id))).toEqual(new Set(['CONN-01', 'USR-CREATE-01', 'USR-GET-02', 'USR-DISABLE-01']));
    expect(tagged).toContainEqual(['USR-DISABLE-01', 'legacy']);
    expect(tagged).toContainEqual(['USR-DISABLE-01', 'compliant']);
    const fixtures = har.log.entries.map((entry) => entry._scimFixture).filter((fixture) => fixture !== undefined);
    expect(fixtures).toContain('users/create');
    expect(fixtures).toContain('users/disable-compliant');
  });

  it('keeps requests and answers as the exchanges hold them', () => {
    const create = har.log.entries.find((entry) => entry.request.method === 'POST' && entry._scimCase === 'USR-CREATE-01')!;
    expect(create.request.postData?.mimeType).toMatch(/scim\+json/);
    expect(JSON.parse(create.request.postData!.text!)).toHaveProperty('userName');
    expect(create.response.status).toBe(201);
    expect(create.response.statusText).toBe('Created');
    expect(JSON.parse(create.response.content.text!)).toHaveProperty('id');
    const filter = har.log.entries.find((entry) => entry._scimCase === 'CONN-01')!;
    expect(filter.request.queryString.map((pair) => pair.name)).toContain('filter');
  });

  it('holds no token, and shows Authorization only masked', () => {
    const text = renderHar(har);
    expect(text).not.toContain(TOKEN);
    const authorizations = har.log.entries.flatMap((entry) => entry.request.headers.filter((header) => header.name.toLowerCase() === 'authorization'));
    expect(authorizations.length).toBeGreaterThan(0);
    expect(authorizations.every((header) => /^(Bearer )?\[REDACTED\]$/.test(header.value))).toBe(true);
  });

  it('opens in a real HAR consumer (har-to-openapi), which finds the SCIM endpoints in it', async () => {
    const { spec } = await generateSpec(har as never, {});
    const paths = Object.keys(spec.paths ?? {});
    expect(paths.some((path) => /\/Users/.test(path))).toBe(true);
  });
});

describe('harFromExchanges', () => {
  it('masks credential headers and runs the redactor over bodies, even for exchanges nobody redacted', async () => {
    const secret = 'observed-secret-93ab';
    const raw = exchange({
      request: { method: 'POST', url: 'https://scim.example.com/scim/Users', headers: { Authorization: `Bearer ${secret}`, Cookie: 'a=b' }, body: `{"echo":"${secret}"}` },
      response: { status: 400, headers: { 'content-type': 'application/json', 'set-cookie': 's=1' }, body: `{"detail":"token ${secret} refused"}` },
    });
    const archive = harFromExchanges([{ exchange: raw }], { startedAt: '2026-03-14T09:00:00.000Z', redact: tokenRedactor([secret]) });
    const text = renderHar(archive);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('a=b');
    expect(text).not.toContain('s=1');
    expect(await schemaErrors(archive)).toEqual([]);
  });

  it('masks the Authorization header even without a redactor', () => {
    const raw = exchange({ request: { method: 'GET', url: 'https://x.example/scim/Users', headers: { authorization: 'Bearer abc.def.ghi' } } });
    const archive = harFromExchanges([{ exchange: raw }], { startedAt: '2026-03-14T09:00:00.000Z' });
    expect(archive.log.entries[0]!.request.headers).toEqual([{ name: 'authorization', value: 'Bearer [REDACTED]' }]);
  });

  it('writes an exchange that got no answer as status 0 with its error, still valid HAR', async () => {
    const lost: Parameters<typeof exchange>[0] = { error: 'timeout after 60000 ms' };
    const noAnswer = exchange(lost);
    delete noAnswer.response;
    const archive = harFromExchanges(
      [{ exchange: noAnswer, caseId: 'USR-GET-01', dialect: 'any', fixture: 'users/get-by-id', startedAt: '2026-03-14T09:00:01.000Z' }],
      { startedAt: '2026-03-14T09:00:00.000Z' },
    );
    const [entry] = archive.log.entries;
    expect(entry!.response.status).toBe(0);
    expect((entry!.response as { _error?: string })._error).toBe('timeout after 60000 ms');
    expect(entry!.startedDateTime).toBe('2026-03-14T09:00:01.000Z');
    expect([entry!._scimCase, entry!._scimDialect, entry!._scimFixture]).toEqual(['USR-GET-01', 'any', 'users/get-by-id']);
    expect(await schemaErrors(archive)).toEqual([]);
  });

  it('the schema check is not vacuous: an archive without its creator is refused', async () => {
    const broken = structuredClone(har) as { log: Partial<Har['log']> };
    delete broken.log.creator;
    expect((await schemaErrors(broken as Har)).join('\n')).toMatch(/creator/);
  });
});

describe('writeHar', () => {
  const dir = mkdtempSync(join(tmpdir(), 'har-writer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the archive as JSON into a new directory and returns its path', () => {
    const file = writeHar(join(dir, 'nested', 'run.har'), har);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(har)));
  });
});
