/**
 * The tests of Microsoft's own checks that no other case covered: the SCIM Validator's preview tests
 * (several operations on one attribute, deletes of a group that is not there) and the gallery validation's
 * direct tests (paging 5 at a time over 11 users; one PATCH removing several members). The mapping of every
 * Microsoft test to its cases is data: fixtures/microsoft/checks.json (src/report/microsoft-checks.ts).
 */
import { expectStatus, expectSuccess, expectValue, jsonBody } from './checks.ts';
import type { CaseContext } from './context.ts';
import { addMembersForSetup, entraMembers, expectMembers } from './membership.ts';
import { expectPatchAccepted, readBack } from './steps.ts';
import { getMappedValue } from '../profiles/mapped-path.ts';
import { patchedPaths } from './applicability.ts';
import { CaseSkipped, ConformanceFailure, type ConformanceCase } from './types.ts';

const PAGE_SIZE = 5;
/** Microsoft's template makes sure of at least 11 users before it pages (REF-LA SCIM_User_Pagination_Test). */
const PAGED_USERS = 11;

const REPEATED_DELETE_IMPACT =
  "Unknown: Microsoft's validator expects 404 (a preview test), but no source says what Entra does with another answer to a delete of a group that is not there.";
// The validator's delete of a group id that never existed is GRP-DELETE-04 (gallery-direct.ts): a minted id the
// safety guard lets one DELETE go to once a GET showed it absent.

/**
 * Pages of 5 from startIndex 1 to the last, as Microsoft walks them: each 200, startIndex echoed, and full
 * while users remain (each page's own totalResults: other writers may come and go between pages).
 */
async function walkPages(context: CaseContext, atLeast: number): Promise<void> {
  let total = atLeast;
  for (let startIndex = 1; startIndex <= total; startIndex += PAGE_SIZE) {
    const reply = await context.send('users/list-page', { startIndex, count: PAGE_SIZE });
    expectStatus(reply, [200]);
    const body = jsonBody(reply);
    expectValue(reply, '/startIndex', startIndex, body.startIndex);
    if (typeof body.totalResults === 'number') total = body.totalResults;
    const resources = Array.isArray(body.Resources) ? body.Resources : [];
    if (resources.length > PAGE_SIZE) {
      // More than count at all is the plain paging failure USR-LIST-01 reports; this case judges Microsoft's walk.
      throw new CaseSkipped(`${reply.label} answered ${resources.length} users for count=${PAGE_SIZE}: the target does not page (see USR-LIST-01)`, 'USR-LIST-01');
    }
    const expected = Math.max(0, Math.min(PAGE_SIZE, total - (startIndex - 1)));
    // Microsoft computes the next startIndex as startIndex + Resources.length and expects page*5+1: a short page breaks the walk.
    if (resources.length !== expected) {
      throw new ConformanceFailure(`${reply.label}: a page of count=${PAGE_SIZE} with ${total} users in all should hold ${expected}, got ${resources.length}`, expected, resources.length);
    }
  }
}

