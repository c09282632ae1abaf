/**
 * More of the gallery validation's direct SCIM tests and the SCIM Validator's preview tests (the first ones are in
 * microsoft-tests.ts): clearing optional attributes with "" and then null (SCIM_Null_Update_Test), and /Schemas
 * declaring every attribute the mapping writes (Schema_Discoverability_Test), and deletes of a user and a group
 * that never existed (the validator's preview tests). The mapping
 * of every Microsoft test to its cases is data: fixtures/microsoft/checks.json.
 */
import type { CaseContext } from './context.ts';
import { expectPatchAccepted, readBack } from './steps.ts';
import { patchedPaths } from './applicability.ts';
import { getMappedValue } from '../profiles/mapped-path.ts';
import { CaseSkipped, ConformanceFailure, type ConformanceCase } from './types.ts';
import { expectStatus } from './checks.ts';
import type { ResourceKind } from '../profiles/profile.ts';
import type { OutgoingRequest } from '../model/transport.ts';
import { expectSchemasDiscovery } from './answer-checks.ts';
import { jsonBody } from './checks.ts';
import { undeclaredMappedAttributes } from './schema-coverage.ts';

const isCleared = (value: unknown): boolean => value === undefined || value === null || value === '';

/**
 * As Microsoft's template builds the PATCH: one op per mapped attribute, in the mapping's order, leaving out
 * what the target may not lack (the matching attribute and every attribute /Schemas marks required; here,
 * what the profile marks required or matching).
 */
function asMicrosoftSendsIt(context: CaseContext, request: OutgoingRequest): OutgoingRequest {
  const mapped = context.profile.user.attributes.map((attribute) => attribute.path.toLowerCase());
  const keep = new Set(context.profile.user.attributes.filter((attribute) => attribute.required || attribute.matching).map((attribute) => attribute.path.toLowerCase()));
  const place = (operation: { path?: unknown }): number => (typeof operation.path === 'string' ? mapped.indexOf(operation.path.toLowerCase()) : -1);
  const body = request.body as { Operations?: { path?: unknown }[] };
  const operations = (body.Operations ?? []).filter((operation) => typeof operation.path !== 'string' || !keep.has(operation.path.toLowerCase())).sort((a, b) => place(a) - place(b));
  return { ...request, body: { ...body, Operations: operations } };
}

/** Sends one phase of Microsoft's null update and reads the user back: every path sent must be empty or absent. */
async function clearAndReadBack(context: CaseContext, fixture: string, userId: string, phase: string, rule: string): Promise<void> {
  const request = asMicrosoftSendsIt(context, context.render(fixture, { userId }));
  const paths = patchedPaths(request.body);
  const reply = await context.sendRaw(request);
  reply.exchange.fixture = fixture;
  expectPatchAccepted(reply, 'user');
  const back = await readBack(context, 'user', userId);
  const kept = paths.filter((path) => !isCleared(getMappedValue(back.resource, path)));
  if (kept.length > 0) {
    const values = Object.fromEntries(kept.map((path) => [path, getMappedValue(back.resource, path)]));
    throw new ConformanceFailure(
      `${back.reply.label} after the PATCH setting ${phase}: ${kept.join(', ')} should be empty or absent (${rule}), got ${JSON.stringify(values)}`,
      'empty or absent',
      values,
    );
  }
}

const NEVER_EXISTED_IMPACT =
  "Unknown: Microsoft's SCIM Validator expects 404 (a preview test), but no source says what Entra does with another answer to a delete of something that is not there.";

const FIXTURES: Record<ResourceKind, { get: string; delete: string; idVariable: string; root: string }> = {
  user: { get: 'users/get-by-id', delete: 'users/delete', idVariable: 'userId', root: 'USR-DELETE-01' },
  group: { get: 'groups/get-by-id', delete: 'groups/delete', idVariable: 'groupId', root: 'GRP-DELETE-01' },
};

/**
 * The validator's "Delete a non-existent User/Group": a random id the run minted, shown absent by a GET (404)
 * and only then deleted, the one DELETE the safety guard lets go to an id this run did not create.
 */
