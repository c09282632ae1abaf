/** Turns what undici threw into one readable, classified transport failure (src/model/transport.ts). */
import type { TransportErrorKind } from '../model/transport.ts';

/** What the classifier needs to know about the exchange that failed. */
export interface FailureContext {
  method: string;
  /** Request target as sent on the wire (base path + path + query). */
  path: string;
  hostname: string;
  port: number;
  timeoutMs: number;
  maxBodyBytes: number;
  /** Response headers had arrived when the failure happened. */
  responseStarted: boolean;
  /** The client's whole-exchange deadline fired. */
  deadlineExpired: boolean;
  /** The caller's AbortSignal fired. */
  callerAborted: boolean;
}

export interface Failure {
  kind: TransportErrorKind;
  message: string;
  code?: string;
}

interface ErrorLike {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  reason?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The error, its `cause` chain and the members of AggregateErrors (happy eyeballs), breadth first. */
function errorTree(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length > 0 && out.length < 32) {
    const current = queue.shift();
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const e = current as ErrorLike;
    out.push(e);
    if (e.cause !== undefined) queue.push(e.cause);
    if (Array.isArray(e.errors)) queue.push(...(e.errors as unknown[]));
  }
  return out;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA', 'EAI_ADDRFAMILY']);
const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
  'ABORT_ERR',
]);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'AbortError']);
const RESET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'ECONNABORTED']);
const ABORT_CODES = new Set(['UND_ERR_ABORTED', 'UND_ERR_ABORT', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED']);
const PROTOCOL_CODES = new Set([
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_HEADERS_OVERFLOW',
  'UND_ERR_INFO',
  'UND_ERR_RESPONSE_STATUS_CODE',
  'UND_ERR_RESPONSE',
  'UND_ERR_NOT_SUPPORTED',
]);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL']);

/** Certificate verification failures that trusting the right CA fixes, with a plain-words reason. */
const UNTRUSTED_CERT_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the certificate chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate (unknown issuer or missing intermediate)',
  UNABLE_TO_GET_ISSUER_CERT: 'issuer certificate not found',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'issuer certificate is not trusted',
  CERT_UNTRUSTED: 'certificate is not trusted',
};
const OTHER_CERT_REASONS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  CERT_REVOKED: 'certificate has been revoked',
  CERT_SIGNATURE_FAILURE: 'certificate signature is invalid',
  INVALID_CA: 'a CA certificate in the chain is invalid',
  HOSTNAME_MISMATCH: 'certificate does not match the host name',
};

const CA_HINT = '(use --ca FILE or NODE_EXTRA_CA_CERTS to trust it)';

function codeOf(e: ErrorLike): string | undefined {
  return typeof e.code === 'string' ? e.code : undefined;
}

function messageOf(e: unknown): string {
  const message = (e as ErrorLike | null | undefined)?.message;
  return typeof message === 'string' ? message : String(e);
}

