/**
 * What each provisioning-log error code Microsoft documents most likely means for a SCIM target, and which
 * cases of the catalogue reproduce it. Only codes Microsoft's own pages (ED-LOGS "Error codes", ED-QUAR) or a
 * cited capture name are here; any other code is listed by `triage` as unknown, never guessed. Where a code
 * depends on the request, the cases are chosen by the event's action (create / update / delete …).
 */

export interface KnownErrorCode {
  /** One sentence: the likely root cause at the target. */
  cause: string;
  /** Cases that reproduce it, by the event's provisioning action (`any` for every action). */
  cases: Partial<Record<'create' | 'update' | 'disable' | 'delete' | 'any', readonly string[]>>;
  /** Spec-tag style source keys (src/report/spec-links.ts and the reference's §0). */
  sources: readonly string[];
  /** A failure Entra counts toward quarantine for invalid credentials rather than per-object escrow. */
  credentials?: boolean;
}

const FILTER_CASES = ['USR-FILTER-01', 'USR-FILTER-03', 'GRP-FILTER-01', 'GRP-FILTER-03'];

export const KNOWN_ERROR_CODES: Record<string, KnownErrorCode> = {
  SystemForCrossDomainIdentityManagementServiceIncompatible: {
    cause: "the target's answer is not one Entra's SCIM client can use: a refused request shape (often a 400 to Entra's PATCH or create body), or an answer body that is not SCIM",
    cases: {
      create: ['USR-CREATE-01', 'USR-CREATE-06', 'GRP-CREATE-01'],
      update: ['USR-PATCH-01', 'USR-PATCH-03', 'USR-ADD-01', 'USR-TYPED-01', 'GRP-PATCH-01', 'GRP-MEMBER-01'],
      disable: ['USR-DISABLE-01', 'USR-DISABLE-02'],
      any: ['USR-ERROR-01', 'USR-ERROR-02'],
    },
    sources: ['ENTRA-ED-LOGS'],
  },
  SystemForCrossDomainIdentityManagementMultipleEntriesInResponse: {
    cause: 'a query or read returned several objects where Entra expects one: a filter that is ignored, or members returned although excludedAttributes=members was asked',
    cases: { any: ['USR-FILTER-01', 'GRP-FILTER-01', 'GRP-GET-01'] },
    sources: ['ENTRA-ED-LOGS'],
  },
  SystemForCrossDomainIdentityManagementServiceIncompatibleFiltering: {
    cause: "the target answered 409 Conflict where Entra expected the object it had matched: the matching query did not find an object that exists (case-sensitive or ignored filter), so Entra's create or update collides",
    cases: { any: [...FILTER_CASES, 'USR-CREATE-02'] },
    sources: ['QA-CONFLICT'],
  },
  DuplicateTargetEntries: {
    cause: 'the matching query returned more than one object: the target ignores the filter or holds duplicates',
    cases: { any: ['USR-FILTER-01', 'GRP-FILTER-01'] },
    sources: ['ENTRA-ED-LOGS'],
  },
  Conflict: {
    cause: "409 on a uniqueness conflict: an object with the same name exists in the target but Entra's matching query did not find it (case-sensitive or ignored filter), or it is another object's value",
    cases: { any: [...FILTER_CASES, 'USR-CREATE-02'] },
    sources: ['ENTRA-ED-LOGS'],
  },
  EntryConflict: {
    cause: "an object with the same matching value already exists in the target and was not matched: fix the value or the matching attribute",
    cases: { any: [...FILTER_CASES, 'USR-CREATE-02'] },
    sources: ['ENTRA-ED-LOGS'],
  },
  InvalidAnchor: {
    cause: 'a user Entra matched earlier is no longer found by its id: it was deleted in the target, or the target hides it (a disabled user answered 404)',
    cases: { any: ['USR-GET-01', 'USR-GET-02', 'USR-DISABLE-01'] },
    sources: ['ENTRA-ED-LOGS'],
  },
  InternalServerError: {
    cause: 'the target failed with a 5xx on this request shape; Entra retries the object in 40 minutes',
    cases: { create: ['USR-CREATE-01', 'USR-CREATE-06'], update: ['USR-PATCH-01', 'USR-PATCH-03', 'USR-TYPED-01'], disable: ['USR-DISABLE-01'], delete: ['USR-DELETE-01'] },
    sources: ['ENTRA-ED-LOGS'],
  },
  Timeout: {
    cause: "the target did not answer within Entra's 60 seconds; usually a query that slows down as the directory grows",
    cases: {},
    sources: ['ENTRA-ED-LOGS', 'QA-60S'],
  },
  TooManyRequests: {
    cause: 'the target throttled Entra (429); Entra retries the attempt by itself',
    cases: {},
    sources: ['ENTRA-ED-LOGS'],
  },
  Unauthorized: {
    cause: "the target refused the credentials: the Secret Token in Entra's provisioning settings is wrong or expired",
    cases: { any: ['CONN-01', 'CONN-03'] },
    sources: ['ENTRA-ED-LOGS', 'ENTRA-ED-QUAR'],
    credentials: true,
  },
  InsufficientRights: {
    cause: 'Entra authenticated but the token lacks the rights for this operation in the target',
    cases: { any: ['CONN-03'] },
    sources: ['ENTRA-ED-LOGS'],
    credentials: true,
  },
  NotPermitted: {
    cause: 'the target forbade the operation (403) for these credentials',
    cases: { any: ['CONN-03'] },
    sources: ['ENTRA-ED-LOGS'],
    credentials: true,
  },
  MethodNotAllowed: {
    cause: 'the target does not allow the HTTP method Entra used here (often PATCH)',
    cases: { update: ['USR-PATCH-01', 'GRP-PATCH-01', 'DISC-02'], disable: ['USR-DISABLE-01'], delete: ['USR-DELETE-01'] },
    sources: ['ENTRA-ED-LOGS'],
  },
  NotImplemented: {
    cause: 'the target does not implement the operation Entra sent (501)',
    cases: { update: ['USR-PATCH-01', 'GRP-PATCH-01'], disable: ['USR-DISABLE-01'], delete: ['USR-DELETE-01'] },
    sources: ['ENTRA-ED-LOGS'],
  },
  UnprocessableEntity: {
    cause: 'the target refused the body as unprocessable (422): a value or shape of the mapping it will not take',
    cases: { create: ['USR-CREATE-01', 'USR-CREATE-06'], update: ['USR-PATCH-03', 'USR-TYPED-01'] },
    sources: ['ENTRA-ED-LOGS'],
  },
  WebExceptionProtocolError: {
    cause: 'the HTTP exchange failed at the protocol level (an answer that is not HTTP, or a broken connection); retried in 40 minutes',
    cases: { any: ['CONN-01'] },
    sources: ['ENTRA-ED-LOGS'],
  },
  MandatoryFieldsMissing: {
    cause: 'the mapping leaves out an attribute the target requires',
    cases: { create: ['USR-CREATE-05', 'USR-CREATE-06'] },
    sources: ['ENTRA-ED-LOGS'],
  },
  SchemaAttributeNotFound: {
    cause: "the mapping sends an attribute the target's schema does not have",
    cases: { create: ['USR-CREATE-03'], update: ['USR-EXT-01'] },
    sources: ['ENTRA-ED-LOGS'],
  },
};

/** Microsoft Q&A answers the codes cite that the report's spec-tag table does not hold. */
export const QA_SOURCES: Record<string, string> = {
  'QA-CONFLICT': 'https://learn.microsoft.com/en-us/answers/questions/1185756/how-to-fix-scim-provisioning-errors',
  'QA-60S': 'https://learn.microsoft.com/en-us/answers/questions/1151866/azure-ad-scim-attempting-to-create-the-same-user-r',
};

export function casesFor(known: KnownErrorCode, action: string): string[] {
  const normalized = action.toLowerCase() === 'stageddelete' ? 'delete' : action.toLowerCase();
  const byAction = known.cases[normalized as keyof KnownErrorCode['cases']] ?? [];
  return [...new Set([...byAction, ...(known.cases.any ?? [])])];
}
