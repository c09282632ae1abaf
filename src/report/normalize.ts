/**
 * Replaces what changes from run to run (times, durations, the run id and seed, generated ids, ports of a
 * local server, Date/ETag-like headers) with stable placeholders and sorts header names, so two reports of the
 * same behaviour are byte-identical and a real change stands out in a diff. Used by the reporters' snapshot
 * tests and the example-report script; never by a real run's reports, which must show what happened.
 */
import type { Exchange } from '../model/transport.ts';
import type { CaseResult, RunResult } from '../model/result.ts';

/** Headers whose values say when or which request, never how the target behaved. */
const VOLATILE_HEADERS: Record<string, string> = {
  date: '{date}',
  'last-modified': '{date}',
  expires: '{date}',
  etag: '{etag}',
  'content-length': '{length}',
  'x-request-id': '{request-id}',
  'request-id': '{request-id}',
  'x-ms-request-id': '{request-id}',
  'x-correlation-id': '{request-id}',
  traceparent: '{request-id}',
};

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ISO_TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g;
const LOCAL_PORT = /(?<![\w.-])(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}(?!\d)/g;
/** `meta.version` in a SCIM body is the resource's ETag. */
const BODY_VERSION = /("version"\s*:\s*)"(?:[^"\\]|\\.)*"/g;
/** Shorter server ids are left alone: replacing "1" or "42" everywhere would corrupt the report. */
const MIN_SERVER_ID_LENGTH = 8;

export function normalizeForSnapshot(run: RunResult): RunResult {
  const copy = structuredClone(run);
  const text = textNormalizer(copy.runId, collectServerIds(copy));
  const out: RunResult = {
    ...copy,
    runId: '{run-id}',
    seed: 0,
    target: { ...copy.target, url: text(copy.target.url) },
    startedAt: '{started-at}',
    finishedAt: '{finished-at}',
    durationMs: 0,
    cases: copy.cases.map((result) => normalizeCase(result, text)),
    leftovers: copy.leftovers.map((leftover) => ({ ...leftover, id: text(leftover.id), reason: text(leftover.reason) })),
  };
  // The verdict quotes the cases (reasons, root-cause examples): normalised after them, with the same placeholders.
  out.verdict = deepText(copy.verdict, text) as RunResult['verdict'];
  if (out.aborted !== undefined) out.aborted = text(out.aborted);
  if (out.serviceProviderConfig && 'error' in out.serviceProviderConfig) {
    out.serviceProviderConfig = { error: text(out.serviceProviderConfig.error) };
  }
  return out;
}

type Text = (value: string) => string;

function normalizeCase(result: CaseResult, text: Text): CaseResult {
  const out: CaseResult = { ...result, durationMs: 0, exchanges: result.exchanges.map((x) => normalizeExchange(x, text)) };
  if (out.reason !== undefined) out.reason = text(out.reason);
  if (out.expected !== undefined) out.expected = deepText(out.expected, text);
  if (out.actual !== undefined) out.actual = deepText(out.actual, text);
  return out;
}

function normalizeExchange(exchange: Exchange, text: Text): Exchange {
  const out: Exchange = {
    request: { ...exchange.request, url: text(exchange.request.url), headers: normalizeHeaders(exchange.request.headers, text) },
    durationMs: 0,
  };
  if (exchange.request.body !== undefined) out.request.body = text(exchange.request.body);
  if (exchange.response) {
    out.response = {
      ...exchange.response,
      headers: normalizeHeaders(exchange.response.headers, text),
      body: text(exchange.response.body),
    };
  }
  if (exchange.error !== undefined) out.error = text(exchange.error);
  return out;
}

function normalizeHeaders(headers: Record<string, string>, text: Text): Record<string, string> {
  const names = Object.keys(headers).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()) || a.localeCompare(b));
  const out: Record<string, string> = {};
  for (const name of names) out[name] = VOLATILE_HEADERS[name.toLowerCase()] ?? text(headers[name] ?? '');
  return out;
}

function deepText(value: unknown, text: Text): unknown {
  if (typeof value === 'string') return text(value);
  if (Array.isArray(value)) return value.map((item) => deepText(item, text));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, deepText(item, text)]));
  }
  return value;
}

/**
 * Ids the target generated: the segment after /Users/ or /Groups/ in request URLs, the `id` of resources in
 * response bodies, and leftover ids. UUIDs are left to the UUID pattern, so each id gets one placeholder.
 */
function collectServerIds(run: RunResult): string[] {
  const ids = new Set<string>();
  const add = (id: unknown): void => {
    if (typeof id === 'string' && id.length >= MIN_SERVER_ID_LENGTH && !new RegExp(`^${UUID.source}$`, 'i').test(id)) ids.add(id);
  };
  for (const result of run.cases) {
    for (const exchange of result.exchanges) {
      for (const match of exchange.request.url.matchAll(/\/(?:Users|Groups)\/([^/?#]+)/g)) add(safeDecode(match[1] ?? ''));
      const body = parseJson(exchange.response?.body);
      if (body && typeof body === 'object') {
        add((body as { id?: unknown }).id);
        const resources = (body as { Resources?: unknown }).Resources;
        if (Array.isArray(resources)) for (const resource of resources) add((resource as { id?: unknown } | null)?.id);
      }
    }
  }
  for (const leftover of run.leftovers) add(leftover.id);
  return [...ids];
}

function textNormalizer(runId: string, serverIds: readonly string[]): Text {
  const uuids = new Map<string, string>();
  const idNames = new Map(serverIds.map((id, index) => [id, `{id-${index + 1}}`]));
  const boundary = (alternatives: readonly string[]): RegExp | undefined =>
    alternatives.length === 0
      ? undefined
      : new RegExp(`(?<![A-Za-z0-9_-])(?:${alternatives.map(escapeRegExp).join('|')})(?![A-Za-z0-9_-])`, 'g');
  // Longest first, so an id that contains another is replaced whole.
  const serverIdPattern = boundary([...serverIds].sort((a, b) => b.length - a.length));
  const encodedIdPattern = boundary(serverIds.map(encodeURIComponent).filter((id) => !idNames.has(id)));
  const encodedNames = new Map(serverIds.map((id) => [encodeURIComponent(id), idNames.get(id) ?? '']));
  // Case-insensitive: a case may upper-case a generated name on purpose (case-insensitive matching checks).
  const runIdPattern = runId ? new RegExp(`(?<![0-9A-Za-z])${escapeRegExp(runId)}(?![0-9A-Za-z])`, 'gi') : undefined;
  return (value) => {
    let out = value.replace(LOCAL_PORT, '$1:{port}');
    if (serverIdPattern) out = out.replace(serverIdPattern, (id) => idNames.get(id) ?? id);
    if (encodedIdPattern) out = out.replace(encodedIdPattern, (id) => encodedNames.get(id) ?? id);
    out = out.replace(UUID, (uuid) => {
      const key = uuid.toLowerCase();
      if (!uuids.has(key)) uuids.set(key, `{uuid-${uuids.size + 1}}`);
      return uuids.get(key) ?? uuid;
    });
    if (runIdPattern) out = out.replace(runIdPattern, '{run-id}');
    out = out.replace(/(scimconf-)[0-9a-f]{8}-/gi, '$1{run-id}-');
    return out.replace(ISO_TIMESTAMP, '{timestamp}').replace(BODY_VERSION, '$1"{etag}"');
  };
}

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
