/**
 * `fixtures from-har`: the requests of a HAR file (a capture from `observe`, a browser or any proxy) compared
 * with the fixture catalogue, and each shape the catalogue does not hold exactly turned into a fixture draft:
 * `source` says captured (file and date), values that depend on the tenant or the person become the
 * catalogue's own placeholders (ids, the filter value, userName, e-mail, names…), and the note lists what was
 * kept as captured for a reviewer to decide. A draft is the first of the three files of "Adding a case".
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { classifyRequest, type Classification } from './classify.ts';
import { requestFacts } from './request-facts.ts';

export class HarInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HarInputError';
  }
}

export interface CapturedRequest {
  method: string;
  /** Relative to the SCIM base URL: from the resource endpoint on (`/Users/…`), query included. */
  path: string;
  body?: string;
  startedDateTime?: string;
  comment?: string;
}

export interface FixtureDraft {
  id: string;
  description: string;
  source: string[];
  note: string;
  request: { method: string; path: string; headers?: Record<string, string>; body?: unknown };
}

export interface HarComparison {
  request: CapturedRequest;
  classification: Classification;
  /** Set for a request of a shape the catalogue does not hold exactly; several requests may share one draft. */
  draft?: FixtureDraft;
}

const SCIM_ENDPOINTS = /\/(Users|Groups|Schemas|ServiceProviderConfig|ResourceTypes)(?=[/?]|$)/i;

export function readHarRequests(file: string): CapturedRequest[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new HarInputError(`${file}: ${code ? `cannot read it (${code})` : 'not JSON, so not a HAR file'}`);
  }
  const entries = (data as { log?: { entries?: unknown } } | null)?.log?.entries;
  if (!Array.isArray(entries)) throw new HarInputError(`${file}: not a HAR file (no log.entries)`);
  return entries.flatMap((entry): CapturedRequest[] => {
    const request = (entry as { request?: { method?: unknown; url?: unknown; postData?: { text?: unknown } } }).request;
    if (typeof request?.method !== 'string' || typeof request.url !== 'string') return [];
    const path = scimPath(request.url);
    if (path === undefined) return [];
    const captured: CapturedRequest = { method: request.method.toUpperCase(), path };
    if (typeof request.postData?.text === 'string' && request.postData.text !== '') captured.body = request.postData.text;
    const started = (entry as { startedDateTime?: unknown }).startedDateTime;
    if (typeof started === 'string') captured.startedDateTime = started;
    const comment = (entry as { comment?: unknown }).comment;
    if (typeof comment === 'string') captured.comment = comment;
    return [captured];
  });
}

/** The part of a URL a fixture's path holds: from the SCIM endpoint on; other traffic in the HAR is left out. */
function scimPath(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const full = `${parsed.pathname}${parsed.search}`;
  const at = full.search(SCIM_ENDPOINTS);
  return at < 0 ? undefined : full.slice(at);
}

export function compareWithCatalogue(requests: readonly CapturedRequest[], file: string): HarComparison[] {
  const drafts = new Map<string, FixtureDraft>();
  return requests.map((request) => {
    const classification = classifyRequest(request.method, request.path, request.body);
    if (classification.match === 'exact') return { request, classification };
    const draft = draftOf(request, classification, file);
    const key = JSON.stringify(draft.request);
    const shared = drafts.get(key);
    if (shared === undefined) drafts.set(key, draft);
    return { request, classification, draft: shared ?? draft };
  });
}

/** Attribute names (the last part of a path or key, lower-case) and the catalogue placeholder their value becomes. */
const VALUE_PLACEHOLDERS: Record<string, string> = {
  username: 'userName',
  givenname: 'givenName',
  familyname: 'familyName',
  externalid: 'externalId',
  streetaddress: 'streetAddress',
  locality: 'locality',
  employeenumber: 'employeeNumber',
  department: 'department',
  manager: 'managerId',
};
/** Multi-valued attributes whose `value` is personal: the placeholder for it. */
const MULTI_VALUE_PLACEHOLDERS: Record<string, string> = { emails: 'workEmail', phonenumbers: 'mobilePhone', members: 'memberId', manager: 'managerId' };
const STRUCTURAL = new Set(['schemas', 'op', 'path', 'type', 'primary', 'active', 'resourcetype', 'meta', '$ref']);

