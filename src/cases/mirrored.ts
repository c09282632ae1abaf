/**
 * Checks that are the same for users and groups: create, 201, required attributes, duplicate → 409, the
 * three filter checks, delete gone, delete 204. Each check is written once and run on either resource;
 * the table gives each resource's case its own explicit id, name, spec tags, keyword and impact (stable:
 * reports and baselines refer to them). users.ts and groups.ts place the cases in catalogue order.
 */
import { matchingAttributes, type Profile, type ResourceKind } from '../profiles/profile.ts';
import { expectCreateAnswer, expectCreated201, expectDeleted204, expectProfileAttributes } from './answer-checks.ts';
import { expectNoMembers, expectStatus, expectSuccess } from './checks.ts';
import type { CaseContext, CreatedResource } from './context.ts';
import { SETUP_FIXTURES } from './setup-fixtures.ts';
import { expectFoundByQuery, expectNotFoundByQuery } from './steps.ts';
import type { ConformanceCase } from './types.ts';

/** What differs between users and groups for these checks: fixtures, variable names, generated values. */
interface Resource {
  kind: ResourceKind;
  area: 'users' | 'groups';
  word: 'user' | 'group';
  /** What a precondition create may send (context.createUser / createGroup). */
  creates: readonly string[];
  get: string;
  query: string;
  remove: string;
  create(context: CaseContext): Promise<CreatedResource>;
  idVariables(id: string): Record<string, string>;
  /** The template variable the create body's mapped attributes go into. */
  attributesVariable: 'userAttributes' | 'groupAttributes';
  /** The attribute a create must answer with the value sent, and the generator of that value. */
  named: { attribute: 'userName' | 'displayName'; generator: string };
  /** A matching value no resource of the run can hold. */
  absentValue(context: CaseContext): string;
  /** The query that must find `created` although its letter case differs (and the attribute it names, if not the matching one). */
  caseFolded(context: CaseContext, created: CreatedResource): { value: string; attributePath?: string };
  /** What a query must hold for this resource beyond the match itself (groups: no members). */
  expectQueried(match: Record<string, unknown>): void;
  /** A value that could not show what the check looks for (groups: a name without a space to encode). */
  expectQueryable(value: string): void;
}

const USER: Resource = {
  kind: 'user',
  area: 'users',
  word: 'user',
  creates: SETUP_FIXTURES.createUser,
  get: 'users/get-by-id',
  query: 'users/query-by-matching-attribute',
  remove: 'users/delete',
  create: (context) => context.createUser(),
  idVariables: (id) => ({ userId: id }),
  attributesVariable: 'userAttributes',
  named: { attribute: 'userName', generator: 'userName' },
  absentValue: (context) => `${context.data.prefix}absent-${context.data.randomGuid()}@example.com`,
  caseFolded: (_context, user) => ({ value: String(user.values.userName).toUpperCase(), attributePath: 'userName' }),
  expectQueried: () => undefined,
  expectQueryable: () => undefined,
};

const GROUP: Resource = {
  kind: 'group',
  area: 'groups',
  word: 'group',
  creates: SETUP_FIXTURES.createGroup,
  get: 'groups/get-by-id',
  query: 'groups/query-by-matching-attribute',
  remove: 'groups/delete',
  create: (context) => context.createGroup(),
  idVariables: (id) => ({ groupId: id }),
  attributesVariable: 'groupAttributes',
  named: { attribute: 'displayName', generator: 'groupDisplayName' },
  absentValue: (context) => `${context.data.prefix}absent group ${context.data.randomGuid()}`,
  caseFolded: (context, group) => ({ value: context.matchingValue('group', group.values).toUpperCase() }),
  expectQueried: (match) => expectNoMembers('GET /Groups?filter=… (Resources/0)', match),
  expectQueryable: (name) => {
    if (!name.includes(' ')) throw new Error(`generated group name has no space to encode: ${name}`);
  },
};

const RESOURCES: Record<ResourceKind, Resource> = { user: USER, group: GROUP };

