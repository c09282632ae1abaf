/**
 * Groups and memberships as Entra drives them (reference §2.3, §3 blocks 4a/4b): create, query with members
 * excluded, rename, add and remove members in both dialects, delete. Membership is observed by reading the
 * group back (src/cases/membership.ts); setup steps use whichever of Entra's forms the target accepts, so
 * each case fails only for its own check.
 */
import { expectGroupByIdWithoutMembers } from './answer-checks.ts';
import { expectSuccess, expectValue } from './checks.ts';
import type { CaseContext } from './context.ts';
import { mirroredCase } from './mirrored.ts';
import { addMembersForSetup, entraMembers, expectMembers, expectNoDuplicateMembers } from './membership.ts';
import { expectFoundByQuery, expectNotFoundByQuery, expectPatchAccepted, readBack } from './steps.ts';
import { SETUP_FIXTURES } from './setup-fixtures.ts';
import { disableForSetup } from './users.ts';
import type { ConformanceCase } from './types.ts';

export { entraMembers } from './membership.ts';

const MEMBERSHIP_DRIFT = {
  kind: 'data-silently-wrong',
  source: 'ENTRA-ED-SCIM',
} as const;

export const groupCases: ConformanceCase[] = [
  mirroredCase('GRP-CREATE-01'),
  mirroredCase('GRP-CREATE-02'),
  mirroredCase('GRP-CREATE-04'),
  mirroredCase('GRP-CREATE-05'),
  mirroredCase('GRP-CREATE-03'),
  {
    id: 'GRP-GET-01',
    level: 'MUST',
    name: 'MUST return a group by id without members when excludedAttributes=members, even when it has members',
    area: 'groups',
    spec: ['RFC7644-3.4.2.5', 'RFC7644-3.4.1', 'ENTRA-ED-SCIM', 'ENTRA-ED-LOGS'],
    dialects: 'once',
    judges: 'groups/get-by-id',
    fixtures: ['users/create', ...SETUP_FIXTURES.createGroup, ...SETUP_FIXTURES.addMembers, 'groups/get-with-members', 'groups/get-by-id'],
    keyword: { word: 'REQUIRED', source: 'ENTRA-ED-SCIM' },
    impact: {
      kind: 'retried-every-cycle',
      text: 'Members come back despite the exclusion: Entra logs SystemForCrossDomainIdentityManagementMultipleEntriesInResponse, and reads of large groups time out and are retried.',
      source: 'ENTRA-ED-LOGS',
    },
    async run(context) {
      const [user] = await context.createUsers(1);
      const group = await context.createGroup();
      await addMembersForSetup(context, group.id, [user!]);
      expectGroupByIdWithoutMembers(await context.send('groups/get-by-id', { groupId: group.id }), group.id);
    },
  },
  mirroredCase('GRP-FILTER-01'),
  mirroredCase('GRP-FILTER-02'),
  mirroredCase('GRP-FILTER-03'),
  {
    id: 'GRP-PATCH-01',
    level: 'MUST',
    name: 'MUST rename a group by PATCH so that the new name is found and the old one is not',
    area: 'groups',
    spec: ['RFC7644-3.5.2.3', 'ENTRA-ED-SCIM'],
    dialects: 'each',
    fixtures: [...SETUP_FIXTURES.createGroup, 'groups/rename-{dialect}', 'groups/get-by-id', 'groups/query-by-matching-attribute'],
    keyword: { word: 'REQUIRED', source: 'ENTRA-ED-SCIM' },
    impact: { ...MEMBERSHIP_DRIFT, text: 'A group renamed in Entra keeps its old name in the target and is not found under the new one.' },
    async run(context) {
      const group = await context.createGroup();
      const renamed = String(context.data.group().groupDisplayName);
      expectPatchAccepted(await context.send('groups/rename-{dialect}', { groupId: group.id, groupDisplayName: renamed }), 'group');
      const { reply, resource } = await readBack(context, 'group', group.id);
      expectValue(reply, '/displayName', renamed, resource.displayName);
      await expectFoundByQuery(context, 'group', renamed, group.id);
      await expectNotFoundByQuery(context, 'group', context.matchingValue('group', group.values));
    },
  },
  {
    id: 'GRP-MEMBER-01',
    level: 'MUST',
    name: 'MUST add a member to a group by PATCH so that the group shows it',
    area: 'groups',
    spec: ['RFC7644-3.5.2.1', 'ENTRA-ED-SCIM'],
    dialects: 'each',
    fixtures: ['users/create', ...SETUP_FIXTURES.createGroup, 'groups/add-members-{dialect}', 'groups/get-with-members'],
    keyword: { word: 'REQUIRED', source: 'ENTRA-ED-SCIM' },
    impact: { ...MEMBERSHIP_DRIFT, text: 'Group memberships assigned in Entra never reach the target (the add is refused, or answered with success and not stored); access that depends on groups is missing.' },
    async run(context) {
      const [user] = await context.createUsers(1);
      const group = await context.createGroup();
      expectPatchAccepted(await context.send('groups/add-members-{dialect}', { groupId: group.id, members: entraMembers([user!]) }), 'group');
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
    fixtures: ['users/create', ...SETUP_FIXTURES.createGroup, 'groups/add-members-{dialect}', 'groups/get-with-members'],
    keyword: { word: 'REQUIRED', source: 'ENTRA-ED-SCIM' },
    impact: { ...MEMBERSHIP_DRIFT, text: 'Entra batches membership changes ("multiple group memberships with a single PATCH"); the batch is rejected or partly dropped, and memberships are lost.' },
    async run(context) {
      const users = await context.createUsers(20);
      const group = await context.createGroup();
      expectPatchAccepted(await context.send('groups/add-members-{dialect}', { groupId: group.id, members: entraMembers(users) }), 'group');
      await expectMembers(context, group.id, users.map((user) => user.id));
    },
  },
  {
    id: 'GRP-MEMBER-03',
    level: 'SHOULD',
    name: 'SHOULD answer re-adding an existing member with success, not 409',
    area: 'groups',
    spec: ['RFC7644-3.5.2.1', 'ENTRA-QA-MEMBER409'],
    dialects: 'each',
    fixtures: ['users/create', ...SETUP_FIXTURES.createGroup, ...SETUP_FIXTURES.addMembers, 'groups/add-members-{dialect}', 'groups/get-with-members'],
    keyword: { word: 'SHOULD', source: 'RFC7644-3.5.2.1' },
    impact: {
      kind: 'retried-every-cycle',
      text: 'Entra cannot see members (it always excludes them), so it re-sends adds; the error on the re-add is retried every cycle and never succeeds.',
      source: 'ENTRA-QA-MEMBER409',
    },
    async run(context) {
      const [user] = await context.createUsers(1);
      const group = await context.createGroup();
      await addMembersForSetup(context, group.id, [user!]);
      expectPatchAccepted(await context.send('groups/add-members-{dialect}', { groupId: group.id, members: entraMembers([user!]) }), 'group');
    },
  },
  {
    id: 'GRP-MEMBER-08',
    level: 'SHOULD',
    name: 'SHOULD keep a re-added member listed once',
    area: 'groups',
    spec: ['RFC7644-3.5.2.1'],
    dialects: 'each',
    fixtures: ['users/create', ...SETUP_FIXTURES.createGroup, ...SETUP_FIXTURES.addMembers, 'groups/add-members-{dialect}', 'groups/get-with-members'],
    keyword: { word: 'SHOULD', source: 'RFC7644-3.5.2.1' },
    impact: {
      kind: 'none-known',
      text: 'None known: Entra never reads members back (it always excludes them), so a member listed twice changes nothing it does.',
      source: 'ENTRA-ED-SCIM',
    },
    async run(context) {
      const [user] = await context.createUsers(1);
      const group = await context.createGroup();
      await addMembersForSetup(context, group.id, [user!]);
      const again = await context.send('groups/add-members-{dialect}', { groupId: group.id, members: entraMembers([user!]) });
      await context.precondition('GRP-MEMBER-03', 're-add a member', async () => expectSuccess(again));
      await expectNoDuplicateMembers(context, group.id);
    },
  },
  {
    id: 'GRP-MEMBER-04',
    level: 'MUST',
    name: 'MUST remove exactly the named member in the dialect’s form and keep every other member',
    area: 'groups',
    spec: ['RFC7644-3.5.2.2', 'ENTRA-ED-SCIM', 'ENTRA-ED-COMPAT'],
    dialects: 'each',
    fixtures: ['users/create', ...SETUP_FIXTURES.createGroup, ...SETUP_FIXTURES.addMembers, 'groups/remove-members-{dialect}', 'groups/get-with-members'],
    keyword: { word: 'REQUIRED', source: 'ENTRA-ED-SCIM' },
    impact: { ...MEMBERSHIP_DRIFT, text: 'Removing one member removes the wrong members in the target (the whole group, or nobody); people lose or keep access that Entra says they should not.' },
    async run(context) {
      const users = await context.createUsers(3);
      const group = await context.createGroup();
      await addMembersForSetup(context, group.id, users);
      const [keptFirst, removed, keptLast] = users as [typeof users[0], typeof users[0], typeof users[0]];
      const patch = await context.send('groups/remove-members-{dialect}', {
        groupId: group.id,
        members: entraMembers([removed]),
        memberId: removed.id,
      });
      expectPatchAccepted(patch, 'group');
      await expectMembers(context, group.id, [keptFirst.id, keptLast.id]);
    },
  },
  {
    id: 'GRP-MEMBER-05',
    level: 'MUST',
    name: 'MUST apply one PATCH that adds a member and removes another',
    area: 'groups',
    spec: ['RFC7644-3.5.2', 'ENTRA-ED-SCIM', 'ENTRA-ED-COMPAT'],
    dialects: 'each',
    fixtures: ['users/create', ...SETUP_FIXTURES.createGroup, ...SETUP_FIXTURES.addMembers, 'groups/add-and-remove-members-{dialect}', 'groups/get-with-members'],
    keyword: { word: 'REQUIRED', source: 'ENTRA-ED-SCIM' },
    impact: { ...MEMBERSHIP_DRIFT, text: 'Batched membership changes are half-applied or refused; the target drifts from Entra.' },
    async run(context) {
      const [stays, leaves, joins] = (await context.createUsers(3)) as [Awaited<ReturnType<CaseContext['createUser']>>, Awaited<ReturnType<CaseContext['createUser']>>, Awaited<ReturnType<CaseContext['createUser']>>];
      const group = await context.createGroup();
      await addMembersForSetup(context, group.id, [stays, leaves]);
      const patch = await context.send('groups/add-and-remove-members-{dialect}', {
        groupId: group.id,
        members: entraMembers([joins]),
        memberId: leaves.id,
      });
      expectPatchAccepted(patch, 'group');
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
    fixtures: ['users/create', ...SETUP_FIXTURES.createGroup, ...SETUP_FIXTURES.addMembers, 'users/delete', 'groups/get-with-members'],
    keyword: { word: 'SHOULD', source: 'RFC7644-3.6' },
    impact: { ...MEMBERSHIP_DRIFT, text: 'Groups in the target keep pointing at users that no longer exist.', source: 'ENTRA-ED-HOW' },
    async run(context) {
      const [stays, deleted] = (await context.createUsers(2)) as [Awaited<ReturnType<CaseContext['createUser']>>, Awaited<ReturnType<CaseContext['createUser']>>];
      const group = await context.createGroup();
      await addMembersForSetup(context, group.id, [stays, deleted]);
      // Deleting a user who is still a member is judged on its own by LIFE-MEMBERDEL-01 (USR-DELETE-01's user
      // is in no group): a refusal is that case's finding. Should it pass there and fail here, the skip turns
      // into this case's failure (runner/reconcile-skips.ts), so the refusal is never hidden.
      await context.precondition('LIFE-MEMBERDEL-01', 'delete a user who is a group member', async () =>
        expectSuccess(await context.send('users/delete', { userId: deleted.id })),
      );
      await expectMembers(context, group.id, [stays.id]);
    },
  },
  {
    id: 'GRP-MEMBER-07',
    level: 'SHOULD',
    name: 'SHOULD keep the group memberships of a disabled user',
    area: 'groups',
    spec: ['ENTRA-ED-HOW'],
    dialects: 'each',
    fixtures: ['users/create', ...SETUP_FIXTURES.createGroup, ...SETUP_FIXTURES.addMembers, ...SETUP_FIXTURES.disableUser, 'groups/get-with-members'],
    keyword: { word: 'SHOULD', source: 'ENTRA-ED-HOW' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'The disabled user lost its memberships, and Entra does not restore them when the user is re-enabled ("the target application should maintain the membership in inactive state").',
      source: 'ENTRA-ED-HOW',
    },
    async run(context) {
      const [user] = await context.createUsers(1);
      const group = await context.createGroup();
      await addMembersForSetup(context, group.id, [user!]);
      await disableForSetup(context, user!.id);
      await expectMembers(context, group.id, [user!.id]);
    },
  },
  mirroredCase('GRP-DELETE-01'),
  mirroredCase('GRP-DELETE-03'),
];
