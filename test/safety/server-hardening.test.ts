/**
 * Reference-server hardening not covered by test/server/: the bearer token is compared in constant time.
 * (The body size limit → 413 and malformed JSON → 400 invalidSyntax are in test/server/http.test.ts.)
 * timingSafeEqual is observed through a module mock: every presented token, whatever its length or how
 * much of it matches, must reach one comparison of two equal-length digests; no early exit on length.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const compared = vi.hoisted(() => ({ calls: [] as [number, number][] }));

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compared.calls.push([a.byteLength, b.byteLength]);
      return actual.timingSafeEqual(a, b);
    },
  };
});

const { createScimHandler } = await import('../../src/server/app.ts');

const TOKEN = 'the-real-reference-token-0123456789';
const handler = createScimHandler({ token: TOKEN, baseUrl: 'https://scim.example.test/scim/v2' });
const get = (authorization: string) =>
  handler({ method: 'GET', path: '/Users', query: new URLSearchParams(), headers: { authorization } });

beforeEach(() => {
  compared.calls.length = 0;
});

describe('bearer token comparison', () => {
  it.each([
    ['empty-ish', 'x'],
    ['a prefix of the token', TOKEN.slice(0, 10)],
    ['the token plus one character', `${TOKEN}!`],
    ['same length, last character wrong', `${TOKEN.slice(0, -1)}X`],
    ['much longer', 'y'.repeat(4096)],
  ])('compares %s through timingSafeEqual on equal-length digests and answers 401', async (_, presented) => {
    const response = await get(`Bearer ${presented}`);
    expect(response.status).toBe(401);
    expect(compared.calls).toEqual([[32, 32]]);
  });

  it('accepts the right token through the same single comparison', async () => {
    expect((await get(`Bearer ${TOKEN}`)).status).toBe(200);
    expect(compared.calls).toEqual([[32, 32]]);
  });
});
