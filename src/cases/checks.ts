/**
 * Assertions on replies. Each throws ConformanceFailure with one plain sentence about the response:
 * which request, which field, what was expected, what came back.
 */
import { validateAgainst } from '../schema/validator.ts';
import { getMappedValue } from '../profiles/mapped-path.ts';
import { profileSchemaId, schemaFileStem } from '../profiles/profile-schema.ts';
import type { Profile, ResourceKind } from '../profiles/profile.ts';
import { canonicalizeAttributeNames } from './canonical.ts';
import type { Reply } from '../model/reply.ts';
import { ConformanceFailure, TargetBroken } from '../model/outcomes.ts';

/** The status the target answered was lost with its answer; what is here is a lookup's: no finding either way. */
function refuseRecovered(reply: Reply): void {
  if (reply.recovered !== undefined) throw new TargetBroken(`${reply.recovered}; the status it answered cannot be judged`);
}

export function expectStatus(reply: Reply, allowed: readonly number[], why = ''): void {
  refuseRecovered(reply);
  // A setup create found by name after its answer was lost: it exists, but which status it got is unknown.
  if (reply.statusLost !== undefined) throw new TargetBroken(`${reply.statusLost}; the status it answered cannot be judged`);
  if (allowed.includes(reply.status)) return;
  const wanted = allowed.length === 1 ? `status ${allowed[0]}` : `status ${allowed.join(' or ')}`;
  throw new ConformanceFailure(
    `expected ${wanted}, got ${reply.status} for ${reply.label}${why ? ` (${why})` : ''}${errorDetail(reply)}`,
    allowed,
    reply.status,
  );
}

/** The parsed JSON body of a reply that must carry one; a non-JSON body means the target is not speaking SCIM. */
export function jsonBody(reply: Reply): Record<string, unknown> {
  if (reply.parseError !== undefined) {
    throw new TargetBroken(`${reply.label} answered ${reply.status} with a ${reply.parseError}`);
  }
  if (reply.json === undefined) {
    throw new ConformanceFailure(`expected a JSON body, got an empty body for ${reply.label}`, 'a JSON body', '');
  }
  if (reply.json === null || typeof reply.json !== 'object' || Array.isArray(reply.json)) {
    throw new ConformanceFailure(
      `expected a JSON object, got ${JSON.stringify(reply.json)} for ${reply.label}`,
      'a JSON object',
      reply.json,
    );
  }
  return canonicalizeAttributeNames(reply.json) as Record<string, unknown>;
}

/** Validates `body` against each schema (paths below schemas/); `at` prefixes pointers for nested resources. */
export function expectSchemas(reply: Reply, body: unknown, schemaPaths: readonly string[], at = ''): void {
  for (const schemaPath of schemaPaths) {
    const violations = validateAgainst(schemaPath, body);
    const first = violations[0];
    if (first) {
      const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : '';
      throw new ConformanceFailure(
        `${reply.label}: ${at}${first.pointer} should be ${first.expected}, got ${describeValue(first.actual)} ` +
          `[schema ${schemaPath}]${more}`,
        first.expected,
        first.actual,
      );
    }
  }
}

/** The RFC 7643 core schema of a resource kind (schemas/scim/User.json, Group.json). */
export function coreSchema(kind: ResourceKind): string {
  return `scim/${schemaFileStem(kind)}.json`;
}

/** The profile's required-attribute schema (schemas/profiles/<profile>/<Kind>.json). */
export function profileSchema(profile: Profile, kind: ResourceKind): string {
  return profileSchemaId(profile.id, kind).replace('https://scim-conformance.dev/schemas/', '');
}

/**
 * A User or Group resource body, valid against the RFC 7643 core schema. The profile's required attributes
 * are judged by one case per kind (USR-CREATE-05, GRP-CREATE-05), so one missing attribute is one finding.
 */
export function expectResource(reply: Reply, kind: ResourceKind): Record<string, unknown> {
  const body = jsonBody(reply);
  expectSchemas(reply, body, [coreSchema(kind)]);
  return body;
}

/** Any 2xx: what Entra takes as success (REF-LA accepts 200 or 201 for a create). */
export function expectSuccess(reply: Reply, why = ''): void {
  refuseRecovered(reply);
  if (reply.status >= 200 && reply.status < 300) return;
  throw new ConformanceFailure(
    `expected a 2xx status, got ${reply.status} for ${reply.label}${why ? ` (${why})` : ''}${errorDetail(reply)}`,
    '2xx',
    reply.status,
  );
}

/** What a create must give Entra to go on: success and the new object's `id`, which Entra caches (ED-HOW). */
export function expectCreatedId(reply: Reply): string {
  expectSuccess(reply);
  const body = jsonBody(reply);
  if (typeof body.id !== 'string' || body.id === '') {
    throw new ConformanceFailure(`${reply.label}: /id should be a non-empty string, got ${describeValue(body.id)}`, 'a non-empty id', body.id);
  }
  return body.id;
}

