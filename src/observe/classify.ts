/**
 * Which of Entra's known request shapes (fixtures/entra/) an observed request is: the fixture and dialect it
 * matches exactly, the closest one with the differences when it matches only loosely, or "unknown shape".
 *
 * A fixture matches when the method is the same, the path and query fit its template (each `{{placeholder}}`
 * stands for any value; compared decoded, so `+` and `%20` are the same space), and its body fits the
 * template: literal values equal (so `"Replace"` vs `"replace"` and `"False"` vs `false` tell the dialects
 * apart), placeholders take any value, a `"..."` spread admits any further keys. Among fixtures whose method
 * and path fit, the one with the fewest body differences wins, then the longest literal template (the most
 * specific). Comparison is tolerant only where it says so; it never decides what a check judges.
 */
import { loadFixtures, type LoadedFixture } from '../fixtures/fixtures.ts';
import { SPREAD_KEY } from '../fixtures/template.ts';

export interface Classification {
  match: 'exact' | 'loose' | 'unknown';
  /** The fixture id (with its `-legacy`/`-compliant` suffix for a dialect form). */
  fixture?: string;
  dialect?: 'legacy' | 'compliant';
  /** For a loose match: each difference from the fixture, one short line each (JSON pointer first). */
  differences: string[];
}

const PLACEHOLDER = /\{\{[A-Za-z][\w.]*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{[A-Za-z][\w.]*\}\}$/;
const HAS_PLACEHOLDER = /\{\{[A-Za-z][\w.]*\}\}/;

interface CompiledFixture {
  fixture: LoadedFixture;
  method: string;
  path: RegExp;
  /** Literal characters of the path template plus literal leaves of the body: more is more specific. */
  specificity: number;
}

let compiled: CompiledFixture[] | undefined;

function compiledFixtures(): CompiledFixture[] {
  compiled ??= [...loadFixtures().values()].map((fixture) => ({
    fixture,
    method: fixture.request.method,
    path: templateRegExp(decodeForm(fixture.request.path)),
    specificity: decodeForm(fixture.request.path).replace(PLACEHOLDER, '').length + literalLeaves(fixture.request.body),
  }));
  return compiled;
}

/** `+` is a space in a query (form encoding), then percent-decoding; a malformed escape is kept as it is. */
export function decodeForm(text: string): string {
  const query = text.indexOf('?');
  const plus = query < 0 ? text : `${text.slice(0, query)}${text.slice(query).replace(/\+/g, ' ')}`;
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
}

function templateRegExp(template: string, kind: 'path' | 'text' = 'path'): RegExp {
  const query = template.indexOf('?');
  const parts = template.split(PLACEHOLDER);
  const holes = template.match(PLACEHOLDER) ?? [];
  let offset = 0;
  let source = '';
  parts.forEach((part, index) => {
    source += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    offset += part.length;
    if (index < holes.length) {
      // A placeholder in the path is one segment; in the query, anything up to the next parameter.
      if (kind === 'text') source += '.*';
      // Compared decoded, a query value may hold any character (an encoded &, # or ?): it runs to the next literal.
      else source += query < 0 || offset < query ? '[^/?#]+' : '.*?';
      offset += holes[index]!.length;
    }
  });
  return new RegExp(`^${source}$`, 'i');
}

/** Classifies one request: `path` relative to the SCIM base URL (query included), `body` as sent. */
export function classifyRequest(method: string, path: string, body: string | undefined): Classification {
  const decoded = decodeForm(path);
  const candidates = withoutOtherQueries(
    compiledFixtures().filter((entry) => entry.method === method.toUpperCase() && entry.path.test(decoded)),
    decoded,
  );
  if (candidates.length === 0) return { match: 'unknown', differences: [] };
  const sent = parseBody(body);
  const scored = candidates.map((entry) => ({ entry, differences: bodyDifferences(entry.fixture.request.body, sent) }));
  scored.sort((a, b) => a.differences.length - b.differences.length || b.entry.specificity - a.entry.specificity);
  const best = scored[0]!;
  const { fixture } = best.entry;
  return {
    match: best.differences.length === 0 ? 'exact' : 'loose',
    fixture: fixture.id,
    ...(fixture.dialect === undefined ? {} : { dialect: fixture.dialect }),
    differences: best.differences,
  };
}

const GUID = /"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"(&|$)/i;

/**
 * Test Connection's query differs from a query by the matching attribute only in its value: a random GUID
 * (ED-SCIM, Test Connection). So a GUID value is Test Connection, any other value is not.
 */
function withoutOtherQueries(candidates: CompiledFixture[], decodedPath: string): CompiledFixture[] {
  const isTestConnection = (entry: CompiledFixture): boolean => entry.fixture.id.startsWith('connection/');
  if (!candidates.some(isTestConnection)) return candidates;
  const guid = GUID.test(decodedPath);
  return candidates.filter((entry) => isTestConnection(entry) === guid);
}

function literalLeaves(template: unknown): number {
  if (typeof template === 'string') return HAS_PLACEHOLDER.test(template) ? 0 : 1;
  if (Array.isArray(template)) return template.reduce((sum: number, item) => sum + literalLeaves(item), 0);
  if (template !== null && typeof template === 'object') return Object.values(template).reduce((sum: number, item) => sum + literalLeaves(item), 0);
  return template === undefined ? 0 : 1;
}

type Parsed = { json: unknown } | { text: string } | undefined;

function parseBody(body: string | undefined): Parsed {
  if (body === undefined || body.trim() === '') return undefined;
  try {
    return { json: JSON.parse(body) as unknown };
  } catch {
    return { text: body };
  }
}

function bodyDifferences(template: unknown, sent: Parsed): string[] {
  if (template === undefined) return sent === undefined ? [] : ['(body) sent a body where the fixture has none'];
  if (sent === undefined) return ['(body) sent no body'];
  if ('text' in sent) return ['(body) is not JSON'];
  const differences: string[] = [];
  compare(template, sent.json, '', differences);
  return differences;
}

function compare(template: unknown, actual: unknown, pointer: string, out: string[]): void {
  const at = pointer || '/';
  if (typeof template === 'string') {
    if (WHOLE_PLACEHOLDER.test(template)) return;
    if (HAS_PLACEHOLDER.test(template)) {
      if (typeof actual !== 'string' || !templateRegExp(template, 'text').test(actual)) out.push(`${at}: expected a string like ${JSON.stringify(template)}, got ${show(actual)}`);
      return;
    }
  }
  if (Array.isArray(template)) {
    if (!Array.isArray(actual)) {
      out.push(`${at}: expected an array, got ${show(actual)}`);
      return;
    }
    const length = Math.max(template.length, actual.length);
    for (let index = 0; index < length; index += 1) {
      if (index >= actual.length) out.push(`${pointer}/${index}: missing (the fixture has ${show(template[index])})`);
      else if (index >= template.length) out.push(`${pointer}/${index}: not in the fixture (${show(actual[index])})`);
      else compare(template[index], actual[index], `${pointer}/${index}`, out);
    }
    return;
  }
  if (template !== null && typeof template === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      out.push(`${at}: expected an object, got ${show(actual)}`);
      return;
    }
    const spread = SPREAD_KEY in template;
    const sentKeys = actual as Record<string, unknown>;
    for (const [key, child] of Object.entries(template)) {
      if (key === SPREAD_KEY) continue;
      if (!(key in sentKeys)) {
        // A key the spread may also carry is the fixture's default: it may be absent.
        if (!spread) out.push(`${pointer}/${key}: missing`);
        continue;
      }
      compare(child, sentKeys[key], `${pointer}/${key}`, out);
    }
    if (!spread) {
      for (const key of Object.keys(sentKeys)) if (!(key in template)) out.push(`${pointer}/${key}: not in the fixture (${show(sentKeys[key])})`);
    }
    return;
  }
  if (template !== actual) out.push(`${at}: expected ${show(template)}, got ${show(actual)}`);
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
