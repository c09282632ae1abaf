/**
 * Identity round trips: the hard identities of fixtures/identities/ (every UPN character Entra allows, B2B
 * guest UPNs, names in any script and normalisation form, the longest values, subaddressed mail, neighbours
 * that differ by case or by a prefix) created with the profile's mapping and judged one property per case:
 * stored as sent, found by the matching filter, and near misses found by nothing. A failure names the class.
 */
import { classesFor, type IdentityUse } from '../data/identities.ts';
import type { IdentityUser } from '../data/test-data.ts';
import { matchingAttribute } from '../profiles/profile.ts';
import { writtenAttributes } from '../profiles/profile.ts';
import { expectCreatedId, expectMappedValue } from './checks.ts';
import { getMappedValue } from '../profiles/mapped-path.ts';
import type { Reply } from '../model/reply.ts';
import { ConformanceFailure } from '../model/outcomes.ts';
import type { CaseContext, CreatedResource } from './context.ts';
import { expectFoundByQuery, expectNotFoundByQuery, readBack } from './steps.ts';
import type { ConformanceCase } from './types.ts';

/** A user of one identity class, as the target created it. */
interface IdentityResource {
  identity: IdentityUser;
  created: CreatedResource;
}

function identityUsers(context: CaseContext, use: IdentityUse): IdentityUser[] {
  return classesFor(use).flatMap((identity) => context.data.identityUsers(identity.id));
}

/** Entra's create with the profile's mapping of this identity's values; only a 2xx and an id are asked for. */
async function createIdentity(context: CaseContext, identity: IdentityUser): Promise<IdentityResource> {
  const reply = await context.send('users/create', { userAttributes: context.mappedAttributes('user', identity.values) });
  const id = expectCreatedId(reply);
  return { identity, created: { kind: 'user', id, values: identity.values, resource: (reply.json ?? {}) as Record<string, unknown>, reply } };
}

/** Creates the users of `use` as preconditions of a check judged elsewhere (IDN-STORE-01 judges the creates). */
async function createForSetup(context: CaseContext, use: IdentityUse): Promise<IdentityResource[]> {
  const made: IdentityResource[] = [];
  for (const identity of identityUsers(context, use)) {
    made.push(await context.precondition('IDN-STORE-01', `create a user for ${identity.label}`, () => createIdentity(context, identity)));
  }
  return made;
}

