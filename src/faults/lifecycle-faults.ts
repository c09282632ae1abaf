/**
 * Faults in the lifecycle of users and groups (reference §2.2, §2.3, §4.3, §4.5): authentication,
 * uniqueness, create, disable, delete, and what happens to memberships along the way. Follow-up requests
 * to the core stand in for what a faulty server would have done to its own store.
 */
import { randomUUID } from 'node:crypto';
import type { ScimMiddleware } from '../server/types.ts';
import { is, isObject, mapResources, readResource, scimError, targetOf, followUp, type Json } from './kit.ts';
import type { FaultVariant } from './types.ts';

const GROUP_CORE = 'urn:ietf:params:scim:schemas:core:2.0:Group';

const authNotEnforced: ScimMiddleware = async (request, next) => next({ ...request, skipAuth: true });

/** On a 409 the create is retried under a hidden suffix and answered with the name as sent. */
const duplicateAccepted = (endpoint: 'Users' | 'Groups', nameAttribute: string): ScimMiddleware => async (request, next) => {
  const response = await next(request);
  if (!is(request, 'POST', endpoint, false) || response.status !== 409 || !isObject(request.body)) return response;
  const sent = request.body[nameAttribute];
  const retried = await next({ ...request, body: { ...request.body, [nameAttribute]: `${String(sent)} #dup-${randomUUID().slice(0, 8)}` } });
  return mapResources(retried, (resource) => ({ ...resource, [nameAttribute]: sent }));
};

const adscimSchemaRejected: ScimMiddleware = async (request, next) => {
  const schemas = isObject(request.body) && Array.isArray(request.body.schemas) ? (request.body.schemas as unknown[]) : [];
  if (is(request, 'POST', 'Groups', false) && schemas.some((schema) => schema !== GROUP_CORE)) {
    return scimError(400, `Unsupported schema in "schemas": ${JSON.stringify(schemas.find((schema) => schema !== GROUP_CORE))}.`, 'invalidValue');
  }
  return next(request);
};

const deleteNotApplied: ScimMiddleware = async (request, next) => (is(request, 'DELETE', undefined, true) ? { status: 204 } : next(request));

const secondDelete204: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  return is(request, 'DELETE', undefined, true) && response.status === 404 ? { status: 204 } : response;
};

const disabledUserHidden: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  if (!is(request, 'GET', 'Users')) return response;
  return mapResources(response, (user) => (user.active === false ? undefined : user));
};

const groupIdsOf = (user: Json | undefined): string[] =>
  Array.isArray(user?.groups) ? (user.groups as unknown[]).filter(isObject).map((group) => String(group.value)) : [];

/** Remembers the memberships of each deleted user and keeps listing them as members afterwards. */
function deletedUserStaysInGroups(): ScimMiddleware {
  const ghosts = new Map<string, Set<string>>(); // group id → ids of deleted users still listed
  return async (request, next) => {
    const { endpoint, id } = targetOf(request);
    if (is(request, 'DELETE', 'Users', true) && id !== undefined) {
      const groups = groupIdsOf(await readResource(next, request, request.path));
      const response = await next(request);
      if (response.status === 204) for (const groupId of groups) ghosts.set(groupId, (ghosts.get(groupId) ?? new Set()).add(id));
      return response;
    }
    const response = await next(request);
    if (endpoint !== 'Groups') return response;
    return mapResources(response, (group) => {
      const stale = ghosts.get(String(group.id));
      if (stale === undefined || !Array.isArray(group.members)) return group;
      return { ...group, members: [...group.members, ...[...stale].map((value) => ({ value, type: 'User' }))] };
    });
  };
}

