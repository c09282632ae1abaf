/** The user lifecycle as Entra drives it (reference §2.2, §3): query, create, read, update, disable, delete. */
import { ENTERPRISE_USER_URN, parseMappedPath } from '../profiles/mapped-path.ts';
import { writtenAttributes } from '../profiles/profile.ts';
import {
  expectMappedValue,
  expectResource,
  expectScimError,
  expectStatus,
  expectValue,
} from './checks.ts';
import type { CaseContext } from './context.ts';
import { expectFoundByQuery, expectNotFoundByQuery, expectPatchAccepted, readBack } from './steps.ts';
import { ConformanceFailure, type ConformanceCase } from './types.ts';

const DISABLED_IS_STILL_A_USER =
  'Entra expects a disabled user to stay readable by id and by filter; otherwise it logs InvalidAnchor and, on the next cycle, creates the user again.';

export const userCases: ConformanceCase[] = [
  {
    id: 'USR-CREATE-01',
    level: 'MUST',
    name: "MUST create a user from Entra's POST body and answer 201 with the user and its id",
    area: 'users',
    spec: ['RFC7644-3.3', 'ENTRA-ED-SCIM'],
    dialects: 'once',
    fixtures: ['users/create'],
    entraImpact: 'Entra cannot provision any user: every create is logged as a failure and retried with backoff.',
    async run(context) {
      const values = context.data.user();
      const reply = await context.send('users/create', { userAttributes: context.mappedAttributes('user', values) });
      expectStatus(reply, [201]);
      const resource = expectResource(reply, context.profile, 'user');
      expectValue(reply, '/userName', values.userName, resource.userName);
    },
  },
  {
    id: 'USR-CREATE-02',
    level: 'MUST',
    name: 'MUST refuse a second user with the same userName with 409 and a SCIM Error',
    area: 'users',
    spec: ['RFC7644-3.3', 'RFC7644-3.12', 'ENTRA-ED-LOGS'],
    dialects: 'once',
    fixtures: ['users/create'],
    entraImpact:
      'Entra relies on 409 (EntryConflict) to stop; a target that accepts the duplicate holds two accounts for one person, and the next query returns two matches (DuplicateTargetEntries).',
    async run(context) {
      const user = await context.createUser();
      const duplicate = await context.send('users/create', {
        userAttributes: context.mappedAttributes('user', { ...user.values, externalId: `${String(user.values.externalId)}-2` }),
      });
      expectScimError(duplicate, 409);
    },
  },
  {
    id: 'USR-CREATE-03',
    level: 'SHOULD',
    name: 'SHOULD store every mapped attribute exactly as Entra sent it',
    area: 'users',
    spec: ['ENTRA-ED-SCIM', 'RFC7643-2.1'],
    dialects: 'once',
    fixtures: ['users/create', 'users/get-by-id'],
    entraImpact:
      'Entra compares source and target values every cycle; a value stored in another format looks changed and is re-sent on every cycle.',
    async run(context) {
      const user = await context.createUser();
      const { reply, resource } = await readBack(context, 'user', user.id);
      for (const attribute of writtenAttributes(context.profile, 'user')) {
        expectMappedValue(reply, resource, attribute.path, user.values[attribute.generate]);
      }
    },
  },
  {
    id: 'USR-GET-01',
    level: 'MUST',
    name: 'MUST return a user by the id it was created with',
    area: 'users',
    spec: ['RFC7644-3.4.1', 'ENTRA-ED-SCIM', 'ENTRA-ED-HOW'],
    dialects: 'once',
    fixtures: ['users/create', 'users/get-by-id'],
    entraImpact: 'Entra reads a user by its cached id before every update; without it no update can be made (InvalidAnchor).',
    async run(context) {
      const user = await context.createUser();
      const { reply, resource } = await readBack(context, 'user', user.id);
      expectValue(reply, '/id', user.id, resource.id);
      expectValue(reply, '/userName', user.values.userName, resource.userName);
    },
  },
  {
    id: 'USR-GET-02',
    level: 'MUST',
    name: 'MUST answer 404 with a SCIM Error for an unknown user id',
    area: 'users',
    spec: ['RFC7644-3.12', 'ENTRA-ED-SCIM'],
    dialects: 'once',
    fixtures: ['users/get-by-id'],
    entraImpact: 'Entra cannot tell that a user was deleted in the target, so it never re-creates it.',
    async run(context) {
      const reply = await context.send('users/get-by-id', { userId: context.data.randomGuid() });
      expectScimError(reply, 404);
    },
  },
  {
    id: 'USR-FILTER-01',
    level: 'MUST',
    name: 'MUST return exactly the matching user, and not another one, for a filter on the matching attribute',
    area: 'users',
    spec: ['RFC7644-3.4.2.2', 'ENTRA-ED-SCIM', 'ENTRA-ED-LOGS'],
    dialects: 'once',
    fixtures: ['users/create', 'users/query-by-matching-attribute'],
    entraImpact: 'Entra cannot find the user it created, so it tries to create it again every cycle (409 loop) or logs DuplicateTargetEntries.',
    async run(context) {
      // A second user makes a target that ignores the filter (and returns everyone) visible.
      const [user] = await context.createUsers(2);
      await expectFoundByQuery(context, 'user', context.matchingValue('user', user!.values), user!.id);
    },
  },
  {
    id: 'USR-FILTER-02',
    level: 'MUST',
    name: 'MUST answer 200 with an empty ListResponse when no user matches the filter',
    area: 'users',
    spec: ['RFC7644-3.4.2', 'ENTRA-ED-SCIM', 'ENTRA-ED-QUAR'],
    dialects: 'once',
    fixtures: ['users/query-by-matching-attribute'],
    entraImpact: 'A 404 for "no match" makes Entra quarantine the job as a SCIM compliance issue; new users are never created.',
    async run(context) {
      await expectNotFoundByQuery(context, 'user', `${context.data.prefix}absent-${context.data.randomGuid()}@example.com`);
    },
  },
  {
    id: 'USR-FILTER-03',
    level: 'MUST',
    name: 'MUST match userName case-insensitively in a filter',
    area: 'users',
    spec: ['RFC7643-4.1.1', 'RFC7644-3.4.2.2'],
    dialects: 'once',
    fixtures: ['users/create', 'users/query-by-matching-attribute'],
    entraImpact:
      'When the case of a UPN differs between Entra and the target, Entra finds no match and creates a duplicate user (or loops on 409).',
    async run(context) {
      const user = await context.createUser();
      await expectFoundByQuery(context, 'user', context.matchingValue('user', user.values).toUpperCase(), user.id);
    },
  },
  {
    id: 'USR-PATCH-01',
    level: 'MUST',
    name: "MUST apply Entra's PATCH of the work email and family name",
    area: 'users',
    spec: ['RFC7644-3.5.2.3', 'ENTRA-ED-SCIM', 'ENTRA-ED-COMPAT'],
    dialects: 'each',
    fixtures: ['users/create', 'users/update-email-and-family-name-{dialect}', 'users/get-by-id'],
    entraImpact: 'E-mail and name changes in Entra never reach the target; the attribute is re-sent and fails every cycle.',
    async run(context) {
      const user = await context.createUser();
      const changes = context.data.user();
      const patch = await context.send('users/update-email-and-family-name-{dialect}', {
        userId: user.id,
        workEmail: changes.workEmail,
        familyName: changes.familyName,
      });
      expectPatchAccepted(patch, context, 'user');
      const { reply, resource } = await readBack(context, 'user', user.id);
      expectMappedValue(reply, resource, 'emails[type eq "work"].value', changes.workEmail);
      expectMappedValue(reply, resource, 'name.familyName', changes.familyName);
      expectNoLiteralPathKeys(reply.label, resource);
    },
  },
  {
    id: 'USR-PATCH-02',
    level: 'MUST',
    name: 'MUST rename userName by PATCH so that the new name is found and the old one is not',
    area: 'users',
    spec: ['RFC7644-3.5.2.3', 'ENTRA-ED-SCIM'],
    dialects: 'each',
    fixtures: ['users/create', 'users/update-username-{dialect}', 'users/get-by-id', 'users/query-by-matching-attribute'],
    entraImpact: 'A renamed user (new UPN) is not found by its new name, so Entra creates a second account for the same person.',
    async run(context) {
      const user = await context.createUser();
      const renamed = String(context.data.user().userName);
      const patch = await context.send('users/update-username-{dialect}', { userId: user.id, userName: renamed });
      expectPatchAccepted(patch, context, 'user');
      const { reply, resource } = await readBack(context, 'user', user.id);
      expectValue(reply, '/userName', renamed, resource.userName);
      await expectFoundByQuery(context, 'user', renamed, user.id);
      await expectNotFoundByQuery(context, 'user', String(user.values.userName));
    },
  },
  {
    id: 'USR-PATCH-03',
    level: 'MUST',
    name: 'MUST apply a PATCH that replaces several attributes at once in the dialect’s form',
    area: 'users',
    spec: ['RFC7644-3.5.2.3', 'ENTRA-ED-COMPAT'],
    dialects: 'each',
    fixtures: ['users/create', 'users/replace-attributes-{dialect}', 'users/get-by-id'],
    entraImpact:
      'Attribute updates are lost silently (ignored dotted keys) or stored under literal keys such as "name.givenName"; the target drifts from Entra.',
    async run(context) {
      const user = await context.createUser();
      const changes = context.data.user();
      const patch = await context.send('users/replace-attributes-{dialect}', { userId: user.id, ...changes });
      expectPatchAccepted(patch, context, 'user');
      const { reply, resource } = await readBack(context, 'user', user.id);
      const sent = sentPaths(patch.request.body);
      for (const attribute of writtenAttributes(context.profile, 'user')) {
        if (sent.has(attribute.path.toLowerCase())) {
          expectMappedValue(reply, resource, attribute.path, changes[attribute.generate]);
        }
      }
      expectNoLiteralPathKeys(reply.label, resource);
    },
  },
  {
    id: 'USR-DISABLE-01',
    level: 'MUST',
    name: 'MUST disable a user with the dialect’s PATCH of active and keep it readable with active false',
    area: 'users',
    spec: ['RFC7644-3.5.2.3', 'RFC7643-4.1.1', 'ENTRA-ED-SCIM', 'ENTRA-ED-COMPAT', 'ENTRA-ED-HOW'],
    dialects: 'each',
    fixtures: ['users/create', 'users/disable-{dialect}', 'users/get-by-id', 'users/query-by-matching-attribute'],
    entraImpact: `Users removed from the app in Entra keep access in the target. ${DISABLED_IS_STILL_A_USER}`,
    async run(context) {
      await expectDisabled(context, 'users/disable-{dialect}');
    },
  },
  {
    id: 'USR-DISABLE-02',
    level: 'MUST',
    name: 'MUST disable a user with the tutorial form (Replace with boolean false)',
    area: 'users',
    spec: ['RFC7644-3.5.2.3', 'ENTRA-ED-SCIM'],
    dialects: 'legacy',
    fixtures: ['users/create', 'users/disable-tutorial', 'users/get-by-id', 'users/query-by-matching-attribute'],
    entraImpact: `Users removed from the app in Entra keep access in the target. ${DISABLED_IS_STILL_A_USER}`,
    async run(context) {
      await expectDisabled(context, 'users/disable-tutorial');
    },
  },
  {
    id: 'USR-ENABLE-01',
    level: 'MUST',
    name: 'MUST re-enable a disabled user with the dialect’s PATCH of active',
    area: 'users',
    spec: ['RFC7644-3.5.2.3', 'ENTRA-ED-SCIM', 'ENTRA-ED-HOW'],
    dialects: 'each',
    fixtures: ['users/create', 'users/disable-{dialect}', 'users/enable-{dialect}', 'users/get-by-id'],
    entraImpact: 'A user restored or re-assigned in Entra stays locked out of the target.',
    async run(context) {
      const user = await context.createUser();
      expectPatchAccepted(await context.send('users/disable-{dialect}', { userId: user.id }), context, 'user');
      const patch = await context.send('users/enable-{dialect}', { userId: user.id });
      expectPatchAccepted(patch, context, 'user');
      const { reply, resource } = await readBack(context, 'user', user.id);
      expectValue(reply, '/active', true, resource.active);
    },
  },
  {
    id: 'USR-DELETE-01',
    level: 'MUST',
    name: 'MUST hard-delete a user with 204 so that it is gone by id and by filter',
    area: 'users',
    spec: ['RFC7644-3.6', 'ENTRA-ED-SCIM', 'ENTRA-ED-HOW'],
    dialects: 'once',
    fixtures: ['users/create', 'users/delete', 'users/get-by-id', 'users/query-by-matching-attribute'],
    entraImpact: 'Users permanently deleted in Entra keep their account in the target.',
    async run(context) {
      const user = await context.createUser();
      const deleted = await context.send('users/delete', { userId: user.id });
      expectStatus(deleted, [204]);
      expectScimError(await context.send('users/get-by-id', { userId: user.id }), 404);
      await expectNotFoundByQuery(context, 'user', context.matchingValue('user', user.values));
    },
  },
  {
    id: 'USR-DELETE-02',
    level: 'SHOULD',
    name: 'SHOULD answer 404 to a second DELETE of the same user',
    area: 'users',
    spec: ['RFC7644-3.6', 'ENTRA-3P-VAL'],
    dialects: 'once',
    fixtures: ['users/create', 'users/delete'],
    entraImpact: 'A repeated delete that does not answer 404 hides whether the user is really gone.',
    async run(context) {
      const user = await context.createUser();
      const first = await context.send('users/delete', { userId: user.id });
      expectStatus(first, [204], 'the first DELETE must succeed before the second can be judged');
      expectScimError(await context.send('users/delete', { userId: user.id }), 404);
    },
  },
  {
    id: 'USR-MEDIA-01',
    level: 'SHOULD',
    name: 'SHOULD answer with Content-Type application/scim+json',
    area: 'users',
    spec: ['RFC7644-3.1', 'ENTRA-ED-SCIM'],
    dialects: 'once',
    fixtures: ['users/create', 'users/get-by-id'],
    entraImpact: 'Entra documents application/scim+json for every response; other media types are outside what it promises to parse.',
    async run(context) {
      const user = await context.createUser();
      const { reply } = await readBack(context, 'user', user.id);
      const contentType = reply.headers['content-type'] ?? '';
      if (!/^application\/scim\+json\s*(;|$)/i.test(contentType)) {
        throw new ConformanceFailure(
          `${reply.label}: Content-Type should be application/scim+json, got ${JSON.stringify(contentType)}`,
          'application/scim+json',
          contentType,
        );
      }
    },
  },
];

