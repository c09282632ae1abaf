/**
 * A target may never return `members` (Entra always excludes them, so it does not need them). Membership
 * cases must then skip with that reason, not fail; the rest of the run must still pass.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/profiles/profile.ts';
import { runSuite } from '../../src/runner/run-suite.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import type { RunningReferenceServer, ScimMiddleware } from '../../src/server/types.ts';

const TOKEN = 'members-token';
const servers: RunningReferenceServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const stripMembers = (body: unknown): unknown => {
  if (!body || typeof body !== 'object') return body;
  const { members: _members, ...rest } = body as Record<string, unknown>;
  if (Array.isArray(rest.Resources)) rest.Resources = rest.Resources.map(stripMembers);
  return rest;
};

const membersNeverReturned: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  return /^\/groups/i.test(request.path) ? { ...response, body: stripMembers(response.body) } : response;
};

describe('a target that never returns members', () => {
  it('skips the membership checks with the reason and still passes everything else', async () => {
    const server = await startReferenceServer({ token: TOKEN, middleware: [membersNeverReturned] });
    servers.push(server);
    const run = await runSuite({
      baseUrl: server.baseUrl, token: TOKEN, embedded: true, profile: loadProfile('akamai-eaa'),
      dialects: ['legacy', 'compliant'], timeoutMs: 5000, seed: 11, selection: { only: ['groups'] },
    });
    const skipped = run.cases.filter((result) => result.status === 'skip');
    expect(skipped.map((result) => result.id)).toEqual(expect.arrayContaining(['GRP-MEMBER-01', 'GRP-MEMBER-04']));
    expect(skipped.every((result) => /does not return members/.test(result.reason ?? ''))).toBe(true);
    expect(run.cases.filter((result) => result.status === 'fail' || result.status === 'error')).toEqual([]);
    expect(run.conformant).toBe(true);
  });
});
