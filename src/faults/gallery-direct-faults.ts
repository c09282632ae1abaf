/**
 * Faults only the gallery validation's direct tests and the SCIM Validator's preview tests in
 * src/cases/gallery-direct.ts exercise: each passes every provisioning cycle Entra runs and still fails a check
 * Microsoft runs before it lists the app.
 */
import type { ScimMiddleware } from '../server/types.ts';
import { is, isObject, mapResources, targetOf, opName, opPath, operationsOf, pretendApplied, scimError, withOperations, type Json } from './kit.ts';
import type { FaultVariant } from './types.ts';

const isManagerPath = (path: string | undefined): boolean => path !== undefined && /(^|:)manager$/i.test(path);

/** A strict validator: a replace whose value is null is "the wrong type" (string expected), answered 400. */
const nullValueRefused: ScimMiddleware = async (request, next) => {
  if (!is(request, 'PATCH', 'Users', true)) return next(request);
  const nullOperation = operationsOf(request).find((operation) => opName(operation) === 'replace' && operation.value === null && opPath(operation) !== undefined);
  if (nullOperation === undefined) return next(request);
  return scimError(400, `Attribute '${opPath(nullOperation)}' expected value type 'string' but found null`, 'invalidValue');
};

/** "" read as "no value given": a replace with an empty string on a plain attribute keeps the old value. */
const emptyStringIgnored: ScimMiddleware = async (request, next) => {
  if (!is(request, 'PATCH', 'Users', true)) return next(request);
  const operations = operationsOf(request);
  const kept = operations.filter((operation) => !(opName(operation) === 'replace' && operation.value === '' && !isManagerPath(opPath(operation))));
  if (kept.length === operations.length) return next(request);
  return kept.length === 0 ? pretendApplied(request, next) : next(withOperations(request, kept));
};

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** The User schema's `name` lists every sub-attribute but givenName: a hand-written /Schemas that fell behind the code. */
const givenNameUndeclared: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  if (request.method.toUpperCase() !== 'GET' || !/^\/*schemas(\/|$)/i.test(request.path)) return response;
  return mapResources(response, (schema: Json) => {
    if (schema.id !== USER_SCHEMA || !Array.isArray(schema.attributes)) return schema;
    const attributes = schema.attributes.filter(isObject).map((attribute) =>
      attribute.name === 'name' && Array.isArray(attribute.subAttributes)
        ? { ...attribute, subAttributes: attribute.subAttributes.filter((sub) => !(isObject(sub) && sub.name === 'givenName')) }
        : attribute,
    );
    return { ...schema, attributes };
  });
};

/**
 * A DELETE of an id this server never issued answers `status` (soft-delete servers find the deleted row and
 * answer 404, but a missing row takes another path): ids it did issue, deleted or not, get the core's answer.
 */
function neverIssuedDelete(endpoint: 'Users' | 'Groups', status: 204 | 500): () => ScimMiddleware {
  return () => {
    const issued = new Set<string>();
    return async (request, next) => {
      const { id } = targetOf(request);
      if (is(request, 'DELETE', endpoint, true) && id !== undefined && !issued.has(id)) {
        return status === 204 ? { status: 204 } : scimError(500, 'Object reference not set to an instance of an object.');
      }
      const response = await next(request);
      if (is(request, 'POST', endpoint, false) && isObject(response.body) && typeof response.body.id === 'string') issued.add(response.body.id);
      return response;
    };
  };
}

export const galleryDirectFaults: FaultVariant[] = [
  {
    name: 'patch-null-value-400',
    description:
      'A PATCH replacing an attribute with null answers 400 (a strict type check), though RFC 7643 §2.5 makes null "unassigned": Microsoft\'s SCIM_Null_Update_Test (mandatory) fails and the app is not listed.',
    source: 'reference §5.3',
    caughtBy: ['USR-NULL-01'],
    middleware: () => nullValueRefused,
  },
  {
    name: 'patch-empty-string-ignored',
    description:
      'A PATCH replacing an attribute with "" answers 200 and keeps the old value: the user keeps a title or phone number the directory cleared, and SCIM_Null_Update_Test fails.',
    source: 'reference §5.3',
    caughtBy: ['USR-NULL-01'],
    middleware: () => emptyStringIgnored,
  },
  {
    name: 'schemas-given-name-undeclared',
    description:
      'GET /Schemas declares the User schema without name.givenName, though the target stores it: Microsoft\'s Schema_Discoverability_Test (mandatory) reports the mapped attribute missing, and where schema discovery is on an admin cannot map it.',
    source: 'reference §5.3',
    caughtBy: ['DISC-03'],
    middleware: () => givenNameUndeclared,
  },
  {
    name: 'delete-never-existed-user-500',
    description:
      'A DELETE of a user id the server never issued answers 500 (a missing row dereferenced) instead of 404; deleted users still answer 404: the SCIM Validator\'s "Delete a non-existent User" preview test fails.',
    source: 'reference §5.2',
    caughtBy: ['USR-DELETE-04'],
    middleware: neverIssuedDelete('Users', 500),
  },
  {
    name: 'delete-never-existed-group-204',
    description:
      'A DELETE of a group id the server never issued answers 204 as if it deleted something; deleted groups still answer 404: the SCIM Validator\'s "Delete a non-existent Group" preview test fails.',
    source: 'reference §5.2',
    caughtBy: ['GRP-DELETE-04'],
    middleware: neverIssuedDelete('Groups', 204),
  },
];