export const microsoftTestCases: ConformanceCase[] = [
  {
    id: 'USR-MULTIOP-02',
    level: 'MUST',
    name: 'MUST apply in order a PATCH that removes, adds and replaces the same attribute, leaving the last value',
    area: 'users',
    spec: ['RFC7644-3.5.2', 'ENTRA-3P-VAL', 'ENTRA-ED-VAL'],
    dialects: 'compliant',
    fixtures: ['users/create', 'users/multiple-ops-same-attribute-compliant', 'users/get-by-id'],
    keyword: { word: 'MUST', source: 'RFC7644-3.5.2' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'An attribute keeps the value of an earlier operation of one acknowledged change; Entra does not send the change again.',
      source: 'ENTRA-ED-HOW',
    },
    async run(context) {
      const user = await context.createUser();
      const first = context.data.user().externalId;
      const last = context.data.user().externalId;
      const patch = await context.send('users/multiple-ops-same-attribute-compliant', { userId: user.id, externalId: first, newExternalId: last });
      expectPatchAccepted(patch, 'user');
      if (!patchedPaths(patch.request.body).some((path) => path.toLowerCase() === 'externalid')) return;
      const back = await readBack(context, 'user', user.id);
      const stored = getMappedValue(back.resource, 'externalId');
      if (stored !== last) {
        throw new ConformanceFailure(`${back.reply.label}: externalId should be the replace's value (RFC 7644 §3.5.2: operations apply in order), got ${JSON.stringify(stored)}`, last, stored);
      }
    },
  },
  {
    id: 'GRP-MULTIOP-01',
    level: 'MUST',
    name: 'MUST apply in order a PATCH that adds members and then removes one of them',
    area: 'groups',
    spec: ['RFC7644-3.5.2', 'ENTRA-3P-VAL', 'ENTRA-ED-VAL'],
    dialects: 'compliant',
    fixtures: ['groups/create-with-microsoft-schema', 'groups/create-core-with-empty-members', 'users/create', 'groups/multiple-ops-same-attribute-compliant', 'groups/get-with-members'],
    judges: 'groups/multiple-ops-same-attribute-compliant',
    keyword: { word: 'MUST', source: 'RFC7644-3.5.2' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'A user Entra removed in the same change stays a member (or one it added is missing); Entra does not send the change again.',
      source: 'ENTRA-ED-HOW',
    },
    async run(context) {
      const group = await context.createGroup();
      const users = await context.createUsers(2);
      const [removed, kept] = users as [(typeof users)[number], (typeof users)[number]];
      const reply = await context.send('groups/multiple-ops-same-attribute-compliant', { groupId: group.id, members: entraMembers(users), memberId: removed.id });
      expectPatchAccepted(reply, 'group');
      await expectMembers(context, group.id, [kept.id]);
    },
  },
  {
    id: 'GRP-MEMBER-10',
    level: 'MUST',
    name: 'MUST remove exactly the several members one PATCH names, keeping the others',
    area: 'groups',
    spec: ['RFC7644-3.5.2.2', 'ENTRA-ED-GALLERY', 'ENTRA-ED-COMPAT'],
    dialects: 'legacy',
    fixtures: ['groups/create-with-microsoft-schema', 'groups/create-core-with-empty-members', 'users/create', 'groups/add-members-legacy', 'groups/add-members-compliant', 'groups/remove-members-{dialect}', 'groups/get-with-members'],
    judges: 'groups/remove-members-{dialect}',
    keyword: { word: 'MUST', source: 'RFC7644-3.5.2.2' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'Users Entra removed stay members, keeping access the directory took away; Entra does not send the removal again.',
      source: 'ENTRA-ED-HOW',
    },
    async run(context) {
      const group = await context.createGroup();
      const users = await context.createUsers(4);
      await addMembersForSetup(context, group.id, users);
      const removed = users.slice(0, 3);
      const reply = await context.send('groups/remove-members-legacy', { groupId: group.id, members: entraMembers(removed) });
      expectPatchAccepted(reply, 'group');
      await expectMembers(context, group.id, users.slice(3).map((user) => user.id));
    },
  },
  {
    id: 'GRP-DELETE-05',
    level: 'SHOULD',
    name: 'SHOULD answer 404 to a second DELETE of the same group',
    area: 'groups',
    spec: ['RFC7644-3.6', 'ENTRA-3P-VAL'],
    dialects: 'once',
    fixtures: ['groups/create-with-microsoft-schema', 'groups/create-core-with-empty-members', 'groups/delete'],
    keyword: { word: 'SHOULD', source: 'ENTRA-3P-VAL' },
    impact: { kind: 'unknown', text: REPEATED_DELETE_IMPACT },
    async run(context) {
      const group = await context.createGroup();
      const first = await context.send('groups/delete', { groupId: group.id });
      await context.precondition('GRP-DELETE-01', 'delete the group once', async () => expectSuccess(first));
      expectStatus(await context.send('groups/delete', { groupId: group.id }), [404], 'RFC 7644 §3.6: a deleted resource answers 404');
    },
  },
  {
    id: 'USR-LIST-03',
    level: 'MUST',
    name: "MUST page through 11 or more users 5 at a time as Microsoft's gallery validation does: full pages, startIndex echoed",
    area: 'users',
    spec: ['ENTRA-REF-LA', 'RFC7644-3.4.2.4', 'ENTRA-ED-GALVAL'],
    dialects: 'once',
    fixtures: ['users/list-page', 'users/create'],
    judges: 'users/list-page',
    keyword: { word: 'REQUIRED', source: 'ENTRA-REF-LA' },
    impact: {
      kind: 'none-known',
      text: "None known for Entra's provisioning cycles; Microsoft's gallery validation (SCIM_User_Pagination_Test, mandatory) fails, so the app is not listed.",
      source: 'ENTRA-REF-LA',
    },
    async run(context) {
      // As Microsoft: create as many users as it takes to have 11 (and one at least, so the run pages its own).
      const first = await context.send('users/list-page', { startIndex: 1, count: PAGE_SIZE });
      expectStatus(first, [200]);
      const before = jsonBody(first).totalResults;
      const missing = Math.max(1, PAGED_USERS - (typeof before === 'number' ? before : 0));
      await context.precondition('USR-CREATE-01', `create ${missing} users to page through`, () => context.createUsers(missing));
      await walkPages(context, PAGED_USERS);
    },
  },
];