/** Disables a fresh user with `fixtureId`, then checks it is still there, by id and by filter, with active false. */
async function expectDisabled(context: CaseContext, fixtureId: string): Promise<void> {
  const user = await context.createUser();
  const patch = await context.send(fixtureId, { userId: user.id });
  expectPatchAccepted(patch, context, 'user');
  const { reply, resource } = await readBack(context, 'user', user.id);
  expectValue(reply, '/active', false, resource.active);
  const match = await expectFoundByQuery(context, 'user', context.matchingValue('user', user.values), user.id);
  expectValue(reply, '/Resources/0/active (by filter)', false, match.active);
}

/** Lower-cased paths and no-path keys a PATCH body actually carried (after the profile restriction). */
function sentPaths(body: unknown): Set<string> {
  const paths = new Set<string>();
  for (const operation of (body as { Operations?: { path?: string; value?: unknown }[] }).Operations ?? []) {
    if (operation.path) paths.add(operation.path.toLowerCase());
    else if (operation.value && typeof operation.value === 'object') {
      for (const key of Object.keys(operation.value)) paths.add(key.toLowerCase());
    }
  }
  return paths;
}

/**
 * Pitfalls 13, 14 and 16 of the reference: dotted or URN-prefixed keys stored literally, or an extension
 * attribute stored at the root, instead of being applied where they belong.
 */