function draftOf(request: CapturedRequest, classification: Classification, file: string): FixtureDraft {
  const facts = requestFacts(request.method, request.path, request.body);
  const kept: string[] = [];
  const area = facts.kind === 'group' ? 'groups' : facts.kind === 'user' ? 'users' : 'discovery';
  const path = templatePath(request.path, facts.kind);
  const draft: FixtureDraft['request'] = { method: request.method, path };
  if (request.body !== undefined) {
    draft.headers = { 'Content-Type': 'application/scim+json; charset=utf-8' };
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      body = request.body;
      kept.push('the body (not JSON)');
    }
    draft.body = templateValue(body, undefined, facts.kind, kept);
  }
  const digest = createHash('sha256').update(JSON.stringify(draft)).digest('hex').slice(0, 8);
  const date = request.startedDateTime?.slice(0, 10) ?? 'undated';
  const compared =
    classification.match === 'loose'
      ? `Closest fixture ${classification.fixture} differs: ${classification.differences.join('; ')}.`
      : 'No fixture has this method and path.';
  return {
    id: `${area}/captured-${request.method.toLowerCase()}-${digest}`,
    description: `Captured ${request.method} ${path.split('?')[0]} (draft: describe the behaviour in one line)`,
    source: [`captured ${basename(file)} ${date}${request.comment ? ` (${request.comment})` : ''}`],
    note: `Captured: drafted by fixtures from-har from ${basename(file)}, ${date}. ${compared}${kept.length > 0 ? ` Kept as captured (template them if they depend on the tenant): ${[...new Set(kept)].join(', ')}.` : ''}`,
    request: draft,
  };
}

function templatePath(path: string, kind: 'user' | 'group' | undefined): string {
  const [pathPart = '', query] = splitOnce(path, '?');
  const idPlaceholder = kind === 'group' ? '{{groupId}}' : '{{userId}}';
  const templated = pathPart.replace(/^(\/(?:Users|Groups))\/[^/]+/i, `$1/${idPlaceholder}`);
  if (query === undefined) return templated;
  const attribute = kind === 'group' ? '{{groupQueryAttribute}}' : '{{userQueryAttribute}}';
  // The filter's attribute and value are the profile's and the tenant's; the rest of the query is the shape.
  const filtered = query.replace(/(^|&)filter=([^&]*)/i, (_whole, lead: string, filter: string) => {
    const form = /^([^+%\s]+)(\+|%20| )eq\2(%22|")(.*)(%22|")$/i.exec(filter);
    return form ? `${lead}filter=${attribute}${form[2]}eq${form[2]}${form[3]}{{queryValue}}${form[5]}` : `${lead}filter=${filter}`;
  });
  return `${templated}?${filtered}`;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** The attribute a PATCH operation's value belongs to: the last name in its path (`emails[type eq "work"].value` → emails). */
function attributeOfPath(path: string): string {
  const withoutUrn = path.replace(/^urn:[^:]+(:[^:]+)*:/i, (urn) => (urn.toLowerCase().includes(':user:') || urn.toLowerCase().includes(':group:') ? '' : urn));
  const filtered = /^(\w+)\[[^\]]*\]\.?(\w*)$/.exec(withoutUrn);
  if (filtered) return filtered[2] && filtered[2] !== 'value' ? filtered[2] : filtered[1]!;
  return withoutUrn.split('.').at(-1) ?? withoutUrn;
}

function templateValue(value: unknown, key: string | undefined, kind: 'user' | 'group' | undefined, kept: string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => templateValue(item, key, kind, kept));
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    // A PATCH operation: its value belongs to the attribute its path names.
    if (typeof object.op === 'string' && 'value' in object) {
      const attribute = typeof object.path === 'string' ? attributeOfPath(object.path) : undefined;
      return { ...object, value: templateValue(object.value, attribute, kind, kept) };
    }
    return Object.fromEntries(
      Object.entries(object).map(([childKey, child]) => {
        if (STRUCTURAL.has(childKey.toLowerCase())) return [childKey, child];
        const multi = key !== undefined ? MULTI_VALUE_PLACEHOLDERS[key.toLowerCase()] : undefined;
        const childAttribute = childKey === 'value' && multi !== undefined ? key : childKey.split('.').at(-1)!.split(':').at(-1)!;
        return [childKey, templateValue(child, childAttribute, kind, kept)];
      }),
    );
  }
  if (typeof value !== 'string' || key === undefined) return value;
  const lower = key.toLowerCase();
  const placeholder =
    lower === 'displayname' ? (kind === 'group' ? 'groupDisplayName' : 'displayName') : (MULTI_VALUE_PLACEHOLDERS[lower] ?? VALUE_PLACEHOLDERS[lower]);
  if (placeholder !== undefined) return `{{${placeholder}}}`;
  kept.push(key);
  return value;
}
