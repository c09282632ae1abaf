/**
 * Faults that only real people and real lifecycles show (issue 21): a server that is fine for
 * `ada.lovelace1@example.com`, created once and deleted once, and breaks on an apostrophe, a decomposed
 * accent, a near miss of a UPN, a rehire, a case-only rename, a new first name or a delete of a group member.
 * Each is middleware around the conformant core, realised with follow-up requests where a real server would
 * have changed its own store.
 */
import type { ScimMiddleware, ScimRequest } from '../server/types.ts';
import { equalityFilter, is, isObject, isQuery, opName, opPath, operationsOf, queryValue, readResource, scimError, targetOf, followUp, withOperations, withQuery, type Json, type PatchOperation } from './kit.ts';
import type { FaultVariant } from './types.ts';

const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Every string in a JSON value passed through `map` (keys stay as they are). */
function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, mapStrings(child, map)]));
  return value;
}

/** Writes to /Users store every string in Unicode normalisation form C (a database collation or a "clean-up" step). */
const normalisedToNfc: ScimMiddleware = async (request, next) => {
  const isWrite = (is(request, 'POST', 'Users', false) || is(request, 'PATCH', 'Users', true) || is(request, 'PUT', 'Users', true)) && request.body !== undefined;
  return next(isWrite ? { ...request, body: mapStrings(request.body, (text) => text.normalize('NFC')) } : request);
};

/** Writes to /Users store every non-ASCII character as `?` (a Latin-1 column, or bytes read as ASCII). */
const nonAsciiMangled: ScimMiddleware = async (request, next) => {
  const isWrite = (is(request, 'POST', 'Users', false) || is(request, 'PATCH', 'Users', true)) && request.body !== undefined;
  return next(isWrite ? { ...request, body: mapStrings(request.body, (text) => text.replace(/[^\u0000-\u007f]/gu, '?')) } : request);
};

/** The filter value is escaped for SQL twice: an apostrophe becomes '' and matches nothing. */
const filterApostropheDoubled: ScimMiddleware = async (request, next) => {
  const filter = equalityFilter(request);
  if (!isQuery(request, 'Users') || filter === undefined || !filter.value.includes("'")) return next(request);
  const doubled = `${filter.attribute} eq ${JSON.stringify(filter.value.replaceAll("'", "''"))}`;
  return next(withQuery(request, (query) => query.set('filter', doubled)));
};

/** `eq` evaluated as "starts with" (a LIKE 'value%' lookup): a query for a prefix of a UPN finds that user. */
const eqMatchesPrefix: ScimMiddleware = async (request, next) => {
  const filter = equalityFilter(request);
  if (!isQuery(request, 'Users') || filter === undefined) return next(request);
  return next(withQuery(request, (query) => query.set('filter', `${filter.attribute} sw ${JSON.stringify(filter.value)}`)));
};

const userNameOf = (resource: Json | undefined): string | undefined => (typeof resource?.userName === 'string' ? resource.userName : undefined);

/** A deleted user's userName stays reserved (a soft delete kept in the uniqueness index): the rehire gets 409. */
function deletedUserNameReserved(): ScimMiddleware {
  const reserved = new Set<string>();
  return async (request, next) => {
    if (is(request, 'DELETE', 'Users', true)) {
      const name = userNameOf(await readResource(next, request, request.path));
      const response = await next(request);
      if (response.status === 204 && name !== undefined) reserved.add(name.toLowerCase());
      return response;
    }
    if (is(request, 'POST', 'Users', false) && isObject(request.body) && typeof request.body.userName === 'string' && reserved.has(request.body.userName.toLowerCase())) {
      return scimError(409, 'userName is already in use.', 'uniqueness');
    }
    return next(request);
  };
}

