/**
 * The retry decisions of a run, as a table: for each transport fault and method, what the suite does. Read
 * it as the rule book: a fault before anything was sent is resent; a lost answer is resent only where that
 * is safe (GET, DELETE), resolved by a lookup where it is not (POST by name, PATCH/PUT by reading back).
 */
import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, MAX_ATTEMPTS, backoffMs, onTransportFault, type FaultAction } from '../../src/client/retry-policy.ts';
import type { TransportErrorKind } from '../../src/model/transport.ts';

type Row = [kind: TransportErrorKind, code: string | undefined, get: FaultAction, del: FaultAction, post: FaultAction, patch: FaultAction];

const TABLE: Row[] = [
  // Nothing reached the target: every method is safe to send again.
  ['refused', 'ECONNREFUSED', 'retry', 'retry', 'retry', 'retry'],
  ['dns', 'EAI_AGAIN', 'retry', 'retry', 'retry', 'retry'],
  ['timeout', 'UND_ERR_CONNECT_TIMEOUT', 'retry', 'retry', 'retry', 'retry'],
  ['other', 'EHOSTUNREACH', 'retry', 'retry', 'retry', 'retry'],
  // Sent, then the answer was lost: it may have taken effect.
  ['reset', 'ECONNRESET', 'retry', 'retry', 'look-up-create', 'read-back'],
  ['reset', 'UND_ERR_SOCKET', 'retry', 'retry', 'look-up-create', 'read-back'],
  ['reset', 'EPIPE', 'retry', 'retry', 'look-up-create', 'read-back'],
  // A slow target stays slow: not resent, but a create or PATCH that may have happened is still resolved.
  ['timeout', 'UND_ERR_HEADERS_TIMEOUT', 'give-up', 'give-up', 'look-up-create', 'read-back'],
  ['timeout', undefined, 'give-up', 'give-up', 'look-up-create', 'read-back'],
  // The target answered something, or the harness stopped: final.
  ['tls', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'give-up', 'give-up', 'give-up', 'give-up'],
  ['protocol', 'HPE_INVALID_CONSTANT', 'give-up', 'give-up', 'give-up', 'give-up'],
  ['too-large', undefined, 'give-up', 'give-up', 'give-up', 'give-up'],
  ['redirect', undefined, 'give-up', 'give-up', 'give-up', 'give-up'],
  ['aborted', 'UND_ERR_ABORTED', 'give-up', 'give-up', 'give-up', 'give-up'],
  ['other', undefined, 'give-up', 'give-up', 'give-up', 'give-up'],
];

describe('onTransportFault', () => {
  it.each(TABLE)('%s (%s): GET %s, DELETE %s, POST %s, PATCH %s', (kind, code, get, del, post, patch) => {
    const decide = (method: string): FaultAction => onTransportFault({ method, kind, code }, 1);
    expect([decide('GET'), decide('DELETE'), decide('POST'), decide('PATCH')]).toEqual([get, del, post, patch]);
  });

  it('treats PUT like PATCH and takes methods in any case', () => {
    expect(onTransportFault({ method: 'PUT', kind: 'reset', code: 'ECONNRESET' }, 1)).toBe('read-back');
    expect(onTransportFault({ method: 'get', kind: 'reset', code: 'ECONNRESET' }, 1)).toBe('retry');
  });

  it(`gives up a resend after ${MAX_ATTEMPTS} attempts, but still asks for a lookup`, () => {
    const reset = { kind: 'reset' as const, code: 'ECONNRESET' };
    expect(onTransportFault({ method: 'GET', ...reset }, MAX_ATTEMPTS - 1)).toBe('retry');
    expect(onTransportFault({ method: 'GET', ...reset }, MAX_ATTEMPTS)).toBe('give-up');
    expect(onTransportFault({ method: 'POST', kind: 'refused', code: 'ECONNREFUSED' }, MAX_ATTEMPTS)).toBe('give-up');
    expect(onTransportFault({ method: 'POST', ...reset }, MAX_ATTEMPTS)).toBe('look-up-create');
  });
});

describe('backoffMs', () => {
  it.each([
    [1, 50, 100],
    [2, 100, 200],
    [3, 200, 400],
    [10, BACKOFF_MAX_MS / 2, BACKOFF_MAX_MS],
  ])('attempt %i waits between %i and %i ms (jittered, capped)', (attempt, low, high) => {
    expect(backoffMs(attempt, () => 0)).toBe(low);
    expect(backoffMs(attempt, () => 1)).toBe(high);
    const sample = backoffMs(attempt);
    expect(sample).toBeGreaterThanOrEqual(low);
    expect(sample).toBeLessThanOrEqual(high);
  });
});
