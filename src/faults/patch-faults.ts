/**
 * Faults in how a server applies Entra's PATCH requests (reference §3, §7 #1–#22): each one rewrites or
 * refuses the request before the conformant core sees it, so the core itself never carries the fault.
 */
import type { ScimMiddleware } from '../server/types.ts';
import {
  firstTypedValueAddDropped,
  isObject,
  is,
  opName,
  operationsOf,
  opPath,
  pretendApplied,
  readResource,
  scimError,
  targetOf,
  withOperations,
  type Json,
  type PatchOperation,
} from './kit.ts';
import { divertNoPathKeys } from './shadow.ts';
import type { FaultVariant } from './types.ts';

const isPatch = (request: Parameters<ScimMiddleware>[0]): boolean => request.method.toUpperCase() === 'PATCH';

/** Rewrites the operations of every PATCH; an empty result is answered as if nothing had to change. */
export function rewriteOperations(edit: (operations: PatchOperation[]) => PatchOperation[], only?: 'Users' | 'Groups'): ScimMiddleware {
  return async (request, next) => {
    if (!isPatch(request) || (only !== undefined && targetOf(request).endpoint !== only)) return next(request);
    const operations = edit(operationsOf(request));
    return operations.length === 0 ? pretendApplied(request, next) : next(withOperations(request, operations));
  };
}

/** Drops the keys `drop` selects from no-path value objects, and the ops left empty. */
export const dropNoPathKeys = (drop: (key: string) => boolean) => (operations: PatchOperation[]) =>
  operations.flatMap((operation) => {
    if (operation.path !== undefined || !isObject(operation.value)) return [operation];
    const kept = Object.fromEntries(Object.entries(operation.value).filter(([key]) => !drop(key)));
    return Object.keys(kept).length === 0 ? [] : [{ ...operation, value: kept }];
  });

const isBooleanString = (value: unknown): boolean => typeof value === 'string' && /^(true|false)$/i.test(value);
const valuesOf = (operation: PatchOperation): unknown[] => (isObject(operation.value) ? Object.values(operation.value) : [operation.value]);

const capitalisedOpsRejected: ScimMiddleware = async (request, next) => {
  const capitalised = operationsOf(request).find((operation) => typeof operation.op === 'string' && operation.op !== operation.op.toLowerCase());
  if (isPatch(request) && capitalised) return scimError(400, `Unknown op ${JSON.stringify(capitalised.op)}; expected add, replace or remove.`, 'invalidSyntax');
  return next(request);
};

const booleanStringsRejected: ScimMiddleware = async (request, next) => {
  if (isPatch(request) && operationsOf(request).some((operation) => valuesOf(operation).some(isBooleanString))) {
    return scimError(400, 'active must be a boolean, not a string.', 'invalidValue');
  }
  return next(request);
};

/** JavaScript truthiness: the non-empty string "False" becomes true. */
const booleanStringsTruthy = rewriteOperations((operations) =>
  operations.map((operation) => (isBooleanString(operation.value) ? { ...operation, value: Boolean(operation.value) } : operation)),
);

const isDottedKey = (key: string): boolean => key.includes('.') && !/^urn:/i.test(key);

const memberRemoveWipesAll = rewriteOperations(
  (operations) =>
    operations.map((operation) => {
      if (opName(operation) !== 'remove' || opPath(operation) !== 'members' || operation.value === undefined) return operation;
      const { value: _ignored, ...wipe } = operation; // a remove without value clears the attribute (RFC 7644 §3.5.2.2)
      return wipe;
    }),
  'Groups',
);

const memberFilterRemoveIgnored = rewriteOperations(
  (operations) => operations.filter((operation) => !(opName(operation) === 'remove' && (opPath(operation) ?? '').startsWith('members['))),
  'Groups',
);

const memberRemoveWithValueRejected: ScimMiddleware = async (request, next) => {
  if (isPatch(request) && operationsOf(request).some((o) => opName(o) === 'remove' && opPath(o) === 'members' && o.value !== undefined)) {
    return scimError(400, 'values must not be set for remove operation', 'invalidValue');
  }
  return next(request);
};

const memberReaddConflict: ScimMiddleware = async (request, next) => {
  const adds = operationsOf(request).filter((o) => opName(o) === 'add' && opPath(o) === 'members' && Array.isArray(o.value));
  if (!is(request, 'PATCH', 'Groups', true) || adds.length === 0) return next(request);
  const group = await readResource(next, request, request.path);
  const present = new Set(((group?.members ?? []) as Json[]).map((member) => String(member.value)));
  const again = adds.flatMap((o) => o.value as Json[]).find((member) => present.has(String(member.value)));
  return again ? scimError(409, `${String(again.value)} is already a member of this group.`, 'uniqueness') : next(request);
};