/** The userName a PATCH sets, by path or in a no-path value object. */
function userNameSetBy(operations: PatchOperation[]): string | undefined {
  for (const operation of operations) {
    if (['replace', 'add'].includes(opName(operation)) && opPath(operation) === 'username' && typeof operation.value === 'string') return operation.value;
    if (opPath(operation) === undefined && isObject(operation.value)) {
      const key = Object.keys(operation.value).find((name) => name.toLowerCase() === 'username');
      if (key !== undefined && typeof operation.value[key] === 'string') return operation.value[key];
    }
  }
  return undefined;
}

/** The uniqueness check of a rename compares case-insensitively and forgets to exclude the user itself. */
const caseOnlyRenameConflict: ScimMiddleware = async (request, next) => {
  if (!is(request, 'PATCH', 'Users', true)) return next(request);
  const renamed = userNameSetBy(operationsOf(request));
  if (renamed === undefined) return next(request);
  const current = userNameOf(await readResource(next, request, request.path));
  if (current !== undefined && current !== renamed && current.toLowerCase() === renamed.toLowerCase()) {
    return scimError(409, 'userName is already in use.', 'uniqueness');
  }
  return next(request);
};

/** Whether the body is a single operation that writes name.givenName and nothing else (by path, or a no-path dotted key). */
function writesGivenNameAlone(operations: PatchOperation[]): boolean {
  if (operations.length !== 1) return false;
  const [operation] = operations as [PatchOperation];
  if (opPath(operation) === 'name.givenname') return true;
  return opPath(operation) === undefined && isObject(operation.value) && Object.keys(operation.value).map((key) => key.toLowerCase()).join() === 'name.givenname';
}

/** A PATCH of one name sub-attribute is stored by writing the whole `name` object: its siblings are lost. */
const subAttributeReplaceDropsSiblings: ScimMiddleware = async (request, next) => {
  if (!is(request, 'PATCH', 'Users', true) || !writesGivenNameAlone(operationsOf(request))) return next(request);
  await next(followUp(request, 'PATCH', request.path, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'remove', path: 'name' }] }));
  return next(request);
};

/** Disabling a user also clears its profile (names, display name): privacy clean-up on deactivation. */
const disableScrubsProfile: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  if (!is(request, 'PATCH', 'Users', true) || response.status >= 300) return response;
  const user = await readResource(next, request, request.path);
  if (user?.active !== false) return response;
  await next(followUp(request, 'PATCH', request.path, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'remove', path: 'name' }, { op: 'remove', path: 'displayName' }] }));
  return response.status === 204 ? response : next(followUp(request, 'GET', request.path));
};

/** A user who is still a member of a group cannot be deleted (a foreign key from the membership table). */
const memberUserDeleteRefused: ScimMiddleware = async (request, next) => {
  if (!is(request, 'DELETE', 'Users', true)) return next(request);
  const user = await readResource(next, request, request.path);
  const groups = Array.isArray(user?.groups) ? user.groups : [];
  return groups.length > 0 ? scimError(409, `User ${targetOf(request).id ?? ''} is a member of ${groups.length} group(s).`, 'mutability') : next(request);
};

/** Characters outside [A-Za-z0-9._@-] in a userName are refused: every UPN with ', #, !, ^ or ~ (ED-UPN allows them). */
const upnSpecialCharactersRejected: ScimMiddleware = async (request: ScimRequest, next) => {
  if (is(request, 'POST', 'Users', false) && isObject(request.body) && typeof request.body.userName === 'string' && /[^A-Za-z0-9._@-]/.test(request.body.userName)) {
    return scimError(400, 'userName contains characters that are not allowed.', 'invalidValue');
  }
  return next(request);
};

/** A group holds at most 100 members: a further add is acknowledged (204) and not stored. */
const membersCappedAt100: ScimMiddleware = async (request, next) => {
  if (!is(request, 'PATCH', 'Groups', true) || !operationsOf(request).some((operation) => opName(operation) === 'add' && opPath(operation) === 'members')) return next(request);
  const group = await readResource(next, request, request.path);
  return Array.isArray(group?.members) && group.members.length >= 100 ? { status: 204 } : next(request);
};

