/**
 * A target that shows group members nowhere cannot have membership verified: those checks are "not
 * verified" (skip) and the run is Incomplete (exit 4), never Ready. A target that stores nothing for a
 * member add, but shows members elsewhere, fails GRP-MEMBER-01 instead.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findVariant } from '../../src/faults/catalogue.ts';
import { loadProfile } from '../../src/profiles/profile.ts';
import { configure } from '../../src/config.ts';
import { runSuite } from '../../src/runner/run-suite.ts';
import { startReferenceServer } from '../../src/server/http.ts';
import type { RunningReferenceServer } from '../../src/server/types.ts';

const TOKEN = 'members-token';
const servers: RunningReferenceServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function runAgainst(fault: string) {
  const server = await startReferenceServer({ token: TOKEN, middleware: [findVariant(fault)!.middleware()] });
  servers.push(server);
  return runSuite(configure({ baseUrl: server.baseUrl, token: TOKEN, embedded: true, profile: loadProfile('akamai-eaa'), dialects: ['legacy', 'compliant'], timeoutMs: 5000, seed: 11 }));
}

describe('membership is observed, never assumed', () => {
  it('marks the membership checks not verified and the run Incomplete when members show nowhere', async () => {
    const run = await runAgainst('members-never-returned');
    const skipped = run.cases.filter((result) => result.status === 'skip');
    expect(skipped.map((result) => result.id)).toEqual(expect.arrayContaining(['GRP-MEMBER-01', 'GRP-MEMBER-04']));
    expect(skipped.every((result) => /not verified: the target shows group members nowhere/.test(result.reason ?? ''))).toBe(true);
    expect(run.cases.filter((result) => result.status === 'fail' || result.status === 'error')).toEqual([]);
    expect(run.verdict.entra).toBe('incomplete');
    expect(run.verdict.exitCode).toBe(4);
    expect(run.verdict.unverified.map((ref) => ref.id)).toContain('GRP-MEMBER-01');
  });

  it('fails GRP-MEMBER-01 for a target that answers 204 to member adds and stores nothing', async () => {
    const run = await runAgainst('member-adds-ignored');
    const memberAdd = run.cases.filter((result) => result.id === 'GRP-MEMBER-01');
    expect(memberAdd.map((result) => result.status)).toEqual(['fail', 'fail']);
    expect(run.verdict.entra).toBe('not-ready');
    expect(run.verdict.exitCode).toBe(1);
    // Cases whose own check is elsewhere are skipped naming the root case, never failed for its reason.
    const dependants = run.cases.filter((result) => result.id === 'GRP-MEMBER-04');
    expect(dependants.every((result) => result.status === 'skip' && (result.rootCase === 'GRP-MEMBER-02' || result.rootCase === 'GRP-MEMBER-01'))).toBe(true);
  });
});