/** Collapses whitespace so that every message is one line, and cuts overly long parts. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** `5242880` → `5 MiB`, `1536` → `1.5 KiB`. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, '');
  return `${rounded} ${units[unit]}`;
}

export function tooLargeFailure(maxBodyBytes: number): Failure {
  return { kind: 'too-large', message: `response body exceeds ${formatBytes(maxBodyBytes)} limit` };
}

export function timeoutFailure(ctx: FailureContext, code?: string): Failure {
  const target = `${ctx.method} ${oneLine(ctx.path, 200)}`;
  const message = ctx.responseStarted
    ? `response body not complete within ${ctx.timeoutMs} ms (timeout) for ${target}`
    : `no response within ${ctx.timeoutMs} ms (timeout) for ${target}`;
  return code === undefined ? { kind: 'timeout', message } : { kind: 'timeout', message, code };
}

function isTlsCode(code: string): boolean {
  return (
    code in UNTRUSTED_CERT_REASONS ||
    code in OTHER_CERT_REASONS ||
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code.startsWith('CERT_') ||
    code.startsWith('UNABLE_TO_')
  );
}

/** Maps whatever undici/Node threw to a kind and a one-line message (not yet redacted). */
export function classifyFailure(err: unknown, ctx: FailureContext): Failure {
  const tree = errorTree(err);
  const find = (predicate: (code: string, e: ErrorLike) => boolean): { code: string; e: ErrorLike } | undefined => {
    for (const e of tree) {
      const code = codeOf(e);
      if (code !== undefined && predicate(code, e)) return { code, e };
    }
    return undefined;
  };
  const where = `${ctx.hostname}:${ctx.port}`;

  if (ctx.deadlineExpired) return timeoutFailure(ctx);
  if (ctx.callerAborted) return { kind: 'aborted', message: `request aborted by the caller: ${ctx.method} ${oneLine(ctx.path, 200)}` };

  const tls = find((code, e) => isTlsCode(code) || (code === 'EPROTO' && /ssl|tls/i.test(messageOf(e))));
  if (tls) {
    const untrusted = UNTRUSTED_CERT_REASONS[tls.code];
    if (untrusted !== undefined) {
      return { kind: 'tls', code: tls.code, message: `TLS certificate rejected: ${untrusted} ${CA_HINT}` };
    }
    if (tls.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
      const reason = typeof tls.e.reason === 'string' ? tls.e.reason : messageOf(tls.e);
      return { kind: 'tls', code: tls.code, message: `TLS certificate rejected: it does not match the host (${oneLine(reason)})` };
    }
    const other = OTHER_CERT_REASONS[tls.code];
    if (other !== undefined) return { kind: 'tls', code: tls.code, message: `TLS certificate rejected: ${other}` };
    const plainHttp = /wrong version number|packet length too long|http request/i.test(messageOf(tls.e))
      ? ' (does the server speak plain HTTP on this port?)'
      : '';
    return { kind: 'tls', code: tls.code, message: `TLS handshake with ${where} failed: ${oneLine(messageOf(tls.e))}${plainHttp}` };
  }

  const refused = find((code) => code === 'ECONNREFUSED');
  if (refused) return { kind: 'refused', code: refused.code, message: `connection refused by ${where}` };

  const dns = find((code) => DNS_CODES.has(code));
  if (dns) {
    const why = dns.code === 'EAI_AGAIN' ? ' (temporary DNS failure: is the network up?)' : '';
    return { kind: 'dns', code: dns.code, message: `DNS lookup failed for ${ctx.hostname}${why}` };
  }

  const tooLarge = find((code) => code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE');
  if (tooLarge) return { ...tooLargeFailure(ctx.maxBodyBytes), code: tooLarge.code };

  const timeout =
    find((code) => TIMEOUT_CODES.has(code)) ??
    tree.map((e) => ({ code: String(e.name), e })).find(({ code }) => TIMEOUT_NAMES.has(code));
  if (timeout) return timeoutFailure(ctx, timeout.code);

  const protocol =
    find((code) => PROTOCOL_CODES.has(code) || code.startsWith('HPE_')) ??
    tree.map((e) => ({ code: 'HPE_INVALID', e })).find(({ e }) => e.name === 'HTTPParserError');
  if (protocol) {
    return { kind: 'protocol', code: protocol.code, message: `malformed HTTP response from ${where}: ${oneLine(messageOf(protocol.e))}` };
  }

  const reset = find((code) => RESET_CODES.has(code));
  if (reset) {
    // A close in the middle of the body is reported as a reset too: the response is cut short either way.
    let message = 'connection reset by the server mid-response';
    if (!ctx.responseStarted) {
      message = reset.code === 'ECONNRESET'
        ? 'connection reset by the server before any response'
        : 'connection closed by the server before any response';
    }
    return { kind: 'reset', code: reset.code, message };
  }

  const aborted = find((code) => ABORT_CODES.has(code));
  if (aborted) {
    const closed = aborted.code === 'UND_ERR_CLOSED' || aborted.code === 'UND_ERR_DESTROYED';
    return {
      kind: 'aborted',
      code: aborted.code,
      message: closed ? 'request not sent: the client is closed' : `request aborted: ${ctx.method} ${oneLine(ctx.path, 200)}`,
    };
  }

  const unreachable = find((code) => UNREACHABLE_CODES.has(code));
  if (unreachable) return { kind: 'other', code: unreachable.code, message: `network unreachable: cannot reach ${where} (${unreachable.code})` };

  const invalid = find((code) => code === 'UND_ERR_INVALID_ARG');
  if (invalid) return { kind: 'other', code: invalid.code, message: `request rejected before sending: ${oneLine(messageOf(invalid.e))}` };

  const first = tree[0];
  const code = first ? codeOf(first) : undefined;
  const message = `request failed: ${oneLine(messageOf(first ?? err))}${code ? ` (${code})` : ''}`;
  return code === undefined ? { kind: 'other', message } : { kind: 'other', code, message };
}
