/**
 * Faults that came with the split of compound checks (one check, one keyword, one impact): each must be
 * caught by the check it breaks without hiding other findings, or, where no check can observe it, make the
 * run Incomplete rather than Ready.
 */
import type { ScimMiddleware } from '../server/types.ts';
import { is, isObject, opName, opPath, operationsOf, pretendApplied, targetOf, withOperations, type Json } from './kit.ts';
import type { FaultVariant } from './types.ts';

const isMemberAdd = (operation: { op?: unknown; path?: unknown; value?: unknown }): boolean =>
  opName(operation) === 'add' && opPath(operation) === 'members';

/** Member adds are answered with success and dropped; every other operation is applied. */
const memberAddsIgnored: ScimMiddleware = async (request, next) => {
  if (!is(request, 'PATCH', 'Groups', true)) return next(request);
  const operations = operationsOf(request);
  const kept = operations.filter((operation) => !isMemberAdd(operation));
  if (kept.length === operations.length) return next(request);
  return kept.length === 0 ? pretendApplied(request, next) : next(withOperations(request, kept));
};

const stripMembers = (body: unknown): unknown => {
  if (!isObject(body)) return body;
  const { members: _members, ...rest } = body;
  if (Array.isArray(rest.Resources)) rest.Resources = rest.Resources.map(stripMembers);
  return rest;
};

/** No group answer ever carries members, whatever is asked. */
const membersNeverReturned: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  return targetOf(request).endpoint === 'Groups' ? { ...response, body: stripMembers(response.body) } : response;
};

/** The `type` of each email is dropped when a user is created (stored untyped). */
const emailTypeDropped: ScimMiddleware = async (request, next) => {
  if (!is(request, 'POST', 'Users', false) || !isObject(request.body) || !Array.isArray(request.body.emails)) return next(request);
  const emails = (request.body.emails as unknown[]).map((email) => {
    if (!isObject(email)) return email;
    const { type: _type, ...rest } = email;
    return rest;
  });
  return next({ ...request, body: { ...request.body, emails } });
};

const createAnswers200: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  return request.method === 'POST' && response.status === 201 ? { ...response, status: 200 } : response;
};

const deleteAnswers200: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  return request.method === 'DELETE' && response.status === 204 ? { status: 200, body: {} } : response;
};

/** A member added again is listed once more for every re-add, as a store with a list (not a set) would. */
function memberReaddDuplicates(): ScimMiddleware {
  const extra = new Map<string, string[]>(); // group path → member ids listed again
  return async (request, next) => {
    const { endpoint, id } = targetOf(request);
    if (is(request, 'PATCH', 'Groups', true) && id !== undefined) {
      const before = await next({ ...request, method: 'GET', body: undefined, query: new URLSearchParams() });
      const present = new Set(((isObject(before.body) ? before.body.members : []) as Json[] | undefined ?? []).map((member) => String(member.value)));
      const readded = operationsOf(request)
        .filter(isMemberAdd)
        .flatMap((operation) => (Array.isArray(operation.value) ? (operation.value as Json[]) : []))
        .map((member) => String(member.value))
        .filter((memberId) => present.has(memberId));
      if (readded.length > 0) extra.set(id, [...(extra.get(id) ?? []), ...readded]);
      return next(request);
    }
    const response = await next(request);
    if (endpoint !== 'Groups' || id === undefined || request.method !== 'GET' || !isObject(response.body) || !Array.isArray(response.body.members)) return response;
    const again = extra.get(id) ?? [];
    return again.length === 0 ? response : { ...response, body: { ...response.body, members: [...response.body.members, ...again.map((value) => ({ value }))] } };
  };
}

/** Phone numbers are stored in the server's own format (digits only, no leading +) when a user is created. */
const phoneReformatted: ScimMiddleware = async (request, next) => {
  if (!is(request, 'POST', 'Users', false) || !isObject(request.body) || !Array.isArray(request.body.phoneNumbers)) return next(request);
  const phoneNumbers = (request.body.phoneNumbers as unknown[]).map((phone) =>
    isObject(phone) && typeof phone.value === 'string' ? { ...phone, value: phone.value.replace(/\D/g, '') } : phone,
  );
  return next({ ...request, body: { ...request.body, phoneNumbers } });
};

/** The answer to a group create leaves displayName out (the group is stored with it). */
const groupCreateAnswerWithoutName: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  if (!is(request, 'POST', 'Groups', false) || !isObject(response.body)) return response;
  const { displayName: _displayName, ...rest } = response.body;
  return { ...response, body: rest };
};

export const verdictFaults: FaultVariant[] = [
  {
    name: 'phone-number-reformatted',
    description:
      'Phone numbers are stored in the server\'s own format (digits only, the + dropped) on create: Microsoft asks for values stored as sent; Entra sees a difference and the target shows another value than Entra holds.',
    source: 'reference §4.2',
    caughtBy: ['USR-CREATE-03'],
    middleware: () => phoneReformatted,
  },
  {
    name: 'group-create-answer-without-displayname',
    description:
      'The answer to a group create leaves out displayName, which the target profile (and RFC 7643 for groups) requires on every group it returns.',
    source: 'reference §6',
    caughtBy: ['GRP-CREATE-05'],
    middleware: () => groupCreateAnswerWithoutName,
  },
  {
    name: 'member-adds-ignored',
    description:
      'A PATCH that adds members is answered with success and stores nothing: memberships assigned in Entra silently never reach the target, and only reading the group back shows it.',
    source: 'reference §4.3',
    caughtBy: ['GRP-MEMBER-01', 'GRP-MEMBER-02'],
    middleware: () => memberAddsIgnored,
  },
  {
    name: 'members-never-returned',
    description:
      'No answer about a group ever carries members, not even with attributes=members: membership cannot be observed at all, so the membership checks are not verified and the run must be Incomplete, never Ready.',
    source: 'reference §2.3',
    caughtBy: [],
    verdict: 'incomplete',
    middleware: () => membersNeverReturned,
  },
  {
    name: 'email-type-dropped',
    description:
      'The type of each email is dropped when a user is created, so the work email Akamai EAA requires is not there as a work email: one schema finding on the create answer, and no other user case may be hidden by it.',
    source: 'reference §6',
    caughtBy: ['USR-CREATE-05'],
    middleware: () => emailTypeDropped,
  },
  {
    name: 'create-answers-200',
    description:
      'A successful create is answered 200 instead of 201 Created: an RFC finding only, since Entra (and Microsoft\'s validation template) takes any 2xx with the resource.',
    source: 'reference §4.3',
    caughtBy: ['USR-CREATE-04', 'GRP-CREATE-04'],
    middleware: () => createAnswers200,
  },
  {
    name: 'delete-answers-200',
    description:
      'A successful delete is answered 200 with an empty object instead of 204 No Content: the RFC says SHALL 204; what Entra does with it is undocumented.',
    source: 'reference §4.3',
    caughtBy: ['USR-DELETE-03', 'GRP-DELETE-03'],
    middleware: () => deleteAnswers200,
  },
  {
    name: 'member-readd-duplicates',
    description:
      'Re-adding a member that is already there lists it twice: the RFC says no change should be made; Entra never reads members back, so it is an RFC finding with no known Entra impact.',
    source: 'reference §4.3',
    caughtBy: ['GRP-MEMBER-08'],
    middleware: memberReaddDuplicates,
  },
];
