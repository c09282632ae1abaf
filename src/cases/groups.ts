/**
 * Groups and memberships as Entra drives them (reference §2.3, §3 blocks 4a/4b): create, query with members
 * excluded, rename, add and remove members in both dialects, delete. Membership is verified by reading the
 * group back with its members; a target that never returns members gets those checks skipped, not failed.
 */
import { expectResource, expectScimError, expectStatus, expectValue } from './checks.ts';
import type { CaseContext, CreatedResource } from './context.ts';
import { expectFoundByQuery, expectNotFoundByQuery, expectPatchAccepted, readBack } from './steps.ts';
import { CaseSkipped, ConformanceFailure, type ConformanceCase } from './types.ts';

/** The member value Entra sends: the target's user id with a null `$ref` (ED-SCIM G-5). */
export function entraMembers(users: readonly CreatedResource[]): { $ref: null; value: string }[] {
  return users.map((user) => ({ $ref: null, value: user.id }));
}

const NO_MEMBERS_RETURNED =
  'the target does not return members on GET /Groups/{id}; Entra never reads them, so membership cannot be verified here';

export const groupCases: ConformanceCase[] = [
  {
    id: 'GRP-CREATE-01',
    level: 'MUST',
    name: "MUST create a group from Entra's body with Microsoft's ADSCIM schema URI and answer 201 with its id",
    area: 'groups',
    spec: ['RFC7644-3.3', 'ENTRA-ED-SCIM', 'ENTRA-ED-COMPAT'],
    dialects: 'once',
    fixtures: ['groups/create-with-microsoft-schema'],
    entraImpact: 'No group can be provisioned: every group create fails and is retried with backoff.',
    async run(context) {
      await expectGroupCreated(context, 'groups/create-with-microsoft-schema');
    },
  },
  {
    id: 'GRP-CREATE-02',
    level: 'MUST',
    name: 'MUST create a group from a core-only body with an empty members list',
    area: 'groups',
    spec: ['RFC7644-3.3', 'ENTRA-ED-SCIM'],
    dialects: 'once',
    fixtures: ['groups/create-core-with-empty-members'],
    entraImpact: 'No group can be provisioned: every group create fails and is retried with backoff.',
    async run(context) {
      await expectGroupCreated(context, 'groups/create-core-with-empty-members');
    },
  },
  {
    id: 'GRP-CREATE-03',
    level: 'MUST',
    name: 'MUST refuse a second group with the same displayName with 409 and a SCIM Error',
    area: 'groups',
    spec: ['RFC7644-3.3', 'RFC7644-3.12', 'ENTRA-ED-SCIM', 'ENTRA-3P-VAL'],
    dialects: 'once',
    fixtures: ['groups/create-with-microsoft-schema'],
    entraImpact:
      'Entra matches groups by displayName and needs it unique; a duplicate makes the next query return two groups (DuplicateTargetEntries).',
    async run(context) {
      const group = await context.createGroup();
      const duplicate = await context.send('groups/create-with-microsoft-schema', {
        groupAttributes: context.mappedAttributes('group', { ...group.values, externalId: `${String(group.values.externalId)}-2` }),
      });
      expectScimError(duplicate, 409);
    },
  },
  {
    id: 'GRP-GET-01',
    level: 'MUST',
    name: 'MUST return a group by id without members when excludedAttributes=members, even when it has members',
    area: 'groups',
    spec: ['RFC7644-3.4.2.5', 'RFC7644-3.4.1', 'ENTRA-ED-SCIM', 'ENTRA-ED-LOGS'],
    dialects: 'once',
    fixtures: ['users/create', 'groups/create-with-microsoft-schema', 'groups/add-members-legacy', 'groups/get-by-id'],
    entraImpact:
      'Entra logs SystemForCrossDomainIdentityManagementMultipleEntriesInResponse and large groups time out when members come back despite the exclusion.',
    async run(context) {
      const [user] = await context.createUsers(1);
      const group = await context.createGroup();
      expectPatchAccepted(await context.send('groups/add-members-legacy', { groupId: group.id, members: entraMembers([user!]) }), context, 'group');
      const { reply, resource } = await readBack(context, 'group', group.id);
      expectValue(reply, '/id', group.id, resource.id);
      expectNoMembers(reply.label, resource);
    },
  },
  {
    id: 'GRP-FILTER-01',
    level: 'MUST',
    name: 'MUST return exactly the matching group, and not another one, for a displayName filter with spaces',
    area: 'groups',
    spec: ['RFC7644-3.4.2.2', 'RFC7644-3.4.2.5', 'ENTRA-ED-SCIM'],
    dialects: 'once',
    fixtures: ['groups/create-with-microsoft-schema', 'groups/query-by-matching-attribute'],
    entraImpact: 'Entra cannot find the group it created, so it tries to create it again every cycle (409 loop).',
    async run(context) {
      // A second group makes a target that ignores the filter (and returns every group) visible.
      const group = await context.createGroup();
      await context.createGroup();
      const name = context.matchingValue('group', group.values);
      if (!name.includes(' ')) throw new Error(`generated group name has no space to encode: ${name}`);
      const match = await expectFoundByQuery(context, 'group', name, group.id);
      expectNoMembers('GET /Groups?filter=… (Resources/0)', match);
    },
  },
  {
    id: 'GRP-FILTER-02',
    level: 'MUST',
    name: 'MUST answer 200 with an empty ListResponse when no group matches the filter',
    area: 'groups',
    spec: ['RFC7644-3.4.2', 'ENTRA-ED-SCIM', 'ENTRA-ED-QUAR'],
    dialects: 'once',
    fixtures: ['groups/query-by-matching-attribute'],
    entraImpact: 'A 404 for "no match" makes Entra quarantine the job as a SCIM compliance issue; new groups are never created.',
    async run(context) {
      await expectNotFoundByQuery(context, 'group', `${context.data.prefix}absent group ${context.data.randomGuid()}`);
    },
  },
  {
    id: 'GRP-FILTER-03',
    level: 'MUST',
    name: 'MUST match displayName case-insensitively in a filter',
    area: 'groups',
    spec: ['RFC7643-4.2', 'RFC7644-3.4.2.2', 'ENTRA-3P-VAL'],
    dialects: 'once',
    fixtures: ['groups/create-with-microsoft-schema', 'groups/query-by-matching-attribute'],
    entraImpact: 'A group whose name differs only in letter case is not found, so Entra creates a duplicate or loops on 409.',
    async run(context) {
      const group = await context.createGroup();
      await expectFoundByQuery(context, 'group', context.matchingValue('group', group.values).toUpperCase(), group.id);
    },
  },
  {
    id: 'GRP-PATCH-01',
    level: 'MUST',
    name: 'MUST rename a group by PATCH so that the new name is found and the old one is not',
    area: 'groups',
    spec: ['RFC7644-3.5.2.3', 'ENTRA-ED-SCIM'],
    dialects: 'each',
    fixtures: ['groups/create-with-microsoft-schema', 'groups/rename-{dialect}', 'groups/get-by-id', 'groups/query-by-matching-attribute'],
    entraImpact: 'A group renamed in Entra keeps its old name in the target and is not found under the new one.',
    async run(context) {
      const group = await context.createGroup();
      const renamed = String(context.data.group().groupDisplayName);
      expectPatchAccepted(await context.send('groups/rename-{dialect}', { groupId: group.id, groupDisplayName: renamed }), context, 'group');
      const { reply, resource } = await readBack(context, 'group', group.id);
      expectValue(reply, '/displayName', renamed, resource.displayName);
      await expectFoundByQuery(context, 'group', renamed, group.id);
      await expectNotFoundByQuery(context, 'group', context.matchingValue('group', group.values));
    },
  },
  {
    id: 'GRP-MEMBER-01',
    level: 'MUST',
    name: 'MUST add a member to a group by PATCH',
    area: 'groups',
    spec: ['RFC7644-3.5.2.1', 'ENTRA-ED-SCIM'],
    dialects: 'each',
    fixtures: ['users/create', 'groups/create-with-microsoft-schema', 'groups/add-members-{dialect}', 'groups/get-with-members'],
    entraImpact: 'Group memberships assigned in Entra never reach the target; access that depends on groups is missing.',
    async run(context) {
      const [user] = await context.createUsers(1);
      const group = await context.createGroup();
      expectPatchAccepted(await context.send('groups/add-members-{dialect}', { groupId: group.id, members: entraMembers([user!]) }), context, 'group');
      await expectMembers(context, group.id, [user!.id]);
    },
  },
  {
    id: 'GRP-MEMBER-02',
    level: 'MUST',
    name: 'MUST add 20 members in one PATCH operation',
    area: 'groups',
    spec: ['RFC7644-3.5.2.1', 'ENTRA-ED-SCIM'],
    dialects: 'each',
    fixtures: ['users/create', 'groups/create-with-microsoft-schema', 'groups/add-members-{dialect}', 'groups/get-with-members'],
    entraImpact: 'Entra batches membership changes ("multiple group memberships with a single PATCH"); a target that drops or rejects the batch loses memberships.',
    async run(context) {
      const users = await context.createUsers(20);
      const group = await context.createGroup();
      expectPatchAccepted(await context.send('groups/add-members-{dialect}', { groupId: group.id, members: entraMembers(users) }), context, 'group');
      await expectMembers(context, group.id, users.map((user) => user.id));
    },
  },
  {
    id: 'GRP-MEMBER-03',
    level: 'MUST',
    name: 'MUST accept re-adding an existing member without 409 and without duplicating it',
    area: 'groups',
    spec: ['RFC7644-3.5.2.1', 'ENTRA-QA-MEMBER409'],
    dialects: 'each',
    fixtures: ['users/create', 'groups/create-with-microsoft-schema', 'groups/add-members-{dialect}', 'groups/get-with-members'],
    entraImpact:
      'Entra cannot see members (it always excludes them), so it re-sends adds; a 409 is retried every cycle and never succeeds.',
    async run(context) {
      const [user] = await context.createUsers(1);
      const group = await context.createGroup();
      const variables = { groupId: group.id, members: entraMembers([user!]) };
      expectPatchAccepted(await context.send('groups/add-members-{dialect}', variables), context, 'group');
      expectPatchAccepted(await context.send('groups/add-members-{dialect}', variables), context, 'group');
      await expectMembers(context, group.id, [user!.id]);
    },
  },
  {
    id: 'GRP-MEMBER-04',
    level: 'MUST',
    name: 'MUST remove exactly the named member in the dialect’s form and keep every other member',
    area: 'groups',
    spec: ['RFC7644-3.5.2.2', 'ENTRA-ED-SCIM', 'ENTRA-ED-COMPAT'],
    dialects: 'each',
    fixtures: ['users/create', 'groups/create-with-microsoft-schema', 'groups/add-members-{dialect}', 'groups/remove-members-{dialect}', 'groups/get-with-members'],
    entraImpact:
      'Removing one member wipes the whole group in the target (or removes nobody); people lose or keep access that Entra says they should not.',
    async run(context) {
      const users = await context.createUsers(3);
      const group = await context.createGroup();
      expectPatchAccepted(await context.send('groups/add-members-{dialect}', { groupId: group.id, members: entraMembers(users) }), context, 'group');
      await expectMembers(context, group.id, users.map((user) => user.id));
      const [keptFirst, removed, keptLast] = users as [CreatedResource, CreatedResource, CreatedResource];
      const patch = await context.send('groups/remove-members-{dialect}', {
        groupId: group.id,
        members: entraMembers([removed]),
        memberId: removed.id,
      });
      expectPatchAccepted(patch, context, 'group');
      await expectMembers(context, group.id, [keptFirst.id, keptLast.id], { alreadyKnownToReturnMembers: true });
    },
  },
  {
    id: 'GRP-MEMBER-05',
    level: 'MUST',
    name: 'MUST apply one PATCH that adds a member and removes another',
    area: 'groups',
    spec: ['RFC7644-3.5.2', 'ENTRA-ED-SCIM', 'ENTRA-ED-COMPAT'],
    dialects: 'each',
    fixtures: ['users/create', 'groups/create-with-microsoft-schema', 'groups/add-members-{dialect}', 'groups/add-and-remove-members-{dialect}', 'groups/get-with-members'],
    entraImpact: 'Batched membership changes are half-applied; the target drifts from Entra.',
    async run(context) {
      const [stays, leaves, joins] = (await context.createUsers(3)) as [CreatedResource, CreatedResource, CreatedResource];
      const group = await context.createGroup();
      expectPatchAccepted(await context.send('groups/add-members-{dialect}', { groupId: group.id, members: entraMembers([stays, leaves]) }), context, 'group');
      const patch = await context.send('groups/add-and-remove-members-{dialect}', {
        groupId: group.id,
        members: entraMembers([joins]),
        memberId: leaves.id,
      });
      expectPatchAccepted(patch, context, 'group');
      await expectMembers(context, group.id, [stays.id, joins.id]);
    },
  },
  {
    id: 'GRP-MEMBER-06',
    level: 'SHOULD',
    name: 'SHOULD drop a hard-deleted user from the groups it belonged to',
    area: 'groups',
    spec: ['RFC7644-3.6', 'ENTRA-ED-HOW'],
    dialects: 'once',
    fixtures: ['users/create', 'groups/create-with-microsoft-schema', 'groups/add-members-legacy', 'users/delete', 'groups/get-with-members'],
    entraImpact: 'Groups in the target keep pointing at users that no longer exist.',
    async run(context) {
      const [stays, deleted] = (await context.createUsers(2)) as [CreatedResource, CreatedResource];
      const group = await context.createGroup();
      expectPatchAccepted(await context.send('groups/add-members-legacy', { groupId: group.id, members: entraMembers([stays, deleted]) }), context, 'group');
      await expectMembers(context, group.id, [stays.id, deleted.id]);
      expectStatus(await context.send('users/delete', { userId: deleted.id }), [204], 'the user delete must succeed first');
      await expectMembers(context, group.id, [stays.id], { alreadyKnownToReturnMembers: true });
    },
  },
  {
    id: 'GRP-MEMBER-07',
    level: 'SHOULD',
    name: 'SHOULD keep the group memberships of a disabled user',
    area: 'groups',
    spec: ['ENTRA-ED-HOW'],
    dialects: 'each',
    fixtures: ['users/create', 'groups/create-with-microsoft-schema', 'groups/add-members-{dialect}', 'users/disable-{dialect}', 'groups/get-with-members'],
    entraImpact: 'Entra does not restore memberships when a user is re-enabled ("the target application should maintain the membership in inactive state").',
    async run(context) {
      const [user] = await context.createUsers(1);
      const group = await context.createGroup();
      expectPatchAccepted(await context.send('groups/add-members-{dialect}', { groupId: group.id, members: entraMembers([user!]) }), context, 'group');
      await expectMembers(context, group.id, [user!.id]);
      expectPatchAccepted(await context.send('users/disable-{dialect}', { userId: user!.id }), context, 'user');
      await expectMembers(context, group.id, [user!.id], { alreadyKnownToReturnMembers: true });
    },
  },
  {
    id: 'GRP-DELETE-01',
    level: 'MUST',
    name: 'MUST delete a group with 204 so that it is gone by id and by filter',
    area: 'groups',
    spec: ['RFC7644-3.6', 'ENTRA-ED-SCIM'],
    dialects: 'once',
    fixtures: ['groups/create-with-microsoft-schema', 'groups/delete', 'groups/get-by-id', 'groups/query-by-matching-attribute'],
    entraImpact: 'Groups deleted in Entra stay in the target with their members.',
    async run(context) {
      const group = await context.createGroup();
      expectStatus(await context.send('groups/delete', { groupId: group.id }), [204]);
      expectScimError(await context.send('groups/get-by-id', { groupId: group.id }), 404);
      await expectNotFoundByQuery(context, 'group', context.matchingValue('group', group.values));
    },
  },
];

