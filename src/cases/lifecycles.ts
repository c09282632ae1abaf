/**
 * Lifecycles across provisioning cycles (ED-HOW "Provisioning cycles", "Deprovisioning"): what a tenant does
 * to one person over weeks, replayed cycle by cycle with Entra's requests and read back afterwards. A person
 * unassigned and re-assigned, deleted and rehired under the same UPN, renamed in letter case only, given a
 * new first name, deleted while still in groups.
 */
import { writtenAttributes } from '../profiles/profile.ts';
import { expectCreatedId, expectMappedValue, expectStatus, expectSuccess, expectValue } from './checks.ts';
import type { CaseContext } from './context.ts';
import { addMembersForSetup, entraMembers, expectMembers } from './membership.ts';
import { matchesOnUserName } from './mirrored.ts';
import { SETUP_FIXTURES } from './setup-fixtures.ts';
import { expectFoundByQuery, expectPatchAccepted, readBack } from './steps.ts';
import type { ConformanceCase } from './types.ts';
import { disableForSetup } from './users.ts';

/** Past 100: a page size or a list cap of 100 members is the limit shipped servers have (issue 21). */
export const GROWN_GROUP_SIZE = 101;

export const lifecycleCases: ConformanceCase[] = [
  {
    id: 'LIFE-REASSIGN-01',
    level: 'SHOULD',
    name: 'SHOULD keep every mapped value of a user disabled on unassignment and enabled again on re-assignment',
    area: 'users',
    spec: ['ENTRA-ED-HOW', 'ENTRA-ED-SCIM', 'ENTRA-ED-ATTR', 'RFC7644-3.5.2.3'],
    dialects: 'once',
    judges: 'users/get-by-id',
    fixtures: ['users/create', ...SETUP_FIXTURES.disableUser, 'users/enable-{dialect}', 'users/get-by-id'],
    keyword: { word: 'SHOULD', source: 'ENTRA-ED-SCIM' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'Entra disables an unassigned user and enables it when re-assigned, but re-sends none of its unchanged attributes: whatever the target dropped on the disable stays lost.',
      source: 'ENTRA-ED-HOW',
    },
    async run(context) {
      const user = await context.createUser();
      // Cycle 2: the user is unassigned or leaves the scope, so Entra disables it (ED-HOW: an update, not a delete).
      await disableForSetup(context, user.id);
      // Cycle 3: re-assigned, so Entra enables it again (ED-HOW known limitations: soft-deleted to active).
      await context.precondition('USR-ENABLE-01', 're-enable the user', async () => {
        const reply = await context.sendFirstAccepted(context.dialectForms('users/enable-{dialect}'), () => ({ userId: user.id }));
        expectPatchAccepted(reply, 'user');
      });
      const { reply, resource } = await readBack(context, 'user', user.id);
      expectValue(reply, '/active', true, resource.active);
      for (const attribute of writtenAttributes(context.profile, 'user')) {
        if (typeof user.values[attribute.generate] === 'string') expectMappedValue(reply, resource, attribute.path, user.values[attribute.generate]);
      }
    },
  },
  {
    id: 'LIFE-REHIRE-01',
    level: 'SHOULD',
    name: 'SHOULD create a user again with the userName of a user it deleted (a rehire), and find only the new one',
    area: 'users',
    spec: ['RFC7644-3.6', 'ENTRA-ED-HOW'],
    dialects: 'once',
    judges: 'users/create',
    fixtures: ['users/create', 'users/delete', 'users/query-by-matching-attribute'],
    // RFC 7644 §3.6: the deleted resource "SHOULD NOT" count in conflict calculation, its example a create with the same userName.
    keyword: { word: 'SHOULD', source: 'RFC7644-3.6' },
    impact: {
      kind: 'retried-every-cycle',
      text: 'A person rehired after the hard delete (30 days after the soft delete, ED-HOW) keeps the old UPN: the target refuses the create as a duplicate of an account it deleted, and Entra retries it every cycle.',
      source: 'ENTRA-ED-HOW',
    },
    async run(context) {
      const leaver = await context.createUser();
      const removal = await context.send('users/delete', { userId: leaver.id });
      await context.precondition('USR-DELETE-01', 'delete the user', async () => expectSuccess(removal));
      // The rehire is a new Entra user (new objectId, so another externalId) with the same UPN.
      const rehire = { ...context.data.user(), userName: leaver.values.userName };
      const reply = await context.send('users/create', { userAttributes: context.mappedAttributes('user', rehire) });
      expectSuccess(reply, 'RFC 7644 §3.6: a deleted resource should not count in conflict calculation');
      const created = await context.precondition('USR-CREATE-01', 'read the new id', async () => expectCreatedId(reply));
      await expectFoundByQuery(context, 'user', context.matchingValue('user', rehire), created);
    },
  },
  {
    id: 'LIFE-RENAME-01',
    level: 'MUST',
    name: 'MUST accept a case-only rename of userName and find the user, once, under the new value',
    area: 'users',
    spec: ['RFC7644-3.5.2.3', 'RFC7643-4.1.1', 'RFC7643-7', 'ENTRA-ED-HOW', 'ENTRA-ED-LOGS'],
    dialects: 'each',
    judges: 'users/update-username-{dialect}',
    fixtures: ['users/create', 'users/update-username-{dialect}', 'users/query-by-matching-attribute'],
    keyword: { word: 'MUST', source: 'RFC7644-3.5.2' },
    impact: {
      kind: 'retried-every-cycle',
      text: 'A UPN corrected only in letter case (jane.doe@ to Jane.Doe@) is refused as a duplicate of the user itself: the update fails and is retried on every cycle.',
      source: 'ENTRA-ED-LOGS',
    },
    appliesTo: matchesOnUserName,
    async run(context) {
      const user = await context.createUser();
      const renamed = caseOnlyRename(String(user.values.userName), context.data.prefix);
      const patch = await context.send('users/update-username-{dialect}', { userId: user.id, userName: renamed });
      expectPatchAccepted(patch, 'user');
      // The next cycle looks the user up by its new UPN: exactly this user, not a second account.
      await expectFoundByQuery(context, 'user', renamed, user.id, 'userName');
    },
  },
  {
    id: 'LIFE-SUBATTR-01',
    level: 'MUST',
    name: 'MUST change only name.givenName when Entra replaces it, keeping the other name sub-attributes',
    area: 'users',
    spec: ['RFC7644-3.5.2.3', 'ENTRA-ED-COMPAT'],
    dialects: 'each',
    fixtures: ['users/create', 'users/replace-given-name-{dialect}', 'users/get-by-id'],
    keyword: { word: 'MUST', source: 'RFC7644-3.5.2' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'A new first name wipes the family name (or the formatted name) in the target; Entra sent only the first name and never re-sends the others.',
      source: 'ENTRA-ED-COMPAT',
    },
    async run(context) {
      const user = await context.createUser();
      const givenName = String(context.data.user().givenName);
      const patch = await context.send('users/replace-given-name-{dialect}', { userId: user.id, givenName });
      expectPatchAccepted(patch, 'user');
      const { reply, resource } = await readBack(context, 'user', user.id);
      expectMappedValue(reply, resource, 'name.givenName', givenName);
      for (const attribute of writtenAttributes(context.profile, 'user')) {
        if (attribute.path.toLowerCase().startsWith('name.') && attribute.path.toLowerCase() !== 'name.givenname') {
          expectMappedValue(reply, resource, attribute.path, user.values[attribute.generate]);
        }
      }
    },
  },
  {
    id: 'LIFE-MEMBERDEL-01',
    level: 'MUST',
    name: 'MUST delete a user that is still a member of groups',
    area: 'groups',
    spec: ['RFC7644-3.6', 'ENTRA-ED-HOW'],
    dialects: 'once',
    judges: 'users/delete',
    // Adding members for setup reads the group back where the target shows members (groups/get-with-members).
    fixtures: ['users/create', ...SETUP_FIXTURES.createGroup, ...SETUP_FIXTURES.addMembers, 'groups/get-with-members', 'users/delete', 'users/get-by-id'],
    keyword: { word: 'MUST', source: 'RFC7644-3.6' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'Entra hard-deletes the user without removing it from its groups first; a target that refuses the delete keeps the account, with its access.',
      source: 'ENTRA-ED-HOW',
    },
    async run(context) {
      const [user] = await context.createUsers(1);
      for (let index = 0; index < 2; index += 1) {
        const group = await context.createGroup();
        await addMembersForSetup(context, group.id, [user!]);
      }
      expectSuccess(await context.send('users/delete', { userId: user!.id }), 'a user in groups is deleted like any other');
      expectStatus(await context.send('users/get-by-id', { userId: user!.id }), [404], 'a deleted user must be gone by id');
    },
  },
  {
    id: 'LIFE-GROW-01',
    level: 'MUST',
    name: `MUST keep every earlier member of a group grown one add at a time to ${GROWN_GROUP_SIZE} members`,
    area: 'groups',
    spec: ['RFC7644-3.5.2.1', 'ENTRA-ED-SCIM', 'ENTRA-ED-HOW'],
    dialects: 'once',
    judges: 'groups/get-with-members',
    fixtures: ['users/create', ...SETUP_FIXTURES.createGroup, ...SETUP_FIXTURES.addMembers, 'groups/get-with-members'],
    keyword: { word: 'REQUIRED', source: 'ENTRA-ED-SCIM' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'A group that grows past 100 members over many cycles silently loses members (a capped list): Entra, which reads groups without their members, never notices and never adds them again.',
      source: 'ENTRA-ED-SCIM',
    },
    optIn: `${GROWN_GROUP_SIZE} users, each created, added, deleted and swept: about 5 requests each, some 500 requests, which would grow a full run by about 75 % (the budget is 30 %)`,
    async run(context) {
      const users = await context.createUsers(GROWN_GROUP_SIZE);
      const group = await context.createGroup();
      // The first add finds the form the target takes (this dialect first); every later add reuses it.
      let form: string | undefined;
      for (const user of users) {
        const variables = { groupId: group.id, members: entraMembers([user]) };
        if (form === undefined) {
          const first = await context.precondition('GRP-MEMBER-01', 'add a first member', () => context.sendFirstAccepted(context.dialectForms('groups/add-members-{dialect}'), () => variables));
          form = first.fixtureId;
        } else {
          expectPatchAccepted(await context.send(form, variables), 'group');
        }
      }
      await expectMembers(context, group.id, users.map((user) => user.id));
    },
  },
];

/**
 * The same userName in other letter case: the run prefix stays as it is (the safety guard keys on it), the
 * rest flips case. Case-insensitively equal to the old value (RFC 7643 §4.1.1: userName is not case-exact).
 */
export function caseOnlyRename(userName: string, prefix: string): string {
  const rest = userName.slice(prefix.length);
  const flipped = [...rest].map((char) => (char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase())).join('');
  return `${prefix}${flipped}`;
}
