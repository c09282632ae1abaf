/**
 * A skip may name a root case only when that root case failed; a step that is what a case exists to observe
 * fails the case. Unit tests of the run-level rule (reconcile-skips.ts), then the defect that showed it
 * (issue 19): a target that answers 500 to deleting a user who is still a group member, while deleting a
 * user in no group works.
 */
import { describe, expect, it } from 'vitest';
import { runVariant } from '../../src/faults/detect.ts';
import { reconcileSkips } from '../../src/runner/reconcile-skips.ts';
import type { ScimMiddleware } from '../../src/server/types.ts';
import { caseResult } from '../report/helpers.ts';

const skipped = caseResult({
  id: 'GRP-MEMBER-09',
  level: 'SHOULD',
  status: 'skip',
  rootCase: 'USR-DELETE-01',
  reason: 'precondition failed: could not delete a user (expected a 2xx status, got 500 for DELETE /Users/abc); see USR-DELETE-01',
});

describe('reconcileSkips', () => {
  it('turns a skip whose root case passed into this case\'s failure, naming why', () => {
    const [result] = reconcileSkips([skipped, caseResult({ id: 'USR-DELETE-01', status: 'pass' })]);
    expect(result).toMatchObject({ status: 'fail' });
    expect(result!.rootCase).toBeUndefined();
    expect(result!.reason).toBe(
      "could not delete a user (expected a 2xx status, got 500 for DELETE /Users/abc), although USR-DELETE-01 (which judges that step on its own) passed: the answer is this case's finding",
    );
  });

  it('keeps the skip when the root case failed, errored, or did not run', () => {
    for (const root of [caseResult({ id: 'USR-DELETE-01', status: 'fail', reason: 'r' }), caseResult({ id: 'USR-DELETE-01', status: 'error', reason: 'r' })]) {
      expect(reconcileSkips([skipped, root])[0]).toBe(skipped);
    }
    expect(reconcileSkips([skipped])[0]).toBe(skipped);
  });

  it('matches the root case in the same dialect (or one that runs once)', () => {
    const legacySkip = { ...skipped, dialect: 'legacy' as const };
    const rootFailsInLegacy = [caseResult({ id: 'USR-DELETE-01', dialect: 'legacy', status: 'fail', reason: 'r' }), caseResult({ id: 'USR-DELETE-01', dialect: 'compliant', status: 'pass' })];
    expect(reconcileSkips([legacySkip, ...rootFailsInLegacy])[0]).toBe(legacySkip);
    const compliantSkip = { ...skipped, dialect: 'compliant' as const };
    expect(reconcileSkips([compliantSkip, ...rootFailsInLegacy])[0]).toMatchObject({ status: 'fail' });
  });
});

/** Deleting a user who is a member of any group answers 500; deleting any other user works. */
const deleteOfMemberRefused: ScimMiddleware = async (request, next) => {
  const user = /^\/Users\/([^/]+)$/.exec(request.path)?.[1];
  if (request.method === 'DELETE' && user !== undefined) {
    const groups = await next({ method: 'GET', path: '/Groups', query: new URLSearchParams('count=1000'), headers: request.headers });
    const resources = ((groups.body ?? {}) as { Resources?: Array<{ members?: Array<{ value?: string }> }> }).Resources ?? [];
    if (resources.some((group) => (group.members ?? []).some((member) => member.value === user))) {
      return { status: 500, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '500', detail: 'user is still a group member' } };
    }
  }
  return next(request);
};

describe('a target that refuses to delete a group member', () => {
  it('fails LIFE-MEMBERDEL-01 with the 500, and GRP-MEMBER-06 skips naming it (it was a skip blaming USR-DELETE-01, which passes)', async () => {
    const { result } = await runVariant(deleteOfMemberRefused);
    const byId = (id: string) => result.cases.filter((c) => c.id === id);
    expect(byId('USR-DELETE-01').map((c) => c.status)).toEqual(['pass']);
    // The refusal is one finding, of the case that exists to observe it...
    const [memberDelete] = byId('LIFE-MEMBERDEL-01');
    expect(memberDelete).toMatchObject({ status: 'fail' });
    expect(memberDelete!.reason).toMatch(/got 500 for DELETE \/Users\//);
    const listed = [...result.verdict.blocking, ...result.verdict.warnings, ...result.verdict.rfcOnly].map((ref) => ref.id);
    expect(listed).toContain('LIFE-MEMBERDEL-01');
    // ...and GRP-MEMBER-06, which cannot observe what happens after a delete that did not happen, names it.
    expect(byId('GRP-MEMBER-06')[0]).toMatchObject({ status: 'skip', rootCase: 'LIFE-MEMBERDEL-01' });
    // No skip anywhere blames a root case that passed.
    for (const skip of result.cases.filter((c) => c.status === 'skip' && c.rootCase !== undefined)) {
      expect(result.cases.filter((c) => c.id === skip.rootCase).some((root) => root.status !== 'pass'), `${skip.id} blames ${skip.rootCase}`).toBe(true);
    }
  }, 120_000);
});