const memberAddTruncated = rewriteOperations(
  (operations) =>
    operations.map((o) => (opName(o) === 'add' && opPath(o) === 'members' && Array.isArray(o.value) ? { ...o, value: o.value.slice(0, 1) } : o)),
  'Groups',
);

const userNameChangeIgnored = rewriteOperations(
  (operations) => dropNoPathKeys((key) => key.toLowerCase() === 'username')(operations.filter((o) => opPath(o) !== 'username')),
  'Users',
);

const workEmailFilteredPathIgnored = rewriteOperations(
  (operations) => operations.filter((operation) => !(opPath(operation) ?? '').startsWith('emails[')),
  'Users',
);

/** `add` is taken as multi-valued only: an Add on a simple path is refused (a shipped server's 501, issue 10). */
const singleValuedAddRejected: ScimMiddleware = async (request, next) => {
  const simpleAdd = operationsOf(request).find((o) => opName(o) === 'add' && opPath(o) !== undefined && !/[[\]]|^members$/.test(opPath(o) ?? ''));
  if (is(request, 'PATCH', 'Users', true) && simpleAdd) return scimError(400, `add is not supported on ${String(simpleAdd.path)}; use replace.`, 'invalidPath');
  return next(request);
};

const groupDisplayNameStringRejected: ScimMiddleware = async (request, next) => {
  const plain = operationsOf(request).some((o) => opPath(o) === 'displayname' && typeof o.value === 'string');
  if (is(request, 'PATCH', 'Groups', true) && plain) {
    return scimError(400, 'value must be an array of {"$ref", "value"} objects.', 'invalidValue');
  }
  return next(request);
};

const patchNotApplied = (endpoint: 'Users' | 'Groups'): ScimMiddleware => async (request, next) =>
  is(request, 'PATCH', endpoint, true) ? { status: 204 } : next(request);