async function expectGroupCreated(context: CaseContext, fixtureId: string): Promise<void> {
  const values = context.data.group();
  const reply = await context.send(fixtureId, { groupAttributes: context.mappedAttributes('group', values) });
  expectStatus(reply, [201]);
  const resource = expectResource(reply, context.profile, 'group');
  expectValue(reply, '/displayName', values.groupDisplayName, resource.displayName);
}

function expectNoMembers(label: string, resource: Record<string, unknown>): void {
  if ('members' in resource) {
    throw new ConformanceFailure(
      `${label}: members should be absent (excludedAttributes=members), got ${JSON.stringify(resource.members).slice(0, 120)}`,
      'no members attribute',
      resource.members,
    );
  }
}

/**
 * Reads the group with its members and compares the member ids as a set. Before the target has shown that it
 * returns members at all, a missing `members` attribute skips the case; afterwards it means "no members".
 */
async function expectMembers(
  context: CaseContext,
  groupId: string,
  expectedIds: readonly string[],
  options: { alreadyKnownToReturnMembers?: boolean } = {},
): Promise<void> {
  const reply = await context.send('groups/get-with-members', { groupId });
  expectStatus(reply, [200]);
  const resource = expectResource(reply, context.profile, 'group');
  if (!Array.isArray(resource.members) && !options.alreadyKnownToReturnMembers) throw new CaseSkipped(NO_MEMBERS_RETURNED);
  const actual = ((resource.members ?? []) as { value?: unknown }[]).map((member) => String(member.value));
  const missing = expectedIds.filter((id) => !actual.includes(id));
  const unexpected = actual.filter((id) => !expectedIds.includes(id));
  const duplicated = actual.length !== new Set(actual).size;
  if (missing.length > 0 || unexpected.length > 0 || duplicated) {
    const problems = [
      missing.length > 0 ? `${missing.length} expected member(s) missing` : '',
      unexpected.length > 0 ? `${unexpected.length} unexpected member(s) present` : '',
      duplicated ? 'a member is listed twice' : '',
    ].filter(Boolean);
    throw new ConformanceFailure(
      `${reply.label}: members should be exactly ${expectedIds.length} user(s), got ${actual.length}: ${problems.join(', ')}`,
      [...expectedIds].sort(),
      [...actual].sort(),
    );
  }
}
