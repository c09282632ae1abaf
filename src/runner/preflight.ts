/**
 * Test Connection before anything else: if the target is unreachable, refuses the token, answers something
 * that is not SCIM (a portal page, a redirect to a login) or throttles it out, every case would only repeat
 * that, so the run stops with one clear line (exit code 3).
 */
import { TransportError } from '../client/errors.ts';
import { ThrottledError } from '../client/pacing.ts';
import type { OutgoingRequest } from '../client/types.ts';
import type { Reply } from '../cases/reply.ts';
import { TargetBroken } from '../cases/types.ts';
import { renderFixture } from '../fixtures/fixtures.ts';
import { matchingAttribute, type Profile } from '../profiles/profile.ts';

/** The target could not be used at all: no case ran. */
export class PreflightError extends Error {
  constructor(
    message: string,
    readonly kind: 'unreachable' | 'credentials' | 'not-scim' | 'throttled',
  ) {
    super(message);
    this.name = 'PreflightError';
  }
}

export async function preflight(send: (request: OutgoingRequest) => Promise<Reply>, profile: Profile): Promise<void> {
  const request = renderFixture('connection/test-user-query', {
    userQueryAttribute: matchingAttribute(profile, 'user').path,
    queryValue: crypto.randomUUID(),
  });
  let reply: Reply;
  try {
    reply = await send(request);
  } catch (error) {
    if (error instanceof TransportError) throw new PreflightError(`target unreachable: ${error.message}`, 'unreachable');
    if (error instanceof TargetBroken) throw new PreflightError(`target is not a SCIM endpoint: ${error.message}`, 'not-scim');
    if (error instanceof ThrottledError) throw new PreflightError(`target refused to serve the suite: ${error.message}`, 'throttled');
    throw error;
  }
  if (reply.status === 401 || reply.status === 403) {
    throw new PreflightError(
      `credentials rejected: ${reply.label} answered ${reply.status}; check the bearer token (SCIM_TOKEN)`,
      'credentials',
    );
  }
}