export const identityCases: ConformanceCase[] = [
  {
    id: 'IDN-STORE-01',
    level: 'SHOULD',
    name: 'SHOULD create every hard identity Entra can send and return each mapped value exactly as sent, byte for byte',
    area: 'users',
    spec: ['ENTRA-ED-SCIM', 'ENTRA-ED-UPN', 'ENTRA-GRAPH-USER', 'ENTRA-ED-HOW', 'RFC7643-2.3.1', 'RFC7643-7'],
    dialects: 'once',
    fixtures: ['users/create', 'users/get-by-id'],
    keyword: { word: 'SHOULD', source: 'ENTRA-ED-SCIM' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'A name or userName that comes back changed (accents decomposed or dropped, another script mangled, cut short, case folded) differs from what Entra holds: the target shows the wrong name, and Entra sees a difference on every later update. A refused create is retried every cycle instead.',
      source: 'ENTRA-ED-SCIM',
    },
    async run(context) {
      for (const identity of identityUsers(context, 'store')) {
        await context.judgingIdentity(identity, async () => {
          const { created } = await createIdentity(context, identity);
          const { reply, resource } = await readBack(context, 'user', created.id);
          // No normalisation tolerance: RFC 7643 §2.3.1 defines strings as Unicode characters and no source
          // lets a server change their form, so NFD must come back as NFD (ED-SCIM: stored as sent).
          for (const attribute of writtenAttributes(context.profile, 'user')) {
            const sent = identity.values[attribute.generate];
            if (typeof sent === 'string') expectExactText(reply, resource, attribute.path, sent);
          }
        });
      }
    },
  },
  {
    id: 'IDN-FILTER-01',
    level: 'MUST',
    name: 'MUST find exactly the user of every hard identity by a filter on its matching value, as Entra encodes it',
    area: 'users',
    spec: ['RFC7644-3.4.2.2', 'ENTRA-ED-ATTR', 'ENTRA-ED-UPN', 'ENTRA-ED-HOW', 'ENTRA-ED-LOGS'],
    dialects: 'once',
    judges: 'users/query-by-matching-attribute',
    fixtures: ['users/create', 'users/query-by-matching-attribute'],
    keyword: { word: 'MUST', source: 'ENTRA-ED-ATTR' },
    impact: {
      kind: 'retried-every-cycle',
      text: 'A user whose UPN holds an apostrophe, a # or a guest\'s #EXT# is not found by its own value: Entra creates it again, the target answers 409, and the create fails on every cycle.',
      source: 'ENTRA-ED-LOGS',
    },
    async run(context) {
      const users = await createForSetup(context, 'filter');
      for (const { identity, created } of users) {
        await context.judgingIdentity(identity, () => expectFoundByQuery(context, 'user', context.matchingValue('user', identity.values), created.id));
      }
    },
  },
  {
    id: 'IDN-NEARMISS-01',
    level: 'MUST',
    name: 'MUST find nothing for a near miss of an existing matching value (a prefix of it, or it extended)',
    area: 'users',
    spec: ['RFC7644-3.4.2.2', 'ENTRA-ED-LOGS', 'ENTRA-ED-HOW'],
    dialects: 'once',
    judges: 'users/query-by-matching-attribute',
    fixtures: ['users/create', 'users/query-by-matching-attribute'],
    keyword: { word: 'MUST', source: 'RFC7644-3.4.2.2' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'A query for one person finds another (ann@example.com for ann@example.co): Entra takes the match, caches its id and updates or disables someone else.',
      source: 'ENTRA-ED-HOW',
    },
    async run(context) {
      const users = await createForSetup(context, 'near-miss');
      for (const { identity } of users) {
        const value = context.matchingValue('user', identity.values);
        await context.judgingIdentity(identity, async () => {
          for (const nearMiss of nearMisses(value, caseExact(context))) await expectNotFoundByQuery(context, 'user', nearMiss);
        });
      }
    },
  },
];

/**
 * The value read back must be the very text sent. When it differs only in Unicode normalisation, the two look
 * alike on screen, so the failure spells out the code points and the forms.
 */
function expectExactText(reply: Reply, resource: Record<string, unknown>, path: string, sent: string): void {
  const actual = getMappedValue(resource, path);
  if (typeof actual === 'string' && actual !== sent && actual.normalize('NFC') === sent.normalize('NFC')) {
    throw new ConformanceFailure(
      `${reply.label}: ${path} came back in another Unicode normalisation form: sent ${formOf(sent)} "${escapeNonAscii(sent)}", got ${formOf(actual)} "${escapeNonAscii(actual)}"`,
      sent,
      actual,
    );
  }
  expectMappedValue(reply, resource, path, sent);
}

function formOf(text: string): string {
  if (text === text.normalize('NFC')) return 'NFC';
  return text === text.normalize('NFD') ? 'NFD' : 'mixed';
}

function escapeNonAscii(text: string): string {
  return [...text].map((char) => (char.codePointAt(0)! < 0x80 ? char : `{U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}`)).join('');
}

/**
 * What no one holds but a loose comparison would take for `value`: the value one character short, the value
 * with `.example` appended (ann@example.com.au inside RFC 2606 names), and, where the matching attribute is
 * case-exact (RFC 7643 §7), the value in other letter case.
 */
export function nearMisses(value: string, isCaseExact: boolean): string[] {
  const misses = [value.slice(0, -1), `${value}.example`];
  if (isCaseExact && value.toUpperCase() !== value) misses.push(value.toUpperCase());
  return misses;
}

/** RFC 7643: userName and emails are case-insensitive; externalId is case-exact (§3.1). */
function caseExact(context: CaseContext): boolean {
  return matchingAttribute(context.profile, 'user').path.toLowerCase() === 'externalid';
}
