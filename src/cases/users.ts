/** The user lifecycle as Entra drives it (reference §2.2, §3): query, create, read, update, disable, delete. */
import { ENTERPRISE_USER_URN, getMappedValue, parseMappedPath } from '../profiles/mapped-path.ts';
import { writtenAttributes } from '../profiles/profile.ts';
import { expectMappedValue, expectScimError, expectStatus, expectSuccess, expectValue } from './checks.ts';
import type { CaseContext } from './context.ts';
import { matchesOnUserName, mirroredCase, sendDuplicate } from './mirrored.ts';
import { SETUP_FIXTURES } from './setup-fixtures.ts';
import { expectFoundByQuery, expectNotFoundByQuery, expectPatchAccepted, readBack } from './steps.ts';
import { ConformanceFailure, type ConformanceCase } from './types.ts';
import { patchedPaths } from './applicability.ts';
import { expectScimContentType, expectUserById } from './answer-checks.ts';
import type { Reply } from '../model/reply.ts';

const DISABLED_IS_STILL_A_USER =
  'Entra expects a disabled user to stay readable by id and by filter; otherwise it logs InvalidAnchor and, on the next cycle, creates the user again.';

export const userCases: ConformanceCase[] = [
  mirroredCase('USR-CREATE-01'),
  mirroredCase('USR-CREATE-04'),
  mirroredCase('USR-CREATE-05'),
  mirroredCase('USR-CREATE-02'),
  {
    id: 'USR-ERROR-02',
    level: 'MUST',
    name: 'MUST answer the duplicate-userName 409 with a SCIM Error body whose status is the string "409"',
    area: 'users',
    spec: ['RFC7644-3.12', 'ENTRA-ED-SCIM'],
    dialects: 'once',
    fixtures: ['users/create'],
    keyword: { word: 'REQUIRED', source: 'RFC7644-3.12' },
    impact: {
      kind: 'none-known',
      text: 'None known: Entra keys its provisioning log entry off the HTTP status; Microsoft\'s guide says only the status is required in the body.',
      source: 'ENTRA-ED-SCIM',
    },
    async run(context) {
      const duplicate = await sendDuplicate(context, 'user');
      await context.precondition('USR-CREATE-02', 'get a 409 for a duplicate userName', async () => expectStatus(duplicate, [409]));
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
    keyword: { word: 'SHOULD', source: 'ENTRA-ED-SCIM' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'A value stored in another format (or not at all) differs from what Entra holds; Entra sees a change and re-sends the attribute, and the target shows a different value meanwhile.',
      source: 'ENTRA-ED-SCIM',
    },
    async run(context) {
      const user = await context.createUser();
      const { reply, resource } = await context.precondition('USR-GET-01', 'read the user back', () => readBack(context, 'user', user.id));
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
    judges: 'users/get-by-id',
    fixtures: ['users/create', 'users/get-by-id'],
    keyword: { word: 'REQUIRED', source: 'RFC7643-3.1' },
    impact: {
      kind: 'retried-every-cycle',
      text: 'Entra reads a user by its cached id before every update; without it no update can be made (InvalidAnchor) and the update fails every cycle.',
      source: 'ENTRA-ED-LOGS',
    },
    async run(context) {
      const user = await context.createUser();
      expectUserById(await context.send('users/get-by-id', { userId: user.id }), user.id, user.values.userName);
    },
  },
  {
    id: 'USR-GET-02',
    level: 'MUST',
    name: 'MUST answer 404 for an unknown user id',
    area: 'users',
    spec: ['RFC7644-3.12', 'ENTRA-ED-SCIM'],
    dialects: 'once',
    fixtures: ['users/get-by-id'],
    keyword: { word: 'MUST', source: 'RFC7644-3.12' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'Entra cannot tell that a user was deleted in the target (InvalidAnchor), so it never re-creates it.',
      source: 'ENTRA-ED-LOGS',
    },
    async run(context) {
      const reply = await context.send('users/get-by-id', { userId: context.data.randomGuid() });
      expectStatus(reply, [404]);
    },
  },
  {
    id: 'USR-ERROR-01',
    level: 'MUST',
    name: 'MUST answer the 404 for an unknown user id with a SCIM Error body whose status is the string "404"',
    area: 'users',
    spec: ['RFC7644-3.12', 'ENTRA-ED-SCIM'],
    dialects: 'once',
    fixtures: ['users/get-by-id'],
    keyword: { word: 'REQUIRED', source: 'RFC7644-3.12' },
    impact: {
      kind: 'none-known',
      text: 'None known: Entra acts on the HTTP status; Microsoft\'s guide says of this answer that the detail is not required, only the status.',
      source: 'ENTRA-ED-SCIM',
    },
    async run(context) {
      const reply = await context.send('users/get-by-id', { userId: context.data.randomGuid() });
      await context.precondition('USR-GET-02', 'get a 404 for an unknown id', async () => expectStatus(reply, [404]));
      expectScimError(reply, 404);
    },
  },
  mirroredCase('USR-FILTER-01'),
  mirroredCase('USR-FILTER-02'),
  mirroredCase('USR-FILTER-03'),
  {
    id: 'USR-PATCH-01',
    level: 'MUST',
    name: "MUST apply Entra's PATCH of the work email and family name",
    area: 'users',
    spec: ['RFC7644-3.5.2.3', 'ENTRA-ED-SCIM', 'ENTRA-ED-COMPAT'],
    dialects: 'each',
    fixtures: ['users/create', 'users/update-email-and-family-name-{dialect}', 'users/get-by-id'],
    keyword: { word: 'MUST', source: 'RFC7644-3.5.2' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'E-mail and name changes in Entra never reach the target (or are refused and retried every cycle); the target keeps the old values.',
      source: 'ENTRA-ED-COMPAT',
    },
    async run(context) {
      const user = await context.createUser();
      const changes = context.data.user();
      const patch = await context.send('users/update-email-and-family-name-{dialect}', {
        userId: user.id,
        workEmail: changes.workEmail,
        familyName: changes.familyName,
      });
      expectPatchAccepted(patch, 'user');
      const back = await readBack(context, 'user', user.id);
      // Only what was sent: a mapping that writes one of them on create only leaves it out of the PATCH.
      expectSentValuesStored(patch, back, { 'emails[type eq "work"].value': changes.workEmail, 'name.familyName': changes.familyName });
      expectNoLiteralPathKeys(back.reply.label, back.resource);
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
    keyword: { word: 'MUST', source: 'RFC7644-3.5.2' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'A renamed user (new UPN) is not found by its new name, so Entra creates a second account for the same person.',
      source: 'ENTRA-ED-HOW',
    },
    appliesTo: matchesOnUserName,
    async run(context) {
      const user = await context.createUser();
      const renamed = String(context.data.user().userName);
      const patch = await context.send('users/update-username-{dialect}', { userId: user.id, userName: renamed });
      expectPatchAccepted(patch, 'user');
      const { reply, resource } = await readBack(context, 'user', user.id);
      expectValue(reply, '/userName', renamed, resource.userName);
      await expectFoundByQuery(context, 'user', renamed, user.id, 'userName');
      await expectNotFoundByQuery(context, 'user', String(user.values.userName), 'userName');
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
    keyword: { word: 'MUST', source: 'RFC7644-3.5.2' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'Attribute updates are lost silently (ignored dotted keys) or stored under literal keys such as "name.givenName"; the target drifts from Entra.',
      source: 'ENTRA-ED-COMPAT',
    },
    async run(context) {
      const user = await context.createUser();
      const changes = context.data.user();
      const patch = await context.send('users/replace-attributes-{dialect}', { userId: user.id, ...changes });
      expectPatchAccepted(patch, 'user');
      const back = await readBack(context, 'user', user.id);
      const written = writtenAttributes(context.profile, 'user').map((attribute) => [attribute.path, changes[attribute.generate]] as const);
      expectSentValuesStored(patch, back, Object.fromEntries(written));
      expectNoLiteralPathKeys(back.reply.label, back.resource);
    },
  },
  {
    id: 'USR-MULTIOP-01',
    level: 'MUST',
    name: 'MUST apply every operation of one PATCH that removes, adds and replaces different attributes',
    area: 'users',
    spec: ['RFC7644-3.5.2', 'RFC7644-3.5.2.2', 'ENTRA-3P-VAL'],
    dialects: 'compliant',
    fixtures: ['users/create', 'users/multiple-ops-compliant', 'users/get-by-id'],
    keyword: { word: 'MUST', source: 'RFC7644-3.5.2' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'Only part of one acknowledged change is stored (a cleared attribute keeps its old value); Entra does not send the change again.',
      source: 'ENTRA-ED-HOW',
    },
    async run(context) {
      const user = await context.createUser();
      const changes = context.data.user();
      const patch = await context.send('users/multiple-ops-compliant', { userId: user.id, externalId: changes.externalId, displayName: changes.displayName });
      expectPatchAccepted(patch, 'user');
      const back = await readBack(context, 'user', user.id);
      // Only the operations the profile maps were sent (restrict-patch); RFC 7644 §3.5.2.2: a removed
      // single-valued attribute is unassigned, which RFC 7643 §2.5 lets a server show as absent or null.
      const leftLanguage = getMappedValue(back.resource, 'preferredLanguage');
      if (sentPaths(patch).has('preferredlanguage') && leftLanguage !== undefined && leftLanguage !== null) {
        throw new ConformanceFailure(`${back.reply.label}: preferredLanguage should be removed, got ${JSON.stringify(leftLanguage)}`, null, leftLanguage);
      }
      expectSentValuesStored(patch, back, { externalId: changes.externalId, displayName: changes.displayName });
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
    keyword: { word: 'REQUIRED', source: 'ENTRA-REF-LA' },
    impact: {
      kind: 'data-silently-wrong',
      text: `A user removed from the app in Entra keeps access in the target (the disable is refused or not applied, and retried). ${DISABLED_IS_STILL_A_USER}`,
      source: 'ENTRA-ED-HOW',
    },
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
    keyword: { word: 'REQUIRED', source: 'ENTRA-REF-LA' },
    impact: {
      kind: 'data-silently-wrong',
      text: `A user removed from the app in Entra keeps access in the target. ${DISABLED_IS_STILL_A_USER}`,
      source: 'ENTRA-ED-HOW',
    },
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
    fixtures: ['users/create', ...SETUP_FIXTURES.disableUser, 'users/enable-{dialect}', 'users/get-by-id'],
    keyword: { word: 'REQUIRED', source: 'ENTRA-REF-LA' },
    impact: {
      kind: 'data-silently-wrong',
      text: 'A user restored or re-assigned in Entra stays locked out of the target.',
      source: 'ENTRA-ED-HOW',
    },
    async run(context) {
      const user = await context.createUser();
      await disableForSetup(context, user.id);
      const patch = await context.send('users/enable-{dialect}', { userId: user.id });
      expectPatchAccepted(patch, 'user');
      const { reply, resource } = await readBack(context, 'user', user.id);
      expectValue(reply, '/active', true, resource.active);
    },
  },
  mirroredCase('USR-DELETE-01'),
  mirroredCase('USR-DELETE-03'),
  {
    id: 'USR-DELETE-02',
    level: 'SHOULD',
    name: 'SHOULD answer 404 to a second DELETE of the same user',
    area: 'users',
    spec: ['RFC7644-3.6', 'ENTRA-3P-VAL'],
    dialects: 'once',
    fixtures: ['users/create', 'users/delete'],
    keyword: { word: 'SHOULD', source: 'ENTRA-3P-VAL' },
    impact: {
      kind: 'unknown',
      text: 'Unknown: Microsoft\'s validator expects 404, but no source says what Entra does with another answer to a repeated delete.',
    },
    async run(context) {
      const user = await context.createUser();
      const first = await context.send('users/delete', { userId: user.id });
      await context.precondition('USR-DELETE-01', 'delete the user once', async () => expectSuccess(first));
      expectStatus(await context.send('users/delete', { userId: user.id }), [404]);
    },
  },
  {
    id: 'USR-MEDIA-01',
    level: 'SHOULD',
    name: 'SHOULD answer with Content-Type application/scim+json',
    area: 'users',
    spec: ['RFC7644-3.1', 'ENTRA-ED-SCIM'],
    dialects: 'once',
    judges: 'users/get-by-id',
    fixtures: ['users/create', 'users/get-by-id'],
    keyword: { word: 'SHOULD', source: 'ENTRA-ED-SCIM' },
    impact: {
      kind: 'unknown',
      text: 'Unknown: Entra documents application/scim+json for every response; no source says whether it parses other media types.',
    },
    async run(context) {
      const user = await context.createUser();
      const { reply } = await context.precondition('USR-GET-01', 'read the user back', () => readBack(context, 'user', user.id));
      expectScimContentType(reply);
    },
  },
];

/**
 * Disables a user as a precondition: the dialect's form first, then Entra's other forms, so a target that
 * refuses the `"False"` string still gets its re-enable (or memberships) judged. USR-DISABLE-01 judges the form.
 */
export async function disableForSetup(context: CaseContext, userId: string): Promise<void> {
  await context.precondition('USR-DISABLE-01', 'disable a user', async () => {
    const reply = await context.sendFirstAccepted(context.dialectForms('users/disable-{dialect}', ['users/disable-tutorial']), () => ({ userId }));
    expectPatchAccepted(reply, 'user');
  });
}

/** Disables a fresh user with `fixtureId`, then checks it is still there, by id and by filter, with active false. */
async function expectDisabled(context: CaseContext, fixtureId: string): Promise<void> {
  const user = await context.createUser();
  const patch = await context.send(fixtureId, { userId: user.id });
  expectPatchAccepted(patch, 'user');
  const { reply, resource } = await readBack(context, 'user', user.id);
  expectValue(reply, '/active', false, resource.active);
  const match = await expectFoundByQuery(context, 'user', context.matchingValue('user', user.values), user.id);
  expectValue(reply, '/Resources/0/active (by filter)', false, match.active);
}

/** Lower-cased paths and no-path keys a PATCH actually carried (after the profile restriction). */
function sentPaths(patch: Reply): Set<string> {
  return new Set(patchedPaths(patch.request.body).map((path) => path.toLowerCase()));
}

/**
 * Each path among `values` that the PATCH carried must read back as its new value. A path the profile
 * restriction left out of the body is not judged: Entra would not have sent it.
 */
function expectSentValuesStored(patch: Reply, back: { reply: Reply; resource: unknown }, values: Record<string, unknown>): void {
  const sent = sentPaths(patch);
  for (const [path, value] of Object.entries(values)) {
    if (sent.has(path.toLowerCase())) expectMappedValue(back.reply, back.resource, path, value);
  }
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
