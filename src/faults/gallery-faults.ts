/**
 * Faults that only Microsoft's own checks exercise (src/cases/microsoft-tests.ts): the SCIM Validator's
 * preview tests and the gallery validation's direct tests. Each is a way a real server passes every
 * provisioning cycle Entra runs and still fails the check Microsoft runs before it lists the app.
 */
import type { ScimMiddleware, ScimRequest } from '../server/types.ts';
import { is, isObject, queryValue, targetOf, type Json } from './kit.ts';
import type { FaultVariant } from './types.ts';

function operationsOf(request: ScimRequest): Json[] | undefined {
  const body = request.body;
  if (!isObject(body) || !Array.isArray(body.Operations)) return undefined;
  return body.Operations.filter(isObject);
}

function withOperations(request: ScimRequest, operations: Json[]): ScimRequest {
  return { ...request, body: { ...(request.body as Json), Operations: operations } };
}

/** Several operations on one path: only the first is applied (a server that de-duplicates by path). */
const firstOperationPerPath: ScimMiddleware = (request, next) => {
  const operations = operationsOf(request);
  if (!is(request, 'PATCH', 'Users', true) || operations === undefined) return next(request);
  const seen = new Set<string>();
  const kept = operations.filter((operation) => {
    if (typeof operation.path !== 'string') return true;
    const path = operation.path.toLowerCase();
    if (seen.has(path)) return false;
    seen.add(path);
    return true;
  });
  return next(withOperations(request, kept));
};

/** Group PATCH operations applied removes first (a server that batches removals before additions). */
const removesBeforeAdds: ScimMiddleware = (request, next) => {
  const operations = operationsOf(request);
  if (!is(request, 'PATCH', 'Groups', true) || operations === undefined) return next(request);
  const isRemove = (operation: Json): boolean => String(operation.op).toLowerCase() === 'remove';
  return next(withOperations(request, [...operations.filter(isRemove), ...operations.filter((operation) => !isRemove(operation))]));
};

/** Remove on `members` with a value array removes only the array's first member. */
const removeFirstValueOnly: ScimMiddleware = (request, next) => {
  const operations = operationsOf(request);
  if (!is(request, 'PATCH', 'Groups', true) || operations === undefined) return next(request);
  return next(
    withOperations(
      request,
      operations.map((operation) =>
        String(operation.op).toLowerCase() === 'remove' && String(operation.path).toLowerCase() === 'members' && Array.isArray(operation.value) && operation.value.length > 1
          ? { ...operation, value: operation.value.slice(0, 1) }
          : operation,
      ),
    ),
  );
};

/** Soft delete that forgets to say so: a deleted group's id answers a second DELETE with 204 again. */
function deletedGroupDelete204(): ScimMiddleware {
  const deleted = new Set<string>();
  return async (request, next) => {
    const { id } = targetOf(request);
    if (is(request, 'DELETE', 'Groups', true) && id !== undefined && deleted.has(id)) return { status: 204 };
    const response = await next(request);
    if (is(request, 'DELETE', 'Groups', true) && id !== undefined && response.status === 204) deleted.add(id);
    return response;
  };
}

/** At most 4 users a page, whatever count asks for (RFC 7644 allows fewer; Microsoft's page arithmetic does not). */
const userPagesOfFour: ScimMiddleware = (request, next) => {
  const count = Number(queryValue(request, 'count'));
  if (!is(request, 'GET', 'Users', false) || !(count > 4)) return next(request);
  const query = new URLSearchParams(request.query);
  for (const key of [...query.keys()]) if (key.toLowerCase() === 'count') query.delete(key);
  query.set('count', '4');
  return next({ ...request, query });
};

export const galleryFaults: FaultVariant[] = [
  {
    name: 'patch-same-path-first-op-only',
    description: 'Of several operations on one attribute in a user PATCH only the first is applied: the validator\'s remove, add and replace of externalId leaves it removed, not replaced.',
    source: 'reference §5.2',
    caughtBy: ['USR-MULTIOP-02'],
    middleware: () => firstOperationPerPath,
    profile: 'entra-default',
  },
  {
    name: 'group-patch-removes-before-adds',
    description: 'A group PATCH applies its remove operations before its adds: a member added and removed in one change stays in the group, against RFC 7644 §3.5.2 (operations in order).',
    source: 'reference §5.2',
    caughtBy: ['GRP-MULTIOP-01'],
    middleware: () => removesBeforeAdds,
  },
  {
    name: 'group-remove-first-member-only',
    description: 'Remove on members with several values removes only the first: the other users Entra took out of the group keep its access.',
    source: 'reference §5.2',
    caughtBy: ['GRP-MEMBER-10'],
    middleware: () => removeFirstValueOnly,
  },
  {
    name: 'group-delete-twice-204',
    description: 'A deleted group is only marked deleted and a second DELETE answers 204 again instead of 404 (RFC 7644 §3.6): the validator\'s "Delete the same Group twice" preview test fails.',
    source: 'reference §5.2',
    caughtBy: ['GRP-DELETE-05'],
    middleware: deletedGroupDelete204,
  },
  {
    name: 'user-pages-of-four',
    description: 'User pages hold at most 4 whatever count asks: RFC 7644 allows fewer, but Microsoft\'s gallery validation pages with count=5 and fails when page n does not start at 5n+1.',
    source: 'reference §5.3',
    caughtBy: ['USR-LIST-03'],
    middleware: () => userPagesOfFour,
  },
];
