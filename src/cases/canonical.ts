/**
 * Tolerance: attribute names are case-insensitive (RFC 7643 §2.1), and Entra accepts `UserName` as well as
 * `userName`. Responses are rewritten to the canonical spelling before schema validation, so a server is
 * judged on its values, never on the letter case of its keys.
 */

const CANONICAL_NAMES = [
  'schemas', 'id', 'externalId', 'meta', 'resourceType', 'created', 'lastModified', 'location', 'version',
  'userName', 'name', 'formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix',
  'displayName', 'nickName', 'profileUrl', 'title', 'userType', 'preferredLanguage', 'locale', 'timezone', 'active',
  'password', 'emails', 'phoneNumbers', 'ims', 'photos', 'addresses', 'streetAddress', 'locality', 'region',
  'postalCode', 'country', 'groups', 'entitlements', 'roles', 'x509Certificates', 'value', 'display', 'type',
  'primary', '$ref', 'members', 'employeeNumber', 'costCenter', 'organization', 'division', 'department', 'manager',
  'totalResults', 'Resources', 'startIndex', 'itemsPerPage', 'status', 'scimType', 'detail',
];
const BY_LOWER = new Map(CANONICAL_NAMES.map((name) => [name.toLowerCase(), name]));

export function canonicalizeAttributeNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalizeAttributeNames);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const canonical = key.startsWith('urn:') ? key : (BY_LOWER.get(key.toLowerCase()) ?? key);
    result[canonical] = canonicalizeAttributeNames(child);
  }
  return result;
}
