/**
 * Between the proxy and the reports: each exchange that went by becomes the suite's `Exchange`, is judged
 * on what went over the wire, and is kept only redacted: credential headers masked, every bearer token the
 * proxy has seen (learned from the Authorization headers it forwarded) removed wherever it appears, and,
 * with --redact-personal-data, personal values hashed. One line per exchange goes to `live`.
 */
import { createRedactor, redactHeaders } from '../client/redact.ts';
import type { Exchange } from '../model/transport.ts';
import type { Profile } from '../profiles/profile.ts';
import { PassiveJudge, type JudgedExchange } from './judge.ts';
import { PersonalDataHasher } from './personal-data.ts';
import type { ProxiedExchange } from './proxy.ts';

export interface RecorderOptions {
  profile: Profile;
  redactPersonalData: boolean;
  /** Where the live line of each exchange goes (stdout in the command). */
  live?: (line: string) => void;
}

export class Recorder {
  readonly judge: PassiveJudge;
  private readonly secrets = new Set<string>();
  private redactSecrets: (text: string) => string = (text) => text;
  private readonly hasher: PersonalDataHasher | undefined;

  constructor(private readonly options: RecorderOptions) {
    this.judge = new PassiveJudge(options.profile);
    this.hasher = options.redactPersonalData ? new PersonalDataHasher() : undefined;
  }

  /** The redactor over every token seen so far: applied once more to everything written at the end. */
  redact(text: string): string {
    return this.redactSecrets(text);
  }

  record(proxied: ProxiedExchange): JudgedExchange {
    this.learnSecret(proxied.requestHeaders.authorization);
    const raw = toExchange(proxied);
    const label = `${proxied.method} ${proxied.path}`;
    let stored = redactedExchange(raw, (text) => this.redactSecrets(text));
    let storedLabel = this.redactSecrets(label);
    let hashText = (text: string): string => text;
    if (this.hasher !== undefined) {
      const hashed = this.hasher.hashExchange(stored, storedLabel);
      stored = hashed.exchange;
      storedLabel = hashed.label;
      hashText = hashed.hashText;
    }
    const judged = this.judge.judge(raw, proxied.path, proxied.startedAt, {
      exchange: stored,
      label: storedLabel,
      redact: (text) => hashText(this.redactSecrets(text)),
    });
    this.options.live?.(liveLine(judged));
    return judged;
  }

  /** Every credential the client presented is a secret from now on, in whatever form it shows up again. */
  private learnSecret(authorization: string | undefined): void {
    const credential = /^\s*\S+\s+(\S.*)$/.exec(authorization ?? '')?.[1]?.trim();
    if (credential === undefined || this.secrets.has(credential)) return;
    this.secrets.add(credential);
    this.redactSecrets = createRedactor([...this.secrets]);
  }
}

function toExchange(proxied: ProxiedExchange): Exchange {
  const exchange: Exchange = {
    request: { method: proxied.method, url: proxied.upstreamUrl, headers: proxied.requestHeaders },
    durationMs: proxied.durationMs,
  };
  if (proxied.requestBody !== '') exchange.request.body = proxied.requestBody;
  if (proxied.status !== undefined) {
    exchange.response = { status: proxied.status, headers: proxied.responseHeaders, body: proxied.responseBody, ...(proxied.truncated ? { truncated: true } : {}) };
  }
  if (proxied.error !== undefined) exchange.error = proxied.error;
  return exchange;
}

function redactedExchange(exchange: Exchange, redact: (text: string) => string): Exchange {
  const copy: Exchange = {
    request: { method: exchange.request.method, url: redact(exchange.request.url), headers: redactHeaders(exchange.request.headers, redact) },
    durationMs: exchange.durationMs,
  };
  if (exchange.request.body !== undefined) copy.request.body = redact(exchange.request.body);
  if (exchange.response !== undefined) copy.response = { ...exchange.response, headers: redactHeaders(exchange.response.headers, redact), body: redact(exchange.response.body) };
  if (exchange.error !== undefined) copy.error = redact(exchange.error);
  return copy;
}

/** `  3 PATCH /Users/… → 400  users/disable-legacy (exact)  ✗ USR-DISABLE-01 [legacy]: expected status 200 or 204, got 400 …` */
export function liveLine(judged: JudgedExchange): string {
  const status = judged.exchange.response?.status ?? `no answer (${judged.exchange.error ?? 'unknown'})`;
  const shape =
    judged.classification.match === 'unknown'
      ? 'unknown shape'
      : `${judged.classification.fixture} (${judged.classification.match}${judged.classification.differences.length > 0 ? `, ${judged.classification.differences.length} difference(s)` : ''})`;
  const failed = judged.judgements.filter((judgement) => judgement.status !== 'pass');
  const verdict =
    judged.judgements.length === 0
      ? 'no check applies'
      : failed.length === 0
        ? `ok (${judged.judgements.map((judgement) => judgement.caseId).join(', ')})`
        : failed.map((judgement) => `${judgement.status === 'fail' ? 'FAIL' : 'ERROR'} ${judgement.caseId}${judgement.dialect === 'any' ? '' : ` [${judgement.dialect}]`}: ${judgement.reason ?? ''}`).join('; ');
  const label = judged.label.length > 70 ? `${judged.label.slice(0, 67)}...` : judged.label;
  return `${String(judged.index).padStart(4)} ${label} → ${status}  ${shape}  ${verdict}`;
}
