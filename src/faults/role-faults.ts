/**
 * Faults in how a server takes Entra's app role assignments (reference §2.2 U-15, ED-ATTR "Provisioning a
 * role to a SCIM app"): judged under the exported mapping that sends roles, the only profile that does.
 */
import type { ScimMiddleware } from '../server/types.ts';
import { is, isObject, opPath, operationsOf, pretendApplied, scimError, withOperations, type PatchOperation } from './kit.ts';
import type { FaultVariant } from './types.ts';

/** The exported mapping of AppRoleAssignmentsComplex([appRoleAssignments]) to roles (fixtures/entra-exports/README.md). */
export const APP_ROLES_EXPORT = 'fixtures/entra-exports/app-roles.json';

const isRolesOp = (operation: PatchOperation): boolean => opPath(operation) === 'roles';

/** A role element whose value is JSON text, as the default job sends it, rather than the role's own value. */
const isJsonStringRole = (element: unknown): boolean => {
  if (!isObject(element) || typeof element.value !== 'string') return false;
  try {
    return isObject(JSON.parse(element.value));
  } catch {
    return false;
  }
};

/** Answers a PATCH of roles as done but drops it: the user keeps only the roles the create gave it. */
const rolesPatchIgnored: ScimMiddleware = async (request, next) => {
  if (!is(request, 'PATCH', 'Users', true)) return next(request);
  const kept = operationsOf(request).filter((operation) => !isRolesOp(operation));
  if (kept.length === operationsOf(request).length) return next(request);
  return kept.length === 0 ? pretendApplied(request, next) : next(withOperations(request, kept));
};

/** A strict server that validates roles.value and refuses the default job's JSON-string role with 400. */
const roleJsonStringRejected: ScimMiddleware = async (request, next) =>
  is(request, 'PATCH', 'Users', true) &&
  operationsOf(request).some((operation) => isRolesOp(operation) && Array.isArray(operation.value) && operation.value.some(isJsonStringRole))
    ? scimError(400, 'roles.value must be the name of a role', 'invalidValue')
    : next(request);

export const roleFaults: FaultVariant[] = [
  {
    name: 'roles-patch-ignored',
    description:
      'Answers an add on `roles` with success but never stores it: an app role assigned in Entra after the user was created never reaches the target, and Entra believes it did.',
    source: 'reference §2.2 U-15',
    caughtBy: ['USR-ROLES-01'],
    profile: APP_ROLES_EXPORT,
    middleware: () => rolesPatchIgnored,
  },
  {
    name: 'role-json-string-rejected',
    description:
      "Refuses the default job's role PATCH, whose role `value` is a JSON-encoded string of id, value and displayName, with 400: every role assignment after the create fails on every cycle (the flag's form is accepted).",
    source: 'reference §2.2 U-15',
    caughtBy: ['USR-ROLES-01'],
    profile: APP_ROLES_EXPORT,
    middleware: () => roleJsonStringRejected,
  },
];
