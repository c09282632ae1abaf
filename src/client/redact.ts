/**
 * Redaction of secrets (the bearer token, and anything else the caller names) from everything the client
 * stores or prints: exchanges, error messages, parse errors.
 */

export const REDACTED = '[REDACTED]';

/** Header names whose values are never stored, compared case-insensitively. */
const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/** Shortest secret (in bytes) for which the unaligned base64 fragments are redacted too (see `base64Cores`). */
const MIN_BYTES_FOR_BASE64_CORES = 8;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `Bearer` matched case-insensitively without making the whole pattern case-insensitive. */
const BEARER_PREFIX = '[Bb][Ee][Aa][Rr][Ee][Rr][ \\t]+';

/**
 * The base64 text that depends only on the secret's bytes when the secret sits at byte offset 0, 1 or 2 of a
 * larger base64-encoded value (e.g. `Basic base64(user:secret)`): the characters that also encode neighbouring
 * bytes are cut off.
 */
function base64Cores(secret: Buffer): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset), secret]).toString('base64');
    const first = Math.ceil((8 * offset) / 6);
    const end = Math.floor((8 * (offset + secret.length)) / 6);
    const core = encoded.slice(first, end);
    if (core.length >= 4) {
      cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return cores;
}

/** Every textual form of one secret the redactor looks for. */
function secretForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = new Set<string>([secret]);
  const uriEncoded = encodeURIComponent(secret);
  forms.add(uriEncoded);
  forms.add(uriEncoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
  forms.add(uriEncoded.replace(/%20/g, '+'));
  forms.add(JSON.stringify(secret).slice(1, -1));
  const base64 = bytes.toString('base64');
  forms.add(base64);
  forms.add(base64.replace(/=+$/, ''));
  forms.add(bytes.toString('base64url'));
  if (bytes.length >= MIN_BYTES_FOR_BASE64_CORES) {
    for (const core of base64Cores(bytes)) forms.add(core);
  }
  forms.delete('');
  return [...forms];
}

/**
 * Returns a function that replaces every occurrence of each secret with `[REDACTED]`: the secret itself,
 * `Bearer <secret>` (any case of "Bearer"), its URL-encoded, JSON-escaped and base64/base64url forms.
 * Short secrets are redacted too; only empty strings are ignored.
 */
export function createRedactor(secrets: string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length === 0) continue;
    for (const form of secretForms(secret)) forms.add(form);
  }
  if (forms.size === 0) return (text) => text;
  // Longest first so that a form containing another one (`Bearer s`, base64 with padding) wins the match.
  const alternatives = [...forms]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp);
  const bearer = alternatives.map((form) => `${BEARER_PREFIX}${form}`);
  const pattern = new RegExp([...bearer, ...alternatives].join('|'), 'g');
  return (text) => (typeof text === 'string' ? text.replace(pattern, REDACTED) : text);
}

/** `Bearer abc` → `Bearer [REDACTED]`: the scheme stays visible (a report may need to show it), never the credentials. */
function maskCredentials(value: string, redact: (text: string) => string): string {
  const match = /^\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)\s+\S/.exec(value);
  return match?.[1] ? `${redact(match[1])} ${REDACTED}` : REDACTED;
}

/**
 * Copy of `headers` with `authorization`, `proxy-authorization`, `cookie` and `set-cookie` masked whatever
 * the case of their names, multi-valued headers joined with `, `, undefined values dropped, and every other
 * value run through `redact` when given.
 */
export function redactHeaders(
  headers: Record<string, string | string[] | number | undefined>,
  redact: (text: string) => string = (text) => text,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : String(raw);
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'proxy-authorization') {
      out[name] = maskCredentials(value, redact);
    } else if (SENSITIVE_HEADERS.has(lower)) {
      out[name] = REDACTED;
    } else {
      out[name] = redact(value);
    }
  }
  return out;
}

/** A URL safe to print: user:password@ removed. */
export function redactUrlCredentials(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1');
}
