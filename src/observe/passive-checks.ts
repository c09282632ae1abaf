/**
 * The checks `observe` can judge on traffic it only watches: for each, the case whose check it is (so the
 * finding carries that case's RFC keyword and Entra impact), what it needs to see, and how much of the case
 * it covers. Every judgement calls the function the case itself calls (src/cases/answer-checks.ts,
 * src/cases/checks.ts); nothing here re-implements a check.
 *
 * - `whole`: the case's check needs one answer and what its request said: judged fully.
 * - `sequence`: the check needs an earlier exchange of the same observation too (a create before the
 *   duplicate, a delete before the second delete); judged when both went by.
 * - `partial`: only one step of a longer case is visible (a PATCH answer, not the read-back that shows it was
 *   applied): a failure is a finding, a pass proves nothing and is reported as not verified.
 */
import { expectCreateAnswer, expectCreated201, expectDeleted204, expectGroupByIdWithoutMembers, expectPatchAdvertised, expectProfileAttributes, expectReadById, expectSchemasDiscovery, expectScimContentType, expectUserById } from '../cases/answer-checks.ts';
import { expectEmptyList, expectNoMembers, expectOneMatch, expectScimError, expectStatus, expectSuccess, profileSchema } from '../cases/checks.ts';
import { expectPatchAccepted } from '../cases/steps.ts';
import type { Reply } from '../model/reply.ts';
import type { Dialect } from '../model/vocabulary.ts';
import type { Profile, ResourceKind } from '../profiles/profile.ts';
import { validateAgainst } from '../schema/validator.ts';
import type { Classification } from './classify.ts';
import type { ObservedObjects } from './observed-objects.ts';
import { isTestConnectionQuery, type RequestFacts } from './request-facts.ts';

export type PassiveScope = 'whole' | 'sequence' | 'partial';

/** One exchange as the judge sees it. */
export interface Seen {
  facts: RequestFacts;
  reply: Reply;
  classification: Classification;
  profile: Profile;
  objects: ObservedObjects;
}

export interface PassiveCheck {
  caseId: string;
  scope: PassiveScope;
  /** What has to go by for the check to be judged, as "not exercised" names it: "no … seen". */
  needs: string;
  applies(seen: Seen): boolean;
  judge(seen: Seen): void;
}

const ADSCIM_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
const NAME_ATTRIBUTE: Record<ResourceKind, string> = { user: 'userName', group: 'displayName' };

const is2xx = (reply: Reply): boolean => reply.status >= 200 && reply.status < 300;
const act = (seen: Seen, action: RequestFacts['action'], kind?: ResourceKind): boolean =>
  seen.facts.action === action && (kind === undefined || seen.facts.kind === kind);
const sentName = (seen: Seen): unknown => seen.facts.body?.[NAME_ATTRIBUTE[seen.facts.kind ?? 'user']];

/** A query's answer says nothing matched (or is no usable list at all): the "found nothing" check judges it. */
function claimsNoMatch(reply: Reply): boolean {
  if (reply.status !== 200 || reply.json === null || typeof reply.json !== 'object' || Array.isArray(reply.json)) return true;
  const resources = Object.entries(reply.json).find(([key]) => key.toLowerCase() === 'resources')?.[1];
  return !Array.isArray(resources) || resources.length === 0;
}

/** A duplicate of a name created earlier in this observation (and not deleted since). */
const isDuplicate = (seen: Seen): boolean => act(seen, 'create') && seen.objects.holdsName(seen.facts.kind!, sentName(seen));

/** CREATE-05 judges what the answer returns of what was sent: only a create that sent everything the profile requires. */
const sentWhatProfileRequires = (seen: Seen): boolean =>
  seen.facts.body !== undefined && validateAgainst(profileSchema(seen.profile, seen.facts.kind!), seen.facts.body).length === 0;

function perKind(
  ids: Record<ResourceKind, string | undefined>,
  make: (kind: ResourceKind) => Omit<PassiveCheck, 'caseId'>,
): PassiveCheck[] {
  return (['user', 'group'] as const).flatMap((kind) => (ids[kind] === undefined ? [] : [{ caseId: ids[kind], ...make(kind) }]));
}