export const patchFaults: FaultVariant[] = [
  {
    name: 'capitalised-ops-rejected',
    description:
      'PATCH ops are matched case-sensitively, so the default Entra job\'s "Add"/"Replace"/"Remove" get 400: every update, disable and membership change of a non-flagged app fails and is retried forever.',
    source: 'reference §7 #1',
    caughtBy: ['USR-PATCH-01', 'USR-PATCH-02', 'USR-DISABLE-02', 'GRP-PATCH-01', 'GRP-MEMBER-01'],
    middleware: () => capitalisedOpsRejected,
  },
  {
    name: 'boolean-strings-rejected',
    description:
      'active given as the string "False"/"True" (the default job\'s Switch([IsSoftDeleted]) mapping) is refused with 400: users unassigned in Entra are never disabled in the target.',
    source: 'reference §7 #19',
    caughtBy: ['USR-DISABLE-01', 'USR-ENABLE-01'],
    middleware: () => booleanStringsRejected,
  },
  {
    name: 'boolean-strings-truthy',
    description:
      'active "False" is coerced by truthiness to true (a non-empty string): the disable PATCH answers 200 but the user keeps access, and Entra believes it disabled it.',
    source: 'reference §7 #19',
    caughtBy: ['USR-DISABLE-01'],
    middleware: () => booleanStringsTruthy,
  },
  {
    name: 'no-path-dotted-keys-ignored',
    description:
      'A no-path replace whose value holds "name.familyName"-style keys (the aadOptscim062020 form) is accepted but those keys are silently skipped: name changes never reach the target and are re-sent every cycle.',
    source: 'reference §7 #12',
    caughtBy: ['USR-PATCH-01', 'USR-PATCH-03'],
    middleware: () => rewriteOperations(dropNoPathKeys(isDottedKey), 'Users'),
  },
  {
    name: 'no-path-dotted-keys-literal',
    description:
      'No-path dotted keys are stored as literal attributes ("name.familyName": …) next to an untouched name object: the real attribute never changes and the target drifts from Entra.',
    source: 'reference §7 #13',
    caughtBy: ['USR-PATCH-01', 'USR-PATCH-03'],
    middleware: () => divertNoPathKeys((key) => (isDottedKey(key) ? key : undefined)),
  },
  {
    name: 'urn-keys-at-root',
    description:
      'No-path keys "urn:…:enterprise:2.0:User:employeeNumber" are applied as a root attribute "employeeNumber" instead of inside the enterprise extension: the extension value never changes and Entra re-sends it.',
    source: 'reference §7 #16',
    caughtBy: ['USR-PATCH-03'],
    // Akamai EAA maps no enterprise attribute, so Entra never sends one there; entra-default maps two.
    profile: 'entra-default',
    middleware: () =>
      divertNoPathKeys((key) => {
        const prefix = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:';
        return key.toLowerCase().startsWith(prefix) ? key.slice(prefix.length) : undefined;
      }),
  },
  {
    name: 'legacy-member-remove-wipes-all',
    description:
      'The default job\'s Remove with path "members" and a value array clears every member instead of the listed ones: removing one person from a group in Entra empties the group in the target.',
    source: 'reference §7 #7',
    caughtBy: ['GRP-MEMBER-04'],
    middleware: () => memberRemoveWipesAll,
  },
  {
    name: 'member-filter-remove-ignored',
    description:
      'remove with path members[value eq "…"] (the aadOptscim062020 form) answers 204 but removes nobody: people removed from a group in Entra keep the access the group grants.',
    source: 'reference §7 #9',
    caughtBy: ['GRP-MEMBER-04', 'GRP-MEMBER-05'],
    middleware: () => memberFilterRemoveIgnored,
  },
  {
    name: 'member-remove-with-value-rejected',
    description:
      'An RFC-strict server refuses the default job\'s Remove "members" carrying a value array ("values must not be set for remove operation"): no member can ever be removed from a non-flagged app.',
    source: 'reference §7 #6',
    caughtBy: ['GRP-MEMBER-04', 'GRP-MEMBER-05'],
    middleware: () => memberRemoveWithValueRejected,
  },
  {
    name: 'member-readd-409',
    description:
      'Adding a user who is already a member answers 409: Entra never reads members back (it always excludes them), re-sends the add, and retries the 409 every cycle without end.',
    source: 'Q&A QA-MEMBER409',
    caughtBy: ['GRP-MEMBER-03'],
    middleware: () => memberReaddConflict,
  },
  {
    name: 'member-add-truncated',
    description:
      'A PATCH that adds several members keeps only the first: Entra batches membership changes into one PATCH, so most assignments never reach the target.',
    source: 'reference §4.1',
    caughtBy: ['GRP-MEMBER-02'],
    middleware: () => memberAddTruncated,
  },
  {
    name: 'username-rename-ignored',
    description:
      'A PATCH of userName is acknowledged but not applied: after a UPN change Entra queries the new name, finds nothing, and creates a second account for the same person.',
    source: 'reference §2.2',
    caughtBy: ['USR-PATCH-02'],
    middleware: () => userNameChangeIgnored,
  },
  {
    name: 'work-email-filtered-path-ignored',
    description:
      'Operations on emails[type eq "work"].value are acknowledged but not applied (filtered paths unsupported): e-mail changes in Entra never reach the target and are re-sent every cycle.',
    source: 'reference §7 #21',
    caughtBy: ['USR-PATCH-01'],
    middleware: () => workEmailFilteredPathIgnored,
  },
  {
    name: 'first-mobile-phone-add-dropped',
    description:
      'An Add on phoneNumbers[type eq "mobile"].value for a user who has no mobile phone yet answers 204 and stores nothing: Entra records success, so a mobile phone entered after provisioning never reaches the target.',
    source: 'issue 10',
    caughtBy: ['USR-TYPED-01'],
    middleware: () => firstTypedValueAddDropped('phoneNumbers', 'mobile'),
  },
  {
    name: 'single-valued-add-rejected',
    description:
      'An Add on a single-valued attribute (displayName, name.givenName, externalId) is refused: the legacy job sends Add for every first value, so those updates fail and are retried every cycle.',
    source: 'issue 10',
    caughtBy: ['USR-ADD-01'],
    middleware: () => singleValuedAddRejected,
  },
  {
    name: 'group-displayname-string-rejected',
    description:
      'A group PATCH of displayName is refused unless value is an array of {$ref, value} objects (the legacy Microsoft library shape); Entra sends a plain string, so no group rename ever succeeds.',
    source: 'reference §7 #5',
    caughtBy: ['GRP-PATCH-01'],
    middleware: () => groupDisplayNameStringRejected,
  },
  {
    name: 'user-patch-204-not-applied',
    description: 'Every user PATCH answers 204 and changes nothing: Entra records success, so updates and disables are lost silently.',
    source: 'reference §4.3',
    caughtBy: ['USR-PATCH-01', 'USR-PATCH-02', 'USR-PATCH-03', 'USR-DISABLE-01'],
    middleware: () => patchNotApplied('Users'),
  },
  {
    name: 'group-patch-204-not-applied',
    description: 'Every group PATCH answers 204 and changes nothing: renames and membership changes are lost while Entra records success.',
    source: 'reference §4.3',
    caughtBy: ['GRP-PATCH-01', 'GRP-MEMBER-01', 'GRP-MEMBER-02'],
    middleware: () => patchNotApplied('Groups'),
  },
];
