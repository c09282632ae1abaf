/**
 * Observing and preparing group membership. `expectMembers` reads a group back with its members (asking
 * for them explicitly when a plain GET leaves them out) and compares ids as a set; `addMembersForSetup`
 * adds members in whichever of Entra's forms the target accepts, for cases whose own check is elsewhere.
 */
import { expectResource, expectStatus, jsonBody } from './checks.ts';
import type { CaseContext, CreatedResource } from './context.ts';
import { expectPatchAccepted } from './steps.ts';
import { CaseSkipped, ConformanceFailure } from './types.ts';

/** The member value Entra sends: the target's user id with a null `$ref` (ED-SCIM G-5). */
export function entraMembers(users: readonly CreatedResource[]): { $ref: null; value: string }[] {
  return users.map((user) => ({ $ref: null, value: user.id }));
}

const NOT_VERIFIED =
  'not verified: the target shows group members nowhere (not on GET /Groups/{id}, not with attributes=members, not for a group created with a member), so membership cannot be observed';

/** The member ids a group shows, or undefined when the read carries no members list at all. */
async function readMemberIds(context: CaseContext, groupId: string): Promise<{ ids?: string[]; label: string }> {
  let label = '';
  for (const fixtureId of ['groups/get-with-members', 'groups/get-members-attribute']) {
    const reply = await context.send(fixtureId, { groupId });
    expectStatus(reply, [200]);
    // With attributes=members the answer may hold only id and members (RFC 7644 §3.9), so it is not a full Group.
    const resource = fixtureId === 'groups/get-with-members' ? expectResource(reply, 'group') : jsonBody(reply);
    label = reply.label;
    if (Array.isArray(resource.members)) {
      context.membership.noteSeen();
      return { ids: (resource.members as { value?: unknown }[]).map((member) => String(member.value)), label };
    }
  }
  return { label };
}

/** Creates a core-only group with one member and reads it back: does the target show members at all? */
async function probeVisibility(context: CaseContext): Promise<boolean> {
  const [user] = await context.createUsers(1);
  const values = context.data.group();
  const reply = await context.send('groups/create-with-member', {
    groupAttributes: context.mappedAttributes('group', values),
    members: entraMembers([user!]),
  });
  if (reply.status < 200 || reply.status >= 300) return false;
  const id = (reply.json as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string') return false;
  return (await readMemberIds(context, id)).ids !== undefined;
}

/**
 * The member ids a group shows. When no read shows a members list, the list counts as empty if the target
 * shows members elsewhere (it lost them); if it shows them nowhere, the check cannot be verified.
 */
async function observeMembers(context: CaseContext, groupId: string): Promise<{ ids: string[]; label: string }> {
  const read = await readMemberIds(context, groupId);
  if (read.ids !== undefined) return { ids: read.ids, label: read.label };
  if (!(await context.membership.visible(() => probeVisibility(context)))) throw new CaseSkipped(NOT_VERIFIED);
  return { ids: [], label: read.label };
}

/**
 * Reads the group's members and expects exactly `expectedIds`. When no read shows a members list, the
 * list counts as empty if the target shows members elsewhere (it lost them), and the case is not verified
 * if it shows them nowhere.
 */
export async function expectMembers(context: CaseContext, groupId: string, expectedIds: readonly string[]): Promise<void> {
  const read = await observeMembers(context, groupId);
  const actual = read.ids;
  const missing = expectedIds.filter((id) => !actual.includes(id));
  const unexpected = actual.filter((id) => !expectedIds.includes(id));
  if (missing.length > 0 || unexpected.length > 0) {
    const problems = [
      missing.length > 0 ? `${missing.length} expected member(s) missing` : '',
      unexpected.length > 0 ? `${unexpected.length} unexpected member(s) present` : '',
    ].filter(Boolean);
    throw new ConformanceFailure(
      `${read.label}: members should be exactly ${expectedIds.length} user(s), got ${new Set(actual).size}: ${problems.join(', ')}`,
      [...expectedIds].sort(),
      [...actual].sort(),
    );
  }
}

/** Members listed more than once (RFC 7644 §3.5.2.1: a value already there means no change). */
export async function expectNoDuplicateMembers(context: CaseContext, groupId: string): Promise<void> {
  const read = await observeMembers(context, groupId);
  const counts = new Map<string, number>();
  for (const id of read.ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  const twice = [...counts].filter(([, count]) => count > 1).map(([id]) => id);
  if (twice.length > 0) {
    throw new ConformanceFailure(`${read.label}: ${twice.length} member(s) are listed more than once after a re-add`, 'each member once', read.ids);
  }
}

/**
 * Adds members as a precondition, in this case's dialect first and then Entra's other form, and checks
 * they show up. Failures belong to GRP-MEMBER-01/02, so here they skip the case naming that root.
 */
export async function addMembersForSetup(context: CaseContext, groupId: string, users: readonly CreatedResource[]): Promise<void> {
  const rootCase = users.length > 1 ? 'GRP-MEMBER-02' : 'GRP-MEMBER-01';
  await context.precondition(rootCase, `add ${users.length} member(s) to a group`, async () => {
    const reply = await context.sendFirstAccepted(context.dialectForms('groups/add-members-{dialect}'), () => ({
      groupId,
      members: entraMembers(users),
    }));
    expectPatchAccepted(reply, 'group');
    await expectMembers(context, groupId, users.map((user) => user.id));
  });
}
