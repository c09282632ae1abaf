/** `scim-conformance observe` as a user runs it: one-line usage errors with exit 2; a bounded recording writes its files. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { observeCommand } from '../../src/cli/observe-command.ts';
import { readResults } from '../../src/report/results-format.ts';
import { startReferenceServer } from '../../src/server/http.ts';

const dir = mkdtempSync(join(tmpdir(), 'observe-command-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function exitOf(argv: string[]): Promise<{ code: number; stderr: string }> {
  const writes: string[] = [];
  const stderr = process.stderr.write;
  process.stderr.write = ((chunk: string) => writes.push(chunk)) as never;
  try {
    return { code: await main(argv), stderr: writes.join('') };
  } finally {
    process.stderr.write = stderr;
  }
}

describe('observe usage errors', () => {
  it.each([
    [['observe'], /required option '--upstream <url>'/],
    [['observe', '--upstream', 'not a url'], /--upstream/],
    [['observe', '--upstream', 'http://127.0.0.1:1/scim', '--listen', 'nowhere'], /--listen must be host:port/],
    [['observe', '--upstream', 'http://127.0.0.1:1/scim', '--tls-cert', 'x.pem'], /--tls-cert and --tls-key go together/],
    [['observe', '--upstream', 'http://127.0.0.1:1/scim', '--format', 'pdf'], /--format takes/],
  ])('%j exits 2 with one line', async (argv, message) => {
    const { code, stderr } = await exitOf(argv);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
});

describe('observe --duration', () => {
  it('records what went by, writes the reports, observe.har and observed.json, and exits 4 (passive: never complete)', async () => {
    const server = await startReferenceServer({ token: 'observe-command-token' });
    try {
      let output = '';
      const out = new Writable({ write(chunk, _encoding, done) { output += String(chunk); done(); } });
      const finished = observeCommand({ upstream: server.baseUrl, duration: '1.5', reportDir: dir }, out);
      for (let tries = 0; !/point the client at (\S+)/.test(output) && tries < 100; tries += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      const proxyUrl = /point the client at (\S+)/.exec(output)![1]!;
      const answer = await fetch(`${proxyUrl}/Users?filter=userName+eq+%22${crypto.randomUUID()}%22`, { headers: { authorization: 'Bearer observe-command-token' } });
      expect(answer.status).toBe(200);
      expect(await finished).toBe(4);
      expect(output).toMatch(/GET \/Users\?filter=.* → 200 {2}connection\/test-user-query \(exact\) {2}ok \(CONN-01\)/);
      for (const file of ['results.json', 'junit.xml', 'certification.html', 'certification.md', 'observe.har', 'observed.json']) expect(existsSync(join(dir, file))).toBe(true);
      const recorded = ['observe.har', 'observed.json', 'results.json'].map((file) => readFileSync(join(dir, file), 'utf8')).join('\n');
      expect(recorded).not.toContain('observe-command-token');
      // The passive results.json is a results.json like any other: the schema accepts it, `diff` reads it.
      const results = readResults(join(dir, 'results.json'));
      expect(results.verdict.headline).toMatch(/^Passive observation/);
      expect(results.cases.find((result) => result.id === 'CONN-01')?.status).toBe('pass');
    } finally {
      await server.close();
    }
  });
});