export const PASSIVE_CHECKS: readonly PassiveCheck[] = [
  ...perKind({ user: 'CONN-01', group: 'CONN-02' }, (kind) => ({
    scope: 'whole',
    needs: `Test Connection's ${kind} query (a random GUID)`,
    applies: (seen) => act(seen, 'query', kind) && isTestConnectionQuery(seen.facts),
    judge: (seen) => expectEmptyList(seen.reply, kind),
  })),
  ...perKind({ user: 'USR-FILTER-02', group: 'GRP-FILTER-02' }, (kind) => ({
    scope: 'whole',
    needs: `a ${kind} query that found nothing`,
    applies: (seen) => act(seen, 'query', kind) && !isTestConnectionQuery(seen.facts) && claimsNoMatch(seen.reply),
    judge: (seen) => expectEmptyList(seen.reply, kind),
  })),
  ...perKind({ user: 'USR-FILTER-01', group: 'GRP-FILTER-01' }, (kind) => ({
    scope: 'partial',
    needs: `a ${kind} query that found something`,
    applies: (seen) => act(seen, 'query', kind) && !isTestConnectionQuery(seen.facts) && !claimsNoMatch(seen.reply),
    judge: (seen) => {
      const match = expectOneMatch(seen.reply, kind);
      if (kind === 'group' && seen.facts.excludesMembers) expectNoMembers(`${seen.reply.label} (Resources/0)`, match);
    },
  })),
  ...perKind({ user: 'USR-CREATE-02', group: 'GRP-CREATE-03' }, (kind) => ({
    scope: 'sequence',
    needs: `a second ${kind} create with a name already created`,
    applies: (seen) => act(seen, 'create', kind) && isDuplicate(seen),
    judge: (seen) => expectStatus(seen.reply, [409]),
  })),
  ...perKind({ user: 'USR-ERROR-02', group: undefined }, (kind) => ({
    scope: 'whole',
    needs: `a ${kind} create refused with 409`,
    applies: (seen) => act(seen, 'create', kind) && seen.reply.status === 409,
    judge: (seen) => expectScimError(seen.reply, 409),
  })),
  {
    caseId: 'USR-CREATE-01',
    scope: 'whole',
    needs: 'a user create',
    applies: (seen) => act(seen, 'create', 'user') && !isDuplicate(seen) && seen.reply.status !== 409,
    judge: (seen) => void expectCreateAnswer(seen.reply, 'user', { attribute: 'userName', sent: sentName(seen) }),
  },
  ...perKind({ user: undefined, group: 'GRP-CREATE-01' }, () => ({
    scope: 'whole',
    needs: "a group create with Microsoft's ADSCIM schema",
    applies: (seen) => act(seen, 'create', 'group') && !isDuplicate(seen) && seen.reply.status !== 409 && sendsAdscim(seen),
    judge: (seen) => void expectCreateAnswer(seen.reply, 'group', { attribute: 'displayName', sent: sentName(seen) }),
  })),
  ...perKind({ user: undefined, group: 'GRP-CREATE-02' }, () => ({
    scope: 'whole',
    needs: 'a group create with the core schema only',
    applies: (seen) => act(seen, 'create', 'group') && !isDuplicate(seen) && seen.reply.status !== 409 && !sendsAdscim(seen),
    judge: (seen) => void expectCreateAnswer(seen.reply, 'group', { attribute: 'displayName', sent: sentName(seen) }),
  })),
  ...perKind({ user: 'USR-CREATE-04', group: 'GRP-CREATE-04' }, (kind) => ({
    scope: 'whole',
    needs: `a successful ${kind} create`,
    applies: (seen) => act(seen, 'create', kind) && is2xx(seen.reply),
    judge: (seen) => expectCreated201(seen.reply),
  })),
  ...perKind({ user: 'USR-CREATE-05', group: 'GRP-CREATE-05' }, (kind) => ({
    scope: 'whole',
    needs: `a successful ${kind} create sending every attribute the profile requires`,
    applies: (seen) => act(seen, 'create', kind) && is2xx(seen.reply) && sentWhatProfileRequires(seen),
    judge: (seen) => expectProfileAttributes(seen.reply, seen.profile, kind),
  })),
  {
    caseId: 'USR-GET-01',
    scope: 'sequence',
    needs: 'a read of a user created while observing',
    applies: (seen) => act(seen, 'get', 'user') && seen.objects.isLive(seen.facts.id!),
    judge: (seen) => {
      const name = seen.objects.nameOf(seen.facts.id!);
      if (name === undefined) expectReadById(seen.reply, 'user', seen.facts.id!);
      else expectUserById(seen.reply, seen.facts.id!, name);
    },
  },
  {
    caseId: 'USR-GET-02',
    scope: 'whole',
    needs: 'a read of a user by an id not created while observing',
    // Passively an id nobody saw created may exist: 200 with that user is the other right answer.
    applies: (seen) => act(seen, 'get', 'user') && !seen.objects.knows(seen.facts.id!),
    judge: (seen) => (seen.reply.status === 200 ? void expectReadById(seen.reply, 'user', seen.facts.id!) : expectStatus(seen.reply, [404])),
  },
  {
    caseId: 'GRP-GET-01',
    scope: 'whole',
    needs: 'a read of an existing group with excludedAttributes=members',
    applies: (seen) => act(seen, 'get', 'group') && seen.facts.excludesMembers && !seen.objects.isDeleted(seen.facts.id!) && (seen.objects.isLive(seen.facts.id!) || seen.reply.status !== 404),
    judge: (seen) => expectGroupByIdWithoutMembers(seen.reply, seen.facts.id!),
  },
  {
    caseId: 'USR-ERROR-01',
    scope: 'whole',
    needs: 'a user read answered 404',
    applies: (seen) => act(seen, 'get', 'user') && seen.reply.status === 404,
    judge: (seen) => expectScimError(seen.reply, 404),
  },
  {
    caseId: 'USR-MEDIA-01',
    scope: 'whole',
    needs: 'a user read answered 200',
    applies: (seen) => act(seen, 'get', 'user') && seen.reply.status === 200,
    judge: (seen) => expectScimContentType(seen.reply),
  },
  ...perKind({ user: 'USR-DELETE-01', group: 'GRP-DELETE-01' }, (kind) => ({
    scope: 'partial',
    needs: `a read of a ${kind} deleted while observing`,
    applies: (seen) => act(seen, 'get', kind) && seen.objects.isDeleted(seen.facts.id!),
    judge: (seen) => expectStatus(seen.reply, [404], `a deleted ${kind} must be gone by id`),
  })),
  ...perKind({ user: 'USR-DELETE-01', group: 'GRP-DELETE-01' }, (kind) => ({
    scope: 'partial',
    needs: `a delete of a ${kind} created while observing`,
    applies: (seen) => act(seen, 'delete', kind) && seen.objects.isLive(seen.facts.id!),
    judge: (seen) => expectSuccess(seen.reply, 'a DELETE must succeed'),
  })),
  {
    caseId: 'USR-DELETE-02',
    scope: 'sequence',
    needs: 'a second delete of the same user',
    applies: (seen) => act(seen, 'delete', 'user') && seen.objects.isDeleted(seen.facts.id!),
    judge: (seen) => expectStatus(seen.reply, [404]),
  },
  ...perKind({ user: 'USR-DELETE-03', group: 'GRP-DELETE-03' }, (kind) => ({
    scope: 'whole',
    needs: `a successful ${kind} delete`,
    applies: (seen) => act(seen, 'delete', kind) && is2xx(seen.reply) && !seen.objects.isDeleted(seen.facts.id!),
    judge: (seen) => expectDeleted204(seen.reply),
  })),
  {
    caseId: 'DISC-01',
    scope: 'whole',
    needs: 'GET /Schemas',
    applies: (seen) => act(seen, 'schemas'),
    judge: (seen) => expectSchemasDiscovery(seen.reply),
  },
  {
    caseId: 'DISC-02',
    scope: 'whole',
    needs: 'GET /ServiceProviderConfig',
    applies: (seen) => act(seen, 'service-provider-config'),
    judge: (seen) => expectPatchAdvertised(seen.reply),
  },
];

/**
 * A PATCH is judged as the step the case that sends its shape judges: accepted with 200 (a valid resource
 * if a body comes) or 204. Which case and dialect come from the fixture the request matched.
 */
export interface PatchJudgement {
  caseId: string;
  dialect: Dialect | 'any';
  judge(seen: Seen): void;
}

export function patchJudgement(seen: Seen, caseJudging: (fixture: string) => { caseId: string; dialect: Dialect | 'any' } | undefined): PatchJudgement | undefined {
  if (!act(seen, 'patch') || seen.facts.kind === undefined || seen.classification.fixture === undefined) return undefined;
  const owner = caseJudging(seen.classification.fixture);
  if (owner === undefined) return undefined;
  const kind = seen.facts.kind;
  return { ...owner, judge: (judged) => expectPatchAccepted(judged.reply, kind) };
}

function sendsAdscim(seen: Seen): boolean {
  const schemas = seen.facts.body?.schemas;
  return Array.isArray(schemas) && schemas.some((schema) => String(schema).toLowerCase() === ADSCIM_GROUP.toLowerCase());
}