/** A column of this many characters for displayName, half of Graph's 256 (GRAPH-USER). */
const DISPLAY_NAME_COLUMN = 128;

const truncated = (value: unknown): unknown => (typeof value === 'string' && value.length > DISPLAY_NAME_COLUMN ? value.slice(0, DISPLAY_NAME_COLUMN) : value);

/**
 * displayName is kept in a VARCHAR(128) that truncates silently (MySQL outside strict mode stores the first 128
 * characters with only a warning; CiviCRM chose to truncate its 128-character display_name on purpose,
 * civicrm/civicrm-core#11063; Nextcloud Talk's 64-character display_name column was too short for 255-character
 * LDAP names, nextcloud/spreed#7071). Only a name longer than 128 characters, which Graph allows up to 256, is cut.
 */
const displayNameTruncatedAt128: ScimMiddleware = async (request, next) => {
  if ((is(request, 'POST', 'Users', false) || is(request, 'PUT', 'Users', true)) && isObject(request.body) && 'displayName' in request.body) {
    return next({ ...request, body: { ...request.body, displayName: truncated(request.body.displayName) } });
  }
  if (!is(request, 'PATCH', 'Users', true)) return next(request);
  const operations = operationsOf(request).map((operation): PatchOperation => {
    if (opPath(operation) === 'displayname') return { ...operation, value: truncated(operation.value) };
    if (opPath(operation) === undefined && isObject(operation.value) && 'displayName' in operation.value) {
      return { ...operation, value: { ...operation.value, displayName: truncated(operation.value.displayName) } };
    }
    return operation;
  });
  return next(withOperations(request, operations));
};

/**
 * The filter is unescaped once more after the query string was decoded, as Go's url.QueryUnescape did in the
 * elimity-com/scim library (elimity-com/scim#133, "Double URL unescaping on SCIM filters", its example a
 * `test+test@test.com` email). Entra sends `+` as %2B; the first decoding gives `+`, the second a space, so a
 * subaddressed mail is looked up as `Kim.Lee Sales…` and found by nothing. A value the second pass cannot
 * decode (a stray %) goes through as it was.
 */
const filterUnescapedTwice: ScimMiddleware = async (request, next) => {
  const filter = queryValue(request, 'filter');
  if (!isQuery(request) || filter === undefined) return next(request);
  let twice = filter;
  try {
    twice = decodeURIComponent(filter.replaceAll('+', ' '));
  } catch {
    // url.QueryUnescape would refuse it; the value is then used as the first decoding left it.
  }
  return next(withQuery(request, (query) => query.set('filter', twice)));
};

/**
 * Users are accepted only in the directory's own (verified) domains, here example.com and its subdomains: a
 * guard against one tenant's token creating accounts in another organisation's domain (as
 * vouch-sh/vouch#826 added: a userName or e-mail outside the org's verified domains gets 400 invalidValue).
 * A B2B guest sent as `alias@theirdomain` (ED-HOW: with userPrincipalName as the source, #EXT# and the
 * tenant's domain are stripped) carries the guest's home domain, so that guest is never created.
 */
const foreignDomainRefused: ScimMiddleware = async (request, next) => {
  const userName = is(request, 'POST', 'Users', false) && isObject(request.body) ? request.body.userName : undefined;
  const domain = typeof userName === 'string' && userName.includes('@') ? userName.slice(userName.lastIndexOf('@') + 1).toLowerCase() : undefined;
  if (domain !== undefined && domain !== 'example.com' && !domain.endsWith('.example.com')) {
    return scimError(400, `userName must be in one of the organisation's verified domains, not ${domain}.`, 'invalidValue');
  }
  return next(request);
};

/**
 * `userName eq` runs as a SQL LIKE on the UPN split into its parts (eq executed as LIKE: wso2/product-is#15598),
 * the domain compared exactly and the local part as a prefix (`local LIKE ? || '%'`, the type-ahead search
 * reused for the filter): a query for jo@example.com also finds joan@example.com, two matches where Entra
 * expects one (ED-LOGS: several entries in the response), while a near miss of the domain finds nothing.
 */
