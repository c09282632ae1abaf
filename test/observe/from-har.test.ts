/**
 * fixtures from-har on two kinds of capture: request bodies quoted in public issue threads
 * (fixtures/public-captures.har, each entry's comment cites its thread) and the suite's own traffic (a run
 * written as HAR by the one HAR writer, whose _scimFixture says which fixture each request was).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import harValidator from '@har-sdk/validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configure } from '../../src/config.ts';
import { fromHarCommand } from '../../src/cli/from-har-command.ts';
import { compareWithCatalogue, readHarRequests } from '../../src/observe/from-har.ts';
import { harFromRun, writeHar, type Har } from '../../src/report/har.ts';
import { runSuite } from '../../src/runner/run-suite.ts';
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.ts';

const PUBLIC = fileURLToPath(new URL('./fixtures/public-captures.har', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'from-har-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fixtures from-har on captures from public issue threads', () => {
  it('the capture file is valid HAR 1.2', async () => {
    const har = JSON.parse(readFileSync(PUBLIC, 'utf8')) as Har;
    expect(await new harValidator.HarValidator().verify(har as never)).toEqual([]);
  });

  const comparisons = compareWithCatalogue(readHarRequests(PUBLIC), PUBLIC);

  it('drafts the shapes the catalogue lacks, with placeholders for what depends on the tenant', () => {
    const multiOp = comparisons[0]!;
    expect(multiOp.classification.match).toBe('loose');
    expect(multiOp.draft?.request.path).toBe('/Users/{{userId}}');
    const operations = (multiOp.draft?.request.body as { Operations: { value: unknown }[] }).Operations;
    expect(operations.map((operation) => operation.value)).toEqual(['{{workEmail}}', '18/2111', '{{department}}']);
    expect(multiOp.draft?.note).toMatch(/^Captured: .*Kept as captured .*: formatted\./);
    expect(multiOp.draft?.source[0]).toMatch(/^captured public-captures\.har 2022-12-21 \(limosa-io\/laravel-scim-server#34/);
  });

  it('templates the dotted keys of a no-path replace by their attribute', () => {
    const noPath = comparisons[2]!;
    const value = (noPath.draft?.request.body as { Operations: { value: Record<string, unknown> }[] }).Operations[0]!.value;
    expect(value['name.familyName']).toBe('{{familyName}}');
    expect(noPath.classification.differences.length).toBeGreaterThan(0);
  });

  it('writes one file per draft and exits 1; a second capture of the same shape shares its draft', () => {
    let output = '';
    const out = new Writable({ write(chunk, _encoding, done) { output += String(chunk); done(); } });
    expect(fromHarCommand(PUBLIC, { out: join(dir, 'drafts') }, out)).toBe(1);
    expect(output).toMatch(/4 SCIM request\(s\): 1 match a fixture exactly, 3 do not; 3 draft\(s\) written/);
    const draft = JSON.parse(readFileSync(join(dir, 'drafts', `${comparisons[0]!.draft!.id}.json`), 'utf8')) as { request: unknown };
    expect(draft.request).toEqual(comparisons[0]!.draft!.request);
  });
});

describe("fixtures from-har on the suite's own traffic", () => {
  let har: Har;
  beforeAll(async () => {
    const run = await runSuite(configure({ embedded: true, profile: 'akamai-eaa', dialects: ['legacy', 'compliant'], timeoutMs: 5000, seed: 7, only: ['CONN-', 'USR-CREATE-', 'USR-GET-', 'USR-DISABLE-', 'USR-PATCH-01', 'GRP-CREATE-', 'GRP-MEMBER-01'] }));
    har = harFromRun(run);
  });

  it('classifies every request the suite sent exactly as the fixture the case sent', () => {
    const file = writeHar(join(dir, 'own.har'), har);
    const comparisons = compareWithCatalogue(readHarRequests(file), file);
    const sent = har.log.entries.map((entry) => entry._scimFixture as string | undefined);
    const compared = comparisons.map((comparison, index) => ({ sent: sent[index], ...comparison.classification }));
    const tagged = compared.filter((entry) => entry.sent !== undefined);
    expect(tagged.length).toBeGreaterThan(20);
    // The profile (akamai-eaa) restricts some PATCH bodies to what it maps: those match loosely, never another fixture's shape.
    const misnamed = tagged.filter((entry) => entry.fixture !== entry.sent && entry.match === 'exact');
    expect(misnamed).toEqual([]);
    const exactShare = tagged.filter((entry) => entry.fixture === entry.sent && entry.match === 'exact').length / tagged.length;
    expect(exactShare).toBeGreaterThan(0.8);
  });
});

describe('fixtures from-har on bad input', () => {
  it.each([
    [['fixtures', 'from-har', '/nonexistent/capture.har'], /capture\.har: cannot read it \(ENOENT\)/],
    [['fixtures', 'from-har', fileURLToPath(new URL('../../package.json', import.meta.url))], /package\.json: not a HAR file \(no log\.entries\)/],
  ])('%j is one line, exit 2', async (argv, message) => {
    const writes: string[] = [];
    const stderr = process.stderr.write;
    process.stderr.write = ((chunk: string) => writes.push(chunk)) as never;
    try {
      expect(await main(argv)).toBe(2);
    } finally {
      process.stderr.write = stderr;
    }
    expect(writes.join('').trim().split('\n')).toHaveLength(1);
    expect(writes.join('')).toMatch(message);
  });
});
