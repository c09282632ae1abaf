/**
 * Faults in what a tenant's own mapping makes Entra send (issue 10, items 6 to 9): the work email as matching
 * attribute, the manager in each of its shapes, the typed work address, and account paging. Each is judged
 * under the profile that sends the request it breaks (akamai-eaa maps no manager and no address).
 */
import type { ScimMiddleware } from '../server/types.ts';
import { paginationIgnoredOn } from './discovery-faults.ts';
import {
  ENTERPRISE_URN,
  is,
  isObject,
  isQuery,
  mapResources,
  opName,
  opPath,
  operationsOf,
  pretendApplied,
  queryValue,
  readResource,
  scimError,
  withOperations,
  withQuery,
  type Json,
  type PatchOperation,
} from './kit.ts';
import type { FaultVariant } from './types.ts';

const MANAGER_PATH = `${ENTERPRISE_URN}:manager`.toLowerCase();
const WORK_EMAIL_FILTER = /^\s*emails\[\s*type\s+eq\s+"work"\s*\]\.value\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i;
const WORK_ADDRESS_PART = /^addresses\[type eq "work"\]\.(\w+)$/i;

const workEmailOf = (resource: Json): unknown =>
  (Array.isArray(resource.emails) ? resource.emails : []).find((email) => isObject(email) && String(email.type).toLowerCase() === 'work')?.value;

/** The work email filter compared with `===`, though emails.value is caseExact false (RFC 7643 §4.1.2). */
const workEmailFilterCaseSensitive: ScimMiddleware = async (request, next) => {
  const wanted = WORK_EMAIL_FILTER.exec(queryValue(request, 'filter') ?? '')?.[1];
  const response = await next(request);
  if (!isQuery(request, 'Users') || wanted === undefined) return response;
  const value = JSON.parse(`"${wanted}"`) as string;
  return mapResources(response, (resource) => (workEmailOf(resource) === value ? resource : undefined));
};

const isManagerOp = (operation: PatchOperation): boolean => opPath(operation) === MANAGER_PATH;

/** A server written for Entra's plain id string, that refuses the object form the SCIM Validator sends. */
const managerObjectValueRejected: ScimMiddleware = async (request, next) =>
  is(request, 'PATCH', 'Users', true) && operationsOf(request).some((operation) => isManagerOp(operation) && isObject(operation.value))
    ? scimError(400, 'manager must be the id of a user', 'invalidValue')
    : next(request);

/** Answers a manager removal (an empty value, or a remove op) as done and keeps the manager. */
const managerClearIgnored: ScimMiddleware = async (request, next) => {
  if (!is(request, 'PATCH', 'Users', true)) return next(request);
  const isClear = (operation: PatchOperation): boolean => isManagerOp(operation) && (opName(operation) === 'remove' || operation.value === '');
  const kept = operationsOf(request).filter((operation) => !isClear(operation));
  if (kept.length === operationsOf(request).length) return next(request);
  return kept.length === 0 ? pretendApplied(request, next) : next(withOperations(request, kept));
};

/** Returns the manager as a bare id string, as ED-SCIM's schema sample prints it, instead of the complex `{ value }`. */
const managerReturnedAsString: ScimMiddleware = async (request, next) =>
  mapResources(await next(request), (resource) => {
    const extension = resource[ENTERPRISE_URN];
    if (isObject(extension) && isObject(extension.manager)) extension.manager = extension.manager.value;
    return resource;
  });

/**
 * Treats an op on one part of the work address as the whole address: the element is replaced by one holding only
 * that part, so after a change of street and city only the city is left.
 */
const workAddressOpReplacesElement: ScimMiddleware = async (request, next) => {
  if (!is(request, 'PATCH', 'Users', true)) return next(request);
  const operations = operationsOf(request);
  const parts = operations.filter((operation) => WORK_ADDRESS_PART.test(String(operation.path ?? '')));
  if (parts.length === 0) return next(request);
  const user = await readResource(next, request, request.path);
  let addresses = (Array.isArray(user?.addresses) ? user.addresses : []).filter(isObject);
  for (const operation of parts) {
    const part = WORK_ADDRESS_PART.exec(String(operation.path))![1]!;
    addresses = [...addresses.filter((address) => String(address.type).toLowerCase() !== 'work'), { type: 'work', [part]: operation.value }];
  }
  const others = operations.filter((operation) => !parts.includes(operation));
  return next(withOperations(request, [...others, { op: 'replace', path: 'addresses', value: addresses }]));
};