const eqLocalPartAsPrefix: ScimMiddleware = async (request, next) => {
  const filter = equalityFilter(request);
  if (!isQuery(request, 'Users') || filter === undefined || filter.attribute.toLowerCase() !== 'username' || !filter.value.includes('@')) return next(request);
  const at = filter.value.lastIndexOf('@');
  const prefixed = `userName sw ${JSON.stringify(filter.value.slice(0, at))} and userName ew ${JSON.stringify(filter.value.slice(at))}`;
  return next(withQuery(request, (query) => query.set('filter', prefixed)));
};

/**
 * Family names are rows of a lookup table with a unique index under a case-insensitive collation (SQL Server's
 * default SQL_Latin1_General_CP1_CI_AS, MySQL's *_ci): the writer's find-or-create finds "McDonald" when asked for
 * "Mcdonald" and links the second person to the first person's row (the same collation effect as
 * mysociety/theyworkforyou#857, where REPLACE INTO took Berwick-upon-Tweed and Berwick-Upon-Tweed for one row,
 * and omeka/Omeka#650 for tags). Accent-sensitive, as CI_AS is: only letter case is folded.
 */
function familyNameCaseFolded(): ScimMiddleware {
  const rows = new Map<string, string>();
  const stored = (familyName: string): string => {
    const key = familyName.toLowerCase();
    if (!rows.has(key)) rows.set(key, familyName);
    return rows.get(key) as string;
  };
  return async (request, next) => {
    const isWrite = is(request, 'POST', 'Users', false) || is(request, 'PUT', 'Users', true);
    if (!isWrite || !isObject(request.body) || !isObject(request.body.name) || typeof request.body.name.familyName !== 'string') return next(request);
    return next({ ...request, body: { ...request.body, name: { ...request.body.name, familyName: stored(request.body.name.familyName) } } });
  };
}