/** Disabling a user also takes it out of every group it belonged to. */
const disabledUserLosesMemberships: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  const { id } = targetOf(request);
  if (!is(request, 'PATCH', 'Users', true) || response.status !== 200 || !isObject(response.body) || response.body.active !== false) return response;
  for (const groupId of groupIdsOf(response.body)) {
    await next(
      followUp(request, 'PATCH', `/Groups/${groupId}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'remove', path: `members[value eq ${JSON.stringify(id)}]` }],
      }),
    );
  }
  const { groups: _left, ...user } = response.body;
  return { ...response, body: user };
};

/** A create without emails crashes the handler (a null dereference): 500 instead of a user or a 400. */
const createWithoutEmails500: ScimMiddleware = async (request, next) =>
  is(request, 'POST', 'Users', false) && isObject(request.body) && request.body.emails === undefined
    ? scimError(500, 'Internal server error.')
    : next(request);

export const lifecycleFaults: FaultVariant[] = [
  {
    name: 'create-without-emails-500',
    description:
      'A user create without emails (Entra leaves out an empty mail) answers 500: Entra retries it every cycle and counts it towards quarantine.',
    source: 'issue 10',
    caughtBy: ['USR-CREATE-06'],
    middleware: () => createWithoutEmails500,
  },
  {
    name: 'auth-not-enforced',
    description:
      'Any bearer token (or none) is accepted: the target cannot tell Entra from anyone else, and Entra\'s credential check at Test Connection can never report a wrong secret.',
    source: 'reference §4.1',
    caughtBy: ['CONN-03'],
    middleware: () => authNotEnforced,
  },
  {
    name: 'duplicate-username-accepted',
    description:
      'A second user with an existing userName is created instead of answering 409: the target holds two accounts for one person and Entra\'s next query returns two matches (DuplicateTargetEntries).',
    source: 'reference §4.3',
    caughtBy: ['USR-CREATE-02'],
    middleware: () => duplicateAccepted('Users', 'userName'),
  },
  {
    name: 'duplicate-group-displayname-accepted',
    description:
      'A second group with an existing displayName is created instead of answering 409: Entra matches groups by displayName, so the next query returns two groups (DuplicateTargetEntries).',
    source: 'reference §4.3',
    caughtBy: ['GRP-CREATE-03'],
    middleware: () => duplicateAccepted('Groups', 'displayName'),
  },
  {
    name: 'group-create-adscim-rejected',
    description:
      'POST /Groups is refused with 400 when "schemas" lists Microsoft\'s ADSCIM Group URI next to the core one, as Entra\'s documented create body does: no group is ever provisioned.',
    source: 'reference §2.3',
    caughtBy: ['GRP-CREATE-01'],
    middleware: () => adscimSchemaRejected,
  },
  {
    name: 'delete-204-not-applied',
    description: 'DELETE answers 204 and deletes nothing: users and groups deleted in Entra keep existing, with their access, in the target.',
    source: 'reference §4.5',
    caughtBy: ['USR-DELETE-01', 'GRP-DELETE-01'],
    middleware: () => deleteNotApplied,
  },
  {
    name: 'second-delete-204',
    description:
      'A DELETE of an id that is already gone answers 204 instead of 404: a repeated delete cannot tell Entra (or an admin) whether the object is really gone.',
    source: 'reference §4.3',
    caughtBy: ['USR-DELETE-02'],
    middleware: () => secondDelete204,
  },
  {
    name: 'disabled-user-hidden',
    description:
      'A user with active false disappears from GET by id (404) and from filters: Entra logs InvalidAnchor and, on the next cycle, creates the user again (ED-SCIM: the user must be returned whether or not it is active).',
    source: 'reference §4.1',
    caughtBy: ['USR-DISABLE-01', 'USR-DISABLE-02'],
    middleware: () => disabledUserHidden,
  },
  {
    name: 'deleted-user-stays-in-groups',
    description:
      'A hard-deleted user is still listed as a member of its groups: groups in the target point at accounts that no longer exist.',
    source: 'reference §4.5',
    caughtBy: ['GRP-MEMBER-06'],
    middleware: deletedUserStaysInGroups,
  },
  {
    name: 'disabled-user-loses-memberships',
    description:
      'Disabling a user removes it from every group: Entra does not restore memberships on re-enable ("the target application should maintain the membership in inactive state"), so access is lost for good.',
    source: 'reference §4.5',
    caughtBy: ['GRP-MEMBER-07'],
    middleware: () => disabledUserLosesMemberships,
  },
];
