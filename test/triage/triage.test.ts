/**
 * `triage` on provisioning logs shaped as Microsoft documents them: Graph's List provisioningObjectSummary
 * collection (fixtures/graph-provisioning.json cites each page its shape comes from) and the admin center's
 * JSON download read as a top-level array of the same objects (fixtures/portal-download.json).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../src/cases/catalogue.ts';
import { KNOWN_ERROR_CODES } from '../../src/triage/error-codes.ts';
import { readProvisioningLogs, webResponseIn } from '../../src/triage/read-logs.ts';
import { renderTriage, triage } from '../../src/triage/triage.ts';
import { main } from '../../src/cli/main.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('triage of a Graph /auditLogs/provisioning answer', () => {
  const result = triage(readProvisioningLogs(fixture('graph-provisioning.json')));

  it('counts events, failures and skips', () => {
    expect([result.events, result.failures, result.skipped]).toEqual([7, 5, 1]);
  });

  it('groups failures by error code and Web Response, with per-object values masked', () => {
    const incompatible = result.groups.find((group) => group.errorCode === 'SystemForCrossDomainIdentityManagementServiceIncompatible')!;
    expect(incompatible.count).toBe(2);
    expect(incompatible.objects).toBe(2);
    expect(incompatible.webResponse).toBe(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","detail":"Attribute '…' is not supported"}`);
    expect(incompatible.cases).toEqual(expect.arrayContaining(['USR-CREATE-01', 'USR-ERROR-01']));
    expect(incompatible.command).toMatch(/^scim-conformance run --only USR-CREATE-01,/);
  });

  it('names the cases that reproduce a 409 during a disable, and the Q&A page that shows it', () => {
    const filtering = result.groups.find((group) => group.errorCode === 'SystemForCrossDomainIdentityManagementServiceIncompatibleFiltering')!;
    expect(filtering.cases).toEqual(expect.arrayContaining(['USR-FILTER-01', 'USR-FILTER-03', 'USR-CREATE-02']));
    expect(filtering.webResponse).toContain('"status":"409"');
    expect(filtering.sources[0]?.url).toMatch(/answers\/questions\/1185756/);
  });

  it('lists an undocumented error code as unknown, without a cause or cases', () => {
    expect(result.unknownCodes).toEqual(['ContosoCustomError']);
    const unknown = result.groups.find((group) => group.errorCode === 'ContosoCustomError')!;
    expect([unknown.known, unknown.cause, unknown.cases]).toEqual([false, undefined, []]);
    expect(renderTriage(result)).toContain('Unknown error code: not in the codes Microsoft documents; not guessed.');
  });

  it('projects escrow, and no escrow-threshold quarantine below 5,000 failures', () => {
    expect(result.consequences.join('\n')).toMatch(/No escrow-threshold quarantine/);
    expect(result.consequences.join('\n')).toMatch(/Escrow: 5 object\(s\) failing/);
  });
});

describe('triage of the admin center download (a top-level array)', () => {
  const result = triage(readProvisioningLogs(fixture('portal-download.json')));

  it('reads it and names the credentials quarantine', () => {
    expect(result.failures).toBe(2);
    expect(result.groups.map((group) => group.errorCode).sort()).toEqual(['SystemForCrossDomainIdentityManagementMultipleEntriesInResponse', 'Unauthorized']);
    expect(result.consequences.join('\n')).toMatch(/EncounteredQuarantineException/);
  });
});

describe('the error-code table', () => {
  it('names only cases of the catalogue', () => {
    const ids = new Set(catalogue.map((testCase) => testCase.id));
    const named = Object.values(KNOWN_ERROR_CODES).flatMap((known) => Object.values(known.cases).flat());
    expect(named.filter((id) => !ids.has(id!))).toEqual([]);
  });

  it('cuts the Web Response at its closing brace', () => {
    expect(webResponseIn('x Web Response: {"a":"}{"} . This operation was retried')).toEqual({ body: '{"a":"}{"}' });
  });
});

describe('scim-conformance triage', () => {
  it('exits 1 when the logs hold failures, 2 with one line for a file that is not provisioning logs', async () => {
    const writes: string[] = [];
    const stdout = process.stdout.write;
    const stderr = process.stderr.write;
    process.stdout.write = ((chunk: string) => writes.push(chunk)) as never;
    process.stderr.write = ((chunk: string) => writes.push(chunk)) as never;
    try {
      expect(await main(['triage', fixture('portal-download.json')])).toBe(1);
      expect(await main(['triage', fileURLToPath(new URL('../../package.json', import.meta.url))])).toBe(2);
    } finally {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
    }
    expect(writes.at(-1)).toMatch(/^configuration error: .*package\.json: no provisioning events found/);
  });
});
