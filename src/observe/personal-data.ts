/**
 * `observe --redact-personal-data`: personal values in recorded traffic replaced by a short hash, so a
 * recording can be shared without the people in it while the same value still reads the same everywhere
 * (`[personal:3f9a…]` in the filter, the create body and the answer alike). Every JSON string is personal
 * unless its key is structural (schemas, op, path, type, id, meta…): an allow-list, so an attribute nobody
 * thought of is hashed rather than leaked. Judging happens on the traffic as it went by; only what is stored
 * and reported is hashed.
 */
import { createHash } from 'node:crypto';
import type { Exchange } from '../model/transport.ts';

/** Keys whose string values describe the protocol, not a person. Compared lower-case. */
const STRUCTURAL_KEYS = new Set([
  'schemas', 'op', 'path', 'type', 'id', 'resourcetype', 'location', 'version', 'created', 'lastmodified',
  '$ref', 'scimtype', 'status', 'primary', 'active', 'preferredlanguage', 'locale', 'timezone', 'usertype',
]);
/** Values shorter than this are left alone: too short to name anyone, and too likely to occur inside other text. */
const MIN_LENGTH = 3;

export function personalHash(value: string): string {
  return `[personal:${createHash('sha256').update(value).digest('hex').slice(0, 10)}]`;
}

export class PersonalDataHasher {
  /** Hashed copies of an exchange, its label and any text (a judgement's reason) that may quote its values. */
  hashExchange(exchange: Exchange, label: string): { exchange: Exchange; label: string; hashText: (text: string) => string } {
    const values = new Set<string>();
    collect(parse(exchange.request.body), undefined, values);
    if (exchange.response !== undefined) collect(parse(exchange.response.body), undefined, values);
    for (const value of filterValues(exchange.request.url)) values.add(value);
    const hashText = textHasher([...values].filter((value) => value.length >= MIN_LENGTH));
    const copy: Exchange = structuredClone(exchange);
    copy.request.url = hashText(copy.request.url);
    if (copy.request.body !== undefined) copy.request.body = hashBody(copy.request.body, hashText);
    if (copy.response !== undefined) copy.response.body = hashBody(copy.response.body, hashText);
    if (copy.error !== undefined) copy.error = hashText(copy.error);
    return { exchange: copy, label: hashText(label), hashText };
  }
}

function parse(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function collect(value: unknown, key: string | undefined, out: Set<string>): void {
  if (typeof value === 'string') {
    if (key === undefined || !STRUCTURAL_KEYS.has(key.toLowerCase())) if (!value.startsWith('urn:')) out.add(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collect(item, key, out);
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [childKey, child] of Object.entries(value)) {
      // The key under meta is structural whatever it is called; the object itself is not personal.
      if (childKey.toLowerCase() === 'meta') continue;
      collect(child, childKey, out);
    }
  }
}

/** The quoted values of a query's filter (`userName eq "…"`), decoded. */
function filterValues(url: string): string[] {
  const query = url.indexOf('?');
  if (query < 0) return [];
  const filter = new URLSearchParams(url.slice(query + 1)).get('filter') ?? '';
  return [...filter.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((match) => match[1]!.replace(/\\"/g, '"'));
}

/** Replaces each value, in its plain, JSON-escaped, URL- and form-encoded forms, longest first. */
function textHasher(values: string[]): (text: string) => string {
  if (values.length === 0) return (text) => text;
  const forms = new Map<string, string>();
  for (const value of values) {
    const hash = personalHash(value);
    const encoded = encodeURIComponent(value);
    for (const form of [value, JSON.stringify(value).slice(1, -1), encoded, encoded.replace(/%20/g, '+'), new URLSearchParams({ v: value }).toString().slice(2)]) {
      if (form.length > 0 && !forms.has(form)) forms.set(form, hash);
    }
  }
  const ordered = [...forms.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(ordered.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return (text) => text.replace(pattern, (form) => forms.get(form) ?? form);
}

/** A JSON body hashed leaf by leaf (so the hash never cuts through the structure); other text as text. */
function hashBody(body: string, hashText: (text: string) => string): string {
  const json = parse(body);
  if (json === undefined) return hashText(body);
  return JSON.stringify(hashLeaves(json, undefined, hashText));
}

function hashLeaves(value: unknown, key: string | undefined, hashText: (text: string) => string): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && STRUCTURAL_KEYS.has(key.toLowerCase())) return value;
    return value.startsWith('urn:') ? value : hashText(value);
  }
  if (Array.isArray(value)) return value.map((item) => hashLeaves(item, key, hashText));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([childKey, child]) => [childKey, childKey.toLowerCase() === 'meta' ? child : hashLeaves(child, childKey, hashText)]),
    );
  }
  return value;
}