/** A ListResponse whose every resource is valid; returns the (canonicalised) body and its resources. */
export function expectListResponse(
  reply: Reply,
  kind: ResourceKind,
): { body: Record<string, unknown>; resources: Record<string, unknown>[] } {
  expectStatus(reply, [200], 'a query answers 200 with a ListResponse, even when nothing matches');
  const body = jsonBody(reply);
  expectSchemas(reply, body, ['scim/ListResponse.json']);
  const resources = (body.Resources ?? []) as Record<string, unknown>[];
  resources.forEach((resource, index) => expectSchemas(reply, resource, [coreSchema(kind)], `/Resources/${index}`));
  return { body, resources };
}

export function expectEmptyList(reply: Reply, kind: ResourceKind): void {
  const { body, resources } = expectListResponse(reply, kind);
  if (body.totalResults !== 0 || resources.length !== 0) {
    throw new ConformanceFailure(
      `expected totalResults 0 and no Resources, got totalResults ${String(body.totalResults)} with ` +
        `${resources.length} resource(s) for ${reply.label}`,
      0,
      body.totalResults,
    );
  }
}

/** Exactly one resource, the one with `id`: Entra treats several matches as an error (DuplicateTargetEntries). */
export function expectSingleMatch(reply: Reply, kind: ResourceKind, id: string): Record<string, unknown> {
  const match = expectOneMatch(reply, kind);
  expectValue(reply, '/Resources/0/id', id, match.id);
  return match;
}

/** Exactly one valid resource in a ListResponse: what a query by the matching attribute that found something must hold. */
export function expectOneMatch(reply: Reply, kind: ResourceKind): Record<string, unknown> {
  const { body, resources } = expectListResponse(reply, kind);
  if (body.totalResults !== 1 || resources.length !== 1) {
    throw new ConformanceFailure(
      `expected exactly one match (totalResults 1), got totalResults ${String(body.totalResults)} with ` +
        `${resources.length} resource(s) for ${reply.label}`,
      1,
      body.totalResults,
    );
  }
  return resources[0]!;
}

export function expectValue(reply: Reply, pointer: string, expected: unknown, actual: unknown): void {
  if (sameValue(expected, actual)) return;
  throw new ConformanceFailure(
    `${reply.label}: ${pointer} should be ${describeValue(expected)}, got ${describeValue(actual)}`,
    expected,
    actual,
  );
}

/** Checks a mapped attribute (`name.givenName`, `emails[type eq "work"].value`) of a resource read back. */
export function expectMappedValue(reply: Reply, resource: unknown, path: string, expected: unknown): void {
  const actual = getMappedValue(resource, path);
  if (sameValue(expected, actual)) return;
  throw new ConformanceFailure(
    `${reply.label}: ${path} should be ${describeValue(expected)}, got ${describeValue(actual)}`,
    expected,
    actual,
  );
}

/**
 * A SCIM Error body (RFC 7644 §3.12) whose `status` repeats the HTTP status as a string. Only the error-body
 * cases call it: everywhere else the HTTP status alone is judged, as Entra keys off the status.
 */
export function expectScimError(reply: Reply, status: number): void {
  expectStatus(reply, [status], 'the error body can only be judged on the status the request should get');
  // The status is right, so the target is answering; an HTML or text error page is a wrong answer, not a breakage.
  if (reply.parseError !== undefined) {
    throw new ConformanceFailure(
      `${reply.label} answered ${status} with a ${reply.parseError}; expected a SCIM Error body (RFC 7644 §3.12)`,
      'a SCIM Error JSON body',
      reply.parseError,
    );
  }
  const body = jsonBody(reply);
  expectSchemas(reply, body, ['scim/Error.json']);
  expectValue(reply, '/status', String(status), body.status);
}

/** A group as Entra reads it (excludedAttributes=members) must come without a members attribute. */
export function expectNoMembers(label: string, resource: Record<string, unknown>): void {
  if ('members' in resource) {
    throw new ConformanceFailure(
      `${label}: members should be absent (excludedAttributes=members), got ${JSON.stringify(resource.members).slice(0, 120)}`,
      'no members attribute',
      resource.members,
    );
  }
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (absent)';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function sameValue(expected: unknown, actual: unknown): boolean {
  return JSON.stringify(expected) === JSON.stringify(actual);
}

function errorDetail(reply: Reply): string {
  const json = reply.json as { detail?: unknown } | undefined;
  if (json && typeof json === 'object' && typeof json.detail === 'string' && json.detail) {
    return `: "${json.detail.slice(0, 160)}"`;
  }
  return '';
}