function expectNoLiteralPathKeys(label: string, resource: Record<string, unknown>): void {
  const extensionAttributes = new Set(
    ['employeeNumber', 'costCenter', 'organization', 'division', 'department', 'manager'].map((name) =>
      name.toLowerCase(),
    ),
  );
  for (const key of Object.keys(resource)) {
    const isUrnKey = key.startsWith('urn:') && key.toLowerCase() !== ENTERPRISE_USER_URN.toLowerCase();
    const urnAttribute = isUrnKey ? parseMappedPath(key) : undefined;
    if (key.includes('.') && !key.startsWith('urn:')) {
      throw new ConformanceFailure(`${label}: the resource has a literal key ${JSON.stringify(key)}; it should be nested`, 'no dotted keys', key);
    }
    if (urnAttribute?.schemaUrn?.toLowerCase() === ENTERPRISE_USER_URN.toLowerCase()) {
      throw new ConformanceFailure(`${label}: the resource has a literal key ${JSON.stringify(key)}; it belongs inside the ${ENTERPRISE_USER_URN} object`, 'no URN-prefixed attribute keys', key);
    }
    if (extensionAttributes.has(key.toLowerCase())) {
      throw new ConformanceFailure(`${label}: the extension attribute ${JSON.stringify(key)} is stored at the root; it belongs inside the ${ENTERPRISE_USER_URN} object`, `${ENTERPRISE_USER_URN}.${key}`, key);
    }
  }
}
