/**
 * OAuth 2.0 client credentials end to end against the embedded reference server: the whole suite runs with
 * tokens of its token endpoint, and no secret or access token byte reaches the result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { configure } from '../../src/config.ts';
import { runSuite } from '../../src/runner/run-suite.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import type { RunningReferenceServer } from '../../src/server/types.ts';
import type { RunResult } from '../../src/model/result.ts';

const clientId = `client-${randomBytes(4).toString('hex')}`;
const clientSecret = randomBytes(24).toString('base64url');
const rotatedSecret = randomBytes(24).toString('base64url');
let server: RunningReferenceServer;
let result: RunResult;
const issued: string[] = [];

beforeAll(async () => {
  server = await startReferenceServer({ oauth: { clients: [{ clientId, secrets: [rotatedSecret, clientSecret] }] } });
  const { connection, plan } = configure({ baseUrl: server.baseUrl, tokenUrl: server.tokenUrl, clientId, clientSecret, embedded: true, seed: 7, withOptIn: true });
  const redact = connection.redact as typeof connection.redact & { add(secret: string): void };
  const add = redact.add.bind(redact);
  redact.add = (secret) => {
    issued.push(secret);
    add(secret);
  };
  result = await runSuite({ connection, plan });
}, 120_000);

afterAll(async () => {
  await server.close();
});

describe('a run with OAuth client credentials', () => {
  it('gets its tokens from the token endpoint and is Ready against the reference server', () => {
    expect(issued.length).toBeGreaterThan(0);
    const notPassing = result.cases.filter((c) => c.status !== 'pass').map((c) => `${c.id} ${c.status}: ${c.reason ?? ''}`);
    expect(notPassing).toEqual([]);
    expect(result.verdict.entra).toBe('ready');
  });

  it('leaks neither the client secret nor any access token into the result', () => {
    const text = JSON.stringify(result);
    for (const secret of [clientSecret, ...issued]) expect(text.includes(secret), 'a secret in the result').toBe(false);
    expect(text).toContain('[REDACTED]');
  });
});
