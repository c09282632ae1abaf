/**
 * Bad input ends in one readable line and the documented exit code (README "Exit codes", src/cli/exit-codes.ts),
 * never a stack trace: every command against every kind of bad target or input a first day meets. Only
 * loopback addresses are targets; 10.255.255.1 is only bound to (nothing is sent), which fails with
 * EADDRNOTAVAIL on a machine that does not have it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../src/server/http.ts';
import type { RunningReferenceServer } from '../src/server/types.ts';
import { runCli, type CliOutcome } from './safety/helpers.ts';

const TOKEN = 'bad-input-test-token';
let reference: RunningReferenceServer;
let html: Server;
let htmlUrl: string;
let closedPort: number;
const dir = mkdtempSync(join(tmpdir(), 'scimconf-bad-input-'));

beforeAll(async () => {
  reference = await startReferenceServer({ token: TOKEN });
  html = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<!DOCTYPE html><html><body>Sign in</body></html>');
  });
  await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
  htmlUrl = `http://127.0.0.1:${(html.address() as AddressInfo).port}/scim/v2`;
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  writeFileSync(join(dir, 'not-json.json'), 'this is not json');
  writeFileSync(join(dir, 'ledger.jsonl'), '{"type":"run"\nnot a ledger\n');
}, 30_000);

afterAll(async () => {
  await reference.close();
  await new Promise<void>((resolve) => html.close(() => resolve()));
});

/** Exactly one line on stderr, no stack frame anywhere, and the code. */
function expectOneLine(outcome: CliOutcome, code: number, line: RegExp): void {
  const all = outcome.stdout + outcome.stderr;
  expect(all, all).not.toMatch(/^\s+at .+\(.*:\d+:\d+\)$|node:internal|triggerUncaughtException|^\w*Error \[/m);
  expect(outcome.stderr.trim().split('\n'), outcome.stderr).toHaveLength(1);
  expect(outcome.stderr.trim()).toMatch(line);
  expect(outcome.code, all).toBe(code);
}

const badTargets = (): Array<[string, string[], Record<string, string>, RegExp]> => [
  ['a wrong token', ['--base-url', reference.baseUrl], { SCIM_TOKEN: 'wrong' }, /^credentials rejected: .* answered 401/],
  ['an unreachable URL', ['--base-url', `http://127.0.0.1:${closedPort}/scim/v2`], { SCIM_TOKEN: TOKEN }, /^target unreachable: connection refused/],
  ['a server answering HTML', ['--base-url', htmlUrl], { SCIM_TOKEN: TOKEN }, /^target is not a SCIM endpoint/],
  ['a base URL ending in /Users (SCIM Error 404s)', ['--base-url', `${reference.baseUrl}/Users`], { SCIM_TOKEN: TOKEN }, /^wrong base URL: GET .*\/Users\/Users\?filter=.* answered 404 with a SCIM Error.*ends with \/Users/],
  ['a base URL without /scim/v2 (SCIM Error 404s)', ['--base-url', reference.baseUrl.replace(/\/scim\/v2$/, '')], { SCIM_TOKEN: TOKEN }, /^wrong base URL: .*no \/scim path/],
];

describe('run and load against bad targets: one line, exit 3, nothing written', () => {
  it.each(['run', 'load'])('%s', async (command) => {
    for (const [, args, env, line] of badTargets()) {
      const extra = command === 'load' ? ['--users', '2', '--groups', '1', '--members-per-group', '1', '--cycles', 'initial'] : [];
      expectOneLine(await runCli([command, ...args, '--rate', '0', '--timeout', '3000', ...extra], { env }), 3, line);
    }
  }, 120_000);
});

describe('serve, profile, cleanup and diff with bad input: one line, exit 2', () => {
  it('a mistyped command is named as one, with the closest command', async () => {
    expectOneLine(await runCli(['lsit']), 2, /^error: unknown command 'lsit'; did you mean list\? \(commands: run, /);
  }, 30_000);

  it('serve: a port in use, an address this machine lacks, a name that does not resolve', async () => {
    const port = new URL(reference.baseUrl).port;
    expectOneLine(await runCli(['serve', '--port', port]), 2, /^configuration error: --port \d+: the port is already in use/);
    expectOneLine(await runCli(['serve', '--host', '10.255.255.1', '--port', '0']), 2, /^configuration error: --host 10\.255\.255\.1: no interface of this machine has that address/);
    expectOneLine(await runCli(['serve', '--host', 'nosuchhost.invalid']), 2, /^configuration error: --host nosuchhost\.invalid: the name does not resolve/);
  }, 60_000);

  it('profile: a missing file, a file that is not JSON, a directory', async () => {
    expectOneLine(await runCli(['profile', 'check', join(dir, 'missing.json')]), 2, /is neither a built-in profile .* nor a file/);
    expectOneLine(await runCli(['profile', 'import', join(dir, 'not-json.json')]), 2, /not JSON/);
    expectOneLine(await runCli(['profile', 'import', dir]), 2, /cannot read the file \(EISDIR\)/);
  }, 60_000);

  it('cleanup: a missing ledger, a ledger that is not one, a ledger whose target is unreachable', async () => {
    const env = { SCIM_TOKEN: TOKEN };
    expectOneLine(await runCli(['cleanup', '--ledger', join(dir, 'missing.jsonl')], { env }), 2, /^configuration error: .*missing\.jsonl/);
    expectOneLine(await runCli(['cleanup', '--ledger', join(dir, 'ledger.jsonl')], { env }), 2, /^configuration error: .*ledger\.jsonl/);
    const unreachable = join(dir, 'unreachable.jsonl');
    writeFileSync(
      unreachable,
      `${JSON.stringify({ type: 'run', format: 'scim-conformance-ledger/1', tool: 'scim-conformance 0.1.0', runId: '0a1b2c3d', prefix: 'scimconf-0a1b2c3d-', target: `http://127.0.0.1:${closedPort}/scim/v2`, startedAt: '2026-01-01T00:00:00.000Z' })}\n`,
    );
    expectOneLine(await runCli(['cleanup', '--ledger', unreachable, '--timeout', '3000'], { env }), 3, /^target unreachable: connection refused/);
  }, 60_000);

  it('diff: a missing file, a file that is not JSON, a directory', async () => {
    expectOneLine(await runCli(['diff', join(dir, 'missing.json'), join(dir, 'not-json.json')]), 2, /^configuration error: .*missing\.json: cannot read a results\.json \(ENOENT\)/);
    expectOneLine(await runCli(['diff', join(dir, 'not-json.json'), join(dir, 'not-json.json')]), 2, /^configuration error: .*not-json\.json: cannot read a results\.json/);
    expectOneLine(await runCli(['diff', dir, dir]), 2, /cannot read a results\.json \(EISDIR\)/);
  }, 60_000);
});