/** Clamps a startIndex past the end to the last page, so a reader that pages on gets the last users again. */
const pagePastEndRepeatsLastPage: ScimMiddleware = async (request, next) => {
  const response = await next(request);
  if (!is(request, 'GET', 'Users', false) || queryValue(request, 'filter') !== undefined || !isObject(response.body)) return response;
  const { totalResults, Resources } = response.body;
  const startIndex = Number(queryValue(request, 'startIndex') ?? 1);
  const count = Number(queryValue(request, 'count') ?? 1);
  if (typeof totalResults !== 'number' || totalResults === 0 || startIndex <= totalResults || (Array.isArray(Resources) && Resources.length > 0)) return response;
  const lastPage = String(Math.max(1, totalResults - Math.max(1, count) + 1));
  const repeated = await next(withQuery(request, (query) => query.set('startIndex', lastPage)));
  return isObject(repeated.body) ? { ...repeated, body: { ...repeated.body, startIndex } } : repeated;
};

export const mappingFaults: FaultVariant[] = [
  {
    name: 'work-email-filter-case-sensitive',
    description:
      'Compares the value of Entra\'s `emails[type eq "work"].value eq` filter case-sensitively: when the mail differs in case between Entra and the target, Entra matching on the work email finds nothing and creates the user again.',
    source: 'reference §2.2 U-4',
    caughtBy: ['USR-MATCH-01'],
    profile: 'akamai-eaa-email',
    middleware: () => workEmailFilterCaseSensitive,
  },
  {
    name: 'manager-object-value-rejected',
    description:
      'Refuses a manager PATCH whose value is an object with `value` (the SCIM Validator\'s form) with 400, accepting only a plain id string: that manager update fails as a reference failure on every cycle.',
    source: 'reference §2.2 U-12',
    caughtBy: ['USR-MANAGER-02'],
    profile: 'entra-default',
    middleware: () => managerObjectValueRejected,
  },
  {
    name: 'manager-clear-ignored',
    description:
      'Answers a manager removal (replace with an empty value, or a remove op on the manager path) with success but keeps the old manager: the target keeps a manager Entra removed.',
    source: 'reference §2.2 U-12',
    caughtBy: ['USR-MANAGER-03'],
    profile: 'entra-default',
    middleware: () => managerClearIgnored,
  },
  {
    name: 'manager-returned-as-string',
    description:
      'Stores the manager but returns it as a bare id string instead of the complex `{ "value": id }` (RFC 7643 §4.3): Microsoft\'s validation template finds no manager.value and the manager Entra set reads back as missing.',
    source: 'reference §2.2 U-13',
    caughtBy: ['USR-MANAGER-01', 'USR-MANAGER-02'],
    profile: 'entra-default',
    middleware: () => managerReturnedAsString,
  },
  {
    name: 'work-address-op-replaces-element',
    description:
      'Applies an op on one part of the work address (`addresses[type eq "work"].streetAddress`) by replacing the whole work address with that part: after a change of street and city, the address holds only the city.',
    source: 'issue 10',
    caughtBy: ['USR-ADDRESS-01'],
    profile: 'entra-default',
    middleware: () => workAddressOpReplacesElement,
  },
  {
    name: 'group-pagination-ignored',
    description:
      'GET /Groups ignores startIndex and count and returns every group each time: a reader paging through groups gets everything at once (timeouts on a large directory) or the first page forever.',
    source: 'reference §2.5',
    caughtBy: ['GRP-LIST-01'],
    middleware: () => paginationIgnoredOn('Groups'),
  },
  {
    name: 'page-past-end-repeats-last-page',
    description:
      'Answers a page of users that starts past totalResults with the last page again instead of no users: account discovery reads the last users twice and never sees the end of the list.',
    source: 'reference §2.5',
    caughtBy: ['USR-LIST-02'],
    middleware: () => pagePastEndRepeatsLastPage,
  },
];
