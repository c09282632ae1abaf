/**
 * Last-line redaction of the bearer token from everything a run prints or writes. The client already
 * redacts exchanges and its own messages, but reasons are also built from raw reply bodies and headers (a
 * target may echo the token back), so each case result and the final run result pass through here too.
 */
import { createRedactor } from '../client/redact.ts';

export type Redact = (text: string) => string;

/**
 * A redactor that can learn secrets after it was made: with OAuth client credentials the access tokens exist
 * only once the token endpoint issued them, yet the run's one redactor must hide them too.
 */
export interface GrowingRedact extends Redact {
  /** Redacts this secret from now on (empty strings are ignored). */
  add(secret: string): void;
}

export function tokenRedactor(secrets: readonly (string | undefined)[]): GrowingRedact {
  const known = new Set(secrets.filter((secret): secret is string => typeof secret === 'string' && secret !== ''));
  let current = createRedactor([...known]);
  const redact = ((text: string) => current(text)) as GrowingRedact;
  redact.add = (secret: string) => {
    if (typeof secret !== 'string' || secret === '' || known.has(secret)) return;
    known.add(secret);
    current = createRedactor([...known]);
  };
  return redact;
}

/** A copy of `value` with every string (object keys included) redacted; non-JSON values are kept as they are. */
export function redactDeep<T>(value: T, redact: Redact): T {
  return walk(value, redact, new WeakMap()) as T;
}

function walk(value: unknown, redact: Redact, seen: WeakMap<object, unknown>): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return seen.get(value);
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(walk(item, redact, seen));
    return copy;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const [key, child] of Object.entries(value)) copy[redact(key)] = walk(child, redact, seen);
  return copy;
}

/**
 * An error safe to let escape to Node's default handler: same name, redacted message and stack, and no
 * `cause` (an undici cause could carry request headers).
 */
export function redactError(error: unknown, redact: Redact): Error {
  if (!(error instanceof Error)) return new Error(redact(String(error)));
  const safe = new Error(redact(error.message));
  safe.name = error.name;
  safe.stack = error.stack === undefined ? undefined : redact(error.stack);
  return safe;
}
