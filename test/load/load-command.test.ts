/**
 * `scim-conformance load` as a user runs it: a child process, real HTTP on 127.0.0.1, exit codes, files.
 * Runs stay a few hundred requests; nothing the runs create may remain.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopback, parseCycles, parseShape } from '../../src/cli/load-command.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import type { RunningReferenceServer } from '../../src/server/types.ts';
import { ledgerFiles, runCli, runLeftoversOn } from '../safety/helpers.ts';

const SMALL = ['load', '--users', '60', '--groups', '4', '--members-per-group', '8', '--member-batch', '4', '--rate', '0', '--seed', '11', '--sustained-rate', '1'];

describe('load command', () => {
  let server: RunningReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({});
  });
  afterAll(async () => {
    await server.close();
  });

  it('exits 0 against the embedded server and writes load.json, load.html and load.md', async () => {
    const outcome = await runCli(SMALL);
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/No projected Entra consequence/);
    const result = JSON.parse(readFileSync(join(outcome.reportDir, 'load.json'), 'utf8'));
    expect(result).toMatchObject({ format: 'scim-conformance-load/1', seed: 11, parameters: { users: 60, groups: 4, membersPerGroup: 8, memberBatch: 4, rate: 'unpaced', dialect: 'legacy' }, leftovers: [], consequences: [] });
    expect(result.operations.query.p99Ms).toBeGreaterThan(0);
    // The gallery's 25 req/s, measured after the cycles (1 s here): its figures are reported, never asserted.
    expect(result.rate).toMatchObject({ targetRate: 25, requests: 25 });
    expect(outcome.stdout).toMatch(/^Gallery 2\.1\.3 \(25 requests per second\): (pass|FAIL): [\d.]+ req\/s achieved of 25 over [\d.]+ s \(25 requests of Entra's mix\), p99 \d+ ms, \d+ answered 429\/503, \d+ failed$/m);
    const page = readFileSync(join(outcome.reportDir, 'load.html'), 'utf8');
    expect(page).toMatch(/<svg[^>]+role="img"/);
    expect(page).not.toMatch(/<script|https?:\/\/[^"]*\.(js|css|png)/i);
    const report = await new HtmlValidate({ extends: ['html-validate:recommended'] }).validateString(page);
    const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`));
    expect(messages).toEqual([]);
    expect(readFileSync(join(outcome.reportDir, 'load.md'), 'utf8')).toMatch(/^# Sync-cycle simulation \(load\)\n(?![\s\S]*## Sync-cycle)[\s\S]*Gallery 2\.1\.3[\s\S]*\| query \| /);
    expect(page).toMatch(/<p id="gallery-rate">Gallery 2\.1\.3 \(25 requests per second\): (pass|FAIL)/);
  });

  it('exits 1 with the escrow consequence when every tenth create answers 503', async () => {
    const outcome = await runCli([...SMALL, '--fault', 'create-503-one-in-ten', '--cycles', 'initial', '--no-sustained-rate']);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(/Gallery 2\.1\.3 \(25 requests per second\): not measured in this run \(--no-sustained-rate/);
    expect(JSON.parse(readFileSync(join(outcome.reportDir, 'load.json'), 'utf8')).rate).toBeUndefined();
    expect(outcome.stdout).toMatch(/Entra consequence \(measured\): In this run, 6 of 64 provisioning events failed/);
    expect(outcome.stdout).toMatch(/Cleanup: everything created was deleted and verified gone/);
  });

  it('runs against a loopback target without --confirm, keeps a ledger and leaves nothing behind', async () => {
    const outcome = await runCli([...SMALL, '--base-url', server.baseUrl, '--token-env', 'LOAD_TOKEN'], { env: { LOAD_TOKEN: server.token } });
    expect(outcome.code).toBe(0);
    expect(ledgerFiles(outcome.reportDir)).toHaveLength(1);
    expect(await runLeftoversOn(server)).toEqual([]);
    expect(outcome.stdout + readFileSync(join(outcome.reportDir, 'load.json'), 'utf8')).not.toContain(server.token);
  });

  it('refuses a non-loopback target unless --confirm equals the objects it will create, before any request', async () => {
    const remote = ['load', '--users', '120', '--groups', '10', '--base-url', 'https://scim.invalid/scim/v2', '--token', 'secret-token-value'];
    const refused = await runCli(remote);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/creates 130 objects .*pass --confirm 130/);
    const wrong = await runCli([...remote, '--confirm', '100']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/got --confirm 100/);
    expect(refused.stderr + wrong.stderr).not.toContain('secret-token-value');
  });

  it('exits 4 when interrupted, after deleting what it created', async () => {
    const outcome = await runCli(['load', '--users', '5000', '--groups', '0', '--members-per-group', '0', '--rate', '0'], {
      onSpawn: (child) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          if (/^users /m.test(chunk.toString())) child.kill('SIGINT');
        });
      },
    });
    expect(outcome.code).toBe(4);
    expect(outcome.stdout).toMatch(/Incomplete: interrupted by SIGINT during users/);
    expect(outcome.stdout).toMatch(/Cleanup: everything created was deleted and verified gone/);
  });

  it('reads its flags strictly', () => {
    expect(() => parseShape({ users: '10', membersPerGroup: '11' })).toThrow(/cannot exceed --users/);
    expect(() => parseShape({ users: 'ten' })).toThrow(/--users must be a whole number/);
    expect(() => parseShape({ changeFraction: '0' })).toThrow(/--change-fraction/);
    expect(() => parseCycles('incremental')).toThrow(/needs the initial one/);
    expect(parseCycles('initial')).toEqual(['initial']);
    expect(isLoopback('http://127.0.0.1:8080/scim')).toBe(true);
    expect(isLoopback('http://[::1]:8080/scim')).toBe(true);
    expect(isLoopback('http://localhost/scim')).toBe(true);
    expect(isLoopback('https://127.example.com/scim')).toBe(false);
    expect(isLoopback('https://10.0.0.1/scim')).toBe(false);
  });
});
