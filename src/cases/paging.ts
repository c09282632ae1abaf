/**
 * Account discovery's paging (reference §2.5, ED-DISC): Entra reads a target's accounts page by page with
 * `startIndex` and `count`. Microsoft's validation template pages through users and, optionally, groups the
 * same way (REF-LA); a reader stops when a page starts past `totalResults`. The page checks live here so the
 * user and group cases judge a page alike.
 */
import { SETUP_FIXTURES } from './setup-fixtures.ts';
import type { ResourceKind } from '../profiles/profile.ts';
import { expectSchemas, expectStatus, expectValue, jsonBody } from './checks.ts';
import type { CaseContext } from './context.ts';
import type { Reply } from '../model/reply.ts';
import { CaseSkipped, ConformanceFailure, type ConformanceCase } from './types.ts';

const PAGE_FIXTURE: Record<ResourceKind, string> = { user: 'users/list-page', group: 'groups/list-page' };
const NOUNS: Record<ResourceKind, string> = { user: 'users', group: 'groups' };

interface Page {
  reply: Reply;
  body: Record<string, unknown>;
  resources: unknown[];
}

/** One page: 200 and a ListResponse. */
async function readPage(context: CaseContext, kind: ResourceKind, startIndex: number, count: number): Promise<Page> {
  const reply = await context.send(PAGE_FIXTURE[kind], { startIndex, count });
  expectStatus(reply, [200]);
  const body = jsonBody(reply);
  expectSchemas(reply, body, ['scim/ListResponse.json']);
  return { reply, body, resources: (body.Resources ?? []) as unknown[] };
}

/** totalResults of a page, which must count at least the `created` objects this case made. */
function totalOf(page: Page, created: number): number {
  const total = page.body.totalResults;
  if (typeof total !== 'number' || !Number.isInteger(total) || total < created) {
    throw new ConformanceFailure(`${page.reply.label}: totalResults should count every user (at least the ${created} created), got ${JSON.stringify(total)}`, `${created} or more`, total);
  }
  return total;
}

/**
 * Pages 1 and 2 of `count` when more than `count` exist: each holds 1 to `count` resources (RFC 7644 §3.4.2.4:
 * never more than count), and startIndex, REQUIRED for partial results, echoes the request.
 */
export async function expectPagesOf(context: CaseContext, kind: ResourceKind, count: number): Promise<void> {
  for (const startIndex of [1, 1 + count]) {
    const { reply, body, resources } = await readPage(context, kind, startIndex, count);
    if (resources.length === 0 || resources.length > count) {
      throw new ConformanceFailure(`${reply.label}: a page of count=${count} should hold 1 to ${count} ${NOUNS[kind]}, got ${resources.length}`, `1 to ${count} resources`, resources.length);
    }
    expectValue(reply, '/startIndex', startIndex, body.startIndex);
  }
}

/** Tries for a page that starts past the end while other writes may move the end (a shared or busy target). */
const END_ATTEMPTS = 3;

export const pagingCases: ConformanceCase[] = [
  {
    id: 'GRP-LIST-01',
    level: 'MUST',
    name: 'MUST page through groups with startIndex and count',
    area: 'groups',
    spec: ['RFC7644-3.4.2.4', 'ENTRA-REF-LA'],
    dialects: 'once',
    fixtures: [...SETUP_FIXTURES.createGroup, 'groups/list-page'],
    keyword: { word: 'MUST', source: 'RFC7644-3.4.2.4' },
    impact: {
      kind: 'none-known',
      text: "None known for provisioning: Entra's cycles look groups up by displayName and never list them; Microsoft's validation template pages through groups as an optional test, and a reader of a target that ignores count or startIndex gets every group at once, or the same page again.",
      source: 'ENTRA-REF-LA',
    },
    async run(context) {
      for (let index = 0; index < 3; index += 1) await context.createGroup();
      await expectPagesOf(context, 'group', 2);
    },
  },
  {
    id: 'USR-LIST-02',
    level: 'MUST',
    name: 'MUST answer a page of users that starts past the last one with 200 and no users',
    area: 'users',
    spec: ['RFC7644-3.4.2.4', 'ENTRA-ED-SCIM'],
    dialects: 'once',
    fixtures: ['users/create', 'users/list-page'],
    keyword: { word: 'REQUIRED', source: 'ENTRA-ED-SCIM' },
    impact: {
      kind: 'none-known',
      text: "None known for provisioning: only account discovery pages through the target's users, and a target that answers a page past the end with users again (or an error) makes it read the same accounts twice, or never see the end of the list.",
      source: 'ENTRA-ED-SCIM',
    },
    async run(context) {
      await context.createUsers(2);
      let end = totalOf(await readPage(context, 'user', 1, 1), 2);
      for (let attempt = 1; attempt <= END_ATTEMPTS; attempt += 1) {
        const past = await readPage(context, 'user', end + 1, 2);
        const total = totalOf(past, 2);
        // Users created meanwhile moved the end: ask again past the new one.
        if (total > end) {
          end = total;
          continue;
        }
        if (past.resources.length > 0) {
          throw new ConformanceFailure(`${past.reply.label}: a page starting at ${end + 1}, past totalResults ${total}, should hold no users, got ${past.resources.length}`, 0, past.resources.length);
        }
        return;
      }
      throw new CaseSkipped(`the number of users kept growing over ${END_ATTEMPTS} pages past the end (other writes to the target); the end of the list could not be observed`);
    },
  },
];