export const realPeopleFaults: FaultVariant[] = [
  {
    name: 'members-capped-at-100',
    description:
      'A group keeps at most 100 members: the 101st add is answered 204 and dropped. Entra reads groups without members, so it never sees the loss and never adds the member again.',
    source: 'issue 21',
    caughtBy: ['LIFE-GROW-01'],
    only: ['LIFE-GROW-01'],
    middleware: () => membersCappedAt100,
  },
  {
    name: 'names-normalised-to-nfc',
    description:
      'Every string written to a user is stored in Unicode normalisation form C: a name Entra sends decomposed (e + combining acute) comes back precomposed, so the target holds another byte sequence than Entra and the two never agree again.',
    source: 'issue 21',
    caughtBy: ['IDN-STORE-01'],
    middleware: () => normalisedToNfc,
  },
  {
    name: 'non-ascii-names-mangled',
    description: 'Every non-ASCII character of a user is stored as "?": José becomes Jos?, and Greek, Cyrillic, CJK or Arabic names become question marks.',
    source: 'issue 21',
    caughtBy: ['IDN-STORE-01'],
    middleware: () => nonAsciiMangled,
  },
  {
    name: 'upn-special-characters-rejected',
    description:
      "A userName with a character beyond letters, digits, '.', '_', '@' and '-' is refused with 400, though Entra's username policy allows ' # ! ^ ~: O'Brien's account and a guest's #EXT# UPN are never created, and Entra retries them every cycle.",
    source: 'issue 21',
    caughtBy: ['IDN-STORE-01'],
    middleware: () => upnSpecialCharactersRejected,
  },
  {
    name: 'filter-apostrophe-doubled',
    description:
      "The filter value is SQL-escaped twice, so an apostrophe becomes '' and a UPN with one is never found: Entra creates the user again, the target answers 409, and the create is retried every cycle.",
    source: 'issue 21',
    caughtBy: ['IDN-FILTER-01'],
    middleware: () => filterApostropheDoubled,
  },
  {
    name: 'eq-matches-prefix',
    description: 'A userName eq filter is evaluated as "starts with": a query for ann@example.co finds ann@example.com, and Entra updates the wrong person.',
    source: 'issue 21',
    caughtBy: ['IDN-NEARMISS-01'],
    middleware: () => eqMatchesPrefix,
  },
  {
    name: 'deleted-username-reserved',
    description:
      'A deleted user\'s userName stays reserved: a person rehired under the same UPN after the hard delete gets 409 on every cycle (RFC 7644 §3.6: a deleted resource should not count in conflict calculation).',
    source: 'issue 21',
    caughtBy: ['LIFE-REHIRE-01'],
    middleware: deletedUserNameReserved,
  },
  {
    name: 'case-only-rename-conflict',
    description: 'A rename of userName that changes only letter case is refused with 409: the uniqueness check finds the user itself.',
    source: 'issue 21',
    caughtBy: ['LIFE-RENAME-01'],
    middleware: () => caseOnlyRenameConflict,
  },
  {
    name: 'subattribute-replace-drops-siblings',
    description: 'A PATCH that changes only name.givenName rewrites the whole name object: the family name is lost, and Entra never sends it again.',
    source: 'issue 21',
    caughtBy: ['LIFE-SUBATTR-01'],
    middleware: () => subAttributeReplaceDropsSiblings,
  },
  {
    name: 'disable-scrubs-profile',
    description:
      'Disabling a user clears its names and display name; Entra re-enables the user on re-assignment but sends none of the unchanged attributes again, so the returning person has no name in the target.',
    source: 'issue 21',
    caughtBy: ['LIFE-REASSIGN-01'],
    middleware: () => disableScrubsProfile,
  },
  {
    name: 'member-user-delete-refused',
    description: 'A user that is still a member of a group cannot be deleted (409): Entra\'s hard delete of a leaver fails, and the account keeps its access in the target.',
    source: 'issue 21',
    caughtBy: ['LIFE-MEMBERDEL-01'],
    middleware: () => memberUserDeleteRefused,
  },
  {
    name: 'display-name-truncated-at-128',
    description:
      'displayName is stored in a 128-character column that truncates silently: a display name Graph allows (up to 256 characters) comes back cut, the target shows another name than Entra, and Entra sees a difference on every later update.',
    source: 'issue 21',
    caughtBy: ['IDN-STORE-01'],
    middleware: () => displayNameTruncatedAt128,
  },
  {
    name: 'filter-unescaped-twice',
    description:
      'The filter is URL-unescaped a second time after the query string was decoded (elimity-com/scim#133): the + of a subaddressed mail becomes a space, the work-email lookup finds nothing, Entra creates the user again and the target answers 409 on every cycle.',
    source: 'issue 21',
    caughtBy: ['IDN-FILTER-01'],
    profile: 'akamai-eaa-email',
    middleware: () => filterUnescapedTwice,
  },
  {
    name: 'family-name-case-folded',
    description:
      'Family names are looked up in a table under a case-insensitive collation: Ewan Mcdonald, created after Ewan McDonald, is stored and read back as McDonald, so the target holds another name than Entra for the second person.',
    source: 'issue 21',
    caughtBy: ['IDN-STORE-01'],
    middleware: familyNameCaseFolded,
  },
  {
    name: 'foreign-domain-refused',
    description:
      "A userName outside the directory's own domains is refused with 400: a B2B guest, whom Entra sends as alias@theirdomain, is never created, and Entra retries the create every cycle.",
    source: 'issue 21',
    caughtBy: ['IDN-STORE-01'],
    middleware: () => foreignDomainRefused,
  },
  {
    name: 'eq-local-part-as-prefix',
    description:
      'A userName eq filter compares the domain exactly but the part before the @ as a prefix: the query for jo@example.com also finds joan@example.com, and Entra, given two matches, fails the user on every cycle.',
    source: 'issue 21',
    caughtBy: ['IDN-FILTER-01'],
    middleware: () => eqLocalPartAsPrefix,
  },
];
