/**
 * Faults in the request shapes a real tenant's data and Microsoft's validator produce (issue 10, items 1–3):
 * first values of typed elements and enterprise attributes, and single-attribute no-path replaces. Each is
 * one shipped server's behaviour, realised in front of the conformant core.
 */
import type { ScimMiddleware } from '../server/types.ts';
import { ENTERPRISE_URN, firstTypedValueAddDropped, is, opName, opPath, operationsOf, isObject, readResource, scimError, withOperations, type PatchOperation } from './kit.ts';
import { dropNoPathKeys, rewriteOperations } from './patch-faults.ts';
import type { FaultVariant } from './types.ts';

const ENTERPRISE_PREFIX = `${ENTERPRISE_URN.toLowerCase()}:`;

/** The server only updates an enterprise extension object that exists: an add on a URN path of a user without one is a 204 that stores nothing. */
const enterpriseAddWithoutExtensionDropped: ScimMiddleware = async (request, next) => {
  const isEnterpriseAdd = (operation: PatchOperation): boolean => opName(operation) === 'add' && (opPath(operation) ?? '').startsWith(ENTERPRISE_PREFIX);
  if (!is(request, 'PATCH', 'Users', true) || !operationsOf(request).some(isEnterpriseAdd)) return next(request);
  const user = await readResource(next, request, request.path);
  if (Object.keys(user ?? {}).some((key) => key.toLowerCase() === ENTERPRISE_URN.toLowerCase())) return next(request);
  const rest = operationsOf(request).filter((operation) => !isEnterpriseAdd(operation));
  return rest.length === 0 ? { status: 204 } : next(withOperations(request, rest));
};

/**
 * An add on a typed path writes the element as the attribute's only one: `phoneNumbers[type eq "work"].value`
 * replaces the whole phoneNumbers array, so the user's mobile phone is gone.
 */
const typedAddReplacesArray: ScimMiddleware = rewriteOperations(
  (operations) =>
    operations.map((operation) => {
      const typed = /^(\w+)\[type eq "([^"]*)"\]\.(\w+)$/i.exec(typeof operation.path === 'string' ? operation.path.trim() : '');
      if (opName(operation) !== 'add' || typed === null) return operation;
      const [, attribute, type, sub] = typed as unknown as [string, string, string, string];
      return { op: 'replace', path: attribute, value: [{ type, [sub]: operation.value }] };
    }),
  'Users',
);

/** A no-path replace on a group is read as a new displayName string, so its value object is refused (3P-VAL, bug B). */
const groupNoPathReplaceRejected: ScimMiddleware = async (request, next) => {
  const noPathObject = operationsOf(request).some((operation) => operation.path === undefined && isObject(operation.value));
  if (is(request, 'PATCH', 'Groups', true) && noPathObject) return scimError(400, 'Replace operation for displayName requires a string value.', 'invalidValue');
  return next(request);
};

export const tenantShapeFaults: FaultVariant[] = [
  {
    name: 'first-work-email-add-dropped',
    description:
      'An Add on emails[type eq "work"].value for a user who has no work email yet answers 204 and stores nothing: Entra records success, so a mail address given to the user after provisioning never reaches the target.',
    source: 'reference §7 #22',
    caughtBy: ['USR-TYPED-02'],
    // Akamai EAA requires the work email, so there it never gets a first value; entra-default leaves it optional.
    profile: 'entra-default',
    middleware: () => firstTypedValueAddDropped('emails', 'work'),
  },
  {
    name: 'first-work-address-add-dropped',
    description:
      'An Add on addresses[type eq "work"].streetAddress (or another sub-attribute) for a user without a work address answers 204 and stores nothing: an address entered after provisioning never reaches the target.',
    source: 'issue 10',
    caughtBy: ['USR-TYPED-02'],
    profile: 'entra-default',
    middleware: () => firstTypedValueAddDropped('addresses', 'work'),
  },
  {
    name: 'typed-add-replaces-array',
    description:
      'An Add on one typed element (phoneNumbers[type eq "work"].value) overwrites the whole multi-valued attribute: giving a user a work phone deletes the mobile phone the target already had, and a work address\'s city deletes its street; Entra never notices.',
    source: 'issue 10',
    // Both check the user's other typed elements after each add: USR-TYPED-01 the work phone, USR-TYPED-02 the rest.
    caughtBy: ['USR-TYPED-01', 'USR-TYPED-02'],
    profile: 'entra-default',
    middleware: () => typedAddReplacesArray,
  },
  {
    name: 'enterprise-add-without-extension-dropped',
    description:
      'An Add on urn:…:enterprise:2.0:User:department for a user created without the enterprise extension answers 204 and stores nothing (only an existing extension object is updated): the department never reaches the target.',
    source: 'reference §2.2 U-13',
    caughtBy: ['USR-ADD-02'],
    // Akamai EAA maps no enterprise attribute; entra-default maps department and employeeNumber.
    profile: 'entra-default',
    middleware: () => enterpriseAddWithoutExtensionDropped,
  },
  {
    name: 'no-path-username-replace-ignored',
    description:
      'A no-path replace {"userName": …} (the validator\'s form) answers 2xx but the new userName is never stored, while the path form works: after a UPN change in a compliant-mode app Entra finds nothing under the new name.',
    source: 'reference §5.2',
    caughtBy: ['USR-NOPATH-01'],
    middleware: () => rewriteOperations(dropNoPathKeys((key) => key.toLowerCase() === 'username'), 'Users'),
  },
  {
    name: 'group-no-path-replace-rejected',
    description:
      'A group PATCH whose replace has no path is taken as a displayName string and its value object refused with 400: the validator\'s group rename and externalId change fail, and so would every such update from Entra.',
    source: 'reference §5.2',
    caughtBy: ['GRP-NOPATH-01'],
    middleware: () => groupNoPathReplaceRejected,
  },
  {
    name: 'remove-dropped-among-other-ops',
    description:
      'A user PATCH with several operations applies the adds and replaces but silently drops its remove ops (a remove alone still works), answering 2xx: an attribute cleared in Entra keeps its old value in the target.',
    source: 'reference §5.2',
    caughtBy: ['USR-MULTIOP-01'],
    // Akamai EAA does not map preferredLanguage, so its remove is never sent there; entra-default maps it.
    profile: 'entra-default',
    middleware: () =>
      rewriteOperations((operations) => (operations.length > 1 ? operations.filter((operation) => opName(operation) !== 'remove') : operations), 'Users'),
  },
];
