/**
 * The one HAR 1.2 writer (http://www.softwareishard.com/blog/har-12-spec/): the suite's exchanges as an HTTP
 * Archive that browsers' dev tools, proxies and API tools open. `observe` records live traffic with it and
 * `run --format har` writes a run's exchanges with it. Each entry carries where it came from as HAR custom
 * fields (the spec allows any field starting with `_`): `_scimCase`, `_scimDialect`, `_scimFixture`.
 *
 * Exchanges reach here already redacted by the client; the writer still masks credential headers and runs
 * the run's redactor over the whole archive, like every other report, so a HAR never holds a token even when
 * its exchanges came from somewhere else (a proxy sees the caller's token, not one the suite was given).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { dirname, resolve } from 'node:path';
import type { Content, Entry, Har, Header, PostData, QueryString, Request, Response } from 'har-format';
import type { CaseResult, RunResult } from '../model/result.ts';
import type { Exchange } from '../model/transport.ts';
import type { Dialect } from '../model/vocabulary.ts';
import { redactHeaders } from '../client/redact.ts';
import { redactDeep, type Redact } from '../safety/redact.ts';
import { TOOL } from '../version.ts';

export type { Har, Entry as HarEntry } from 'har-format';

/** One exchange to archive, and what the suite knows about it. */
export interface HarSource {
  exchange: Exchange;
  /** The case that sent it (`run`), or none (`observe` records requests nobody in the suite sent). */
  caseId?: string;
  dialect?: Dialect | 'any';
  /** The fixture the request was rendered from or, for observed traffic, the one it matched; else `exchange.fixture`. */
  fixture?: string;
  /** When the request started (ISO 8601); `HarMeta.startedAt` when the exchange did not record it. */
  startedAt?: string;
}

export interface HarMeta {
  /** ISO 8601 start of the run or recording: the date of an entry that did not record its own. */
  startedAt: string;
  /** The run's one redactor (`connection.redact`), applied to every string of the archive. */
  redact?: Redact;
  /** The archive's `log.comment`, e.g. what produced it. */
  comment?: string;
}

/** An HTTP version is not part of the exchange model: everything the suite sends and observes is HTTP/1.1. */
const HTTP_VERSION = 'HTTP/1.1';

/** A HAR 1.2 archive of the exchanges, in their order, redacted. */
export function harFromExchanges(sources: readonly HarSource[], meta: HarMeta): Har {
  const har: Har = {
    log: {
      version: '1.2',
      creator: { name: TOOL.name, version: TOOL.version },
      entries: sources.map((source) => harEntry(source, meta.startedAt)),
      ...(meta.comment === undefined ? {} : { comment: meta.comment }),
    },
  };
  return meta.redact === undefined ? har : redactDeep(har, meta.redact);
}

/** Every exchange of a run, case by case in report order, each tagged with its case, dialect and fixture. */
export function harFromRun(run: RunResult, redact?: Redact): Har {
  const sources = run.cases.flatMap((result: CaseResult) =>
    result.exchanges.map((exchange): HarSource => ({ exchange, caseId: result.id, dialect: result.dialect })),
  );
  return harFromExchanges(sources, {
    startedAt: run.startedAt,
    comment: `${run.tool.name} ${run.tool.version} run ${run.runId} against ${run.target.url}`,
    ...(redact === undefined ? {} : { redact }),
  });
}

export function renderHar(har: Har): string {
  return `${JSON.stringify(har, null, 2)}\n`;
}

/** Writes the archive (creating its directory) and returns the absolute path written. */
export function writeHar(path: string, har: Har): string {
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, renderHar(har));
  return file;
}

function harEntry(source: HarSource, fallbackStart: string): Entry {
  const { exchange } = source;
  const fixture = source.fixture ?? exchange.fixture;
  const time = Math.max(0, exchange.durationMs);
  return {
    startedDateTime: source.startedAt ?? fallbackStart,
    time,
    request: harRequest(exchange),
    response: harResponse(exchange),
    cache: {},
    // The exchange model keeps one duration, from the request's start to the answer's last byte: it is the
    // wait; send and receive are not measured apart (HAR 1.2 lets -1 stand only for the optional phases).
    timings: { send: 0, wait: time, receive: 0 },
    ...(source.caseId === undefined ? {} : { _scimCase: source.caseId }),
    ...(source.dialect === undefined ? {} : { _scimDialect: source.dialect }),
    ...(fixture === undefined ? {} : { _scimFixture: fixture }),
  };
}

function harRequest(exchange: Exchange): Request {
  const { request } = exchange;
  const headers = harHeaders(request.headers);
  const request_: Request = {
    method: request.method,
    url: request.url,
    httpVersion: HTTP_VERSION,
    cookies: [],
    headers,
    queryString: queryStringOf(request.url),
    headersSize: -1,
    bodySize: request.body === undefined ? 0 : Buffer.byteLength(request.body),
  };
  if (request.body !== undefined) request_.postData = postData(request.body, headerValue(headers, 'content-type'));
  return request_;
}

function harResponse(exchange: Exchange): Response {
  const { response } = exchange;
  if (response === undefined) {
    // No HTTP answer arrived: HAR still needs a response; status 0 and `_error` is how browsers write that.
    return {
      status: 0,
      statusText: '',
      httpVersion: HTTP_VERSION,
      cookies: [],
      headers: [],
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      ...(exchange.error === undefined ? {} : { _error: exchange.error }),
    };
  }
  const headers = harHeaders(response.headers);
  const size = Buffer.byteLength(response.body);
  const content: Content = { size, mimeType: headerValue(headers, 'content-type') ?? 'x-unknown' };
  if (response.body !== '') content.text = response.body;
  if (response.truncated === true) content.comment = 'body cut at the client\'s body limit';
  return {
    status: response.status,
    statusText: STATUS_CODES[response.status] ?? '',
    httpVersion: HTTP_VERSION,
    cookies: [],
    headers,
    content,
    redirectURL: headerValue(headers, 'location') ?? '',
    headersSize: -1,
    bodySize: response.truncated === true ? -1 : size,
    ...(exchange.error === undefined ? {} : { _error: exchange.error }),
  };
}

/** Headers as HAR's name/value list, credential headers masked whatever the exchange held. */
function harHeaders(headers: Record<string, string>): Header[] {
  return Object.entries(redactHeaders(headers)).map(([name, value]) => ({ name, value }));
}

function headerValue(headers: readonly Header[], name: string): string | undefined {
  return headers.find((header) => header.name.toLowerCase() === name)?.value;
}

/** The URL's query as HAR lists it: decoded name/value pairs in order (`+` is a space, as forms encode it). */
function queryStringOf(url: string): QueryString[] {
  const query = url.indexOf('?');
  if (query < 0) return [];
  const hash = url.indexOf('#', query);
  const search = url.slice(query + 1, hash < 0 ? undefined : hash);
  return [...new URLSearchParams(search)].map(([name, value]) => ({ name, value }));
}

function postData(body: string, contentType: string | undefined): PostData {
  return { mimeType: contentType ?? 'application/octet-stream', text: body };
}