/** A case's own data: everything but what the check derives (area, dialects, fixtures, run). */
type Entry = Omit<ConformanceCase, 'area' | 'dialects' | 'fixtures' | 'run'> & {
  kind: ResourceKind;
  /** For the create check: the create body it judges. */
  fixture?: string;
};

interface MirroredCheck {
  fixtures(resource: Resource, entry: Entry): string[];
  run(context: CaseContext, resource: Resource, entry: Entry): Promise<void>;
  cases: Entry[];
}

/** Entra queries by userName only when the mapping matches on it (at any matchingPriority). */
export const matchesOnUserName = (profile: Profile): boolean =>
  matchingAttributes(profile, 'user').some((attribute) => attribute.path.toLowerCase() === 'username');

/** Creates a resource, then sends its create again with the same name (another externalId), in the form the target took. */
export async function sendDuplicate(context: CaseContext, kind: ResourceKind): ReturnType<CaseContext['send']> {
  const resource = RESOURCES[kind];
  const created = await resource.create(context);
  return context.send(created.form ?? resource.creates[0]!, {
    [resource.attributesVariable]: context.mappedAttributes(kind, { ...created.values, externalId: `${String(created.values.externalId)}-2` }),
  });
}

const MIRRORED_CHECKS: readonly MirroredCheck[] = [
  {
    // One create body, judged on what Entra needs of it: success, the id, a valid resource, the name sent.
    fixtures: (_resource, entry) => [entry.fixture!],
    async run(context, resource, entry) {
      const values = resource.kind === 'user' ? context.data.user() : context.data.group();
      const reply = await context.send(entry.fixture!, { [resource.attributesVariable]: context.mappedAttributes(resource.kind, values) });
      expectCreateAnswer(reply, resource.kind, { attribute: resource.named.attribute, sent: values[resource.named.generator] });
    },
    cases: [
      {
        kind: 'user',
        fixture: 'users/create',
        id: 'USR-CREATE-01',
        level: 'MUST',
        name: "MUST create a user from Entra's POST body and answer with success, the user and its id",
        spec: ['RFC7644-3.3', 'RFC7643-3.1', 'ENTRA-ED-SCIM', 'ENTRA-ED-HOW'],
        keyword: { word: 'REQUIRED', source: 'RFC7643-3.1' },
        impact: {
          kind: 'retried-every-cycle',
          text: 'The user is not provisioned: Entra logs the create as failed (or, without an id, cannot address the user later) and retries it on every cycle.',
          source: 'ENTRA-ED-LOGS',
        },
      },
      {
        kind: 'group',
        fixture: 'groups/create-with-microsoft-schema',
        id: 'GRP-CREATE-01',
        level: 'MUST',
        name: "MUST create a group from Entra's body with Microsoft's ADSCIM schema URI and answer with success and its id",
        spec: ['RFC7644-3.3', 'RFC7643-3.1', 'ENTRA-ED-SCIM', 'ENTRA-ED-COMPAT'],
        keyword: { word: 'REQUIRED', source: 'RFC7643-3.1' },
        impact: {
          kind: 'retried-every-cycle',
          text: "Groups created with Entra's documented body are refused (or come back without an id): every group create fails and is retried on every cycle.",
          source: 'ENTRA-ED-LOGS',
        },
      },
      {
        kind: 'group',
        fixture: 'groups/create-core-with-empty-members',
        id: 'GRP-CREATE-02',
        level: 'MUST',
        name: 'MUST create a group from a core-only body with an empty members list and answer with success and its id',
        spec: ['RFC7644-3.3', 'RFC7643-3.1', 'ENTRA-ED-SCIM'],
        keyword: { word: 'REQUIRED', source: 'RFC7643-3.1' },
        impact: {
          kind: 'retried-every-cycle',
          text: 'Groups created with the core-only body Entra sends are refused (or come back without an id): every such create fails and is retried on every cycle.',
          source: 'ENTRA-ED-LOGS',
        },
      },
    ],
  },
  {
    fixtures: (resource) => [...resource.creates],
    async run(context, resource) {
      const { reply } = await resource.create(context);
      expectCreated201(reply);
    },
    cases: [
      {
        kind: 'user',
        id: 'USR-CREATE-04',
        level: 'MUST',
        name: 'MUST answer a successful user create with 201 Created',
        spec: ['RFC7644-3.3'],
        keyword: { word: 'SHALL', source: 'RFC7644-3.3' },
        impact: {
          kind: 'none-known',
          text: 'None known: Entra takes any 2xx with the user as a successful create (Microsoft\'s validation template accepts 200 or 201).',
          source: 'ENTRA-REF-LA',
        },
      },
      {
        kind: 'group',
        id: 'GRP-CREATE-04',
        level: 'MUST',
        name: 'MUST answer a successful group create with 201 Created',
        spec: ['RFC7644-3.3'],
        keyword: { word: 'SHALL', source: 'RFC7644-3.3' },
        impact: {
          kind: 'none-known',
          text: "None known: Entra takes any 2xx with the group as a successful create (Microsoft's validation template accepts 200 or 201).",
          source: 'ENTRA-REF-LA',
        },
      },
    ],
  },
  {
    fixtures: (resource) => [...resource.creates],
    async run(context, resource) {
      const { reply } = await resource.create(context);
      expectProfileAttributes(reply, context.profile, resource.kind);
    },
    cases: [
      {
        kind: 'user',
        id: 'USR-CREATE-05',
        level: 'MUST',
        name: 'MUST return every attribute the target profile requires on the created user',
        spec: ['ENTRA-ED-AKAMAI', 'RFC7644-3.3'],
        keyword: { word: 'REQUIRED', source: 'ENTRA-ED-AKAMAI' },
        impact: {
          kind: 'data-silently-wrong',
          text: 'Entra reports the create as a success, but the target does not hold an attribute it requires (for Akamai EAA the work email), so the account in the target is incomplete.',
          source: 'ENTRA-ED-AKAMAI',
        },
      },
      {
        kind: 'group',
        id: 'GRP-CREATE-05',
        level: 'MUST',
        name: 'MUST return every attribute the target profile requires on the created group',
        spec: ['ENTRA-ED-AKAMAI', 'RFC7644-3.3'],
        keyword: { word: 'REQUIRED', source: 'ENTRA-ED-AKAMAI' },
        impact: {
          kind: 'data-silently-wrong',
          text: 'Entra reports the create as a success, but the target does not hold an attribute it requires (displayName for Akamai EAA).',
          source: 'ENTRA-ED-AKAMAI',
        },
      },
    ],
  },
  {
    fixtures: (resource) => [...resource.creates],
    async run(context, resource) {
      expectStatus(await sendDuplicate(context, resource.kind), [409]);
    },
    cases: [
      {
        kind: 'user',
        id: 'USR-CREATE-02',
        level: 'MUST',
        name: 'MUST refuse a second user with the same userName with 409',
        spec: ['RFC7644-3.3', 'RFC7643-4.1.1', 'ENTRA-ED-LOGS'],
        keyword: { word: 'MUST', source: 'RFC7644-3.3' },
        impact: {
          kind: 'data-silently-wrong',
          text: 'Entra relies on 409 (EntryConflict) to stop; a target that accepts the duplicate holds two accounts for one person, and the next query returns two matches (DuplicateTargetEntries).',
          source: 'ENTRA-ED-LOGS',
        },
      },
      {
        kind: 'group',
        id: 'GRP-CREATE-03',
        level: 'MUST',
        name: 'MUST refuse a second group with the same displayName with 409',
        spec: ['RFC7644-3.3', 'ENTRA-ED-SCIM', 'ENTRA-3P-VAL'],
        keyword: { word: 'MUST', source: 'ENTRA-ED-SCIM' },
        impact: {
          kind: 'data-silently-wrong',
          text: 'Entra matches groups by displayName and needs it unique; the duplicate is accepted and the next query returns two groups (DuplicateTargetEntries).',
          source: 'ENTRA-ED-LOGS',
        },
      },
    ],
  },
  {
    fixtures: (resource) => [...resource.creates, resource.query],
    async run(context, resource) {
      // A second resource makes a target that ignores the filter (and returns everything) visible.
      const created = await resource.create(context);
      await resource.create(context);
      const value = context.matchingValue(resource.kind, created.values);
      resource.expectQueryable(value);
      resource.expectQueried(await expectFoundByQuery(context, resource.kind, value, created.id));
    },
    cases: [
      {
        kind: 'user',
        id: 'USR-FILTER-01',
        level: 'MUST',
        name: 'MUST return exactly the matching user, and not another one, for a filter on the matching attribute',
        spec: ['RFC7644-3.4.2.2', 'ENTRA-ED-SCIM', 'ENTRA-ED-ATTR', 'ENTRA-ED-LOGS'],
        keyword: { word: 'MUST', source: 'ENTRA-ED-ATTR' },
        impact: {
          kind: 'retried-every-cycle',
          text: 'Entra cannot find the user it created, so it tries to create it again every cycle (409 loop) or logs DuplicateTargetEntries.',
          source: 'ENTRA-ED-LOGS',
        },
      },
      {
        kind: 'group',
        id: 'GRP-FILTER-01',
        level: 'MUST',
        name: 'MUST return exactly the matching group, and not another one, for a displayName filter with spaces',
        spec: ['RFC7644-3.4.2.2', 'RFC7644-3.4.2.5', 'ENTRA-ED-SCIM', 'ENTRA-ED-ATTR'],
        keyword: { word: 'MUST', source: 'ENTRA-ED-ATTR' },
        impact: {
          kind: 'retried-every-cycle',
          text: 'Entra cannot find the group it created, so it tries to create it again every cycle (409 loop).',
          source: 'ENTRA-ED-LOGS',
        },
      },
    ],
  },
  {
    fixtures: (resource) => [resource.query],
    async run(context, resource) {
      await expectNotFoundByQuery(context, resource.kind, resource.absentValue(context));
    },
    cases: [
      {
        kind: 'user',
        id: 'USR-FILTER-02',
        level: 'MUST',
        name: 'MUST answer 200 with an empty ListResponse when no user matches the filter',
        spec: ['RFC7644-3.4.2', 'ENTRA-ED-SCIM', 'ENTRA-ED-QUAR'],
        keyword: { word: 'SHALL', source: 'RFC7644-3.4.2' },
        impact: {
          kind: 'quarantine',
          text: 'A 404 (or anything but an empty ListResponse) for "no match" makes Entra quarantine the job as a SCIM compliance issue; new users are never created.',
          source: 'ENTRA-ED-QUAR',
        },
      },
      {
        kind: 'group',
        id: 'GRP-FILTER-02',
        level: 'MUST',
        name: 'MUST answer 200 with an empty ListResponse when no group matches the filter',
        spec: ['RFC7644-3.4.2', 'ENTRA-ED-SCIM', 'ENTRA-ED-QUAR'],
        keyword: { word: 'SHALL', source: 'RFC7644-3.4.2' },
        impact: {
          kind: 'quarantine',
          text: 'A 404 (or anything but an empty ListResponse) for "no match" makes Entra quarantine the job as a SCIM compliance issue; new groups are never created.',
          source: 'ENTRA-ED-QUAR',
        },
      },
    ],
  },
  {
    fixtures: (resource) => [...resource.creates, resource.query],
    async run(context, resource) {
      const created = await resource.create(context);
      const { value, attributePath } = resource.caseFolded(context, created);
      await expectFoundByQuery(context, resource.kind, value, created.id, attributePath);
    },
    cases: [
      {
        kind: 'user',
        id: 'USR-FILTER-03',
        level: 'MUST',
        name: 'MUST match userName case-insensitively in a filter',
        spec: ['RFC7643-4.1.1', 'RFC7644-3.4.2.2', 'ENTRA-3P-VAL'],
        keyword: { word: 'MUST', source: 'RFC7644-3.4.2.2' },
        impact: {
          kind: 'retried-every-cycle',
          text: 'When the case of a UPN differs between Entra and the target, Entra finds no match and tries to create the user again every cycle (409 loop), or creates a duplicate.',
          source: 'ENTRA-ED-LOGS',
        },
        appliesTo: matchesOnUserName,
      },
      {
        kind: 'group',
        id: 'GRP-FILTER-03',
        level: 'MUST',
        name: 'MUST match displayName case-insensitively in a filter',
        spec: ['RFC7643-4.2', 'RFC7644-3.4.2.2', 'ENTRA-3P-VAL'],
        keyword: { word: 'MUST', source: 'RFC7644-3.4.2.2' },
        impact: {
          kind: 'retried-every-cycle',
          text: 'A group whose name differs only in letter case is not found, so Entra tries to create it again every cycle (409 loop).',
          source: 'ENTRA-ED-LOGS',
        },
      },
    ],
  },
  {
    fixtures: (resource) => [...resource.creates, resource.remove, resource.get, resource.query],
    async run(context, resource) {
      const created = await resource.create(context);
      expectSuccess(await context.send(resource.remove, resource.idVariables(created.id)), 'a DELETE must succeed');
      expectStatus(await context.send(resource.get, resource.idVariables(created.id)), [404], `a deleted ${resource.word} must be gone by id`);
      await expectNotFoundByQuery(context, resource.kind, context.matchingValue(resource.kind, created.values));
    },
    cases: [
      {
        kind: 'user',
        id: 'USR-DELETE-01',
        level: 'MUST',
        name: 'MUST hard-delete a user so that it is gone by id and by filter',
        spec: ['RFC7644-3.6', 'ENTRA-ED-SCIM', 'ENTRA-ED-HOW'],
        keyword: { word: 'MUST', source: 'RFC7644-3.6' },
        impact: { kind: 'data-silently-wrong', text: 'Users permanently deleted in Entra keep their account in the target.', source: 'ENTRA-ED-HOW' },
      },
      {
        kind: 'group',
        id: 'GRP-DELETE-01',
        level: 'MUST',
        name: 'MUST delete a group so that it is gone by id and by filter',
        spec: ['RFC7644-3.6', 'ENTRA-ED-SCIM'],
        keyword: { word: 'MUST', source: 'RFC7644-3.6' },
        impact: { kind: 'data-silently-wrong', text: 'Groups deleted in Entra stay in the target with their members.', source: 'ENTRA-ED-HOW' },
      },
    ],
  },
  {
    fixtures: (resource) => [...resource.creates, resource.remove],
    async run(context, resource) {
      const created = await resource.create(context);
      expectDeleted204(await context.send(resource.remove, resource.idVariables(created.id)));
    },
    cases: [
      {
        kind: 'user',
        id: 'USR-DELETE-03',
        level: 'MUST',
        name: 'MUST answer a successful user DELETE with 204 No Content',
        spec: ['RFC7644-3.6', 'ENTRA-ED-SCIM'],
        keyword: { word: 'SHALL', source: 'RFC7644-3.6' },
        impact: { kind: 'unknown', text: 'Unknown: Microsoft documents 204 for a delete and no source says how Entra treats another 2xx; the RFC keyword decides.' },
      },
      {
        kind: 'group',
        id: 'GRP-DELETE-03',
        level: 'MUST',
        name: 'MUST answer a successful group DELETE with 204 No Content',
        spec: ['RFC7644-3.6', 'ENTRA-ED-SCIM'],
        keyword: { word: 'SHALL', source: 'RFC7644-3.6' },
        impact: { kind: 'unknown', text: 'Unknown: Microsoft documents 204 for a delete and no source says how Entra treats another 2xx; the RFC keyword decides.' },
      },
    ],
  },
];

const MIRRORED = new Map(
  MIRRORED_CHECKS.flatMap((check) =>
    check.cases.map((entry): [string, ConformanceCase] => {
      const resource = RESOURCES[entry.kind];
      const { kind: _kind, fixture: _fixture, ...data } = entry;
      return [entry.id, { ...data, area: resource.area, dialects: 'once', fixtures: check.fixtures(resource, entry), run: (context) => check.run(context, resource, entry) }];
    }),
  ),
);

/** The mirrored case with this id, for users.ts and groups.ts to place in catalogue order. */
export function mirroredCase(id: string): ConformanceCase {
  const testCase = MIRRORED.get(id);
  if (testCase === undefined) throw new Error(`no mirrored case ${id}`);
  return testCase;
}
