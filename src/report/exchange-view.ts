/**
 * How a recorded HTTP exchange is shown in the certification reports: one start line, the headers as
 * recorded, and the body pretty-printed when it is JSON. Exchanges arrive here already redacted by the client;
 * this module only formats, it never adds or recovers anything.
 */
import type { Exchange } from '../model/transport.ts';

export interface BodyView {
  text: string;
  /** True when the body parsed as JSON and `text` is its pretty-printed form. */
  json: boolean;
}

export interface ExchangeView {
  /** 1-based position within the case, as a reader counts them. */
  index: number;
  /** One line for a summary: `POST https://…/Users → 201`. */
  title: string;
  request: { method: string; url: string; headers: Array<[string, string]>; body?: BodyView };
  response?: { status: number; headers: Array<[string, string]>; body?: BodyView; truncated: boolean };
  /** Why no complete response arrived (timeout, refused, …). */
  error?: string;
  durationMs: number;
}

export function toExchangeView(exchange: Exchange, index: number): ExchangeView {
  const { request, response } = exchange;
  const outcome = response ? String(response.status) : `no response${exchange.error ? `: ${exchange.error}` : ''}`;
  const view: ExchangeView = {
    index,
    title: `${request.method} ${request.url} → ${outcome}`,
    request: { method: request.method, url: request.url, headers: Object.entries(request.headers) },
    durationMs: Math.round(exchange.durationMs),
  };
  const requestBody = formatBody(request.body);
  if (requestBody) view.request.body = requestBody;
  if (response) {
    view.response = { status: response.status, headers: Object.entries(response.headers), truncated: response.truncated === true };
    const responseBody = formatBody(response.body);
    if (responseBody) view.response.body = responseBody;
  }
  if (exchange.error !== undefined) view.error = exchange.error;
  return view;
}

/** Pretty-prints JSON (the reader compares attributes, not bytes); anything else is shown as received. */
export function formatBody(body: string | undefined): BodyView | undefined {
  if (body === undefined || body.trim() === '') return undefined;
  try {
    return { text: JSON.stringify(JSON.parse(body), null, 2), json: true };
  } catch {
    return { text: visibleText(body), json: false };
  }
}

/** Expected/actual values: strings as they are, anything else as indented JSON. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return visibleText(value);
  return JSON.stringify(value, null, 2) ?? String(value);
}

/**
 * Control characters (other than tab and newline) are shown as their Unicode "control pictures": a hostile or
 * broken server cannot hide text with them, and the report stays valid HTML and plain Markdown.
 */
export function visibleText(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (character) =>
      character === '\u007f' ? '\u2421' : String.fromCharCode(0x2400 + character.charCodeAt(0)),
    );
}

/** The exchange as an HTTP message transcript: start line, headers, blank line, body. */
export function requestTranscript(view: ExchangeView): string {
  return message(`${view.request.method} ${view.request.url}`, view.request.headers, view.request.body);
}

export function responseTranscript(view: ExchangeView): string {
  if (!view.response) return `(no response${view.error ? `: ${view.error}` : ''})`;
  const text = message(`HTTP ${view.response.status}`, view.response.headers, view.response.body);
  return view.response.truncated ? `${text}\n… (body truncated by the client's size limit)` : text;
}

function message(startLine: string, headers: Array<[string, string]>, body: BodyView | undefined): string {
  const lines = [visibleText(startLine), ...headers.map(([name, value]) => visibleText(`${name}: ${value}`))];
  if (body) lines.push('', body.text);
  return lines.join('\n');
}