async function deleteNeverExisted(context: CaseContext, kind: ResourceKind): Promise<void> {
  const { get, delete: remove, idVariable, root } = FIXTURES[kind];
  const id = context.mintAbsentId(kind);
  const shown = await context.send(get, { [idVariable]: id });
  if (shown.status !== 404) {
    // Safety first: a DELETE goes only to an id the target has just said is not there.
    throw new CaseSkipped(`${shown.label} answered ${shown.status} for a ${kind} id that never existed, not 404: the safety guard sends the DELETE only to an id shown absent`, root);
  }
  expectStatus(await context.send(remove, { [idVariable]: id }), [404], `RFC 7644 §3.12: a ${kind} that does not exist answers 404`);
}

export const galleryDirectCases: ConformanceCase[] = [
  {
    id: 'USR-NULL-01',
    level: 'MUST',
    name: 'MUST leave optional attributes empty after a PATCH replacing them with "" and then with null',
    area: 'users',
    spec: ['RFC7643-2.5', 'RFC7644-3.5.2.3', 'ENTRA-REF-LA', 'ENTRA-ED-GALVAL'],
    dialects: 'once',
    fixtures: ['users/create', 'users/null-update-empty', 'users/null-update-null', 'users/get-by-id'],
    keyword: { word: 'SHALL', source: 'RFC7643-2.5' },
    impact: {
      kind: 'none-known',
      text: "None known for Entra's provisioning cycles, which skip null attributes (ED-KNOWN); Microsoft's gallery validation (SCIM_Null_Update_Test, mandatory) PATCHes \"\" then null and fails, so the app is not listed.",
      source: 'ENTRA-REF-LA',
    },
    async run(context) {
      const user = await context.createUser();
      await clearAndReadBack(context, 'users/null-update-empty', user.id, '""', 'RFC 7644 §3.5.2.3: replace sets the value given');
      await clearAndReadBack(context, 'users/null-update-null', user.id, 'null', 'RFC 7643 §2.5: null unassigns');
    },
  },
  {
    id: 'DISC-03',
    level: 'MUST',
    name: 'MUST declare in GET /Schemas every attribute the mapping writes, in the core and extension schemas',
    area: 'connection',
    spec: ['ENTRA-REF-LA', 'RFC7643-7', 'RFC7644-4', 'ENTRA-ED-GALVAL'],
    dialects: 'once',
    fixtures: ['discovery/schemas'],
    keyword: { word: 'REQUIRED', source: 'ENTRA-REF-LA' },
    impact: {
      kind: 'none-known',
      text: "None known for provisioning itself; Microsoft's gallery validation (Schema_Discoverability_Test, mandatory) fails when /Schemas lacks any mapped attribute, so the app is not listed, and where schema discovery is on an admin cannot map what is not declared.",
      source: 'ENTRA-REF-LA',
    },
    async run(context) {
      const reply = await context.send('discovery/schemas');
      // A /Schemas answer that is missing or malformed is DISC-01's failure, not a second one here.
      await context.precondition('DISC-01', 'read the schemas from GET /Schemas', async () => expectSchemasDiscovery(reply));
      const missing = undeclaredMappedAttributes(context.profile, jsonBody(reply));
      if (missing.length > 0) {
        throw new ConformanceFailure(
          `${reply.label}: ${missing.length} mapped attribute(s) not declared: ${missing.map(({ path, why }) => `${path} (${why})`).join('; ')}`,
          'every mapped attribute declared',
          missing.map(({ path }) => path),
        );
      }
    },
  },
  {
    id: 'USR-DELETE-04',
    level: 'SHOULD',
    name: 'SHOULD answer 404 to a DELETE of a user id that never existed',
    area: 'users',
    spec: ['RFC7644-3.6', 'RFC7644-3.12', 'ENTRA-3P-VAL'],
    dialects: 'once',
    fixtures: ['users/get-by-id', 'users/delete'],
    keyword: { word: 'SHOULD', source: 'ENTRA-3P-VAL' },
    impact: { kind: 'unknown', text: NEVER_EXISTED_IMPACT },
    run: (context) => deleteNeverExisted(context, 'user'),
  },
  {
    id: 'GRP-DELETE-04',
    level: 'SHOULD',
    name: 'SHOULD answer 404 to a DELETE of a group id that never existed',
    area: 'groups',
    spec: ['RFC7644-3.6', 'RFC7644-3.12', 'ENTRA-3P-VAL'],
    dialects: 'once',
    fixtures: ['groups/get-by-id', 'groups/delete'],
    keyword: { word: 'SHOULD', source: 'ENTRA-3P-VAL' },
    impact: { kind: 'unknown', text: NEVER_EXISTED_IMPACT },
    run: (context) => deleteNeverExisted(context, 'group'),
  },
];
