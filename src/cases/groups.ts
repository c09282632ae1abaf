/**
 * Groups and memberships as Entra drives them (reference §2.3, §3 blocks 4a/4b): create, query with members
 * excluded, rename, add and remove members in both dialects, delete. Membership is observed by reading the
 * group back (src/cases/membership.ts); setup steps use whichever of Entra's forms the target accepts, so
 * each case fails only for its own check.
 */
import { expectCreatedId, expectResource, expectSchemas, expectStatus, expectSuccess, expectValue, jsonBody, profileSchema } from './checks.ts';
import type { CaseContext } from './context.ts';
import { addMembersForSetup, entraMembers, expectMembers, expectNoDuplicateMembers } from './membership.ts';
import { expectFoundByQuery, expectNotFoundByQuery, expectPatchAccepted, readBack } from './steps.ts';
import { SETUP_FIXTURES } from './setup-fixtures.ts';
import { disableForSetup } from './users.ts';
import { ConformanceFailure, type ConformanceCase } from './types.ts';

export { entraMembers } from './membership.ts';

const MEMBERSHIP_DRIFT = {
  kind: 'data-silently-wrong',
  source: 'ENTRA-ED-SCIM',
} as const;

export const groupCases: ConformanceCase[] = [
  {
    id: 'GRP-CREATE-01',
    level: 'MUST',
    name: "MUST create a group from Entra's body with Microsoft's ADSCIM schema URI and answer with success and its id",
    area: 'groups',
    spec: ['RFC7644-3.3', 'RFC7643-3.1', 'ENTRA-ED-SCIM', 'ENTRA-ED-COMPAT'],
    dialects: 'once',
    fixtures: ['groups/create-with-microsoft-schema'],
    keyword: { word: 'REQUIRED', source: 'RFC7643-3.1' },
    impact: {
      kind: 'retried-every-cycle',
      text: "Groups created with Entra's documented body are refused (or come back without an id): every group create fails and is retried on every cycle.",
      source: 'ENTRA-ED-LOGS',
    },
    async run(context) {
      await expectGroupCreated(context, 'groups/create-with-microsoft-schema');
    },
  },
  {
    id: 'GRP-CREATE-02',
    level: 'MUST',
    name: 'MUST create a group from a core-only body with an empty members list and answer with success and its id',
    area: 'groups',
    spec: ['RFC7644-3.3', 'RFC7643-3.1', 'ENTRA-ED-SCIM'],
    dialects: 'once',
    fixtures: ['groups/create-core-with-empty-members'],
    keyword: { word: 'REQUIRED', source: 'RFC7643-3.1' },
    impact: {
      kind: 'retried-every-cycle',
      text: 'Groups created with the core-only body Entra sends are refused (or come back without an id): every such create fails and is retried on every cycle.',
      source: 'ENTRA-ED-LOGS',
    },
    async run(context) {
      await expectGroupCreated(context, 'groups/create-core-with-empty-members');
    },
  },
  {
    id: 'GRP-CREATE-04',
    level: 'MUST',
    name: 'MUST answer a successful group create with 201 Created',
    area: 'groups',
    spec: ['RFC7644-3.3'],
    dialects: 'once',
    fixtures: [...SETUP_FIXTURES.createGroup],
    keyword: { word: 'SHALL', source: 'RFC7644-3.3' },
    impact: {
      kind: 'none-known',
      text: "None known: Entra takes any 2xx with the group as a successful create (Microsoft's validation template accepts 200 or 201).",
      source: 'ENTRA-REF-LA',
    },
    async run(context) {
      const { reply } = await context.createGroup();
      expectStatus(reply, [201]);
    },
  },
  {
    id: 'GRP-CREATE-05',
    level: 'MUST',
    name: 'MUST return every attribute the target profile requires on the created group',
    area: 'groups',
    spec: ['ENTRA-ED-AKAMAI', 'RFC7644-3.3'],
    dialects: 'once',
    fixtures: [...SETUP_FIXTURES.createGroup],
    keyword: { word: 'REQUIRED', source: 'ENTRA-ED-AKAMAI' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'Entra reports the create as a success, but the target does not hold an attribute it requires (displayName for Akamai EAA).',
      source: 'ENTRA-ED-AKAMAI',
    },
    async run(context) {
      const { reply } = await context.createGroup();
      expectSchemas(reply, jsonBody(reply), [profileSchema(context.profile, 'group')]);
    },
  },
  {
    id: 'GRP-CREATE-03',
    level: 'MUST',
    name: 'MUST refuse a second group with the same displayName with 409',
    area: 'groups',
    spec: ['RFC7644-3.3', 'ENTRA-ED-SCIM', 'ENTRA-3P-VAL'],
    dialects: 'once',
    fixtures: [...SETUP_FIXTURES.createGroup],
    keyword: { word: 'MUST', source: 'ENTRA-ED-SCIM' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'Entra matches groups by displayName and needs it unique; the duplicate is accepted and the next query returns two groups (DuplicateTargetEntries).',
      source: 'ENTRA-ED-LOGS',
    },
    async run(context) {
      const group = await context.createGroup();
      const duplicate = await context.send(group.form ?? 'groups/create-with-microsoft-schema', {
        groupAttributes: context.mappedAttributes('group', { ...group.values, externalId: `${String(group.values.externalId)}-2` }),
      });
      expectStatus(duplicate, [409]);
    },
  },
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
    spec: ['RFC7644-3.4.2.2', 'RFC7644-3.4.2.5', 'ENTRA-ED-SCIM', 'ENTRA-ED-ATTR'],
    dialects: 'once',
    fixtures: [...SETUP_FIXTURES.createGroup, 'groups/query-by-matching-attribute'],
    keyword: { word: 'MUST', source: 'ENTRA-ED-ATTR' },
    impact: {
      kind: 'retried-every-cycle',
      text: 'Entra cannot find the group it created, so it tries to create it again every cycle (409 loop).',
      source: 'ENTRA-ED-LOGS',
    },
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
    keyword: { word: 'SHALL', source: 'RFC7644-3.4.2' },
    impact: {
      kind: 'quarantine',
      text: 'A 404 (or anything but an empty ListResponse) for "no match" makes Entra quarantine the job as a SCIM compliance issue; new groups are never created.',
      source: 'ENTRA-ED-QUAR',
    },
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
    fixtures: [...SETUP_FIXTURES.createGroup, 'groups/query-by-matching-attribute'],
    keyword: { word: 'MUST', source: 'RFC7644-3.4.2.2' },
    impact: {
      kind: 'retried-every-cycle',
      text: 'A group whose name differs only in letter case is not found, so Entra tries to create it again every cycle (409 loop).',
      source: 'ENTRA-ED-LOGS',
    },
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
      const removal = await context.send('users/delete', { userId: deleted.id });
      await context.precondition('USR-DELETE-01', 'delete a user', async () => expectSuccess(removal));
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
  {
    id: 'GRP-DELETE-01',
    level: 'MUST',
    name: 'MUST delete a group so that it is gone by id and by filter',
    area: 'groups',
    spec: ['RFC7644-3.6', 'ENTRA-ED-SCIM'],
    dialects: 'once',
    fixtures: [...SETUP_FIXTURES.createGroup, 'groups/delete', 'groups/get-by-id', 'groups/query-by-matching-attribute'],
    keyword: { word: 'MUST', source: 'RFC7644-3.6' },
    impact: { ...MEMBERSHIP_DRIFT, text: 'Groups deleted in Entra stay in the target with their members.', source: 'ENTRA-ED-HOW' },
    async run(context) {
      const group = await context.createGroup();
      expectSuccess(await context.send('groups/delete', { groupId: group.id }), 'a DELETE must succeed');
      expectStatus(await context.send('groups/get-by-id', { groupId: group.id }), [404], 'a deleted group must be gone by id');
      await expectNotFoundByQuery(context, 'group', context.matchingValue('group', group.values));
    },
  },
  {
    id: 'GRP-DELETE-03',
    level: 'MUST',
    name: 'MUST answer a successful group DELETE with 204 No Content',
    area: 'groups',
    spec: ['RFC7644-3.6', 'ENTRA-ED-SCIM'],
    dialects: 'once',
    fixtures: [...SETUP_FIXTURES.createGroup, 'groups/delete'],
    keyword: { word: 'SHALL', source: 'RFC7644-3.6' },
    impact: {
      kind: 'unknown',
      text: 'Unknown: Microsoft documents 204 for a delete and no source says how Entra treats another 2xx; the RFC keyword decides.',
    },
    async run(context) {
      const group = await context.createGroup();
      expectStatus(await context.send('groups/delete', { groupId: group.id }), [204]);
    },
  },
];

/** Sends one create body and judges what Entra needs of it: success, the id, a valid group, the name sent. */
async function expectGroupCreated(context: CaseContext, fixtureId: string): Promise<void> {
  const values = context.data.group();
  const reply = await context.send(fixtureId, { groupAttributes: context.mappedAttributes('group', values) });
  expectCreatedId(reply);
  const resource = expectResource(reply, 'group');
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
