/**
 * What makes a recorded exchange readable at a glance in the certification reports, kept apart from the
 * renderers: a filter shown decoded beside its wire form (`filter=userName eq "…"` next to
 * `filter=userName+eq+%22…%22`), a request or answer split into its head (start line and headers) and its
 * body, and long bodies folded. JSON bodies are pretty-printed by exchange-view.ts; this module never changes
 * what was sent or received, only how much of it shows at first.
 */
import { decodeQueries } from './readable-request.ts';
import { formatBody, visibleText, type BodyView, type ExchangeView } from './exchange-view.ts';

/** Bodies longer than this many lines start folded (the HTML <details>, Markdown <details>). */
export const FOLD_BODY_AFTER_LINES = 12;

/** The URL's query decoded as a person reads it, when that differs from the wire form; else undefined. */
export function decodedQuery(url: string): string | undefined {
  const query = url.indexOf('?');
  if (query < 0) return undefined;
  const wire = url.slice(query);
  const decoded = decodeQueries(`/x${wire}`).slice(2);
  return decoded === wire ? undefined : decoded;
}

export interface MessageParts {
  /** Start line and headers, one per line. */
  head: string;
  body?: BodyView;
  /** Lines in the body, so a renderer can decide to fold it. */
  bodyLines: number;
  /** A note after the body (cut at the size limit), or the reason there is no response. */
  note?: string;
}

export function requestParts(view: ExchangeView): MessageParts {
  return parts(`${view.request.method} ${view.request.url}`, view.request.headers, view.request.body);
}

export function responseParts(view: ExchangeView): MessageParts {
  if (!view.response) return { head: `(no response${view.error ? `: ${view.error}` : ''})`, bodyLines: 0 };
  const message = parts(`HTTP ${view.response.status}`, view.response.headers, view.response.body);
  return view.response.truncated ? { ...message, note: "… (body truncated by the client's size limit)" } : message;
}

function parts(startLine: string, headers: ReadonlyArray<[string, string]>, body: BodyView | undefined): MessageParts {
  const head = [visibleText(startLine), ...headers.map(([name, value]) => visibleText(`${name}: ${value}`))].join('\n');
  return body ? { head, body, bodyLines: body.text.split('\n').length } : { head, bodyLines: 0 };
}

/** A body kept as raw text (the root cause's example) as the reports show bodies: JSON pretty-printed. */
export function readableBody(text: string | undefined): { body: BodyView; lines: number } | undefined {
  const body = formatBody(text);
  return body === undefined ? undefined : { body, lines: body.text.split('\n').length };
}
